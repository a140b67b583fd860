package reports

import (
	"context"
	"io"
	"net/url"
	"testing"
	"time"

	"itreg/models/modeltest"
)

// BenchmarkEndOfLifeFloor measures the end-of-life report over the large register
// (modeltest.FullLoad, Postgres) against Postgres' own cost of producing the same rows, in the
// same run: "floor" is COPY (modeltest.EndOfLifeFloorSQL) TO STDOUT through pgx into
// io.Discard; json, csv and xlsx build the report and render it to io.Discard. After each
// horizon's steps it logs each format's time as a multiple of the floor (issue 12: within 3x,
// XLSX within 6x). peak-MB is the largest heap seen during one run.
//
//	ITREG_TEST_POSTGRES_URL=... go test ./reports -run '^$' -bench EndOfLifeFloor -benchtime 2x -timeout 30m
func BenchmarkEndOfLifeFloor(b *testing.B) {
	st := modeltest.MustFullRegister(b)
	r, _ := Lookup("end-of-life")
	for _, within := range []string{"365", "3650"} {
		p, err := ParseParams(r, url.Values{"within": {within}}, Params{AsOf: st.Today(), Currency: "GBP", FiscalYearStart: 4})
		if err != nil {
			b.Fatal(err)
		}
		floorSQL := modeltest.EndOfLifeFloorSQL(st, p.AsOf, p.AsOf.AddDays(p.Within), p.FiscalYearStart)
		perOp := map[string]time.Duration{}
		for _, step := range []string{"floor", "json", "csv", "xlsx"} {
			b.Run("within-"+within+"/"+step, func(b *testing.B) {
				ctx := context.Background()
				var rows int64
				var peak uint64
				for b.Loop() {
					peak = max(peak, peakHeap(func() {
						if step == "floor" {
							rows, err = modeltest.CopyFloor(ctx, st, floorSQL, io.Discard)
							return
						}
						var n int
						n, err = runStep(ctx, st, r, p, step)
						rows = int64(n)
					}))
					if err != nil {
						b.Fatal(err)
					}
				}
				perOp[step] = b.Elapsed() / time.Duration(b.N)
				b.ReportMetric(float64(rows), "rows/op")
				b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
			})
		}
		if floor := perOp["floor"]; floor > 0 {
			for _, f := range []string{"json", "csv", "xlsx"} {
				b.Logf("end-of-life within %s days: floor %s, %s %s = %.2fx the floor", within, floor.Round(time.Millisecond),
					f, perOp[f].Round(time.Millisecond), float64(perOp[f])/float64(floor))
			}
		}
	}
}
