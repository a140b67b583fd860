package importers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"itreg/importers"
	"itreg/importers/sheet/sheettest"
	"itreg/models"
	"itreg/models/modeltest"
)

// Run: ITREG_TEST_POSTGRES_URL=... go test ./importers -run '^$' -bench Import -benchtime 1x
//
// Each benchmark measures, in the same run, the floors the issue names: inflating the sheet
// XML and scanning it for cells, and a bare pgx CopyFrom of the same rows into a scratch
// table (Postgres only). It reports the import's seconds, its ratio to the floor and the
// peak heap in use while it ran. On Postgres it also reports a second floor, the same copy
// into a logged table with the indexes of devices (floor-indexed-s), and the ratios to it.

var (
	benchMu    sync.Mutex
	benchDir   string
	benchFiles = map[int][2]string{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// devicesFiles writes the n-row devices workbook and CSV once per run, for every dialect.
func devicesFiles(b *testing.B, n int) (xlsxPath, csvPath string) {
	benchMu.Lock()
	defer benchMu.Unlock()
	if f, ok := benchFiles[n]; ok {
		return f[0], f[1]
	}
	if benchDir == "" {
		var err error
		if benchDir, err = os.MkdirTemp("", "importers-bench-"); err != nil {
			b.Fatal(err)
		}
	}
	dir := filepath.Join(benchDir, strconv.Itoa(n))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	x, c := filepath.Join(dir, "devices.xlsx"), filepath.Join(dir, "devices.csv")
	if err := sheettest.WriteDevicesXLSX(x, n); err != nil {
		b.Fatal(err)
	}
	if err := sheettest.WriteDevicesCSV(c, n); err != nil {
		b.Fatal(err)
	}
	benchFiles[n] = [2]string{x, c}
	return x, c
}

// peakHeap samples HeapInuse every 5 ms until stop is called and returns the maximum.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > peak.Load() {
			peak.Store(ms.HeapInuse)
		}
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		sample()
		return peak.Load()
	}
}

// inflateFloor inflates every XML part of the workbook and counts its cells.
func inflateFloor(b *testing.B, path string) time.Duration {
	start := time.Now()
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	cells := 0
	buf := make([]byte, 256<<10)
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			b.Fatal(err)
		}
		for {
			n, err := rc.Read(buf)
			cells += bytes.Count(buf[:n], []byte("<c "))
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		rc.Close()
	}
	if cells == 0 {
		b.Fatal("no cells")
	}
	return time.Since(start)
}

// copyFloor copies the CSV's rows, typed as the devices table has them, into a scratch table
// shaped like devices with a bare pgx CopyFrom: a temporary table without indexes, or with
// indexed set a logged table with the indexes devices has (what the import's COPY into
// devices cannot do without).
func copyFloor(b *testing.B, st *models.Store, csvPath string, indexed bool) time.Duration {
	f, err := os.Open(csvPath)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	conn, err := st.SQLDB().Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	var took time.Duration
	err = conn.Raw(func(dc any) error {
		c := dc.(*stdlib.Conn).Conn()
		create := "CREATE TEMP TABLE scratch_devices (LIKE devices INCLUDING DEFAULTS)"
		if indexed {
			create = "CREATE TABLE scratch_devices (LIKE devices INCLUDING DEFAULTS INCLUDING INDEXES)"
		}
		if _, err := c.Exec(ctx, create); err != nil {
			return err
		}
		cols := []string{"id", "created_at", "updated_at", "version", "notes", "asset_tag", "serial_number",
			"hostname", "category", "model", "status", "assigned_to", "department", "cost_centre", "location",
			"purchase_date", "purchase_cost_amount", "purchase_cost_currency", "order_number", "invoice_number",
			"lifetime_months", "eol_date"}
		start := time.Now()
		now := time.Now()
		rows := make([][]any, 0, len(recs)-1)
		for i, r := range recs[1:] {
			pd, _ := time.Parse("2006-01-02", r[11])
			eol, _ := time.Parse("2006-01-02", r[18])
			cost, _ := strconv.ParseFloat(r[12], 64)
			months, _ := strconv.Atoi(r[17])
			rows = append(rows, []any{int64(i + 1), now, now, int64(1), r[19], r[0], r[1], r[2], r[3], r[5], r[6],
				r[7], r[8], r[9], r[10], pd, int64(cost*100 + 0.5), r[13], r[15], r[16], months, eol})
		}
		if _, err := c.CopyFrom(ctx, pgx.Identifier{"scratch_devices"}, cols, pgx.CopyFromRows(rows)); err != nil {
			return err
		}
		took = time.Since(start)
		_, err := c.Exec(ctx, "DROP TABLE scratch_devices")
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return took
}

// importOnce imports the file into st and returns how long it took and the peak heap.
func importOnce(b *testing.B, st *models.Store, path string) (time.Duration, uint64, *importers.Result) {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	runtime.GC()
	stop := peakHeap()
	start := time.Now()
	res, err := importers.Import(context.Background(), st, filepath.Base(path), f, fi.Size(), importers.Options{})
	took := time.Since(start)
	peak := stop()
	if err != nil {
		b.Fatal(err)
	}
	if res.Status != models.ImportSucceeded || res.Counts.Failed > 0 {
		b.Fatalf("import %s: %s %+v %v", path, res.Status, res.Counts, res.Errors[:min(5, len(res.Errors))])
	}
	return took, peak, res
}

func BenchmarkImport(b *testing.B) {
	for _, dialect := range []string{models.Postgres, models.SQLite} {
		for _, n := range []int{10_000, 100_000} {
			b.Run(fmt.Sprintf("%s/%dk", dialect, n/1000), func(b *testing.B) {
				if dialect == models.Postgres && modeltest.PostgresURL() == "" {
					b.Skip("ITREG_TEST_POSTGRES_URL not set")
				}
				xlsxPath, csvPath := devicesFiles(b, n)
				for b.Loop() {
					fresh := func() *models.Store {
						st := modeltest.MustStore(b, dialect)
						if _, err := st.Migrate(context.Background()); err != nil {
							b.Fatal(err)
						}
						return st
					}
					inflate := inflateFloor(b, xlsxPath)
					floor, indexedFloor := inflate, time.Duration(0)
					st := fresh()
					if dialect == models.Postgres {
						floor += copyFloor(b, st, csvPath, false)
						indexedFloor = inflate + copyFloor(b, st, csvPath, true)
					}
					x, xPeak, res := importOnce(b, st, xlsxPath)
					if res.Counts.Created != n {
						b.Fatalf("created %d, want %d", res.Counts.Created, n)
					}
					again, againPeak, res := importOnce(b, st, xlsxPath)
					if res.Counts.Unchanged != n {
						b.Fatalf("re-import: unchanged %d, want %d", res.Counts.Unchanged, n)
					}
					c, cPeak, _ := importOnce(b, fresh(), csvPath)
					b.ReportMetric(floor.Seconds(), "floor-s")
					b.ReportMetric(x.Seconds(), "xlsx-s")
					b.ReportMetric(c.Seconds(), "csv-s")
					b.ReportMetric(again.Seconds(), "reimport-s")
					b.ReportMetric(x.Seconds()/floor.Seconds(), "xlsx/floor")
					b.ReportMetric(c.Seconds()/floor.Seconds(), "csv/floor")
					b.ReportMetric(again.Seconds()/x.Seconds(), "reimport/first")
					b.ReportMetric(float64(max(xPeak, againPeak, cPeak))/(1<<20), "peak-heap-MB")
					if indexedFloor > 0 {
						// The same floor with the copy going into an indexed, logged table.
						b.ReportMetric(indexedFloor.Seconds(), "floor-indexed-s")
						b.ReportMetric(x.Seconds()/indexedFloor.Seconds(), "xlsx/floor-indexed")
						b.ReportMetric(c.Seconds()/indexedFloor.Seconds(), "csv/floor-indexed")
					}
				}
			})
		}
	}
}
