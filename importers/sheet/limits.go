package sheet

import "fmt"

// Limits bound what reading one file may cost. A zero field takes its default.
type Limits struct {
	MaxUncompressed int64 // inflated bytes of all zip entries read through one Book, every Rows pass included (zip bombs); default 256 MiB
	MaxRows         int   // rows yielded per sheet; default 1,000,000
	MaxColumns      int   // columns per row (a 16,384-column sheet is rejected); default 1,000
	MaxCellBytes    int   // bytes of text in one cell; default 32,767 (Excel's own cell limit)
}

// DefaultLimits returns the limits used when a Limits field is zero.
func DefaultLimits() Limits {
	return Limits{
		MaxUncompressed: 256 << 20,
		MaxRows:         1_000_000,
		MaxColumns:      1_000,
		MaxCellBytes:    32_767,
	}
}

// withDefaults fills zero (or negative) fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxUncompressed <= 0 {
		l.MaxUncompressed = d.MaxUncompressed
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = d.MaxColumns
	}
	if l.MaxCellBytes <= 0 {
		l.MaxCellBytes = d.MaxCellBytes
	}
	return l
}

func (l Limits) rowsErr(sheet string, row int) error {
	return &LimitError{Limit: "MaxRows", Sheet: sheet, Row: row,
		Msg: fmt.Sprintf("%sthe sheet has more than %s rows, past the limit of %s rows", where(sheet, row),
			thousands(int64(l.MaxRows)), thousands(int64(l.MaxRows)))}
}

func (l Limits) columnsErr(sheet string, row, col int) error {
	return &LimitError{Limit: "MaxColumns", Sheet: sheet, Row: row,
		Msg: fmt.Sprintf("%scolumn %s is past the limit of %s columns", where(sheet, row),
			thousands(int64(col)), thousands(int64(l.MaxColumns)))}
}

func (l Limits) cellErr(sheet string, row int, ref string) error {
	return &LimitError{Limit: "MaxCellBytes", Sheet: sheet, Row: row,
		Msg: fmt.Sprintf("%scell %s is longer than %s bytes, the limit for one cell", where(sheet, row),
			ref, thousands(int64(l.MaxCellBytes)))}
}

func (l Limits) inflateErr() error {
	return &LimitError{Limit: "MaxUncompressed",
		Msg: fmt.Sprintf("the workbook inflates to more than %s bytes when unzipped, past the limit (a zip bomb or a very large workbook)",
			thousands(l.MaxUncompressed))}
}
