package models

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// EndOfLifeTotal is the in-service devices of one group reaching end of life in one calendar
// month, in one currency of purchase cost ("" for devices without one).
type EndOfLifeTotal struct {
	Month    int // Month is year * 12 + month - 1 of the end of life.
	Group    string
	Currency string
	Devices  int64
	Cost     int64 // Cost is the sum of the purchase costs in Currency, in minor units.
}

// EndOfLifeGroups are the columns EndOfLifeTotals can group by, as the end-of-life report
// shows them, by the report's column key.
var EndOfLifeGroups = map[string]string{
	"model":        "d.model",
	"department":   "d.department",
	"location":     "d.location",
	"category":     "d.category",
	"manufacturer": "COALESCE(m.name, '')",
	"budget_line":  "COALESCE(b.code, '')",
}

// EndOfLifeTotals counts the devices DevicesReachingEndOfLife returns and sums their purchase
// cost (the report's replacement cost) per month of end of life, value of the group column
// (a key of EndOfLifeGroups) and currency. The end of life is worked out by the database
// (endOfLifeSQL), so a million devices become a few thousand sums, kept while the register is
// unchanged (summaries).
func (s *Store) EndOfLifeTotals(ctx context.Context, f DeviceReportFilter, before Date, group string) ([]EndOfLifeTotal, error) {
	key := fmt.Sprintf("eol|%v|%s|%s%s", f, before, group, s.lifetimesKey())
	return Summary(ctx, s, key, func() ([]EndOfLifeTotal, error) { return s.endOfLifeTotals(ctx, f, before, group) })
}

func (s *Store) endOfLifeTotals(ctx context.Context, f DeviceReportFilter, before Date, group string) ([]EndOfLifeTotal, error) {
	groupSQL, ok := EndOfLifeGroups[group]
	if !ok {
		return nil, &ParamError{Param: "group", Message: fmt.Sprintf("unknown group %q", group)}
	}
	var out []EndOfLifeTotal
	err := s.withLargeAggregate(ctx, func(tx *Store) error {
		inner := tx.inServiceDevices(ctx, f).
			Select("d.purchase_cost_currency AS currency, d.purchase_cost_amount AS amount, " + groupSQL + " AS grp, " +
				tx.endOfLifeSQL() + " AS eol").
			Joins("LEFT JOIN vendors m ON m.id = d.manufacturer_id").
			Joins("LEFT JOIN budget_lines b ON b.id = d.budget_line_id")
		// OFFSET 0 keeps the database from inlining the subquery, which would work out each
		// device's end of life twice (once to filter, once to group).
		q := tx.db.WithContext(ctx).Table("(?"+tx.fence()+") e", inner).
			Select(tx.monthIndexSQL("e.eol")+" AS month, e.grp, e.currency, COUNT(*), "+
				"CAST(SUM(e.amount) AS BIGINT)").
			Where("e.eol IS NOT NULL AND e.eol < ?", before).
			Group("month, e.grp, e.currency")
		return streamReportRows("end-of-life totals", q, func(r *sql.Rows) error {
			var t EndOfLifeTotal
			var sum sql.NullInt64
			if err := r.Scan(&t.Month, &t.Group, &t.Currency, &t.Devices, &sum); err != nil {
				return fmt.Errorf("end-of-life totals: %w", err)
			}
			if t.Currency != "" {
				t.Cost = sum.Int64
			}
			out = append(out, t)
			return nil
		})
	})
	return out, err
}

// endOfLifeSQL is Device.EndOfLife over the devices d as an SQL expression: the earlier of the
// end of support and the purchase date + lifetime months (the device's own when positive, else
// the store's default for its category), months clamped to their last day as Date.AddMonths
// does; NULL when neither date is known.
func (s *Store) endOfLifeSQL() string {
	l := lifetimeSQL(s.LifetimeDefaults(), 0)
	if s.dialect == Postgres {
		// A date plus an interval of months clamps to the month's last day.
		return "LEAST(d.eol_date, CAST(d.purchase_date + make_interval(months => " + l + ") AS DATE))"
	}
	// SQLite's '+N months' overflows into the next month instead: go to the first of the
	// target month, add the day, and keep the target month's last day if that is earlier.
	planned := "min(date(d.purchase_date, 'start of month', '+' || " + l + " || ' months', " +
		"'+' || (CAST(substr(d.purchase_date, 9, 2) AS INTEGER) - 1) || ' days'), " +
		"date(d.purchase_date, 'start of month', '+' || (" + l + " + 1) || ' months', '-1 day'))"
	return "(CASE WHEN d.eol_date IS NULL THEN " + planned + " WHEN d.purchase_date IS NULL THEN d.eol_date ELSE min(d.eol_date, " + planned + ") END)"
}

// withLargeAggregate runs fn, which reads one aggregate over a large table, on Postgres in a
// read-only transaction without JIT compilation (which costs more than it saves on these
// queries) and with room to hash the groups in memory rather than sort them on disk.
func (s *Store) withLargeAggregate(ctx context.Context, fn func(*Store) error) error {
	if s.dialect != Postgres {
		return fn(s)
	}
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.db.Exec("SET LOCAL jit = off").Error; err != nil {
			return err
		}
		if err := tx.db.Exec("SET LOCAL work_mem = '64MB'").Error; err != nil {
			return err
		}
		return fn(tx)
	})
}

// lifetimeSQL is the lifetime in months of each device d: its own when positive, else its
// category's in lifetimes (by name), else otherwise.
func lifetimeSQL(lifetimes map[string]int, otherwise int) string {
	var b strings.Builder
	b.WriteString("(CASE WHEN d.lifetime_months > 0 THEN d.lifetime_months ELSE CASE d.category")
	for _, c := range slices.Sorted(maps.Keys(lifetimes)) {
		if lifetimes[c] > 0 {
			fmt.Fprintf(&b, " WHEN '%s' THEN %d", strings.ReplaceAll(c, "'", "''"), lifetimes[c])
		}
	}
	fmt.Fprintf(&b, " ELSE %d END END)", otherwise)
	return b.String()
}

// fence ends a subquery so that Postgres evaluates it as written (OFFSET 0) rather than
// inlining it into the outer query; SQLite needs none.
func (s *Store) fence() string {
	if s.dialect == Postgres {
		return " OFFSET 0"
	}
	return ""
}
