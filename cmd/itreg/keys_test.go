package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestSecretKeys runs the key commands against a real database: keys new prints a usable key,
// keys rotate re-encrypts under the key file's first key, and serve refuses to start when the
// licence keys stored are sealed with a key it is not given, saying which variable to set.
func TestSecretKeys(t *testing.T) {
	for _, dialect := range modeltest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			db := modeltest.MustDatabaseURL(t, dialect)
			dir := t.TempDir()
			oldKey, _ := mustRun(t, exitOK, "keys", "new")
			newKey, _ := mustRun(t, exitOK, "keys", "new")
			if oldKey == newKey || len(strings.TrimSpace(oldKey)) != 44 {
				t.Fatalf("keys new printed %q and %q", oldKey, newKey)
			}
			keyFile := filepath.Join(dir, "itreg.key")
			writeKeys := func(lines ...string) {
				t.Helper()
				if err := os.WriteFile(keyFile, []byte(strings.Join(lines, "")), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			writeKeys(oldKey)
			t.Setenv("ITREG_SECRET_KEY_FILE", keyFile)
			mustRun(t, exitOK, "migrate", "--database", db)
			old, err := models.ParseKeyring(oldKey)
			if err != nil {
				t.Fatal(err)
			}
			st, err := models.Open(context.Background(), db, models.Options{Secrets: old})
			if err != nil {
				t.Fatal(err)
			}
			err = st.CreateLicence(context.Background(), &models.Licence{Product: "Office", Type: "perpetual", Metric: "site", Key: "K-123456789"})
			st.Close()
			if err != nil {
				t.Fatal(err)
			}
			cases := []struct {
				name, keyFile, want string
			}{
				{"no key", "", "ITREG_SECRET_KEY"},
				{"another key", "other", "not configured"},
			}
			for _, tc := range cases {
				t.Run("serve refuses: "+tc.name, func(t *testing.T) {
					if tc.keyFile != "" {
						writeKeys(newKey)
						defer writeKeys(oldKey)
					} else {
						t.Setenv("ITREG_SECRET_KEY_FILE", "")
					}
					_, stderr := mustRun(t, exitFailure, "serve", "--addr", "127.0.0.1:0", "--database", db)
					if !strings.Contains(stderr, tc.want) {
						t.Errorf("serve's refusal does not say %q:\n%s", tc.want, stderr)
					}
				})
			}
			t.Run("rotate", func(t *testing.T) {
				writeKeys(newKey, oldKey)
				out, _ := mustRun(t, exitOK, "keys", "rotate", "--database", db)
				if out != "re-encrypted 1 licence keys\n" {
					t.Fatalf("keys rotate printed %q", out)
				}
				writeKeys(oldKey)
				_, stderr := mustRun(t, exitFailure, "serve", "--addr", "127.0.0.1:0", "--database", db)
				if !strings.Contains(stderr, "not configured") {
					t.Errorf("serve with the retired key only does not refuse:\n%s", stderr)
				}
			})
		})
	}
}
