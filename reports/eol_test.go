package reports

import (
	"net/url"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestEndOfLife checks the end-of-life report on the ops register against answers worked by
// hand. As of 2026-11-22 with the default within of 365 days the horizon is 2027-11-22 and
// fiscal years start in April (FY2027 = 2026-04-01..2027-03-31; Q1 Apr-Jun, Q2 Jul-Sep,
// Q3 Oct-Dec, Q4 Jan-Mar). End of life = min(end of support, purchase + lifetime):
//
//	LAP-1 2022-02-28 + 48 months = 2026-02-28: before as_of, overdue, days left -267
//	      (Feb 28 to Nov 22 2026: 1+31+30+31+30+31+31+30+31+22 = 267); FY2026 Q4; age 56 months
//	      (2022-02-28 + 56 months = 2026-10-28 <= 2026-11-22 < 2026-11-28).
//	LAP-4 2022-11-22 + 48 months = 2026-11-22 = as_of: due, days left 0; FY2027 Q3; age 48.
//	LAP-2 2020-02-29 (leap day) + 84 months = 2027-02-28 (no 29th in 2027); days left 98
//	      (8 left in Nov + 31 + 31 + 28); FY2027 Q4; age 80 (2020-02-29 + 80 months = 2026-10-29).
//	SRV-1 min(2027-03-31, 2023-01-15 + 60 months = 2028-01-15) = 2027-03-31; days left 129
//	      (98 + 31); FY2027 Q4; age 46.
//	PHN-2 2024-11-21 + 36 months = 2027-11-21 < 2027-11-22: listed, days left 364; FY2028 Q3; age 24.
//	PHN-1 2024-11-22 + 36 months = 2027-11-22, not before the horizon: not listed.
//	DSK-1 is retired; MON-1 has no dates: neither is listed.
//
// Subtotals per quarter and currency: FY2026 Q4 GBP 1200.00; FY2027 Q3 GBP 1000.00; FY2027 Q4
// one row per currency, EUR 900.00 (LAP-2) and GBP 5000.00 (SRV-1); FY2028 Q3 has no cost.
// Warranty: LAP-1's W1 ended 2025-02-28; LAP-4's W3 starts 2026-12-01; SRV-1's W2 runs to
// 2027-01-31; PHN-2's longest active cover is W5 to 2027-06-30; LAP-2 has none.
func TestEndOfLife(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		newOpsRegister(t, st)
		tests := []struct {
			name    string
			q       url.Values
			fyStart int
			want    []string
		}{
			{"all, April fiscal year", url.Values{}, 4, []string{
				"LAP-1 | S1 | =SUM(1,2) | laptop | Finance | @alice | Latitude 5420 | Dell | 2022-02-28 | 56 | 2026-02-28 | FY2026 Q4 | -267 | overdue | " +
					"expired 2025-02-28 | 1200.00 GBP | IT-HW [overdue]",
				"S FY2026 Q4 subtotal (1 device) |  |  |  |  |  |  |  |  |  |  | FY2026 Q4 |  |  |  | 1200.00 GBP | ",
				"LAP-4 |  |  | laptop | Operations |  |  |  | 2022-11-22 | 48 | 2026-11-22 | FY2027 Q3 | 0 | due | not started yet, ends 2029-11-30 | 1000.00 GBP | ",
				"S FY2027 Q3 subtotal (1 device) |  |  |  |  |  |  |  |  |  |  | FY2027 Q3 |  |  |  | 1000.00 GBP | ",
				"LAP-2 |  |  | laptop | Finance |  |  |  | 2020-02-29 | 80 | 2027-02-28 | FY2027 Q4 | 98 | due | none | 900.00 EUR | ",
				"SRV-1 |  |  | server | IT |  |  |  | 2023-01-15 | 46 | 2027-03-31 | FY2027 Q4 | 129 | due | covered until 2027-01-31 | 5000.00 GBP | ",
				"S FY2027 Q4 subtotal EUR (1 of 2 devices) |  |  |  |  |  |  |  |  |  |  | FY2027 Q4 |  |  |  | 900.00 EUR | ",
				"S FY2027 Q4 subtotal GBP (1 of 2 devices) |  |  |  |  |  |  |  |  |  |  | FY2027 Q4 |  |  |  | 5000.00 GBP | ",
				"PHN-2 |  |  | phone | Sales |  |  |  | 2024-11-21 | 24 | 2027-11-21 | FY2028 Q3 | 364 | due | covered until 2027-06-30 |  | ",
				"S FY2028 Q3 subtotal (1 device) |  |  |  |  |  |  |  |  |  |  | FY2028 Q3 |  |  |  |  | ",
			}},
			// With calendar fiscal years, LAP-4 (Nov 2026) is FY2026 Q4, LAP-2 and SRV-1 (Feb, Mar
			// 2027) FY2027 Q1, PHN-2 (Nov 2027) FY2027 Q4; within=0 keeps only end of life before as_of.
			{"within 0, calendar fiscal year", url.Values{"within": {"0"}}, 1, []string{
				"LAP-1 | S1 | =SUM(1,2) | laptop | Finance | @alice | Latitude 5420 | Dell | 2022-02-28 | 56 | 2026-02-28 | FY2026 Q1 | -267 | overdue | " +
					"expired 2025-02-28 | 1200.00 GBP | IT-HW [overdue]",
				"S FY2026 Q1 subtotal (1 device) |  |  |  |  |  |  |  |  |  |  | FY2026 Q1 |  |  |  | 1200.00 GBP | ",
			}},
			{"department filter", url.Values{"department": {"Finance"}, "within": {"100"}}, 1, []string{
				"LAP-1 | S1 | =SUM(1,2) | laptop | Finance | @alice | Latitude 5420 | Dell | 2022-02-28 | 56 | 2026-02-28 | FY2026 Q1 | -267 | overdue | " +
					"expired 2025-02-28 | 1200.00 GBP | IT-HW [overdue]",
				"S FY2026 Q1 subtotal (1 device) |  |  |  |  |  |  |  |  |  |  | FY2026 Q1 |  |  |  | 1200.00 GBP | ",
				"LAP-2 |  |  | laptop | Finance |  |  |  | 2020-02-29 | 80 | 2027-02-28 | FY2027 Q1 | 98 | due | none | 900.00 EUR | ",
				"S FY2027 Q1 subtotal (1 device) |  |  |  |  |  |  |  |  |  |  | FY2027 Q1 |  |  |  | 900.00 EUR | ",
			}},
			{"category filter", url.Values{"category": {"server"}}, 4, []string{
				"SRV-1 |  |  | server | IT |  |  |  | 2023-01-15 | 46 | 2027-03-31 | FY2027 Q4 | 129 | due | covered until 2027-01-31 | 5000.00 GBP | ",
				"S FY2027 Q4 subtotal (1 device) |  |  |  |  |  |  |  |  |  |  | FY2027 Q4 |  |  |  | 5000.00 GBP | ",
			}},
			{"nothing matches", url.Values{"category": {"printer"}}, 4, []string{}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				tbl := opsBuild(t, st, "end-of-life", tc.q, tc.fyStart)
				opsCheckRows(t, opsRows(t, tbl), tc.want)
				if tbl.Name != "end-of-life" || tbl.Params[0] != (Param{"as_of", "2026-11-22"}) || !tbl.GeneratedAt.Equal(modeltest.Clock) || len(tbl.Notes) == 0 {
					t.Errorf("table header: name %q params %v generated %v notes %d", tbl.Name, tbl.Params, tbl.GeneratedAt, len(tbl.Notes))
				}
			})
		}
	})
}

// TestEndOfLifeLifetimeOverride checks that a deployment's lifetime override moves the end of
// life: with laptops at 24 months, PHN-2 aside, LAP-2 keeps its own 84 months, while LAP-1
// (2022-02-28 + 24 = 2024-02-28) and LAP-4 (2022-11-22 + 24 = 2024-11-22) both fall before
// as_of, in calendar quarters FY2024 Q1 and FY2024 Q4.
func TestEndOfLifeLifetimeOverride(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		newOpsRegister(t, st)
		st.Lifetimes = map[string]int{"laptop": 24}
		got := opsRows(t, opsBuild(t, st, "end-of-life", url.Values{"within": {"0"}, "category": {"laptop"}}, 1))
		want := []string{
			"LAP-1 | S1 | =SUM(1,2) | laptop | Finance | @alice | Latitude 5420 | Dell | 2022-02-28 | 56 | 2024-02-28 | FY2024 Q1 | -998 | overdue | " +
				"expired 2025-02-28 | 1200.00 GBP | IT-HW [overdue]",
			"S FY2024 Q1 subtotal (1 device) |  |  |  |  |  |  |  |  |  |  | FY2024 Q1 |  |  |  | 1200.00 GBP | ",
			"LAP-4 |  |  | laptop | Operations |  |  |  | 2022-11-22 | 48 | 2024-11-22 | FY2024 Q4 | -730 | overdue | not started yet, ends 2029-11-30 | " +
				"1000.00 GBP |  [overdue]",
			"S FY2024 Q4 subtotal (1 device) |  |  |  |  |  |  |  |  |  |  | FY2024 Q4 |  |  |  | 1000.00 GBP | ",
		}
		opsCheckRows(t, got, want)
	})
}

// TestMonthsBetween checks whole months counted the way Date.AddMonths counts them.
func TestMonthsBetween(t *testing.T) {
	tests := []struct {
		from, to string
		want     int
	}{
		{"2020-02-29", "2026-11-22", 80},
		{"2020-02-29", "2021-02-28", 12}, // 29 Feb + 12 months = 28 Feb
		{"2026-01-31", "2026-02-28", 1},  // 31 Jan + 1 month = 28 Feb
		{"2026-01-31", "2026-02-27", 0},
		{"2026-11-22", "2026-11-22", 0},
		{"2026-12-01", "2026-11-22", 0}, // bought after as_of: no negative age
	}
	for _, tc := range tests {
		t.Run(tc.from+"_"+tc.to, func(t *testing.T) {
			if got := monthsBetween(models.MustDate(tc.from), models.MustDate(tc.to)); got != tc.want {
				t.Errorf("monthsBetween = %d, want %d", got, tc.want)
			}
		})
	}
}

// TestEOLColumnPositions holds the positions eolRow fills to the keys of eolColumns.
func TestEOLColumnPositions(t *testing.T) {
	for _, c := range []struct {
		at  int
		key string
	}{
		{eolAssetTag, "asset_tag"}, {eolSerial, "serial_number"}, {eolHostname, "hostname"}, {eolCategory, "category"},
		{eolDepartment, "department"}, {eolAssignee, "assigned_to"}, {eolModel, "model"}, {eolManufacturer, "manufacturer"},
		{eolPurchaseDate, "purchase_date"}, {eolAge, "age_months"}, {eolEndOfLife, "end_of_life"}, {eolQuarter, "fiscal_quarter"},
		{eolDaysLeft, "days_left"}, {eolStatus, "status"}, {eolWarranty, "warranty"}, {eolCost, "replacement_cost"},
		{eolBudgetLine, "budget_line"},
	} {
		if got := eolColumns[c.at].Key; got != c.key {
			t.Errorf("position %d: column %q, eolRow writes %q there", c.at, got, c.key)
		}
	}
	if len(eolColumns) != eolBudgetLine+1 {
		t.Errorf("%d columns, eolRow fills %d", len(eolColumns), eolBudgetLine+1)
	}
}
