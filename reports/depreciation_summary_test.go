package reports

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestDepreciationSubtotalsMatchReport holds the depreciation page's figures to the
// depreciation report on both databases: the subtotal rows summed by the database are the
// subtotal rows the report ends with, for several fiscal years and year starts and filters.
func TestDepreciationSubtotalsMatchReport(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		newOpsRegister(t, st)
		addClampDevices(t, st)
		for _, c := range []struct {
			q       url.Values
			fyStart int
		}{
			{url.Values{"fiscal_year": {"2027"}}, 4},
			{url.Values{"fiscal_year": {"2026"}}, 1},
			{url.Values{"fiscal_year": {"2024"}}, 7},
			{url.Values{"fiscal_year": {"2030"}}, 4},
			{url.Values{"fiscal_year": {"2027"}, "category": {"laptop"}}, 4},
			{url.Values{"fiscal_year": {"2025"}, "department": {"IT"}}, 1},
		} {
			t.Run(fmt.Sprint(c.q.Encode(), " from month ", c.fyStart), func(t *testing.T) {
				full := opsBuild(t, st, "depreciation", c.q, c.fyStart)
				var want []string
				for _, line := range opsRows(t, full) {
					if line[:2] == "S " {
						want = append(want, line)
					}
				}
				if len(want) < 4 {
					t.Fatalf("only %d subtotal rows: the test register is too small to mean anything", len(want))
				}
				r, _ := Lookup("depreciation")
				p, err := ParseParams(r, c.q, Params{AsOf: st.Today(), Currency: "GBP", FiscalYearStart: c.fyStart})
				if err != nil {
					t.Fatal(err)
				}
				sub, err := DepreciationSubtotals(context.Background(), st, p)
				if err != nil {
					t.Fatal(err)
				}
				opsCheckRows(t, opsRows(t, sub), want)
				if sub.Title != full.Title {
					t.Errorf("title %q, the report's %q", sub.Title, full.Title)
				}
			})
		}
	})
}
