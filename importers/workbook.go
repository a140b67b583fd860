package importers

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"itreg/models"
)

// workbook is an XLSX file being written sheet by sheet with excelize's stream writer, with
// the styles every itreg workbook uses.
type workbook struct {
	f      *excelize.File
	sheets int
	header int         // bold, shaded header cells
	date   int         // yyyy-mm-dd date cells
	money  map[int]int // amount cells by the currency's minor-unit scale
	// shown holds number formats that show a currency ("[$€]#,##0.00"), by the currency as
	// the original file's format showed it, so an error workbook keeps what the file said.
	shown map[string]int
}

// shownCurrency returns a style whose number format shows the currency symbol or code sym.
func (x *workbook) shownCurrency(sym string) (int, error) {
	if id, ok := x.shown[sym]; ok {
		return id, nil
	}
	code := "[$" + strings.NewReplacer("]", "", "[", "", "-", "").Replace(sym) + "]#,##0.00"
	id, err := x.f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		return 0, err
	}
	if x.shown == nil {
		x.shown = map[string]int{}
	}
	x.shown[sym] = id
	return id, nil
}

func newWorkbook() (*workbook, error) {
	x := &workbook{f: excelize.NewFile(), money: map[int]int{}}
	var err error
	if x.header, err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}}); err != nil {
		return nil, err
	}
	fmtDate := "yyyy-mm-dd"
	if x.date, err = x.f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDate}); err != nil {
		return nil, err
	}
	return x, nil
}

// sheetWriter streams the rows of one sheet.
type sheetWriter struct {
	*excelize.StreamWriter
	rows int
}

// row appends a row, with the row options given, such as a height.
func (sw *sheetWriter) row(values []any, opts ...excelize.RowOpts) error {
	sw.rows++
	cell, err := excelize.CoordinatesToCellName(1, sw.rows)
	if err != nil {
		return err
	}
	return sw.SetRow(cell, values, opts...)
}

// sheet starts a streamed sheet with a frozen header row and the given column widths; the
// first sheet replaces Sheet1. With no headers the sheet starts empty and unfrozen.
func (x *workbook) sheet(name string, headers []string, widths []float64) (*sheetWriter, error) {
	if x.sheets == 0 {
		if err := x.f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	} else if _, err := x.f.NewSheet(name); err != nil {
		return nil, err
	}
	x.sheets++
	s, err := x.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	sw := &sheetWriter{StreamWriter: s}
	if err := setColWidths(sw.SetColWidth, widths); err != nil {
		return nil, err
	}
	if len(headers) == 0 {
		return sw, nil
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	return sw, sw.row(x.headerRow(headers))
}

// setColWidths sets the width of each column through a stream writer's or a file's
// SetColWidth, from column 1 on.
func setColWidths(set func(minVal, maxVal int, width float64) error, widths []float64) error {
	for i, w := range widths {
		if err := set(i+1, i+1, w); err != nil {
			return err
		}
	}
	return nil
}

// headerRow styles header texts as header cells.
func (x *workbook) headerRow(headers []string) []any {
	row := make([]any, len(headers))
	for i, h := range headers {
		row[i] = excelize.Cell{StyleID: x.header, Value: h}
	}
	return row
}

// finish makes the first sheet the active one.
func (x *workbook) finish() error {
	x.f.SetActiveSheet(0)
	return nil
}

// cell turns a value function's result into what the stream writer takes.
func (x *workbook) cell(v any) any {
	switch v := v.(type) {
	case nil:
		return nil
	case textCell:
		if v == "" {
			return nil
		}
		return string(v)
	case dateCell:
		if models.Date(v).IsZero() {
			return nil
		}
		return excelize.Cell{StyleID: x.date, Value: models.Date(v).Time()}
	case moneyCell:
		m := models.Money(v)
		if m.IsZero() {
			return nil
		}
		amount, _ := strconv.ParseFloat(m.Decimal(), 64)
		return excelize.Cell{StyleID: x.moneyStyle(models.CurrencyScale(m.Currency)), Value: amount}
	case intCell:
		return int64(v)
	case boolCell:
		if v {
			return "Yes"
		}
		return "No"
	}
	return v
}

// moneyStyle returns the style of amounts with scale decimals, making it on first use.
func (x *workbook) moneyStyle(scale int) int {
	if id, ok := x.money[scale]; ok {
		return id
	}
	code := "#,##0"
	if scale > 0 {
		code += "." + strings.Repeat("0", scale)
	}
	id, err := x.f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		id = 0 // an unstyled number still imports as the same amount
	}
	x.money[scale] = id
	return id
}
