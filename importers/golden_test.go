package importers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"itreg/importers"
	"itreg/models"
	"itreg/models/modeltest"
)

// updateGolden rewrites the golden files from what the code produces today.
var updateGolden = flag.Bool("update", false, "rewrite importers/testdata/*.golden")

// mustMatchGolden compares got with testdata/name, or writes it there with -update.
func mustMatchGolden(tb testing.TB, name, got string) {
	tb.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test -run %s -update to write it)", err, tb.Name())
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				tb.Fatalf("%s differs at line %d:\n got  %q\n want %q", path, i+1, g, w)
			}
		}
	}
}

// mustDumpWorkbook lists every sheet and every non-empty cell of a workbook as Excel shows it
// (number formats applied), with the cell's type and style's number format, one cell a line.
func mustDumpWorkbook(tb testing.TB, data []byte) string {
	tb.Helper()
	f := mustOpenXLSX(tb, bytes.NewReader(data))
	var b strings.Builder
	fmt.Fprintf(&b, "active %s\n", f.GetSheetName(f.GetActiveSheetIndex()))
	for _, name := range f.GetSheetList() {
		fmt.Fprintf(&b, "sheet %s\n", name)
		rows, err := f.GetRows(name)
		if err != nil {
			tb.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, _ := f.GetCellType(name, cell)
				style, _ := f.GetCellStyle(name, cell)
				numFmt := ""
				if st, err := f.GetStyle(style); err == nil && st.CustomNumFmt != nil {
					numFmt = *st.CustomNumFmt
				}
				fmt.Fprintf(&b, "%s\t%q\ttype=%d\tfmt=%q\n", cell, v, typ, numFmt)
			}
		}
		dvs, err := f.GetDataValidations(name)
		if err != nil {
			tb.Fatal(err)
		}
		for _, dv := range dvs {
			fmt.Fprintf(&b, "validation %s %s %s\n", dv.Sqref, dv.Type, dv.Formula1)
		}
	}
	return b.String()
}

// TestGoldenWorkbooks pins every cell of the template and of an export, and what importing the
// template produces (its result and the records it writes), so moving code is provably neutral.
func TestGoldenWorkbooks(t *testing.T) {
	var tmpl bytes.Buffer
	if err := importers.WriteTemplate(&tmpl); err != nil {
		t.Fatal(err)
	}
	t.Run("template", func(t *testing.T) {
		mustMatchGolden(t, "template.golden", mustDumpWorkbook(t, tmpl.Bytes()))
	})
	t.Run("template import", func(t *testing.T) {
		modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
			ctx := context.Background()
			res, err := importers.Import(ctx, st, "template.xlsx", bytes.NewReader(tmpl.Bytes()), int64(tmpl.Len()),
				importers.Options{Currency: "GBP"})
			if err != nil {
				t.Fatal(err)
			}
			res.ID, res.FinishedAt = 0, nil
			out, err := json.MarshalIndent(struct {
				Result   *importers.Result
				Register any
			}{res, snapshot(t, st)}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			// created_at is the only clock-dependent field of the result.
			var generic map[string]any
			if err := json.Unmarshal(out, &generic); err != nil {
				t.Fatal(err)
			}
			delete(generic["Result"].(map[string]any), "created_at")
			out, _ = json.MarshalIndent(generic, "", "  ")
			mustMatchGolden(t, "template_import.golden", string(out)+"\n")
		})
	})
	t.Run("export", func(t *testing.T) {
		modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
			seedRegister(t, st)
			var buf bytes.Buffer
			if err := importers.Export(context.Background(), st, &buf, importers.ExportOptions{}); err != nil {
				t.Fatal(err)
			}
			mustMatchGolden(t, "export.golden", mustDumpWorkbook(t, buf.Bytes()))
		})
	})
}
