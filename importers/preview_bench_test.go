package importers_test

import (
	"os"
	"syscall"
	"testing"
	"time"

	"itreg/importers"
)

// BenchmarkPreview100k previews the 100,000-row devices workbook and CSV the import benchmark
// uses: every row read and every cell parsed, no database.
func BenchmarkPreview100k(b *testing.B) {
	xlsxPath, csvPath := devicesFiles(b, 100_000)
	for _, path := range []string{xlsxPath, csvPath} {
		b.Run(path[len(path)-4:], func(b *testing.B) {
			data, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			// CPU time is reported too: on a machine shared with other work the wall time
			// includes waiting for a core.
			before := cpuTime()
			for b.Loop() {
				res := mustPreview(b, path, data, importers.Options{Currency: "GBP"})
				if res.Sheets[0].Rows != 100_000 {
					b.Fatalf("rows %d", res.Sheets[0].Rows)
				}
			}
			b.ReportMetric((cpuTime()-before).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// cpuTime is the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
