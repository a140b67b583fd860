package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"itreg/importers"
	"itreg/models/modeltest"
)

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.csv",
		"Asset Tag,Serial Number,Category,Status,Purchase Date,Purchase Cost\nA-1,S-1,Laptop,In use,2024-01-15,£900\nA-2,S-2,Monitor,In stock,2024-02-01,150\n")
	bad := write("bad.csv", "Asset Tag,Serial Number,Category,Purchase Date\nA-3,S-3,laptop,31/02/2024\nA-4,S-4,laptop,2024-01-01\n")
	mapping := write("mapping.json", `{"Kit": "asset_tag", "Made by": "manufacturer"}`)
	mapped := write("mapped.csv", "Kit,Made by,Category\nK-1,Dell,laptop\n")
	sysMapping := write("sys.json", `{"Kit": "id"}`)
	modeltest.ForEachDatabase(t, func(t *testing.T, db string) {
		cases := []struct {
			name    string
			args    []string
			want    int
			stdout  string
			stderr  string
			created int
		}{
			{name: "dry run", args: []string{"import", good, "--dry-run"}, want: exitOK, stdout: "dry run"},
			{name: "import", args: []string{"import", "--currency", "GBP", good}, want: exitOK, stdout: "2 created"},
			{name: "re-import", args: []string{"import", good}, want: exitOK, stdout: "2 unchanged"},
			{name: "invalid rows", args: []string{"import", bad}, want: exitFailure,
				stdout: `Sheet bad, row 2, column "Purchase Date": "31/02/2024" is not a date`},
			{name: "skip invalid", args: []string{"import", bad, "--skip-invalid"}, want: exitFailure, stdout: "1 created"},
			{name: "mapping", args: []string{"import", mapped, "--mapping", mapping}, want: exitOK, stdout: "1 created"},
			{name: "mapping to a system field", args: []string{"import", mapped, "--mapping", sysMapping}, want: exitUsage, stderr: "itreg sets itself"},
			{name: "bad date order", args: []string{"import", good, "--date-order", "dym"}, want: exitUsage, stderr: "date order"},
			{name: "missing file", args: []string{"import", filepath.Join(dir, "none.csv")}, want: exitUsage, stderr: "no such file"},
			{name: "no file", args: []string{"import"}, want: exitUsage, stderr: "exactly one file"},
			{name: "not a spreadsheet", args: []string{"import", write("pic.xlsx", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")}, want: exitUsage},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				out, errOut := mustRun(t, c.want, append(c.args, "--database", db)...)
				if !strings.Contains(out, c.stdout) || !strings.Contains(errOut, c.stderr) {
					t.Errorf("stdout %q\nstderr %q\nwant %q / %q", out, errOut, c.stdout, c.stderr)
				}
			})
		}
		t.Run("json", func(t *testing.T) {
			out, _ := mustRun(t, exitOK, "import", good, "--json", "--database", db)
			var res importers.Result
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatalf("%v in %s", err, out)
			}
			if res.Status != "succeeded" || res.Counts.Unchanged != 2 || res.Sheets[0].Kind != "device" {
				t.Errorf("result %+v", res)
			}
			if !strings.Contains(out, `"skip_invalid": false`) {
				t.Errorf("not snake_case JSON: %s", out)
			}
		})
	})
}
