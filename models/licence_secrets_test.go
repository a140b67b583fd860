package models_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// mustOpen opens a second store on url with the keyring lines (none when empty).
func mustOpen(t *testing.T, url, keys string) *models.Store {
	t.Helper()
	opt := models.Options{Now: func() time.Time { return modeltest.Clock }}
	if keys != "" {
		opt.Secrets = modeltest.MustKeyring(t, keys)
	}
	st, err := models.Open(context.Background(), url, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// storedKeys reads the licence_key column as stored, ordered by id.
func storedKeys(t *testing.T, st *models.Store) []string {
	t.Helper()
	rows, err := st.SQLDB().Query("SELECT licence_key FROM licences ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		out = append(out, k)
	}
	return out
}

// TestLicenceKeysSealedAtRest checks that licence keys written by the store and by the bulk
// (COPY) path are sealed in the database and read back in clear; that a rotation re-seals them
// under a new key; and that a store without the key refuses them.
func TestLicenceKeysSealedAtRest(t *testing.T) {
	const newKey = "1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100"
	secrets := []string{"AAAA-BBBB-CCCC-DDDD", "bulk-IMPORTED-key-42"}
	for _, d := range modeltest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			url := modeltest.MustDatabaseURL(t, d)
			st := mustOpen(t, url, modeltest.TestSecretKey)
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			l := &models.Licence{Product: "Office", Type: "subscription", Metric: "per_user", Key: secrets[0]}
			if err := st.CreateLicence(ctx, l); err != nil {
				t.Fatal(err)
			}
			if l.Key != secrets[0] {
				t.Fatalf("caller's key became %q", l.Key)
			}
			err := st.WithImportTx(ctx, nil, func(tx *models.Store) error {
				table, vals := models.BulkRow(&models.Licence{Record: models.Record{Version: 1, CreatedAt: modeltest.Clock,
					UpdatedAt: modeltest.Clock}, Product: "Visio", Type: "perpetual", Metric: "per_user", Key: secrets[1]})
				_, err := tx.BulkInsert(ctx, table, models.BulkColumns(table), [][]any{vals})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			check := func(t *testing.T, st *models.Store, kid string) {
				t.Helper()
				for i, raw := range storedKeys(t, st) {
					if strings.Contains(raw, secrets[i]) || !strings.HasPrefix(raw, "v1:"+kid+":") {
						t.Errorf("stored key %d = %q, want sealed with key %s", i, raw, kid)
					}
				}
				list, err := st.ListLicences(ctx, models.LicenceFilter{})
				if err != nil {
					t.Fatal(err)
				}
				for i, l := range list.Items {
					if l.Key != secrets[i] {
						t.Errorf("licence %d reads %q, want %q", l.ID, l.Key, secrets[i])
					}
				}
			}
			t.Run("import runs", func(t *testing.T) {
				upload := []byte("Product,Key\nOffice," + secrets[0] + "\n")
				errs := `[{"row":2,"column":"Key","value":"` + secrets[0] + `","message":"too long"}]`
				r := &models.ImportRun{CreatedAt: modeltest.Clock, Status: models.ImportQueued, Errors: errs, File: upload}
				if err := st.CreateImportRun(ctx, r); err != nil {
					t.Fatal(err)
				}
				if string(r.File) != string(upload) || r.Errors != errs {
					t.Fatalf("the caller's run changed: %q %q", r.File, r.Errors)
				}
				if err := st.SaveImportRunFile(ctx, r.ID, upload); err != nil {
					t.Fatal(err)
				}
				var file []byte
				var stored string
				if err := st.SQLDB().QueryRow("SELECT file_bytes, errors FROM import_runs WHERE id = "+fmt.Sprint(r.ID)).Scan(&file, &stored); err != nil {
					t.Fatal(err)
				}
				if strings.Contains(string(file), secrets[0]) || strings.Contains(stored, secrets[0]) {
					t.Fatalf("the run stores the key in clear: %q %q", file, stored)
				}
				got, err := st.GetImportRun(ctx, r.ID)
				if err != nil || got.Errors != errs {
					t.Fatalf("errors read back %q, %v", got.Errors, err)
				}
				if f, err := st.ImportRunFile(ctx, r.ID); err != nil || string(f) != string(upload) {
					t.Fatalf("file read back %q, %v", f, err)
				}
			})
			t.Run("sealed", func(t *testing.T) {
				check(t, st, modeltest.MustKeyring(t, modeltest.TestSecretKey).CurrentID())
			})
			t.Run("rotated", func(t *testing.T) {
				both := mustOpen(t, url, newKey+"\n"+modeltest.TestSecretKey)
				n, err := both.RotateSecrets(ctx)
				if err != nil || n != len(secrets) {
					t.Fatalf("rotated %d, err %v; want %d", n, err, len(secrets))
				}
				if n, err := both.RotateSecrets(ctx); err != nil || n != 0 {
					t.Fatalf("second rotation changed %d, err %v", n, err)
				}
				check(t, mustOpen(t, url, newKey), modeltest.MustKeyring(t, newKey).CurrentID())
			})
			t.Run("key missing", func(t *testing.T) {
				for name, keys := range map[string]string{"no key": "", "old key only": modeltest.TestSecretKey} {
					other := mustOpen(t, url, keys)
					if err := other.CheckSecrets(ctx); !errors.Is(err, models.ErrSecretKey) {
						t.Errorf("%s: CheckSecrets = %v, want ErrSecretKey", name, err)
					}
					if _, err := other.ListLicences(ctx, models.LicenceFilter{}); !errors.Is(err, models.ErrSecretKey) {
						t.Errorf("%s: list = %v, want ErrSecretKey", name, err)
					}
				}
			})
		})
	}
}
