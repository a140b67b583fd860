// Package migrations holds the schema as an append-only, numbered list of forward-only steps.
// Each step lives in its own file and freezes its own SQL; a step is never edited once released.
package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Step is one numbered migration. SQL is written once for both dialects with placeholders
// that Render fills in: {{pk}}, {{ts}}, {{json}}, {{blob}}.
type Step struct {
	Version int64
	Name    string
	SQL     string
	// PostgresSQL, when set, runs after SQL on Postgres only: changes SQLite has no statement
	// for and no need of (it does not enforce VARCHAR lengths).
	PostgresSQL string
	// SQLiteRun, when set, runs after SQL on SQLite only: changes it has no statement for.
	SQLiteRun func(ctx context.Context, tx *sql.Tx) error
}

// All lists every step in order. New steps are appended, never inserted.
var All = []Step{core, imports, people, web, reminders, importWizard, hardening, homeTiles, categories, registerChanges}

var dialectWords = map[string]map[string]string{
	"postgres": {"{{pk}}": "BIGSERIAL PRIMARY KEY", "{{ts}}": "TIMESTAMPTZ", "{{json}}": "JSONB", "{{blob}}": "BYTEA"},
	"sqlite":   {"{{pk}}": "INTEGER PRIMARY KEY AUTOINCREMENT", "{{ts}}": "DATETIME", "{{json}}": "TEXT", "{{blob}}": "BLOB"},
}

// Render returns the step's SQL for a dialect ("postgres" or "sqlite").
func (s Step) Render(dialect string) string {
	out := s.SQL
	if dialect == "postgres" && s.PostgresSQL != "" {
		out = strings.TrimRight(out, "\n;") + ";\n" + s.PostgresSQL
	}
	for k, v := range dialectWords[dialect] {
		out = strings.ReplaceAll(out, k, v)
	}
	return out
}

// Apply runs the step's statements in tx.
func (s Step) Apply(ctx context.Context, tx *sql.Tx, dialect string) error {
	for _, stmt := range strings.Split(s.Render(dialect), ";\n") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("migration %d (%s): %w", s.Version, s.Name, err)
		}
	}
	if dialect == "sqlite" && s.SQLiteRun != nil {
		if err := s.SQLiteRun(ctx, tx); err != nil {
			return fmt.Errorf("migration %d (%s): %w", s.Version, s.Name, err)
		}
	}
	return nil
}
