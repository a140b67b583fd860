package reports

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"itreg/models"
)

// Formats lists the formats Render writes, by file extension.
var Formats = []string{"json", "csv", "xlsx", "ics"}

// ErrUnknownFormat is returned by Render for a format not in Formats.
var ErrUnknownFormat = errors.New("unknown report format")

// Render writes the table in the named format ("json", "csv", "xlsx" or "ics").
// The table's rows are consumed; a table renders once.
func Render(w io.Writer, t *Table, format string) error {
	switch format {
	case "json":
		return RenderJSON(w, t)
	case "csv":
		return RenderCSV(w, t)
	case "xlsx":
		return RenderXLSX(w, t)
	case "ics":
		return RenderICS(w, t)
	}
	return fmt.Errorf("%w %q (want one of %s)", ErrUnknownFormat, format, strings.Join(Formats, ", "))
}

// ContentType returns the media type to send with a report in the given format.
func ContentType(format string) string {
	switch format {
	case "json":
		return "application/json"
	case "csv":
		return "text/csv; charset=utf-8"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case "ics":
		return "text/calendar; charset=utf-8"
	}
	return "application/octet-stream"
}

// FileName returns the download name of a report, such as "itreg-renewals-2026-11-22.xlsx".
// Characters other than letters, digits, '-' and '_' are dropped from the name and asOf;
// an empty asOf leaves the date out.
func FileName(t *Table, format, asOf string) string {
	name := "report"
	if t != nil && safeName(t.Name) != "" {
		name = safeName(t.Name)
	}
	parts := []string{"itreg", name}
	if d := safeName(asOf); d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, "-") + "." + safeName(format)
}

// safeName keeps the characters that are safe in a file name on every system.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return -1
	}, s)
}

// totaler sums every money column per currency over the non-subtotal rows while a renderer
// streams them. All renderers use it, so the totals are the same in every format.
type totaler struct {
	cols []Column
	idx  []int           // idx lists the positions of the money columns.
	sums []models.Totals // sums[k] is the total of column idx[k].
}

// newTotaler returns a totaler for the money columns of cols.
func newTotaler(cols []Column) *totaler {
	t := &totaler{cols: cols}
	for i, c := range cols {
		if c.Type == MoneyCol && !c.NoTotal {
			t.idx = append(t.idx, i)
			t.sums = append(t.sums, models.Totals{})
		}
	}
	return t
}

// add counts the money cells of a row, unless it is a subtotal line.
func (t *totaler) add(r Row) {
	if r.Subtotal {
		return
	}
	for k, i := range t.idx {
		if c := cellAt(t.cols, r.Cells, i); c.kind == kindMoney {
			t.sums[k].Add(c.money)
		}
	}
}

// column returns the totals of the column at position i, sorted by currency.
func (t *totaler) column(i int) []models.Money {
	for k, j := range t.idx {
		if j == i {
			return t.sums[k].List()
		}
	}
	return nil
}

// currencies returns every currency seen in any money column, sorted.
func (t *totaler) currencies() []string {
	var out []string
	for _, s := range t.sums {
		for c := range s {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out
}

// total returns the total of column i in a currency, and whether that column has one.
func (t *totaler) total(i int, currency string) (models.Money, bool) {
	for k, j := range t.idx {
		if j == i {
			a, ok := t.sums[k][currency]
			return models.Money{Amount: a, Currency: currency}, ok
		}
	}
	return models.Money{}, false
}

// labelColumn returns the first column that is not money, where a totals row puts its
// "Total (GBP)" label, or -1 when every column is money.
func labelColumn(cols []Column) int {
	for i, c := range cols {
		if c.Type != MoneyCol {
			return i
		}
	}
	return -1
}

// totalLabel names the totals row of a currency.
func totalLabel(currency string) string { return "Total (" + currency + ")" }
