// Package sheet reads the rows of spreadsheet files (XLSX, XLSM, CSV, TSV) as typed cells,
// streaming and within limits. It knows nothing of devices or licences.
package sheet

// CellKind says what a cell held in the file.
type CellKind uint8

// The kinds of cell a reader yields.
const (
	KindEmpty  CellKind = iota
	KindString          // text (shared, inline or a CSV field)
	KindNumber          // a number; Number holds it, Text its shortest decimal form
	KindDate            // a number with a date or time format; Number is the serial in the 1900 system, Text its ISO 8601 form
	KindBool            // Excel TRUE/FALSE; Text is "TRUE" or "FALSE"
	KindError           // an Excel error such as #N/A; Text holds it
)

// Cell is one value as the file stores it. CSV fields are always KindString (or KindEmpty).
type Cell struct {
	Kind   CellKind
	Text   string
	Number float64
	// Currency is the currency symbol or code a number cell's format shows ("$", "€", "JPY"),
	// or "" (workbooks only).
	Currency string
}

// Row is one row of a sheet. Number is the row number a person sees: Excel's row number for
// workbooks, the 1-based record number for CSV (a quoted newline does not start a new row; a
// blank line, which is not yielded, does count, as it does when Excel opens the file).
// Cells are in column order from column A; trailing empty cells may be absent.
type Row struct {
	Number int
	Cells  []Cell
}
