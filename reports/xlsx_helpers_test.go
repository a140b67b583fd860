package reports

import (
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

// mustOpenXLSX opens a workbook the test wrote, closed when the test ends.
func mustOpenXLSX(tb testing.TB, r io.Reader) *excelize.File {
	tb.Helper()
	f, err := excelize.OpenReader(r)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = f.Close() })
	return f
}
