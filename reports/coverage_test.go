package reports

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestWarrantyCoverage checks the warranty-coverage report on the ops register, worked by
// hand. As of 2026-11-22, within 90 days (horizon 2027-02-20), the seven devices in service
// (DSK-1 is retired) and their cover:
//
//	LAP-1  W1 ended 2025-02-28                     no cover, listed
//	LAP-2  no warranty                             no cover, listed
//	SRV-1  W2 2026-01-01..2027-01-31               covered, ends within 90 days (70 days): listed
//	PHN-1  no warranty                             no cover, listed
//	PHN-2  W4 to 2026-12-15 and W5 to 2027-06-30   covered to 2027-06-30, after the horizon: not listed
//	MON-1  no warranty                             no cover, listed
//	LAP-4  W3 starts 2026-12-01                    not covered yet, listed
//
// Coverage: 2 of 7 (SRV-1, PHN-2) = 0.2857; laptop 0/3, monitor 0/1, phone 1/2, server 1/1;
// Finance 0/2, IT 1/2 (SRV-1 yes, MON-1 no), Operations 0/1, Sales 1/2.
func TestWarrantyCoverage(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		newOpsRegister(t, st)
		tests := []struct {
			name string
			q    url.Values
			want []string
		}{
			{"default within 90", url.Values{}, []string{
				"LAP-1 | S1 | laptop | Finance | @alice | no cover | expired 2025-02-28 | Dell | 2025-02-28 |  |  |  |  [no_cover]",
				"LAP-2 |  | laptop | Finance |  | no cover | none |  |  |  |  |  |  [no_cover]",
				"SRV-1 |  | server | IT |  | ending | ends 2027-01-31 | Acme Support | 2027-01-31 | 70 |  |  |  [ending]",
				"PHN-1 |  | phone | Sales |  | no cover | none |  |  |  |  |  |  [no_cover]",
				"MON-1 |  | monitor | IT |  | no cover | none |  |  |  |  |  |  [no_cover]",
				"LAP-4 |  | laptop | Operations |  | no cover | not started yet, ends 2029-11-30 | Dell | 2029-11-30 |  |  |  |  [no_cover]",
				"S All devices in service |  |  |  |  |  |  |  |  |  | 2 | 7 | 0.2857",
				"S By category: laptop |  | laptop |  |  |  |  |  |  |  | 0 | 3 | 0.0000",
				"S By category: monitor |  | monitor |  |  |  |  |  |  |  | 0 | 1 | 0.0000",
				"S By category: phone |  | phone |  |  |  |  |  |  |  | 1 | 2 | 0.5000",
				"S By category: server |  | server |  |  |  |  |  |  |  | 1 | 1 | 1.0000",
				"S By department: Finance |  |  | Finance |  |  |  |  |  |  | 0 | 2 | 0.0000",
				"S By department: IT |  |  | IT |  |  |  |  |  |  | 1 | 2 | 0.5000",
				"S By department: Operations |  |  | Operations |  |  |  |  |  |  | 0 | 1 | 0.0000",
				"S By department: Sales |  |  | Sales |  |  |  |  |  |  | 1 | 2 | 0.5000",
			}},
			// Phones within 220 days (horizon 2027-06-30): PHN-2's cover ends on the horizon, 220
			// days away (8 + 31 + 31 + 28 + 31 + 30 + 31 + 30), so it is listed as ending.
			{"phones within 220", url.Values{"category": {"phone"}, "within": {"220"}}, []string{
				"PHN-1 |  | phone | Sales |  | no cover | none |  |  |  |  |  |  [no_cover]",
				"PHN-2 |  | phone | Sales |  | ending | ends 2027-06-30 | Acme Support | 2027-06-30 | 220 |  |  |  [ending]",
				"S All devices in service |  |  |  |  |  |  |  |  |  | 1 | 2 | 0.5000",
				"S By category: phone |  | phone |  |  |  |  |  |  |  | 1 | 2 | 0.5000",
				"S By department: Sales |  |  | Sales |  |  |  |  |  |  | 1 | 2 | 0.5000",
			}},
			// As of 2027-02-01 SRV-1's W2 has ended and LAP-4's W3 covers it (to 2029-11-30).
			{"IT as of 2027-02-01", url.Values{"department": {"IT"}, "as_of": {"2027-02-01"}}, []string{
				"SRV-1 |  | server | IT |  | no cover | expired 2027-01-31 | Acme Support | 2027-01-31 |  |  |  |  [no_cover]",
				"MON-1 |  | monitor | IT |  | no cover | none |  |  |  |  |  |  [no_cover]",
				"S All devices in service |  |  |  |  |  |  |  |  |  | 0 | 2 | 0.0000",
				"S By category: monitor |  | monitor |  |  |  |  |  |  |  | 0 | 1 | 0.0000",
				"S By category: server |  | server |  |  |  |  |  |  |  | 0 | 1 | 0.0000",
				"S By department: IT |  |  | IT |  |  |  |  |  |  | 0 | 2 | 0.0000",
			}},
			// No device in service matches: one summary row with no percentage.
			{"empty", url.Values{"category": {"printer"}}, []string{
				"S All devices in service |  |  |  |  |  |  |  |  |  | 0 | 0 | ",
			}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				opsCheckRows(t, opsRows(t, opsBuild(t, st, "warranty-coverage", tc.q, 1)), tc.want)
			})
		}
	})
}

// TestEndOfLifeXLSX renders the end-of-life report (April fiscal years) as XLSX and reads it
// back cell by cell: title row 1, headers row 2, data from row 3 with real date, integer and
// currency cells, register text that looks like a formula kept as a string, the subtotal rows,
// the per-currency totals, the frozen pane and the Parameters sheet.
func TestEndOfLifeXLSX(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		newOpsRegister(t, st)
		var buf bytes.Buffer
		if err := RenderXLSX(&buf, opsBuild(t, st, "end-of-life", url.Values{}, 4)); err != nil {
			t.Fatal(err)
		}
		f := mustOpenXLSX(t, &buf)
		const sheet = "end-of-life"
		if got := f.GetSheetList(); len(got) != 2 || got[0] != sheet || got[1] != "Parameters" {
			t.Fatalf("sheets = %v", got)
		}
		// Columns: A asset tag, B serial, C hostname, ..., F assigned to, I purchase date, J age,
		// K end of life, L quarter, M days left, N status, O warranty, P cost, Q budget line.
		// Dates are Excel serials: 2022-02-28 = 44620, 2026-02-28 = 46081, 2027-02-28 = 46446.
		tests := []cellWant{
			{"A2", "Asset tag", "", ""},
			{"J2", "Age (months)", "", ""},
			{"P2", "Estimated replacement cost", "", ""},
			{"A3", "LAP-1", "", ""},
			{"C3", "=SUM(1,2)", "", ""},
			{"F3", "@alice", "", ""},
			{"I3", "44620", "2022-02-28", "yyyy-mm-dd"},
			{"J3", "56", "56", ""},
			{"K3", "46081", "2026-02-28", "yyyy-mm-dd"},
			{"L3", "FY2026 Q4", "", ""},
			{"M3", "-267", "-267", ""},
			{"N3", "overdue", "", ""},
			{"O3", "expired 2025-02-28", "", ""},
			{"P3", "1200", "£1,200.00", `"£"#,##0.00`},
			{"Q3", "IT-HW", "", ""},
			{"A4", "FY2026 Q4 subtotal (1 device)", "", ""},
			{"P4", "1200", "£1,200.00", `"£"#,##0.00`},
			{"A7", "LAP-2", "", ""},
			{"K7", "46446", "2027-02-28", "yyyy-mm-dd"},
			{"P7", "900", "", `"€"#,##0.00`},
			{"A9", "FY2027 Q4 subtotal EUR (1 of 2 devices)", "", ""},
			{"A10", "FY2027 Q4 subtotal GBP (1 of 2 devices)", "", ""},
			{"P10", "5000", "£5,000.00", `"£"#,##0.00`},
			{"P11", "", "", ""},
			{"A13", "Total (EUR)", "", ""},
			{"P13", "900", "", `"€"#,##0.00`},
			{"A14", "Total (GBP)", "", ""},
			{"P14", "7200", "£7,200.00", `"£"#,##0.00`},
		}
		checkCells(t, f, sheet, tests)
		for _, ref := range []string{"C3", "F3"} {
			if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
				t.Errorf("%s became formula %q", ref, formula)
			}
			if typ, _ := f.GetCellType(sheet, ref); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
				t.Errorf("%s has cell type %v, want a string", ref, typ)
			}
		}
		if p, err := f.GetPanes(sheet); err != nil || !p.Freeze || p.YSplit != 2 || p.TopLeftCell != "A3" {
			t.Errorf("panes = %+v, %v; want frozen below the header row", p, err)
		}
		params, err := f.GetRows("Parameters")
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]string{}
		for _, r := range params {
			if len(r) >= 2 {
				found[r[0]] = r[1]
			}
		}
		for k, v := range map[string]string{"as_of": "2026-11-22", "within": "365", "department": "all", "fiscal_year_start": "4"} {
			if found[k] != v {
				t.Errorf("Parameters sheet %s = %q, want %q (sheet: %v)", k, found[k], v, params)
			}
		}
	})
}

// TestCoverageGroupsDepartmentsAsPeopleMeanThem: "Sales" and "sales " are one department.
func TestCoverageGroupsDepartmentsAsPeopleMeanThem(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		for i, dept := range []string{"Sales", "sales ", "SALES", "Finance"} {
			tag := fmt.Sprintf("D-%d", i)
			if err := st.CreateDevice(ctx, &models.Device{AssetTag: &tag, Category: "laptop", Status: "deployed", Department: dept}); err != nil {
				t.Fatal(err)
			}
		}
		rows := opsRows(t, opsBuild(t, st, "warranty-coverage", url.Values{}, 1))
		var depts []string
		for _, r := range rows {
			if strings.Contains(r, "By department:") {
				depts = append(depts, r)
			}
		}
		if len(depts) != 2 || !strings.Contains(depts[0], "By department: Finance") || !strings.Contains(depts[1], "By department: Sales") ||
			!strings.Contains(depts[1], "| 0 | 3 |") {
			t.Fatalf("department rows:\n%s", strings.Join(depts, "\n"))
		}
	})
}
