package reports

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"itreg/models"
)

// Number formats of the typed cells.
const (
	xlsxDateFormat    = "yyyy-mm-dd"
	xlsxPercentFormat = "0.0%"
	xlsxBoolFormat    = `"Yes";"Yes";"No"`
	xlsxIntegerFormat = 3 // the built-in #,##0
	flagFill          = "FFF2CC"
	subtotalFill      = "EDEDED"
)

// styleKey identifies one cell style; each distinct key is created once per workbook.
type styleKey struct {
	kind     cellKind
	currency string // currency is set for money cells only.
	bold     bool   // bold marks subtotal and totals rows.
	flagged  bool   // flagged rows get a pale fill.
	total    bool   // total rows get a top border.
}

// style returns the style id for a key, creating and caching it on first use.
func (x *xlsxWriter) style(k styleKey) (int, error) {
	if id, ok := x.styles[k]; ok {
		return id, nil
	}
	s := &excelize.Style{}
	switch k.kind {
	case kindDate:
		s.CustomNumFmt = ptr(xlsxDateFormat)
		s.Alignment = &excelize.Alignment{Horizontal: "center"}
	case kindMoney:
		s.CustomNumFmt = ptr(moneyFormat(k.currency))
	case kindInt:
		s.NumFmt = xlsxIntegerFormat
	case kindPercent:
		s.CustomNumFmt = ptr(xlsxPercentFormat)
	case kindBool:
		s.CustomNumFmt = ptr(xlsxBoolFormat)
		s.Alignment = &excelize.Alignment{Horizontal: "center"}
	}
	if k.bold {
		s.Font = &excelize.Font{Bold: true}
	}
	switch {
	case k.flagged:
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{flagFill}}
	case k.bold && !k.total:
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{subtotalFill}}
	}
	if k.total {
		s.Border = []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	}
	id, err := x.f.NewStyle(s)
	if err != nil {
		return 0, err
	}
	x.styles[k] = id
	return id, nil
}

// moneyFormat returns the number format of a currency: a symbol before the amount for GBP,
// USD and EUR, the ISO code after it otherwise, with as many decimals as the currency has.
func moneyFormat(currency string) string {
	num := "#,##0"
	if scale := models.CurrencyScale(currency); scale > 0 {
		num += "." + strings.Repeat("0", scale)
	}
	switch currency {
	case "GBP":
		return `"£"` + num
	case "USD":
		return `"$"` + num
	case "EUR":
		return `"€"` + num
	}
	code := strings.Map(func(r rune) rune {
		if (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			return r
		}
		return -1
	}, currency)
	if code == "" {
		return num
	}
	return num + ` "` + code + `"`
}

// columnAlignment returns the horizontal alignment of a column's header, matching its cells:
// numbers to the right, dates and yes/no in the middle, text to the left.
func columnAlignment(t ColumnType) string {
	switch t {
	case MoneyCol, Integer, Percent:
		return "right"
	case DateCol, Bool:
		return "center"
	}
	return "left"
}

// allBorders returns a thin border on every side of a cell.
func allBorders() []excelize.Border {
	var out []excelize.Border
	for _, side := range []string{"left", "top", "right", "bottom"} {
		out = append(out, excelize.Border{Type: side, Color: "8EA9DB", Style: 1})
	}
	return out
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// xlsxPortraitColumns is the most columns a report prints in portrait; wider reports print
// in landscape.
const xlsxPortraitColumns = 6

// setPrintLayout sets up a sheet for printing: landscape once it has more than a few
// columns, scaled to one page wide (as many pages down as it needs) and, when titleRows is
// not zero, with rows 1 to titleRows repeated on every printed page. On a streamed sheet it
// must run before the stream writer is created.
func setPrintLayout(f *excelize.File, sheet string, columns, titleRows int) error {
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return err
	}
	orientation := "portrait"
	if columns > xlsxPortraitColumns {
		orientation = "landscape"
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size:        ptr(9), // A4
		Orientation: ptr(orientation),
		FitToWidth:  ptr(1),
		FitToHeight: ptr(0),
	}); err != nil || titleRows == 0 {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$1:$%d", strings.ReplaceAll(sheet, "'", "''"), titleRows),
		Scope:    sheet,
	})
}
