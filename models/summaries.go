package models

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"
)

// summaries keeps the figures that cost a pass over a million rows (home tiles, list totals,
// report page totals) for as long as the register stays as it was when they were counted, so
// only the first request after a change pays for the count.
//
// "As it was" is the register's change number on Postgres: migration 10 puts a statement
// trigger on every register table (registerTables) that takes a shared advisory lock for the
// rest of its transaction and draws the next value of the sequence register_changes. Writers
// never wait for one another (shared locks, a sequence), and every write path is covered
// (store methods, bulk writes, COPY in the importers, undo, the CLI in another process, psql).
// A reader asks for the change number only while no writer holds the lock
// (pg_try_advisory_xact_lock): then every change drawn so far has committed or rolled back, so
// a figure counted afterwards includes all of them and may be kept under that number. While a
// writer is in flight the figure is counted afresh and not kept: an uncommitted change has
// taken its number but is not yet visible. A rolled-back change only costs a recount.
//
// SQLite registers are counted on every request: they are the small, single-machine ones, and
// SQLite has no statement triggers to keep a change number cheaply.
type summaries struct {
	mu      sync.Mutex
	change  int64
	entries map[string]any
	hits    atomic.Int64
	misses  atomic.Int64 // figures counted while the number was settled (and then kept)
}

// maxSummaries bounds the figures kept for one change number; past it they are all dropped and
// keeping starts again (list totals are keyed by their filters, which people vary).
const maxSummaries = 2048

// registerTables are the tables whose writes change a summary; migration 10 puts the change
// trigger on each (a test holds the two lists together).
var registerTables = []string{"vendors", "budget_lines", "categories", "devices", "licences", "licence_seats",
	"warranties", "warranty_devices", "renewal_decisions"}

// registerChangeSQL answers the change number, or NULL while a writer is in flight. The lock
// is the one the trigger takes shared; it is released as soon as the statement ends.
const registerChangeSQL = `SELECT CASE WHEN pg_try_advisory_xact_lock(hashtextextended(current_schema() || '.itreg.register', 0))
THEN (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM register_changes) END`

// KeepsSummaries reports whether the store keeps figures between requests (Postgres, outside a
// transaction).
func (s *Store) KeepsSummaries() bool { return s.summaries != nil }

// RegisterChange returns the register's change number and whether it is settled (no write in
// flight, so figures counted now may be kept under it); on a store that keeps no figures, 0 and
// false.
func (s *Store) RegisterChange(ctx context.Context) (int64, bool, error) {
	if s.summaries == nil {
		return 0, false, nil
	}
	var change sql.NullInt64
	if err := s.db.WithContext(ctx).Raw(registerChangeSQL).Scan(&change).Error; err != nil {
		return 0, false, fmt.Errorf("register change number: %w", err)
	}
	return change.Int64, change.Valid, nil
}

// SummaryHits reports how many figures were answered from the kept ones (tests and benchmarks
// read it; zero on SQLite).
func (s *Store) SummaryHits() int64 {
	if s.summaries == nil {
		return 0
	}
	return s.summaries.hits.Load()
}

// SummaryMisses reports how many figures were counted with the register settled, to be kept
// (tests read it; zero on SQLite).
func (s *Store) SummaryMisses() int64 {
	if s.summaries == nil {
		return 0
	}
	return s.summaries.misses.Load()
}

// Summary returns compute's answer for key, kept while the register is unchanged. The key names
// what is computed and every value it depends on besides the register tables (dates, fiscal
// year start, configured lifetimes); compute must read register tables only. Callers treat the
// answer as read-only: it is shared with every later request for the same key. Inside a
// transaction (the store WithTx hands out has no summaries) it always computes, as the
// transaction may see its own uncommitted writes.
func Summary[T any](ctx context.Context, s *Store, key string, compute func() (T, error)) (T, error) {
	c := s.summaries
	if c == nil {
		return compute()
	}
	change, settled, err := s.RegisterChange(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	if !settled {
		return compute()
	}
	c.mu.Lock()
	if v, ok := c.entries[key]; ok && c.change == change {
		c.mu.Unlock()
		c.hits.Add(1)
		return v.(T), nil
	}
	c.mu.Unlock()
	c.misses.Add(1)
	v, err := compute()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case change > c.change || c.entries == nil || len(c.entries) >= maxSummaries:
		c.change, c.entries = change, map[string]any{}
	case change < c.change:
		return v, nil // counted under a number already superseded: answer it, do not keep it
	}
	c.entries[key] = v
	return v, nil
}

// countSummary is a list's total: q's row count, kept under the statement's own text and
// values when the list reads register tables only.
func (s *Store) countSummary(ctx context.Context, q *gorm.DB, table string) (int64, error) {
	count := func() (int64, error) {
		var n int64
		err := q.Session(&gorm.Session{}).Count(&n).Error
		return n, err
	}
	if s.summaries == nil || !isRegisterTable(table) {
		return count()
	}
	stmt := q.Session(&gorm.Session{DryRun: true}).Count(new(int64)).Statement
	key := fmt.Sprintf("count|%s|%v", stmt.SQL.String(), stmt.Vars)
	return Summary(ctx, s, key, count)
}

func isRegisterTable(t string) bool {
	for _, r := range registerTables {
		if r == t {
			return true
		}
	}
	return false
}
