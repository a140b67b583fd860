package reports

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"itreg/models"
)

// renderXLSXOf renders a table as XLSX and opens it with excelize.
func renderXLSXOf(t *testing.T, tb *Table) *excelize.File {
	t.Helper()
	f := mustOpenXLSX(t, bytes.NewReader(render(t, tb, "xlsx")))
	return f
}

// narrowTable is a three-column report, narrow enough to print in portrait.
func narrowTable() *Table {
	return &Table{
		Name:  "narrow",
		Title: "Narrow report",
		Columns: []Column{
			{Key: "code", Title: "Code", Type: Text},
			{Key: "name", Title: "Name", Type: Text},
			{Key: "cost", Title: "Cost", Type: MoneyCol},
		},
		GeneratedAt: fixedTime,
		Rows: StaticRows([]Row{
			{Cells: []any{"A-1", "Laptop", gbp(100000)}},
			{Cells: []any{"Subtotal of every laptop bought this year", nil, gbp(100000)}, Subtotal: true},
			{Cells: []any{"Subtotal of every desktop", "Desktops bought in the year", gbp(5000)}, Subtotal: true},
		}),
	}
}

func TestRenderXLSXPrintLayout(t *testing.T) {
	tests := []struct {
		name, sheet, orientation string
		tb                       *Table
	}{
		{"wide report prints landscape", "renewals", "landscape", fixture()},
		{"narrow report prints portrait", "narrow", "portrait", narrowTable()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := renderXLSXOf(t, tc.tb)
			layout, err := f.GetPageLayout(tc.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if layout.Orientation == nil || *layout.Orientation != tc.orientation {
				t.Errorf("orientation = %v, want %s", layout.Orientation, tc.orientation)
			}
			if layout.FitToWidth == nil || *layout.FitToWidth != 1 || layout.FitToHeight == nil || *layout.FitToHeight != 0 {
				t.Errorf("fit to width/height = %v/%v, want 1 page wide, any pages tall", layout.FitToWidth, layout.FitToHeight)
			}
			props, err := f.GetSheetProps(tc.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("fit to page is off, so the fit to width is ignored")
			}
			found := false
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm.Print_Titles" && dn.Scope == tc.sheet && dn.RefersTo == "'"+tc.sheet+"'!$1:$2" {
					found = true
				}
			}
			if !found {
				t.Errorf("title and header rows are not repeated on printed pages: %+v", f.GetDefinedName())
			}
		})
	}
}

func TestRenderXLSXAlignmentAndFills(t *testing.T) {
	f, _ := openXLSX(t)
	const sheet = "renewals"
	tests := []struct {
		name, ref, horizontal, fill string
	}{
		{"text header left", "A2", "left", ""},
		{"date header centred", "C2", "center", ""},
		{"money header right", "E2", "right", ""},
		{"integer header right", "F2", "right", ""},
		{"percent header right", "G2", "right", ""},
		{"yes/no header centred", "H2", "center", ""},
		{"date cell centred", "C4", "center", ""},
		{"yes/no cell centred", "H4", "center", ""},
		{"subtotal row grey", "A9", "", subtotalFill},
		{"subtotal amount grey", "E9", "", subtotalFill},
		{"flag wins over nothing", "E3", "", flagFill},
		{"totals row not filled", "E10", "", "none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := cellStyle(t, f, sheet, tc.ref)
			if tc.horizontal != "" {
				got := ""
				if s.Alignment != nil {
					got = s.Alignment.Horizontal
				}
				if got != tc.horizontal && !(tc.horizontal == "left" && got == "") {
					t.Errorf("horizontal alignment = %q, want %q", got, tc.horizontal)
				}
			}
			switch tc.fill {
			case "":
			case "none":
				if len(s.Fill.Color) != 0 {
					t.Errorf("fill = %v, want none", s.Fill.Color)
				}
			default:
				if len(s.Fill.Color) == 0 || s.Fill.Color[0] != tc.fill {
					t.Errorf("fill = %v, want %s", s.Fill.Color, tc.fill)
				}
			}
		})
	}
}

func TestRenderXLSXBoolShownAsYesNo(t *testing.T) {
	f, _ := openXLSX(t)
	for _, ref := range []string{"H3", "H4"} {
		t.Run(ref, func(t *testing.T) {
			if got := numFmt(t, f, "renewals", ref); got != xlsxBoolFormat {
				t.Errorf("number format = %q, want %q", got, xlsxBoolFormat)
			}
			if typ, _ := f.GetCellType("renewals", ref); typ != excelize.CellTypeBool {
				t.Errorf("cell type = %v, want a boolean cell", typ)
			}
		})
	}
}

func TestRenderXLSXSubtotalLabelWidth(t *testing.T) {
	f := renderXLSXOf(t, narrowTable())
	tests := []struct {
		name, col string
		min, max  float64
	}{
		// "Subtotal of every laptop bought this year" runs on into the blank Name cell.
		{"label beside a blank cell does not widen", "A", 12, 27},
		{"label beside a filled cell still fits", "B", 29, 60},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := f.GetColWidth("narrow", tc.col)
			if err != nil || w < tc.min || w > tc.max {
				t.Errorf("column %s width = %v, %v; want %v..%v", tc.col, w, err, tc.min, tc.max)
			}
		})
	}
}

func TestRenderXLSXTotalsWidth(t *testing.T) {
	// Totals are summed while streaming, after the widths are set, so the money column must
	// leave room for a total larger than any row.
	rows := make([]Row, 50)
	for i := range rows {
		rows[i] = Row{Cells: []any{"X", models.Money{Amount: 99999999, Currency: "GBP"}}}
	}
	tb := &Table{Name: "t", Title: "T", GeneratedAt: fixedTime, Rows: StaticRows(rows),
		Columns: []Column{{Key: "k", Title: "K", Type: Text}, {Key: "m", Title: "Amount", Type: MoneyCol}}}
	f := renderXLSXOf(t, tb)
	total, err := f.GetCellValue("t", "B53")
	if err != nil || !strings.HasPrefix(total, "£") {
		t.Fatalf("total = %q, %v", total, err)
	}
	if w, _ := f.GetColWidth("t", "B"); w < float64(len(total))+2 {
		t.Errorf("money column width %v is too narrow for the total %q", w, total)
	}
}

func TestRenderXLSXParametersNotesWrap(t *testing.T) {
	long := strings.Repeat("A long note about how the figures are worked out. ", 8)
	tb := narrowTable()
	tb.Notes = []string{"Short note.", long}
	f := renderXLSXOf(t, tb)
	merged, err := f.GetMergeCells(paramsSheet)
	if err != nil {
		t.Fatal(err)
	}
	spans := map[string]string{}
	for _, m := range merged {
		spans[m.GetStartAxis()] = m.GetEndAxis()
	}
	tests := []struct {
		name, ref string
		minHeight float64
	}{
		{"short note on one line", "A7", 15},
		{"long note wraps over several lines", "A8", 15 * 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			row := tc.ref[1:]
			if spans[tc.ref] != "B"+row {
				t.Errorf("note %s spans to %q, want B%s", tc.ref, spans[tc.ref], row)
			}
			if s := cellStyle(t, f, paramsSheet, tc.ref); s.Alignment == nil || !s.Alignment.WrapText {
				t.Errorf("note %s does not wrap", tc.ref)
			}
			n, _ := strconv.Atoi(row)
			if h, err := f.GetRowHeight(paramsSheet, n); err != nil || h < tc.minHeight {
				t.Errorf("row %d height = %v, %v; want at least %v", n, h, err, tc.minHeight)
			}
		})
	}
	t.Run("prints one page wide", func(t *testing.T) {
		layout, err := f.GetPageLayout(paramsSheet)
		if err != nil || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
			t.Errorf("page layout = %+v, %v; want one page wide", layout, err)
		}
	})
}
