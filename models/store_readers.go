package models

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"runtime"
	"strings"

	"gorm.io/gorm"
)

// SQLite has one writer, so the store keeps one writer connection; with WAL, readers do not
// wait for it. Reads outside a transaction therefore run on a pool of their own, read-only
// connections: a long import, or a stalled reader, never blocks the rest. Reads inside a
// transaction stay on the transaction's connection, so they see its writes.

// sqliteReaders is the size of the SQLite read pool.
func sqliteReaders() int { return max(4, 2*runtime.GOMAXPROCS(0)) }

// openSQLiteReaders opens the read-only pool over the database file at path.
func openSQLiteReaders(path string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range []string{"query_only(ON)", "foreign_keys(ON)", "busy_timeout(10000)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	readers, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite readers %s: %w", path, err)
	}
	readers.SetMaxOpenConns(sqliteReaders())
	readers.SetMaxIdleConns(sqliteReaders())
	return readers, nil
}

// routeReads sends the queries GORM runs outside a transaction to readers. Writes, raw
// statements other than SELECT and everything inside a transaction keep their connection.
func routeReads(db *gorm.DB, writer, readers *sql.DB) error {
	route := func(tx *gorm.DB) {
		if tx.Statement.ConnPool != writer {
			return // a transaction or a connection of its own
		}
		if raw := strings.TrimSpace(tx.Statement.SQL.String()); raw != "" && !isSelect(raw) {
			return
		}
		tx.Statement.ConnPool = readers
	}
	if err := db.Callback().Query().Before("gorm:query").Register("itreg:read_pool", route); err != nil {
		return fmt.Errorf("route reads: %w", err)
	}
	if err := db.Callback().Row().Before("gorm:row").Register("itreg:read_pool", route); err != nil {
		return fmt.Errorf("route reads: %w", err)
	}
	return nil
}

// isSelect reports whether a raw statement only reads: it starts with SELECT, or WITH and
// holds no data-changing keyword.
func isSelect(raw string) bool {
	head, _, _ := strings.Cut(strings.ToLower(raw), " ")
	switch strings.TrimSpace(head) {
	case "select":
		return true
	case "with":
		lower := strings.ToLower(raw)
		for _, w := range []string{"insert ", "update ", "delete "} {
			if strings.Contains(lower, w) {
				return false
			}
		}
		return true
	}
	return false
}

// openReaders opens SQLite's read pool and routes reads to it.
func (s *Store) openReaders(ctx context.Context, path string) error {
	readers, err := openSQLiteReaders(path)
	if err != nil {
		return err
	}
	if err := readers.PingContext(ctx); err != nil {
		readers.Close()
		return fmt.Errorf("sqlite readers: %w", err)
	}
	if err := routeReads(s.db, s.sqlDB, readers); err != nil {
		readers.Close()
		return err
	}
	s.readDB = readers
	return nil
}
