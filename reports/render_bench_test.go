package reports

import (
	"io"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"itreg/models"
)

// generated returns a table of n rows and 8 columns, one of each type plus a second text and
// date column, yielded from a generator so nothing but the renderer holds rows.
func generated(n int) *Table {
	base := models.MustDate("2026-01-01")
	return &Table{
		Name: "generated", Title: "Generated rows", GeneratedAt: fixedTime,
		Columns: fixtureColumns(),
		Params:  []Param{{Name: "rows", Value: strconv.Itoa(n)}},
		Calendar: &CalendarSpec{UIDKey: "item_id", SummaryKeys: []string{"item_id", "product"},
			Events: []CalendarEvent{{DateKey: "end_date", Label: "Ends"}}},
		Rows: func(yield func(Row, error) bool) {
			cur := [2]string{"GBP", "USD"}
			for i := range n {
				end := base.AddDays(i % 1500)
				r := Row{Cells: []any{
					"L-" + strconv.Itoa(i),
					"Product licence number " + strconv.Itoa(i%977),
					end,
					end.AddDays(-30),
					models.Money{Amount: int64(i%100000) * 7, Currency: cur[i%2]},
					int64(i % 500),
					float64(i%100) / 100,
					i%3 == 0,
				}}
				if !yield(r, nil) {
					return
				}
			}
		},
	}
}

// peakHeap runs fn while sampling the heap and returns the largest HeapAlloc seen.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	return peak.Load()
}

// TestRenderStreamingMemory renders 100,000 generated rows in each format and checks the
// heap stays bounded: a memory bound, not a time bound.
func TestRenderStreamingMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 100,000 rows per format")
	}
	const limit = 200 << 20
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var err error
			peak := peakHeap(func() { err = Render(io.Discard, generated(100_000), format) })
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: peak heap %.1f MB for 100,000 rows", format, float64(peak)/(1<<20))
			if peak > limit {
				t.Errorf("peak heap %d MB, want under %d MB", peak>>20, limit>>20)
			}
		})
	}
}

// benchmarkRender renders n generated rows in a format per iteration.
func benchmarkRender(b *testing.B, format string, n int) {
	b.ReportAllocs()
	for b.Loop() {
		if err := Render(io.Discard, generated(n), format); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
}

func BenchmarkRenderXLSX1M(b *testing.B)   { benchmarkRender(b, "xlsx", 1_000_000) }
func BenchmarkRenderXLSX100k(b *testing.B) { benchmarkRender(b, "xlsx", 100_000) }
func BenchmarkRenderJSON1M(b *testing.B)   { benchmarkRender(b, "json", 1_000_000) }
func BenchmarkRenderCSV1M(b *testing.B)    { benchmarkRender(b, "csv", 1_000_000) }
func BenchmarkRenderICS100k(b *testing.B)  { benchmarkRender(b, "ics", 100_000) }
