package modeltest

import (
	"context"
	"testing"
	"time"

	"itreg/models"
)

// Count returns the number of rows in a table of the store. It reads through the store's
// database/sql pool: tests check what landed without reaching for GORM.
func Count(tb testing.TB, st *models.Store, table string) int64 {
	tb.Helper()
	var n int64
	// The table name is the test's own constant, never input.
	if err := st.SQLDB().QueryRowContext(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		tb.Fatalf("count %s: %v", table, err)
	}
	return n
}

// AddFutureMigration records a migration newer than any this build knows, as a later release
// would leave the schema; what a server or migrate does then is the test's to check.
func AddFutureMigration(tb testing.TB, st *models.Store, version int64) {
	tb.Helper()
	// $1.. placeholders: pgx needs them and SQLite binds them in order.
	_, err := st.SQLDB().ExecContext(context.Background(),
		"INSERT INTO schema_migrations (version_id, is_applied, tstamp) VALUES ($1, $2, $3)", version, true, time.Now().UTC())
	if err != nil {
		tb.Fatalf("insert migration %d: %v", version, err)
	}
}

// AddSeats assigns seats of a licence to people as an import does, without the seat-limit
// check a single assignment makes: the way a register comes to hold more seats than it bought.
func AddSeats(tb testing.TB, st *models.Store, licenceID int64, assignees ...string) {
	tb.Helper()
	now := st.Now()
	rows := make([][]any, len(assignees))
	for i, who := range assignees {
		rows[i] = []any{now, now, licenceID, who}
	}
	ctx := context.Background()
	err := st.WithImportTx(ctx, nil, func(tx *models.Store) error {
		return tx.BulkInsertRows(ctx, "licence_seats", []string{"created_at", "updated_at", "licence_id", "assignee"}, rows)
	})
	if err != nil {
		tb.Fatalf("add seats to licence %d: %v", licenceID, err)
	}
}

// Exec runs one SQL statement with $1-style placeholders on the store's pool, to put a row in
// a state no store method makes (a message that died after its retries, say).
func Exec(tb testing.TB, st *models.Store, query string, args ...any) {
	tb.Helper()
	if _, err := st.SQLDB().ExecContext(context.Background(), query, args...); err != nil {
		tb.Fatalf("exec %q: %v", query, err)
	}
}
