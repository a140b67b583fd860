package importers

import (
	"fmt"
	"strconv"
	"strings"

	"itreg/importers/fields"
	"itreg/importers/sheet"
)

// Which rows of a sheet are data: blank rows, repeated headers and the header of a second
// table are not.

// blankRow reports whether every cell of the row that matters is empty or a placeholder.
func blankRow(p *plan, cells []sheet.Cell) bool {
	for _, i := range p.valueCols {
		if i < len(cells) && !fields.IsBlank(cells[i]) {
			return false
		}
	}
	for _, c := range p.custom {
		if c.Index < len(cells) && !fields.IsBlank(cells[c.Index]) {
			return false
		}
	}
	return true
}

// repeatedHeader reports a row that repeats the header (exports printed page by page, or
// sheets pasted one under another): every mapped column holds its own header text.
func repeatedHeader(p *plan, cells []sheet.Cell) bool {
	matched := 0
	for _, col := range p.header.Mapping.Columns {
		if col.Field == "" || col.Index >= len(cells) {
			continue
		}
		c := cells[col.Index]
		if c.Kind != sheet.KindString || !strings.EqualFold(strings.TrimSpace(c.Text), strings.TrimSpace(col.Header)) {
			return false
		}
		matched++
	}
	return matched >= 2
}

// anotherTable reports a row that is the header of a second table in the same sheet (a
// licence list under the devices, say): importing its rows as the first table's kind would
// only produce nonsense errors. A row counts when it names at least three fields of some kind
// and most of its cells are header words, not values.
func anotherTable(p *plan, row sheet.Row) *RowError {
	hm, ok := fields.FindHeader([][]sheet.Cell{row.Cells}, "")
	if !ok || hm.Score < 3 || hm.Mapping.Mapped()*2 < nonBlank(row.Cells) {
		return nil
	}
	var names []string
	for _, c := range hm.Mapping.Columns {
		if c.Field != "" && len(names) < 4 {
			names = append(names, strconv.Quote(c.Header))
		}
	}
	return &RowError{Sheet: p.info.Name, Row: row.Number, Message: fmt.Sprintf(
		"row %d starts another table (%s headers: %s)", row.Number, strings.ReplaceAll(hm.Kind, "_", " "), strings.Join(names, ", "))}
}

func nonBlank(cells []sheet.Cell) int {
	n := 0
	for _, c := range cells {
		if !fields.IsBlank(c) {
			n++
		}
	}
	return n
}
