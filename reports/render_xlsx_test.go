package reports

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// openXLSX renders the fixture as XLSX and opens it with excelize.
func openXLSX(t *testing.T) (*excelize.File, []byte) {
	t.Helper()
	out := render(t, fixture(), "xlsx")
	f := mustOpenXLSX(t, bytes.NewReader(out))
	return f, out
}

// cellStyle returns the style of a cell.
func cellStyle(t *testing.T, f *excelize.File, sheet, ref string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// numFmt returns the custom number format of a cell, or "#<id>" for a built-in one.
func numFmt(t *testing.T, f *excelize.File, sheet, ref string) string {
	s := cellStyle(t, f, sheet, ref)
	if s.CustomNumFmt != nil {
		return *s.CustomNumFmt
	}
	return "#" + string(rune('0'+s.NumFmt))
}

func TestRenderXLSXCells(t *testing.T) {
	f, _ := openXLSX(t)
	const sheet = "renewals"
	if got := f.GetSheetList(); strings.Join(got, ",") != "renewals,Parameters" {
		t.Fatalf("sheets = %v", got)
	}
	tests := []cellWant{
		{"A1", "Renewals due within 90 days of 2026-11-22", "", ""},
		{"A2", "Item", "", ""},
		{"E2", "Cost", "", ""},
		{"H2", "Auto-renew", "", ""},
		{"A3", "L-1", "", ""},
		{"B3", "Office, Pro; E3", "", ""},
		{"C3", "46418", "2027-01-31", "yyyy-mm-dd"},
		{"D3", "46357", "2026-12-01", "yyyy-mm-dd"},
		{"E3", "1234.5", "£1,234.50", `"£"#,##0.00`},
		{"F3", "10", "10", "#3"},
		{"G3", "0.25", "25.0%", "0.0%"},
		{"H3", "1", "TRUE", ""},
		{"B4", "=1+1", "=1+1", ""},
		{"D4", "", "", ""},
		{"E4", "99.99", "$99.99", `"$"#,##0.00`},
		{"F4", "-3", "-3", "#3"},
		{"B5", "+SUM(A1)", "", ""},
		{"E5", "-200", "-£200.00", `"£"#,##0.00`},
		{"B6", "-2", "", ""},
		{"B7", "@cmd", "", ""},
		{"B8", "\tX", "", ""},
		{"E8", "", "", ""},
		{"A9", "Subtotal", "", ""},
		{"E9", "1084.5", "", `"£"#,##0.00`},
		{"A10", "Total (GBP)", "", ""},
		{"E10", "1084.5", "£1,084.50", `"£"#,##0.00`},
		{"A11", "Total (USD)", "", ""},
		{"E11", "100", "$100.00", `"$"#,##0.00`},
		{"A12", "", "", ""},
	}
	checkCells(t, f, sheet, tests)
}

func TestRenderXLSXNoFormulas(t *testing.T) {
	f, _ := openXLSX(t)
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
					t.Errorf("%s!%s has formula %q", sheet, ref, formula)
				}
			}
		}
	}
	for _, ref := range []string{"B4", "B5", "B6", "B7", "B8"} {
		if typ, _ := f.GetCellType("renewals", ref); typ != excelize.CellTypeInlineString {
			t.Errorf("%s has cell type %v, want an inline string", ref, typ)
		}
	}
}

func TestRenderXLSXLayout(t *testing.T) {
	f, out := openXLSX(t)
	const sheet = "renewals"
	t.Run("frozen header", func(t *testing.T) {
		p, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 2 || p.XSplit != 0 || p.TopLeftCell != "A3" {
			t.Errorf("panes = %+v, want frozen below row 2", p)
		}
	})
	t.Run("autofilter over header and data", func(t *testing.T) {
		xml := sheetXML(t, out, "xl/worksheets/sheet1.xml")
		// excelize writes the range absolute, as it does outside stream mode.
		if !strings.Contains(xml, `<autoFilter ref="$A$2:$H$9"`) {
			t.Errorf("no autofilter A2:H9 in sheet XML")
		}
		var found bool
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm._FilterDatabase" && dn.RefersTo == "'renewals'!$A$2:$H$9" {
				found = true
			}
		}
		if !found {
			t.Errorf("no _FilterDatabase name: %+v", f.GetDefinedName())
		}
	})
	t.Run("header style", func(t *testing.T) {
		s := cellStyle(t, f, sheet, "A2")
		if s.Font == nil || !s.Font.Bold || len(s.Fill.Color) == 0 || len(s.Border) != 4 {
			t.Errorf("header style = %+v", s)
		}
	})
	t.Run("subtotal and totals bold", func(t *testing.T) {
		for _, ref := range []string{"A9", "E9", "A10", "E10", "B11"} {
			if s := cellStyle(t, f, sheet, ref); s.Font == nil || !s.Font.Bold {
				t.Errorf("%s is not bold", ref)
			}
		}
		if s := cellStyle(t, f, sheet, "E10"); len(s.Border) != 1 || s.Border[0].Type != "top" {
			t.Errorf("total cell border = %+v, want a top border", s.Border)
		}
		if s := cellStyle(t, f, sheet, "A4"); s.Font != nil && s.Font.Bold {
			t.Errorf("an ordinary row is bold")
		}
	})
	t.Run("flagged row filled", func(t *testing.T) {
		if s := cellStyle(t, f, sheet, "D3"); len(s.Fill.Color) == 0 || s.Fill.Color[0] != flagFill {
			t.Errorf("flagged row fill = %+v", s.Fill)
		}
	})
	t.Run("column widths", func(t *testing.T) {
		for col, min := range map[string]float64{"A": 8, "B": 17, "C": 12, "E": 14} {
			if w, err := f.GetColWidth(sheet, col); err != nil || w < min || w > 60 {
				t.Errorf("column %s width = %v, %v; want %v..60", col, w, err, min)
			}
		}
	})
}

func TestRenderXLSXParameters(t *testing.T) {
	f, _ := openXLSX(t)
	rows, err := f.GetRows(paramsSheet)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Title", "Renewals due within 90 days of 2026-11-22"},
		{"Report", "renewals"},
		{"Generated at", "2026-11-22T09:30:00Z"},
		{"Rows", "7"},
		{"as_of", "2026-11-22"},
		{"within", "90"},
		nil,
		{"Notes"},
		{"Costs are next-term costs."},
	}
	if len(rows) != len(want) {
		t.Fatalf("Parameters rows = %q", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("Parameters row %d = %q, want %q", i+1, rows[i], want[i])
		}
	}
}

func TestSheetName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"renewals", "renewals"},
		{"", "Report"},
		{"Parameters", "Report"},
		{"a/b[c]:d*e?f\\g", "abcdefg"},
		{"licence-compliance-by-department-and-year", "licence-compliance-by-departmen"},
		{"'quoted'", "quoted"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := sheetName(tc.in); got != tc.want {
				t.Errorf("sheetName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestMoneyFormat(t *testing.T) {
	tests := []struct{ cur, want string }{
		{"GBP", `"£"#,##0.00`}, {"USD", `"$"#,##0.00`}, {"EUR", `"€"#,##0.00`},
		{"JPY", `#,##0 "JPY"`}, {"BHD", `#,##0.000 "BHD"`}, {"CHF", `#,##0.00 "CHF"`},
		{`X"Y`, `#,##0.00 "XY"`},
	}
	for _, tc := range tests {
		t.Run(tc.cur, func(t *testing.T) {
			if got := moneyFormat(tc.cur); got != tc.want {
				t.Errorf("moneyFormat(%q) = %q, want %q", tc.cur, got, tc.want)
			}
		})
	}
}

// sheetXML returns one part of an XLSX package.
func sheetXML(t *testing.T, xlsx []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
