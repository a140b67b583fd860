package reports

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"itreg/models"
)

// Number formats of the typed cells.
const (
	xlsxDateFormat    = "yyyy-mm-dd"
	xlsxPercentFormat = "0.0%"
	xlsxIntegerFormat = 3 // the built-in #,##0
	flagFill          = "FFF2CC"
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
		s.Alignment = &excelize.Alignment{Horizontal: "left"}
	case kindMoney:
		s.CustomNumFmt = ptr(moneyFormat(k.currency))
	case kindInt:
		s.NumFmt = xlsxIntegerFormat
	case kindPercent:
		s.CustomNumFmt = ptr(xlsxPercentFormat)
	}
	if k.bold {
		s.Font = &excelize.Font{Bold: true}
	}
	if k.flagged {
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{flagFill}}
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
