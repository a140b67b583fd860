package reports

import (
	"context"
	"io"
	"net/url"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// BenchmarkOpsReports runs the end-of-life, renewals and warranty-coverage reports over the
// large register (modeltest.LoadRegister: 1,000,000 devices, 100,000 licences, 200,000 warranties) on
// Postgres, as of 2026-11-22. Each case splits the time into steps:
//
//	keys  Build only: for end-of-life and renewals the candidate query, the end-of-life or
//	      notice-deadline computation in Go and the sort (coverage builds lazily, so ~0);
//	rows  Build and pulling every row (the paged loads of devices, covers, licences,
//	      warranties), without rendering;
//	json, xlsx  the whole report rendered to io.Discard.
//
// rows/op is the number of report rows; peak-MB the largest heap seen during one run.
func BenchmarkOpsReports(b *testing.B) {
	st := modeltest.MustFullRegister(b)
	cases := []struct {
		name, report string
		q            url.Values
	}{
		{"end-of-life", "end-of-life", url.Values{}},
		{"end-of-life-10y", "end-of-life", url.Values{"within": {"3650"}}},
		{"renewals", "renewals", url.Values{}},
		{"renewals-10y", "renewals", url.Values{"within": {"3650"}}},
		{"warranty-coverage", "warranty-coverage", url.Values{}},
	}
	for _, c := range cases {
		r, _ := Lookup(c.report)
		p, err := ParseParams(r, c.q, Params{AsOf: st.Today(), Currency: "GBP", FiscalYearStart: 4})
		if err != nil {
			b.Fatal(err)
		}
		for _, step := range []string{"keys", "rows", "json", "xlsx"} {
			b.Run(c.name+"/"+step, func(b *testing.B) {
				ctx := context.Background()
				var rows int
				var peak uint64
				for b.Loop() {
					peak = max(peak, peakHeap(func() {
						rows, err = runStep(ctx, st, r, p, step)
					}))
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(rows), "rows/op")
				b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
			})
		}
	}
}

// runStep builds the report and runs one step of it, returning the number of rows seen.
func runStep(ctx context.Context, st *models.Store, r Report, p Params, step string) (int, error) {
	t, err := r.Build(ctx, st, p)
	if err != nil || step == "keys" {
		return 0, err
	}
	n := 0
	if step == "rows" {
		for _, err := range t.Rows {
			if err != nil {
				return n, err
			}
			n++
		}
		return n, nil
	}
	counted := t.Rows
	t.Rows = func(yield func(Row, error) bool) {
		for row, err := range counted {
			n++
			if !yield(row, err) {
				return
			}
		}
	}
	return n, Render(io.Discard, t, step)
}
