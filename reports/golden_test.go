package reports

import (
	"bytes"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"itreg/models"
	"itreg/models/modeltest"
)

// updateGolden rewrites the golden report files instead of comparing with them.
var updateGolden = flag.Bool("update", false, "rewrite reports/testdata/golden from the current output")

// TestReportsGolden pins every report in every format, for the ops and budget registers at the
// store's fixed clock, to the files in testdata/golden: a refactoring of the reports must
// leave each file byte for byte as it was. XLSX is compared as the cells excelize reads back
// (formatted and raw), since the zip carries its own timestamps.
func TestReportsGolden(t *testing.T) {
	forEachReportFormat(t, func(t *testing.T, st *models.Store, r Report, format string) {
		got := render(t, opsBuild(t, st, r.Name, fixedQuery(r), 4), format)
		name := r.Name + "." + format
		if format == "xlsx" {
			got = xlsxText(t, got)
			name += ".txt"
		}
		checkGolden(t, filepath.Join("testdata", "golden", name), got)
	})
}

// forEachReportFormat runs fn as a subtest ("dialect/report.format") for every report in
// every format it renders, on a store per dialect holding the ops and budget registers.
func forEachReportFormat(t *testing.T, fn func(t *testing.T, st *models.Store, r Report, format string)) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		newOpsRegister(t, st)
		budgetRegister(t, st)
		for _, r := range All() {
			for _, format := range r.Formats() {
				t.Run(r.Name+"."+format, func(t *testing.T) { fn(t, st, r, format) })
			}
		}
	})
}

// fixedQuery returns the query every report is built with in the golden and reproducibility
// tests: as_of, within and fiscal_year fixed, as far as the report takes them.
func fixedQuery(r Report) url.Values {
	all := url.Values{"as_of": {"2026-11-22"}, "within": {"365"}, "fiscal_year": {"2027"}}
	q := url.Values{}
	for k, v := range all {
		if r.Uses(k) {
			q[k] = v
		}
	}
	return q
}

// checkGolden compares got with the golden file, or rewrites it under -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *updateGolden {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run TestReportsGolden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

// xlsxText writes every sheet of a workbook as text: per sheet its name, then each row's
// cells as excelize formats them and as their raw values, separated by " | ".
func xlsxText(t *testing.T, data []byte) []byte {
	t.Helper()
	f := mustOpenXLSX(t, bytes.NewReader(data))
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		for _, raw := range []bool{false, true} {
			fmt.Fprintf(&b, "== %s (raw %v)\n", sheet, raw)
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: raw})
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range rows {
				b.WriteString(strings.Join(row, " | "))
				b.WriteString("\n")
			}
		}
	}
	return []byte(b.String())
}
