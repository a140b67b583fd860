package reports

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestEndOfLifeSummaryMatchesReport holds the end-of-life page's figures to the end-of-life
// report on both databases: per fiscal quarter and group, the devices and replacement cost
// per currency summed by the database equal those of the report's rows, and each quarter's
// totals equal the report's subtotal rows. Besides the ops register, devices bought on the
// last days of months with lifetimes that land on shorter months check the month clamping.
func TestEndOfLifeSummaryMatchesReport(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		newOpsRegister(t, st)
		ctx := context.Background()
		addClampDevices(t, st)
		for _, c := range []struct {
			within, group string
			fyStart       int
		}{{"365", "model", 4}, {"90", "department", 1}, {"3650", "category", 4}, {"730", "manufacturer", 7}, {"730", "budget_line", 1}} {
			t.Run(c.within+" "+c.group, func(t *testing.T) {
				q := url.Values{"within": {c.within}}
				tbl := opsBuild(t, st, "end-of-life", q, c.fyStart)
				rows, err := tbl.Collect()
				if err != nil {
					t.Fatal(err)
				}
				at := func(r Row, key string) any { return r.Cells[tbl.ColumnIndex(key)] }
				want, subtotals := map[string]int64{}, map[string]int64{}
				for _, r := range rows {
					quarter := at(r, "fiscal_quarter").(string)
					cost, _ := at(r, "replacement_cost").(models.Money)
					if r.Subtotal {
						subtotals[quarter+" "+cost.Currency] += cost.Amount
						continue
					}
					name, _ := at(r, c.group).(string)
					want[quarter+" devices"]++
					want[quarter+" "+name+" devices"]++
					if !cost.IsZero() {
						want[quarter+" "+cost.Currency] += cost.Amount
						want[quarter+" "+name+" "+cost.Currency] += cost.Amount
					}
				}
				r, _ := Lookup("end-of-life")
				p, err := ParseParams(r, q, Params{AsOf: st.Today(), Currency: "GBP", FiscalYearStart: c.fyStart})
				if err != nil {
					t.Fatal(err)
				}
				summary, err := EndOfLifeSummary(ctx, st, p, c.group)
				if err != nil {
					t.Fatal(err)
				}
				got, gotTotals := map[string]int64{}, map[string]int64{}
				var labels []string
				for _, eq := range summary {
					labels = append(labels, eq.Label)
					got[eq.Label+" devices"] = eq.Devices
					for cur, a := range eq.Totals {
						got[eq.Label+" "+cur] = a
						gotTotals[eq.Label+" "+cur] = a
					}
					for _, g := range eq.Groups {
						got[eq.Label+" "+g.Name+" devices"] = g.Devices
						for cur, a := range g.Totals {
							got[eq.Label+" "+g.Name+" "+cur] = a
						}
					}
				}
				if len(rows) < 10 {
					t.Fatalf("only %d rows: the test register is too small to mean anything", len(rows))
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("summary differs from the report's rows\n got %v\nwant %v", got, want)
				}
				if fmt.Sprint(gotTotals) != fmt.Sprint(subtotals) {
					t.Errorf("quarter totals differ from the report's subtotal rows\n got %v\nwant %v", gotTotals, subtotals)
				}
				if !slices.IsSortedFunc(summary, func(a, b EndOfLifeQuarter) int { return a.FiscalYear*10 + a.Quarter - b.FiscalYear*10 - b.Quarter }) {
					t.Errorf("quarters out of order: %s", strings.Join(labels, ", "))
				}
			})
		}
	})
}

// addClampDevices adds devices bought on the last days of months, with lifetimes (their own
// or their category's) that land on shorter months, some with costs in two currencies, one
// with an end of support: the cases where month arithmetic in SQL can drift from Go's.
func addClampDevices(t *testing.T, st *models.Store) {
	t.Helper()
	ctx := context.Background()
	for i, day := range []string{"2022-01-31", "2022-03-31", "2022-05-30", "2021-08-31", "2023-10-31", "2020-02-29", "2022-12-29", "2023-02-28"} {
		for j, life := range []int{1, 13, 37, 47, 48, 49} {
			l := life
			d := models.Device{AssetTag: ptr(fmt.Sprintf("CLAMP-%d-%d", i, j)), Category: models.DeviceCategories[(i+j)%len(models.DeviceCategories)],
				Status: "deployed", Department: []string{"Finance", "IT", ""}[j%3], Model: fmt.Sprintf("M%d", j%4), PurchaseDate: models.MustDate(day),
				PurchaseCost: opsMoney([]string{"100.00 GBP", "250.50 EUR", "0.00 GBP"}[(i+j)%3])}
			if j%2 == 0 {
				d.LifetimeMonths = &l
			}
			if j == 5 {
				d.EOLDate = models.MustDate("2027-01-31")
			}
			if err := st.CreateDevice(ctx, &d); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestEndOfLifePreviewIsTheReportsFirstRows holds a preview (Params.Preview, a page's first
// rows) to the first rows of the full end-of-life report, on both databases.
func TestEndOfLifePreviewIsTheReportsFirstRows(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		newOpsRegister(t, st)
		addClampDevices(t, st)
		q := url.Values{"within": {"3650"}}
		full := opsRows(t, opsBuild(t, st, "end-of-life", q, 4))
		r, _ := Lookup("end-of-life")
		for _, n := range []int{1, 5, 20} {
			p, err := ParseParams(r, q, Params{AsOf: st.Today(), Currency: "GBP", FiscalYearStart: 4, Preview: n})
			if err != nil {
				t.Fatal(err)
			}
			tbl, err := r.Build(context.Background(), st, p)
			if err != nil {
				t.Fatal(err)
			}
			got := opsRows(t, tbl)
			if len(got) < n || len(full) <= n {
				t.Fatalf("preview of %d: %d rows, the report %d", n, len(got), len(full))
			}
			opsCheckRows(t, got[:n], full[:n])
		}
	})
}
