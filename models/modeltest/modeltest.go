// Package modeltest gives tests a fresh, migrated store on SQLite and, when
// ITREG_TEST_POSTGRES_URL is set, on Postgres.
package modeltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"itreg/models"
)

// PostgresURL returns ITREG_TEST_POSTGRES_URL, the server that Postgres tests run on; "" when
// they are skipped.
func PostgresURL() string { return os.Getenv("ITREG_TEST_POSTGRES_URL") }

// Dialects returns the dialects to run store tests on: sqlite always, postgres when configured.
// In CI (CI=true) a missing Postgres URL fails the test rather than skipping it.
func Dialects(tb testing.TB) []string {
	tb.Helper()
	if PostgresURL() != "" {
		return []string{models.SQLite, models.Postgres}
	}
	if ciRequiresPostgres() {
		tb.Fatal("ITREG_TEST_POSTGRES_URL is not set; CI must test on Postgres")
	}
	return []string{models.SQLite}
}

// Clock is the fixed time tests run at unless they set another.
var Clock = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// MustStore opens a fresh, migrated database of the dialect with the clock fixed at Clock.
// A Postgres store gets its own schema, dropped when the test ends.
func MustStore(tb testing.TB, dialect string) *models.Store {
	tb.Helper()
	ctx := context.Background()
	dsn := MustDatabaseURL(tb, dialect)
	st, err := models.Open(ctx, dsn, models.Options{Now: func() time.Time { return Clock }, Secrets: MustKeyring(tb, TestSecretKey)})
	if err != nil {
		tb.Fatalf("open %s: %v", dialect, err)
	}
	tb.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		tb.Fatalf("migrate %s: %v", dialect, err)
	}
	return st
}

// TestSecretKey is the licence-key sealing key of every store MustStore opens (32 bytes, hex).
const TestSecretKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

// MustKeyring parses keyring lines (see models.ParseKeyring).
func MustKeyring(tb testing.TB, lines string) *models.Keyring {
	tb.Helper()
	k, err := models.ParseKeyring(lines)
	if err != nil {
		tb.Fatalf("keyring: %v", err)
	}
	return k
}

// MustDatabaseURL returns the URL of a fresh, empty database of the dialect, removed when the
// test ends.
func MustDatabaseURL(tb testing.TB, dialect string) string {
	tb.Helper()
	if dialect == models.SQLite {
		return filepath.Join(tb.TempDir(), "test.db")
	}
	base := PostgresURL()
	if base == "" {
		tb.Skip("ITREG_TEST_POSTGRES_URL not set")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("ITREG_TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// ForEachDialect runs fn as a subtest per dialect, each with a fresh store.
func ForEachDialect(t *testing.T, fn func(t *testing.T, st *models.Store)) {
	t.Helper()
	for _, d := range Dialects(t) {
		t.Run(d, func(t *testing.T) { fn(t, MustStore(t, d)) })
	}
}

// ForEachDatabase runs fn as a subtest per dialect, each with the URL of a fresh, empty
// database (for tests that run the binary or migrate it themselves).
func ForEachDatabase(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	for _, d := range Dialects(t) {
		t.Run(d, func(t *testing.T) { fn(t, MustDatabaseURL(t, d)) })
	}
}
