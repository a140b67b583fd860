package reports

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// utf8BOM starts every CSV so Excel reads it as UTF-8 instead of the local code page.
const utf8BOM = "\uFEFF"

// RenderCSV writes the table as RFC 4180 CSV with CRLF line endings, after a UTF-8 BOM.
//
// The first line holds the column titles. A money column becomes two CSV columns, "<Title>"
// with the plain amount (1234.50) and "<Title> currency" with the ISO code, so amounts stay
// numbers a spreadsheet can sum. Dates are YYYY-MM-DD, integers plain, percentages "25.00%"
// (Excel reads that as the number 0.25), booleans true or false, blanks empty.
// After the data comes one totals row per currency, labelled "Total (GBP)" in the first
// non-money column. Subtotal and flag marks have no place in CSV and are not written.
//
// Text that starts with = + - @ tab or CR is prefixed with a single quote, so a spreadsheet
// never runs it as a formula (OWASP CSV injection); numbers, negative ones included, are
// written as they are.
func RenderCSV(w io.Writer, t *Table) error {
	if err := t.validate(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true

	record := make([]string, 0, 2*len(t.Columns))
	for _, c := range t.Columns {
		record = append(record, neutralise(c.heading()))
		if c.Type == MoneyCol {
			record = append(record, neutralise(c.heading()+" currency"))
		}
	}
	if err := cw.Write(record); err != nil {
		return err
	}

	tot := newTotaler(t.Columns)
	for r, err := range t.rows() {
		if err != nil {
			cw.Flush()
			_ = bw.Flush()
			return err
		}
		tot.add(r)
		record = record[:0]
		for i, col := range t.Columns {
			record = appendCSVCell(record, col, cellAt(t.Columns, r.Cells, i))
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}

	label := labelColumn(t.Columns)
	for _, cur := range tot.currencies() {
		record = record[:0]
		for i, col := range t.Columns {
			switch {
			case i == label:
				record = append(record, neutralise(totalLabel(cur)))
			case col.Type == MoneyCol:
				if m, ok := tot.total(i, cur); ok {
					record = appendCSVCell(record, col, cell{kind: kindMoney, money: m})
				} else {
					record = append(record, "", "")
				}
			default:
				record = append(record, "")
			}
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// appendCSVCell appends the CSV fields of one cell: two for a money column, one otherwise.
func appendCSVCell(record []string, col Column, c cell) []string {
	if col.Type == MoneyCol {
		if c.kind == kindMoney {
			return append(record, c.money.Decimal(), neutralise(c.money.Currency))
		}
		// A wrongly typed value keeps its text in the amount field.
		return append(record, neutralise(c.display()), "")
	}
	switch c.kind {
	case kindText:
		return append(record, neutralise(c.text))
	case kindInt:
		return append(record, strconv.FormatInt(c.i, 10))
	case kindPercent:
		return append(record, percentText(c.f, 2))
	case kindBool:
		return append(record, strconv.FormatBool(c.b))
	}
	return append(record, c.display())
}

// neutralise prefixes text that a spreadsheet would run as a formula with a single quote:
// text starting with = + - @ (or their full-width forms ＝ ＋ － ＠, which spreadsheets
// convert), tab or CR, also after leading spaces, which spreadsheets skip.
func neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '\t', '\r':
		return "'" + s
	}
	rest := strings.TrimLeft(s, " \u00a0\u3000")
	if r, _ := utf8.DecodeRuneInString(rest); strings.ContainsRune("=+-@＝＋－＠", r) {
		return "'" + s
	}
	return s
}
