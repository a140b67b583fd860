package importers

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"itreg/importers/sheet"
)

// ErrorsHeader is the header of the column the error workbook adds. The importer ignores a
// column with this header, so a corrected error workbook imports as the original file would.
const ErrorsHeader = "Errors"

// HowToFixSheet names the error workbook's sheet of instructions and file-wide problems.
const HowToFixSheet = "How to fix"

// WriteErrorWorkbook writes the rows of an import that failed as an XLSX workbook to fix and
// upload again. For each sheet with row errors it writes the sheet's header row as the file
// has it plus an "Errors" column, then every failing row with its original cells (dates stay
// dates, numbers stay numbers) and its problems joined ("Purchase Date: "31/02/2024" is not
// a date; Status: ..."). A last sheet, "How to fix", explains what to do and lists problems
// that concern a whole sheet rather than a row. name, r and size are the file that was
// imported; opt must be the options it was imported with (its Limits bound the reading).
func WriteErrorWorkbook(w io.Writer, name string, r io.ReaderAt, size int64, res *Result, opt Options) error {
	book, err := sheet.Open(name, r, size, opt.Limits)
	if err != nil {
		return err
	}
	defer book.Close()
	byRow := map[string]map[int][]RowError{}
	var general []RowError
	for _, e := range res.Errors {
		if e.Row <= 0 {
			general = append(general, e)
			continue
		}
		if byRow[e.Sheet] == nil {
			byRow[e.Sheet] = map[int][]RowError{}
		}
		byRow[e.Sheet][e.Row] = append(byRow[e.Sheet][e.Row], e)
	}
	headerRows := map[string]int{}
	for _, s := range res.Sheets {
		headerRows[s.Name] = s.HeaderRow
	}
	x, err := newWorkbook()
	if err != nil {
		return err
	}
	defer x.f.Close()
	names := map[string]bool{}
	for _, info := range book.Sheets {
		rows := byRow[info.Name]
		if len(rows) == 0 {
			continue
		}
		if err := x.errorSheet(book, info, sheetName(info.Name, names), headerRows[info.Name], rows); err != nil {
			return err
		}
	}
	if err := x.howToFix(res, general); err != nil {
		return err
	}
	if err := x.finish(); err != nil {
		return err
	}
	_, err = x.f.WriteTo(w)
	return err
}

// errorSheet copies the header row and the failing rows of one sheet, with their errors.
func (x *workbook) errorSheet(book *sheet.Book, info sheet.SheetInfo, name string, headerRow int, errs map[int][]RowError) error {
	sw, err := x.sheet(name, nil, nil)
	if err != nil {
		return err
	}
	width := 0
	var header []sheet.Cell
	var failing []sheet.Row
	for row, err := range book.Rows(info.Index) {
		if err != nil {
			return err
		}
		switch {
		case row.Number == headerRow:
			header = row.Cells
			width = max(width, len(row.Cells))
		case errs[row.Number] != nil:
			failing = append(failing, row)
			width = max(width, len(row.Cells))
		}
	}
	if err := setColWidths(sw.SetColWidth, errorSheetWidths(width, header, failing)); err != nil {
		return err
	}
	errStyle, err := x.f.NewStyle(&excelize.Style{
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{errorsFill}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
	})
	if err != nil {
		return err
	}
	if headerRow > 0 {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		texts := make([]string, width+1)
		for i, c := range header {
			texts[i] = c.Text
		}
		texts[width] = ErrorsHeader
		if err := sw.row(x.headerRow(texts)); err != nil {
			return err
		}
	}
	for _, row := range failing {
		values := make([]any, width+1)
		for i, c := range row.Cells {
			values[i] = x.original(c)
		}
		text := errorText(errs[row.Number])
		values[width] = excelize.Cell{StyleID: errStyle, Value: text}
		if err := sw.row(values, excelize.RowOpts{Height: wrappedHeight(text, errorsColumnWidth)}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// Column widths of an error sheet, in characters, and the fill of its Errors cells.
const (
	maxDataColumnWidth = 40
	errorsColumnWidth  = 60
	errorsFill         = "FCE4D6"
)

// errorSheetWidths sizes the columns of an error sheet: each of the file's width columns fits
// its header and the failing rows' values (dates 12, at most maxDataColumnWidth), and the
// Errors column after them is errorsColumnWidth wide, its text wrapping.
func errorSheetWidths(width int, header []sheet.Cell, failing []sheet.Row) []float64 {
	widths := make([]float64, width+1)
	for i := range widths {
		widths[i] = minColumnWidth
	}
	fit := func(i int, n int) {
		widths[i] = max(widths[i], float64(min(n, maxDataColumnWidth)))
	}
	for i, c := range header {
		fit(i, utf8.RuneCountInString(c.Text)+3)
	}
	for _, row := range failing {
		for i, c := range row.Cells {
			if c.Kind == sheet.KindDate {
				fit(i, 12)
				continue
			}
			fit(i, utf8.RuneCountInString(c.Text)+2)
		}
	}
	widths[width] = errorsColumnWidth
	return widths
}

// original turns a cell read from the file back into a cell of the same kind.
func (x *workbook) original(c sheet.Cell) any {
	switch c.Kind {
	case sheet.KindEmpty:
		return nil
	case sheet.KindNumber:
		if c.Currency != "" {
			if id, err := x.shownCurrency(c.Currency); err == nil {
				return excelize.Cell{StyleID: id, Value: c.Number}
			}
		}
		return c.Number
	case sheet.KindDate:
		return excelize.Cell{StyleID: x.date, Value: c.Number}
	case sheet.KindBool:
		return c.Text == "TRUE"
	}
	return c.Text
}

// errorText joins a row's problems, each naming its column.
func errorText(errs []RowError) string {
	parts := make([]string, 0, len(errs))
	for _, e := range errs {
		parts = append(parts, describeError(e))
	}
	return strings.Join(parts, "; ")
}

// describeError says one problem in words, naming the column unless the message already does.
func describeError(e RowError) string {
	if e.Column == "" || strings.HasPrefix(e.Message, e.Column+":") {
		return e.Message
	}
	return e.Column + ": " + e.Message
}

// wrappedHeight returns the height in points of a row whose text wraps in a column width
// characters wide. Excel and LibreOffice do not fit the height of a row they did not write, so
// a wrapped cell would show its first line only. Prose averages about nine characters per
// eight units of column width in Calibri, so this errs on the tall side.
func wrappedHeight(text string, width float64) float64 {
	perLine := max(1, int(width*9/8))
	lines := max(1, (utf8.RuneCountInString(text)+perLine-1)/perLine)
	return float64(15 * lines)
}

// howToFixWidth is the width of the instructions column, in characters: it prints on a
// portrait page, and longer lines wrap.
const howToFixWidth = 80

// howToFix writes the instructions sheet, with the problems that concern no single row.
func (x *workbook) howToFix(res *Result, general []RowError) error {
	sw, err := x.sheet(HowToFixSheet, nil, []float64{howToFixWidth})
	if err != nil {
		return err
	}
	wrap, err := x.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	lines := []string{
		"How to fix this file",
		"",
		fmt.Sprintf("These are the rows of %s that could not be imported: %s", baseName(res.FileName), res.Message),
		"Each sheet keeps the file's header row and only the rows with problems; the Errors column says what is wrong with each row, naming the column.",
		"Correct the cells (not the Errors column), then upload this workbook again with the same options: the Errors column is ignored on import.",
		"Rows that were fine are not in this workbook. If nothing was imported, upload the original file again after fixing these rows there, or import " +
			"this workbook with 'skip invalid' off once every row is corrected.",
	}
	if len(general) > 0 {
		lines = append(lines, "", "Problems with a whole sheet or file:")
		for _, e := range general {
			where := e.Sheet
			if where == "" {
				where = "the file"
			}
			lines = append(lines, where+": "+describeError(e))
		}
	}
	for i, line := range lines {
		v := any(excelize.Cell{StyleID: wrap, Value: line})
		if i == 0 {
			v = excelize.Cell{StyleID: x.header, Value: line}
		}
		if line == "" {
			v = nil
		}
		if err := sw.row([]any{v}, excelize.RowOpts{Height: wrappedHeight(line, howToFixWidth)}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// sheetName makes a sheet name Excel accepts (at most 31 characters, none of : \ / ? * [ ])
// and that no earlier sheet of the workbook has.
func sheetName(name string, used map[string]bool) string {
	clean := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	clean = strings.Trim(clean, "'")
	if clean == "" || strings.EqualFold(clean, HowToFixSheet) {
		clean = "Sheet"
	}
	base := []rune(clean)
	if len(base) > 31 {
		base = base[:31]
	}
	out := string(base)
	for n := 2; used[strings.ToLower(out)]; n++ {
		suffix := fmt.Sprintf(" (%d)", n)
		out = string(base[:min(len(base), 31-len(suffix))]) + suffix
	}
	used[strings.ToLower(out)] = true
	return out
}
