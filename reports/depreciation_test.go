package reports

import (
	"errors"
	"net/url"
	"strconv"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// depreciationRegister is the depreciation test's register; FY2026 is the calendar year
// 2026, so the year closes at the end of 2026-12-31. It returns the id of budget line HW-26.
func depreciationRegister(t *testing.T, st *models.Store) int64 {
	r := newFinRegister(t, st)
	hw26 := r.line("HW-26", "Hardware", 2026, "capex", "")
	hw27 := r.line("HW-27", "Hardware", 2027, "capex", "")
	r.device("laptop", "deployed", "2024-02-29", "1000.20 GBP", hw26, 0)   // T001
	r.device("desktop", "deployed", "2026-07-01", "1200.00 GBP", hw27, 24) // T002
	r.device("server", "in_repair", "2019-01-15", "5000.00 USD", hw26, 0)  // T003
	r.device("laptop", "ordered", "2027-01-05", "900.00 GBP", nil, 0)      // T004: bought after the year end
	r.device("laptop", "disposed", "2025-03-01", "500.00 GBP", nil, 0)     // T005: disposed of
	r.device("laptop", "retired", "2023-01-01", "800.00 USD", nil, 0)      // T006: retired, still on the books
	r.device("laptop", "deployed", "2025-01-01", "", nil, 0)               // T007: no cost
	r.device("phone", "lost", "2025-06-01", "400.00 GBP", nil, 0)          // T008: lost
	return *hw26
}

func TestDepreciationReport(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		hw26 := depreciationRegister(t, st)
		// Columns: asset tag|category|budget line|purchase date|cost|lifetime|months
		// depreciated|depreciation FY2026|accumulated|book value. Rows by category, then id.
		want := []string{
			// Bought in the year: 2026-07-01 + 6 months = 2027-01-01, the close of 2026-12-31:
			// 6 months of 24; book value 1200.00 x 18/24 = 900.00; opening value = cost, so
			// depreciation this year = 300.00 = accumulated.
			"T002|desktop|HW-27|2026-07-01|1200.00 GBP|24|6|300.00 GBP|300.00 GBP|900.00 GBP",
			// Leap day: 2024-02-29 + 34 months = 2026-12-29 <= 2027-01-01 < 2027-01-29 (35):
			// 34 months of the laptop default 48; book value 100020 x 14/48 = 29172.5 -> 291.73
			// (half away from zero). At the close of 2025-12-31 (2026-01-01): 22 months,
			// 100020 x 26/48 = 54177.5 -> 541.78. Depreciation this year 541.78 - 291.73 =
			// 250.05; accumulated 1000.20 - 291.73 = 708.47.
			"T001|laptop|HW-26|2024-02-29|1000.20 GBP|48|34|250.05 GBP|708.47 GBP|291.73 GBP",
			// Retired (not disposed of): 48 of 48 months by 2027-01-01; opening at 36 months
			// 800.00 x 12/48 = 200.00, all depreciated this year.
			"T006|laptop||2023-01-01|800.00 USD|48|48|200.00 USD|800.00 USD|0.00 USD",
			// Fully depreciated before the year: 95 months elapsed, capped at the lifetime 60.
			"T003|server|HW-26|2019-01-15|5000.00 USD|60|60|0.00 USD|5000.00 USD|0.00 USD",
			"Subtotal: category desktop*|desktop|||1200.00 GBP|||300.00 GBP|300.00 GBP|900.00 GBP",
			"Subtotal: category laptop*|laptop|||1000.20 GBP|||250.05 GBP|708.47 GBP|291.73 GBP",
			"Subtotal: category laptop*|laptop|||800.00 USD|||200.00 USD|800.00 USD|0.00 USD",
			"Subtotal: category server*|server|||5000.00 USD|||0.00 USD|5000.00 USD|0.00 USD",
			"Subtotal: budget line HW-26 (FY2026)*||HW-26||1000.20 GBP|||250.05 GBP|708.47 GBP|291.73 GBP",
			"Subtotal: budget line HW-26 (FY2026)*||HW-26||5000.00 USD|||0.00 USD|5000.00 USD|0.00 USD",
			"Subtotal: budget line HW-27 (FY2027)*||HW-27||1200.00 GBP|||300.00 GBP|300.00 GBP|900.00 GBP",
			"Subtotal: no budget line*||(no budget line)||800.00 USD|||200.00 USD|800.00 USD|0.00 USD",
		}
		tbl := opsBuild(t, st, "depreciation", url.Values{"fiscal_year": {"2026"}}, 1)
		if tbl.Title != "Depreciation: book values at the end of FY2026 (2026-12-31)" {
			t.Errorf("title = %q", tbl.Title)
		}
		opsCheckRows(t, finRows(t, tbl), want)

		t.Run("subtotals reconcile", func(t *testing.T) {
			rows, err := opsBuild(t, st, "depreciation", url.Values{"fiscal_year": {"2026"}}, 1).Collect()
			if err != nil {
				t.Fatal(err)
			}
			// Per money column and currency, the category subtotals and the budget line
			// subtotals each add up to the device rows.
			devices, byCat, byLine := models.Totals{}, models.Totals{}, models.Totals{}
			for _, r := range rows {
				for i, c := range tbl.Columns {
					m, ok := r.Cells[i].(models.Money)
					if c.Type != MoneyCol || !ok {
						continue
					}
					m.Currency = c.Key + " " + m.Currency
					switch {
					case !r.Subtotal:
						devices.Add(m)
					case r.Cells[1] != "":
						byCat.Add(m)
					default:
						byLine.Add(m)
					}
				}
			}
			for k, v := range devices {
				if byCat[k] != v || byLine[k] != v {
					t.Errorf("%s: devices %d, by category %d, by budget line %d", k, v, byCat[k], byLine[k])
				}
			}
		})
		t.Run("April fiscal year", func(t *testing.T) {
			// FY2027 with an April start closes at the end of 2027-03-31 (2027-04-01): the
			// leap-day laptop has 37 months (2027-03-29), book 100020 x 11/48 = 22921.25 ->
			// 229.21; opened FY2027 at 25 months (2026-03-29 <= 2026-04-01), 100020 x 23/48 =
			// 47926.25 -> 479.26; depreciation 250.05.
			got := finRows(t, opsBuild(t, st, "depreciation", url.Values{"fiscal_year": {"2027"}, "category": {"laptop"},
				"budget_line_id": {strconv.FormatInt(hw26, 10)}}, 4))
			want := []string{
				"T001|laptop|HW-26|2024-02-29|1000.20 GBP|48|37|250.05 GBP|770.99 GBP|229.21 GBP",
				"Subtotal: category laptop*|laptop|||1000.20 GBP|||250.05 GBP|770.99 GBP|229.21 GBP",
				"Subtotal: budget line HW-26 (FY2026)*||HW-26||1000.20 GBP|||250.05 GBP|770.99 GBP|229.21 GBP",
			}
			opsCheckRows(t, got, want)
		})
		t.Run("unknown category", func(t *testing.T) {
			rep, _ := Lookup("depreciation")
			p, err := ParseParams(rep, url.Values{"category": {"toaster"}}, Params{AsOf: st.Today()})
			if err != nil {
				t.Fatal(err)
			}
			_, err = rep.Build(t.Context(), st, p)
			var pe *models.ParamError
			if !errors.As(err, &pe) || pe.Param != "category" {
				t.Errorf("err = %v, want a category parameter error", err)
			}
		})
	})
}

func TestMonthsElapsed(t *testing.T) {
	tests := []struct {
		start, end string
		want       int
	}{
		{"2024-02-29", "2026-12-31", 34}, // 2026-12-29 is 34 months on; 2027-01-29 would pass the close
		{"2024-01-01", "2026-12-31", 36}, // the close of 2026-12-31 is 2027-01-01
		{"2024-01-31", "2024-02-28", 1},  // 01-31 + 1 month clamps to 02-29, the close of 02-28
		{"2023-01-31", "2023-02-26", 0},  // 01-31 + 1 month clamps to 02-28, after the close of 02-26
		{"2024-01-31", "2024-03-29", 1},  // 01-31 + 2 months = 03-31, after the close of 03-29
		{"2026-07-01", "2026-06-30", 0},  // bought after the end
		{"2026-12-31", "2026-12-31", 0},
	}
	for _, tc := range tests {
		t.Run(tc.start+"_"+tc.end, func(t *testing.T) {
			if got := monthsElapsed(models.MustDate(tc.start), models.MustDate(tc.end)); got != tc.want {
				t.Errorf("monthsElapsed = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestMulDivRound(t *testing.T) {
	tests := []struct {
		name    string
		a, b, c int64
		want    int64
	}{
		{"exact", 100, 3, 4, 75},
		{"half rounds up", 100020, 14, 48, 29173}, // 29172.5
		{"below half", 99999, 14, 48, 29166},      // 29166.375
		{"negative half away from zero", -5, 1, 2, -3},
		{"two thirds", 100000, 2, 3, 66667},
		{"128-bit product", 1 << 62, 6, 8, 3 << 60},
		{"saturates", 1 << 62, 1 << 40, 1, 1<<63 - 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := mulDivRound(tc.a, tc.b, tc.c); got != tc.want {
				t.Errorf("mulDivRound(%d, %d, %d) = %d, want %d", tc.a, tc.b, tc.c, got, tc.want)
			}
		})
	}
}
