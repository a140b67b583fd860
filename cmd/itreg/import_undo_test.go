package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"itreg/models/modeltest"
)

func TestImportUndoCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "d.csv")
	if err := os.WriteFile(file, []byte("Asset Tag,Category\nU-1,laptop\nU-2,monitor\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dialect := range modeltest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			db := modeltest.MustDatabaseURL(t, dialect)
			mustRun(t, exitOK, "import", file, "--database", db)
			tests := []struct {
				name           string
				args           []string
				want           int
				stdout, stderr string
			}{
				{"undo", []string{"import", "undo", "1"}, exitOK, "import #1 undone: 2 records removed, 0 restored", ""},
				{"twice", []string{"import", "undo", "1"}, exitFailure, "", "undone already"},
				{"missing", []string{"import", "undo", "99"}, exitFailure, "", "there is no import #99"},
				{"not an id", []string{"import", "undo", "x"}, exitUsage, "", "no import id"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					out, errOut := mustRun(t, tt.want, append(tt.args, "--database", db)...)
					if !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
						t.Fatalf("stdout %q stderr %q", out, errOut)
					}
				})
			}
		})
	}
}
