//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"itreg/models/modeltest"
)

// TestFilesHonourUmask checks the modes of the files the CLI writes: the umask always applies,
// and files holding licence keys (export, --errors-out) are 0600 whatever it allows.
func TestFilesHonourUmask(t *testing.T) {
	db := modeltest.MustDatabaseURL(t, "sqlite")
	mustRun(t, exitOK, "migrate", "--database", db)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("Asset Tag,Category\nX-1,toaster\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		umask int
		args  []string
		file  string
		want  os.FileMode
	}{
		{"report under 077", 0o077, []string{"report", "--out", "r1.csv", "--format", "csv", "renewals"}, "r1.csv", 0o600},
		{"report under 022", 0o022, []string{"report", "--out", "r2.csv", "--format", "csv", "renewals"}, "r2.csv", 0o644},
		{"template under 027", 0o027, []string{"template", "t.xlsx"}, "t.xlsx", 0o640},
		{"export under 022", 0o022, []string{"export", "e.xlsx"}, "e.xlsx", 0o600},
		{"errors-out under 022", 0o022, []string{"import", "--errors-out", "errs.xlsx", bad}, "errs.xlsx", 0o600},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			old := syscall.Umask(tc.umask)
			defer syscall.Umask(old)
			args := append([]string(nil), tc.args...)
			for i, a := range args {
				if a == tc.file {
					args[i] = filepath.Join(dir, a)
				}
			}
			args = append([]string{args[0], "--database", db}, args[1:]...)
			var out, errb bytes.Buffer
			// An import with invalid rows exits 1 after writing its error workbook.
			if code := run(context.Background(), args, &out, &errb); code != exitOK && code != exitFailure {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			fi, err := os.Stat(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != tc.want {
				t.Fatalf("mode %o, want %o", got, tc.want)
			}
		})
	}
}
