package reports

import (
	"context"
	"io"
	"net/url"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// financeBench is one finance report the benchmarks run, with the query its rows come from
// run alone (no report logic, no rendering) to split the time into query, build and render.
type financeBench struct {
	report string
	query  url.Values
	raw    func(ctx context.Context, st *models.Store, p Params) (rows int, err error)
}

var financeBenches = []financeBench{
	{report: "budget", query: url.Values{}, raw: func(ctx context.Context, st *models.Store, p Params) (int, error) {
		first, last := models.FiscalYearBounds(p.FiscalYear, p.FiscalYearStart)
		n := 0
		err := st.EachPurchaseDay(ctx, first, last, models.SpendScope{}, func(models.PurchaseDay) error { n++; return nil })
		if err != nil {
			return n, err
		}
		err = st.EachCostItem(ctx, first, last, st.Today(), models.SpendScope{}, func(models.CostItem) error { n++; return nil })
		return n, err
	}},
	{report: "licence-compliance", query: url.Values{}, raw: func(ctx context.Context, st *models.Store, p Params) (int, error) {
		n := 0
		err := st.EachLicenceCompliance(ctx, models.ComplianceFilter{}, func(*models.LicenceCompliance) error { n++; return nil })
		return n, err
	}},
	{report: "depreciation", query: url.Values{}, raw: func(ctx context.Context, st *models.Store, p Params) (int, error) {
		_, last := models.FiscalYearBounds(p.FiscalYear, p.FiscalYearStart)
		n := 0
		err := st.EachDepreciableDevice(ctx, models.DepreciationFilter{PurchasedBy: last}, func(*models.DepreciableDevice) error { n++; return nil })
		return n, err
	}},
}

// financeParams parses a report's parameters as the API does, as of modeltest's clock.
func financeParams(b *testing.B, st *models.Store, name string, q url.Values) (Report, Params) {
	b.Helper()
	rep, ok := Lookup(name)
	if !ok {
		b.Fatalf("report %q not registered", name)
	}
	p, err := ParseParams(rep, q, Params{AsOf: st.Today(), FiscalYearStart: 4, Currency: "GBP"})
	if err != nil {
		b.Fatal(err)
	}
	return rep, p
}

// drain builds a report and reads every row without rendering it; it returns the row count.
func drain(b *testing.B, st *models.Store, rep Report, p Params) int {
	tbl, err := rep.Build(b.Context(), st, p)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, err := range tbl.Rows {
		if err != nil {
			b.Fatal(err)
		}
		n++
	}
	return n
}

// BenchmarkFinanceReports runs budget, licence-compliance and depreciation over the issue's
// register (1,000,000 devices, 100,000 licences, 200,000 warranties) in Postgres. Per report:
// "query" streams the model query alone; "build" adds the report logic (Build and reading every
// row); "json" and "xlsx" add rendering to io.Discard. So query = query, build - query = report
// logic, format - build = rendering. Each render reports its peak heap; "xlsx-memory" checks
// the 200 MB bound on reports of about 100,000 rows.
//
//	ITREG_TEST_POSTGRES_URL=... go test ./reports -run '^$' -bench FinanceReports -benchtime 1x
func BenchmarkFinanceReports(b *testing.B) {
	st := modeltest.MustFullRegister(b)
	financeXLSXMemory(b, st)
	for _, fb := range financeBenches {
		rep, p := financeParams(b, st, fb.report, fb.query)
		b.Run(fb.report+"/query", func(b *testing.B) {
			n := 0
			for b.Loop() {
				var err error
				if n, err = fb.raw(b.Context(), st, p); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "rows")
		})
		b.Run(fb.report+"/build", func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = drain(b, st, rep, p)
			}
			b.ReportMetric(float64(n), "rows")
		})
		for _, format := range []string{"json", "xlsx"} {
			b.Run(fb.report+"/"+format, func(b *testing.B) {
				b.ReportAllocs()
				var peak uint64
				for b.Loop() {
					tbl, err := rep.Build(b.Context(), st, p)
					if err != nil {
						b.Fatal(err)
					}
					peak = max(peak, peakHeap(func() { err = Render(io.Discard, tbl, format) }))
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
			})
		}
	}
}

// financeXLSXMemory renders the 100,000-row licence-compliance report and the laptop
// depreciation report (90,909 devices and their subtotals) as XLSX and fails when the heap
// goes over 200 MB.
func financeXLSXMemory(b *testing.B, st *models.Store) {
	const limit = 200 << 20
	for _, c := range []struct {
		report string
		query  url.Values
	}{
		{"licence-compliance", url.Values{}},
		{"depreciation", url.Values{"category": {"laptop"}}},
	} {
		b.Run("xlsx-memory/"+c.report, func(b *testing.B) {
			rep, p := financeParams(b, st, c.report, c.query)
			var peak uint64
			rows := 0
			for b.Loop() {
				rows = drain(b, st, rep, p)
				tbl, err := rep.Build(b.Context(), st, p)
				if err != nil {
					b.Fatal(err)
				}
				peak = max(peak, peakHeap(func() { err = Render(io.Discard, tbl, "xlsx") }))
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
			if peak > limit {
				b.Errorf("peak heap %d MB for %d rows, want under %d MB", peak>>20, rows, limit>>20)
			}
		})
	}
}
