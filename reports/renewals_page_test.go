package reports

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestRenewalTotalsAndPagesMatchReport holds the renewals page's figures to the renewals
// report: per notice-deadline bucket, the count and the next-term cost per currency summed by
// the database equal those of the report's rows, and the bucket's pages read in turn are the
// report's rows of that bucket, in order.
func TestRenewalTotalsAndPagesMatchReport(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		newOpsRegister(t, st)
		ctx := context.Background()
		for _, within := range []string{"90", "365", "30"} {
			t.Run("within "+within, func(t *testing.T) {
				q := url.Values{"within": {within}}
				tbl := opsBuild(t, st, "renewals", q, 1)
				rows, err := tbl.Collect()
				if err != nil {
					t.Fatal(err)
				}
				r, _ := Lookup("renewals")
				p, err := ParseParams(r, q, Params{AsOf: st.Today(), Currency: "GBP", FiscalYearStart: 1})
				if err != nil {
					t.Fatal(err)
				}
				upTo := []models.Date{p.AsOf.AddDays(-1), p.AsOf.AddDays(30), p.AsOf.AddDays(60)}
				want := map[string]int64{} // "bucket currency" -> items or cost
				var wantRows [4][]string
				for i, row := range rows {
					deadline := row.Cells[tbl.ColumnIndex("notice_deadline")].(models.Date)
					b := slices.IndexFunc(upTo, func(d models.Date) bool { return !deadline.After(d) })
					if b < 0 {
						b = len(upTo)
					}
					cost, _ := row.Cells[tbl.ColumnIndex("next_term_cost")].(models.Money)
					want[fmt.Sprintf("%d %s items", b, cost.Currency)]++
					want[fmt.Sprintf("%d %s cost", b, cost.Currency)] += cost.Amount
					wantRows[b] = append(wantRows[b], opsRows(t, &Table{Columns: tbl.Columns, Rows: StaticRows(rows[i : i+1])})[0])
				}
				totals, err := RenewalTotals(ctx, st, p, upTo)
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]int64{}
				for _, x := range totals {
					got[fmt.Sprintf("%d %s items", x.Bucket, x.Currency)] += x.Items
					got[fmt.Sprintf("%d %s cost", x.Bucket, x.Currency)] += x.Cost
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("totals\n got %v\nwant %v", got, want)
				}
				for b := range wantRows {
					var w models.DeadlineWindow
					if b > 0 {
						w.After = upTo[b-1]
					}
					if b < len(upTo) {
						w.UpTo = upTo[b]
					}
					var gotRows []string
					for offset := 0; ; offset += 2 {
						page, err := RenewalsPage(ctx, st, p, w, offset, 2)
						if err != nil {
							t.Fatal(err)
						}
						lines := opsRows(t, page)
						gotRows = append(gotRows, lines...)
						if len(lines) < 2 {
							break
						}
					}
					opsCheckRows(t, gotRows, wantRows[b])
				}
			})
		}
	})
}
