package sheet

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"itreg/importers/sheet/sheettest"
)

const benchRows = 100_000

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// benchFiles writes the 100k-row devices workbook and CSV once per test binary run.
func benchFiles(b *testing.B) (xlsxPath, csvPath string) {
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "sheet-bench-")
		if benchErr != nil {
			return
		}
		benchErr = sheettest.WriteDevicesXLSX(filepath.Join(benchDir, "devices.xlsx"), benchRows)
		if benchErr == nil {
			benchErr = sheettest.WriteDevicesCSV(filepath.Join(benchDir, "devices.csv"), benchRows)
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return filepath.Join(benchDir, "devices.xlsx"), filepath.Join(benchDir, "devices.csv")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func benchRead(b *testing.B, path string) {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	b.SetBytes(st.Size())
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		bk, err := Open(filepath.Base(path), f, st.Size(), Limits{})
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for r, err := range bk.Rows(0) {
			if err != nil {
				b.Fatal(err)
			}
			if len(r.Cells) == 0 {
				b.Fatal("empty row")
			}
			rows++
		}
		bk.Close()
	}
	if rows != benchRows+1 {
		b.Fatalf("read %d rows, want %d", rows, benchRows+1)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkReadXLSX100k reads 100,000 rows x 20 columns (shared strings, date styles).
func BenchmarkReadXLSX100k(b *testing.B) {
	x, _ := benchFiles(b)
	benchRead(b, x)
}

// BenchmarkReadCSV100k reads the same rows as UTF-8 CSV.
func BenchmarkReadCSV100k(b *testing.B) {
	_, c := benchFiles(b)
	benchRead(b, c)
}

// BenchmarkExcelizeRows100k is excelize's own streaming row iterator on the same workbook,
// for comparison.
func BenchmarkExcelizeRows100k(b *testing.B) {
	x, _ := benchFiles(b)
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		f, err := excelize.OpenFile(x)
		if err != nil {
			b.Fatal(err)
		}
		it, err := f.Rows("Devices")
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for it.Next() {
			if _, err := it.Columns(); err != nil {
				b.Fatal(err)
			}
			rows++
		}
		it.Close()
		f.Close()
	}
	if rows != benchRows+1 {
		b.Fatalf("read %d rows, want %d", rows, benchRows+1)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkInflateScan100k only inflates the sheet XML and counts "<c ": the floor for any
// reader of this workbook.
func BenchmarkInflateScan100k(b *testing.B) {
	x, _ := benchFiles(b)
	b.ReportAllocs()
	buf := make([]byte, 64<<10)
	pat := []byte("<c ")
	for b.Loop() {
		zr, err := zip.OpenReader(x)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, f := range zr.File {
			if f.Name != "xl/worksheets/sheet1.xml" {
				continue
			}
			rc, _ := f.Open()
			carry := 0
			for {
				m, err := rc.Read(buf[carry:])
				chunk := buf[:carry+m]
				n += bytes.Count(chunk, pat)
				// keep the last two bytes in case "<c " straddles reads (they
				// cannot hold a whole "<c ", so nothing is counted twice)
				carry = copy(buf, chunk[max(0, len(chunk)-2):])
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			rc.Close()
		}
		zr.Close()
		if n < benchRows*15 {
			b.Fatalf("counted %d cells", n)
		}
	}
}
