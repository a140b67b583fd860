package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// categories makes device categories records people can add to: a name (what devices keep in
// devices.category, so every query, index, export and report reads as before and no device
// row is rewritten), a class among the eleven built-in categories (for reports that group by
// class) and a default lifetime. The eleven are seeded as themselves with today's lifetimes.
// devices.category loses its CHECK against the eleven and widens to a category name's length;
// on Postgres it references categories (name), deferrable so a rename can move devices and
// the category in one transaction. SQLite keeps no such key: adding one means rebuilding the
// devices table, which its foreign keys to devices forbid inside a transaction; the store
// checks the name on every write instead.
var categories = Step{Version: 9, Name: "categories", SQL: `
CREATE TABLE categories (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	notes TEXT NOT NULL DEFAULT '',
	name VARCHAR(100) NOT NULL CHECK (name <> ''),
	class VARCHAR(20) NOT NULL CHECK (class IN ('laptop','desktop','server','network','phone','tablet','monitor','printer','av','peripheral','other')),
	lifetime_months INTEGER NOT NULL CHECK (lifetime_months BETWEEN 1 AND 600),
	UNIQUE (name)
);
CREATE UNIQUE INDEX categories_lower_name_key ON categories (lower(name));
INSERT INTO categories (created_at, updated_at, name, class, lifetime_months) VALUES
	(CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'laptop', 'laptop', 48),
	(CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'desktop', 'desktop', 60),
	(CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'server', 'server', 60),
	(CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'network', 'network', 84),
	(CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'phone', 'phone', 36),
	(CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'tablet', 'tablet', 36),
	(CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'monitor', 'monitor', 72),
	(CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'printer', 'printer', 60),
	(CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'av', 'av', 84),
	(CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'peripheral', 'peripheral', 48),
	(CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'other', 'other', 60)
`, PostgresSQL: `
ALTER TABLE devices DROP CONSTRAINT devices_category_check;
ALTER TABLE devices ALTER COLUMN category TYPE VARCHAR(100);
ALTER TABLE reminder_rules ALTER COLUMN category TYPE VARCHAR(100);
ALTER TABLE devices ADD CONSTRAINT devices_category_fkey FOREIGN KEY (category) REFERENCES categories (name)
	DEFERRABLE INITIALLY IMMEDIATE
`, SQLiteRun: dropSQLiteCategoryCheck}

// sqliteCategoryCheck is the CHECK core wrote on devices.category, as SQLite keeps its text.
const sqliteCategoryCheck = "category VARCHAR(20) NOT NULL CHECK (category IN ('laptop','desktop','server','network','phone'," +
	"'tablet','monitor','printer','av','peripheral','other'))"

// dropSQLiteCategoryCheck removes the CHECK by SQLite's documented procedure for dropping a
// CHECK constraint (https://sqlite.org/lang_altertable.html#otheralter): edit the table's
// text in the schema and bump the schema version, in the transaction; no row changes, and
// every row already satisfies the looser definition.
func dropSQLiteCategoryCheck(ctx context.Context, tx *sql.Tx) error {
	var version int64
	if err := tx.QueryRowContext(ctx, "PRAGMA schema_version").Scan(&version); err != nil {
		return err
	}
	var def string
	if err := tx.QueryRowContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'devices'").Scan(&def); err != nil {
		return err
	}
	if !strings.Contains(def, sqliteCategoryCheck) {
		return fmt.Errorf("devices.category is not as migration 1 wrote it; refusing to edit the schema")
	}
	def = strings.Replace(def, sqliteCategoryCheck, "category VARCHAR(100) NOT NULL CHECK (category <> '')", 1)
	for _, stmt := range []string{"PRAGMA writable_schema = ON",
		"UPDATE sqlite_master SET sql = " + quoteSQL(def) + " WHERE type = 'table' AND name = 'devices'",
		fmt.Sprintf("PRAGMA schema_version = %d", version+1),
		"PRAGMA writable_schema = OFF"} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	var check string
	if err := tx.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil {
		return err
	}
	if check != "ok" {
		return fmt.Errorf("schema check after editing devices.category: %s", check)
	}
	return nil
}

func quoteSQL(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
