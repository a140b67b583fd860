package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"itreg/importers"
	"itreg/models"
	"itreg/models/modeltest"
)

func TestImportPreviewCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	office := write("office.csv", "Asset Tag,Serial No / Service Tag,Issued To,Warranty,Device Type\n"+
		"A-1,S1,Ana,YES,Laptop\nA-2,S2,Bo,NO,PDU\nA-3,S3,Cy,YES,Laptop\n")
	vm := write("values.json", `{"category": {"PDU": "other"}}`)
	// A category may be mapped to a new one (the import creates it); a status may not.
	badVM := write("bad-values.json", `{"status": {"PDU": "power"}}`)
	db := modeltest.MustDatabaseURL(t, models.SQLite)
	st, err := models.Open(context.Background(), db, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec, err := importers.ProfileRecord(importers.Profile{Name: "kits", Columns: []string{"Kit"}, Mapping: map[string]string{"Kit": "asset_tag"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateImportProfile(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	st.Close()
	tests := []struct {
		name           string
		args           []string
		want           int
		stdout, stderr string
	}{
		{"human preview", []string{"import", office, "--preview", "--kind", "devices"}, exitOK,
			`"Serial No / Service Tag"    -> serial_number`, ""},
		{"finding", []string{"import", office, "--preview"}, exitOK, "`Warranty` holds YES/NO, not a number of months", ""},
		{"unknown values listed", []string{"import", office, "--preview"}, exitOK, `not understood: "PDU" x1`, ""},
		{"value map", []string{"import", office, "--preview", "--value-map", vm}, exitOK, "3 known category values", ""},
		{"value map to an unknown value", []string{"import", office, "--preview", "--value-map", badVM}, exitUsage, "", `"power", which is not a status`},
		{"unknown profile", []string{"import", office, "--preview", "--profile", "nope"}, exitUsage, "", "no import profile is named nope"},
		{"a profile whose columns are gone", []string{"import", office, "--preview", "--profile", "kits"}, exitOK,
			`profile kits was not applied: the file has no column "Kit"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut := mustRun(t, tt.want, append(tt.args, "--database", db)...)
			if !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Fatalf("stdout %q\nstderr %q\nwant %q / %q", out, errOut, tt.stdout, tt.stderr)
			}
		})
	}
	t.Run("json", func(t *testing.T) {
		out, _ := mustRun(t, exitOK, "import", office, "--preview", "--json", "--database", db)
		var res importers.PreviewResult
		if err := json.Unmarshal([]byte(out), &res); err != nil || res.Sheets[0].Rows != 3 {
			t.Fatalf("%v %s", err, out)
		}
	})
}
