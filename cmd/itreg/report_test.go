package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"itreg/models/modeltest"
)

func TestReportCommand(t *testing.T) {
	modeltest.ForEachDatabase(t, func(t *testing.T, db string) {
		mustRun(t, exitOK, "demo", "--database", db)
		dir := t.TempDir()
		t.Run("json to stdout", func(t *testing.T) {
			out, _ := mustRun(t, exitOK, "report", "renewals", "--database", db, "--as-of", "2026-11-22", "--within", "365")
			var doc struct {
				Report     string            `json:"report"`
				Parameters map[string]string `json:"parameters"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("%v: %.200s", err, out)
			}
			if doc.Report != "renewals" || doc.Parameters["as_of"] != "2026-11-22" || doc.Parameters["within"] != "365" {
				t.Errorf("report %q parameters %v", doc.Report, doc.Parameters)
			}
		})
		t.Run("flags before the name, csv", func(t *testing.T) {
			out, _ := mustRun(t, exitOK, "report", "--format", "csv", "--database", db, "--department", "Finance", "warranty-coverage")
			if !strings.HasPrefix(out, "\ufeffAsset tag,") {
				t.Errorf("csv starts %.60q", out)
			}
		})
		t.Run("xlsx file from the extension", func(t *testing.T) {
			path := filepath.Join(dir, "eol.xlsx")
			_, errOut := mustRun(t, exitOK, "report", "end-of-life", "--database", db, "--out", path, "--as-of", "2026-11-22")
			if !strings.Contains(errOut, path) {
				t.Errorf("stderr %q", errOut)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got, _ := f.GetCellValue("end-of-life", "A2"); got != "Asset tag" {
				t.Errorf("A2 = %q", got)
			}
			if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
				t.Errorf("file mode %v, %v", fi.Mode(), err)
			}
		})
		t.Run("ics", func(t *testing.T) {
			out, _ := mustRun(t, exitOK, "report", "renewals", "--format", "ics", "--database", db)
			if !strings.HasPrefix(out, "BEGIN:VCALENDAR\r\n") {
				t.Errorf("ics starts %.40q", out)
			}
		})
		bad := []struct {
			name    string
			args    []string
			mention string
		}{
			{"no name", []string{"report"}, "usage: itreg report NAME"},
			{"unknown report", []string{"report", "nope"}, "end-of-life"},
			{"unknown format", []string{"report", "renewals", "--format", "pdf"}, "json, csv, xlsx, ics"},
			{"ics without dates", []string{"report", "end-of-life", "--format", "ics"}, "json, csv, xlsx"},
			{"bad date", []string{"report", "renewals", "--as-of", "2026-02-30"}, "--as-of"},
			{"huge horizon", []string{"report", "renewals", "--within", "4000"}, "--within"},
			{"extra argument", []string{"report", "renewals", "budget"}, "unexpected"},
		}
		for _, tc := range bad {
			t.Run(tc.name, func(t *testing.T) {
				_, errOut := mustRun(t, exitUsage, append(tc.args, "--database", db)...)
				if !strings.Contains(errOut, tc.mention) {
					t.Errorf("stderr lacks %q: %s", tc.mention, errOut)
				}
			})
		}
	})
}
