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

func TestExportAndTemplateCommands(t *testing.T) {
	modeltest.ForEachDatabase(t, func(t *testing.T, db string) {
		mustRun(t, exitOK, "demo", "--database", db)
		dir := t.TempDir()
		t.Run("export", func(t *testing.T) {
			path := filepath.Join(dir, "register.xlsx")
			out, _ := mustRun(t, exitOK, "export", path, "--database", db)
			if !strings.Contains(out, path) {
				t.Errorf("stdout %q", out)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows("Devices")
			if err != nil || len(rows) != 301 || rows[0][0] != "Asset Tag" {
				t.Fatalf("Devices sheet: %d rows, %v", len(rows), err)
			}
			if got := f.GetSheetList(); len(got) != 5 {
				t.Errorf("sheets %v", got)
			}
		})
		// The demo register links warranties that start years ahead to this year's budget
		// lines, and charges dollar hardware to none: the export must still come back as is.
		t.Run("the demo register's export imports back unchanged", func(t *testing.T) {
			out, _ := mustRun(t, exitOK, "import", filepath.Join(dir, "register.xlsx"), "--json", "--database", db)
			var res struct {
				Status string
				Counts struct{ Rows, Created, Updated, Unchanged, Failed int }
				Errors []struct{ Sheet, Column, Message string }
			}
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatal(err)
			}
			if c := res.Counts; res.Status != "succeeded" || c.Rows == 0 || c.Unchanged != c.Rows || len(res.Errors) != 0 {
				t.Fatalf("%s %+v %+v", res.Status, c, res.Errors)
			}
		})
		t.Run("export one kind", func(t *testing.T) {
			path := filepath.Join(dir, "vendors.xlsx")
			mustRun(t, exitOK, "export", "--kind", "vendor", "--database", db, path)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); len(got) != 1 || got[0] != "Vendors" {
				t.Errorf("sheets %v", got)
			}
		})
		t.Run("template", func(t *testing.T) {
			path := filepath.Join(dir, "template.xlsx")
			mustRun(t, exitOK, "template", path)
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got, _ := f.GetCellValue("Devices", "A2"); got != "LAP-0001" {
				t.Errorf("Devices!A2 = %q", got)
			}
		})
		usage := []struct {
			name string
			args []string
			msg  string
		}{
			{"no file", []string{"export", "--database", db}, "exactly one file"},
			{"not xlsx", []string{"template", filepath.Join(dir, "t.csv")}, "must end in .xlsx"},
			{"unknown kind", []string{"export", "--kind", "gadget", filepath.Join(dir, "x.xlsx"), "--database", db}, "unknown kind"},
			{"two files", []string{"template", "a.xlsx", "b.xlsx"}, "exactly one file"},
		}
		for _, tc := range usage {
			t.Run(tc.name, func(t *testing.T) {
				_, errOut := mustRun(t, exitUsage, tc.args...)
				if !strings.Contains(errOut, tc.msg) {
					t.Errorf("stderr %q does not say %q", errOut, tc.msg)
				}
			})
		}
		t.Run("a failed write leaves no file", func(t *testing.T) {
			path := filepath.Join(dir, "missing", "x.xlsx")
			mustRun(t, exitFailure, "template", path)
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("stat %v", err)
			}
		})
	})
}
