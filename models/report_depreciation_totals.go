package models

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// DepreciationTotal is the straight-line depreciation of the devices of one category and
// budget line (nil for none) in one currency at a fiscal year end, summed by the database.
type DepreciationTotal struct {
	Category     string
	BudgetLineID *int64
	Currency     string
	Devices      int64
	// Cost, ForYear, Accumulated and Book are sums in minor units of the devices' cost,
	// depreciation in the year, accumulated depreciation and book value at the year end.
	Cost, ForYear, Accumulated, Book int64
}

// DepreciationTotals sums, per category, budget line and currency, the depreciation of the
// devices EachDepreciableDevice streams for the fiscal year from first to last, each device
// worked out as the depreciation report does (its own lifetime, else lifetimes[category],
// else otherLifetime; book value = cost x (lifetime - months) / lifetime rounded half away
// from zero per device; whole months from the purchase date to the close of the day) but by
// the database, so a million devices are a few hundred sums, kept while the register is
// unchanged (summaries).
func (s *Store) DepreciationTotals(ctx context.Context, f DepreciationFilter, first, last Date, lifetimes map[string]int,
	otherLifetime int) ([]DepreciationTotal, error) {
	key := fmt.Sprintf("depreciation|%v|%s|%s|%v|%d", f, first, last, lifetimes, otherLifetime)
	return Summary(ctx, s, key, func() ([]DepreciationTotal, error) {
		return s.depreciationTotals(ctx, f, first, last, lifetimes, otherLifetime)
	})
}

func (s *Store) depreciationTotals(ctx context.Context, f DepreciationFilter, first, last Date, lifetimes map[string]int,
	otherLifetime int) ([]DepreciationTotal, error) {
	opening := first.AddDays(-1)
	inner := s.db.WithContext(ctx).Table("devices d").
		Select("d.category, d.budget_line_id, d.purchase_cost_currency AS currency, d.purchase_cost_amount AS cost, "+
			lifetimeSQL(lifetimes, otherLifetime)+" AS life, "+s.monthsToCloseSQL("d.purchase_date", last)+" AS m_close, "+
			s.monthsToCloseSQL("d.purchase_date", opening)+" AS m_open, CASE WHEN d.purchase_date < ? THEN 1 ELSE 0 END AS before_year", first)
	f.PurchasedBy = last // the year's devices: bought by its last day
	inner = f.where(inner)
	// Each layer is fenced so the database works out each device's months and book values
	// once, rather than once per use after inlining.
	values := s.db.WithContext(ctx).Table("(?"+s.fence()+") e", inner).
		Select("e.category, e.budget_line_id, e.currency, e.cost, " + bookValueSQL("e.m_close") + " AS closing, " +
			"CASE WHEN e.before_year = 1 THEN " + bookValueSQL("e.m_open") + " ELSE e.cost END AS opening")
	var out []DepreciationTotal
	err := s.withLargeAggregate(ctx, func(tx *Store) error {
		q := tx.db.WithContext(ctx).Table("(?"+tx.fence()+") v", values).
			Select("v.category, v.budget_line_id, v.currency, COUNT(*), CAST(SUM(v.cost) AS BIGINT), " +
				"CAST(SUM(v.opening - v.closing) AS BIGINT), CAST(SUM(v.cost - v.closing) AS BIGINT), CAST(SUM(v.closing) AS BIGINT)").
			Group("v.category, v.budget_line_id, v.currency")
		return streamReportRows("depreciation totals", q, func(r *sql.Rows) error {
			var t DepreciationTotal
			var line sql.NullInt64
			if err := r.Scan(&t.Category, &line, &t.Currency, &t.Devices, &t.Cost, &t.ForYear, &t.Accumulated, &t.Book); err != nil {
				return fmt.Errorf("depreciation totals: %w", err)
			}
			t.BudgetLineID = nullID(line)
			out = append(out, t)
			return nil
		})
	})
	return out, err
}

// monthsToCloseSQL is the whole months from the date column to the close of day x (the
// depreciation report's months elapsed): the largest k with col + k months (clamped to the
// month's last day) on or before x + 1 day, 0 when col is after that.
func (s *Store) monthsToCloseSQL(col string, x Date) string {
	close := x.AddDays(1)
	months := strconv.Itoa(monthIndex(close)) + " - " + s.monthIndexSQL(col)
	// col + k months lands in close's month on col's day, clamped to the month's end: after
	// close exactly when col's day is later than close's and close is not the month's last day.
	if close.AddDays(1).Month == close.Month {
		months += " - CASE WHEN " + s.daySQL(col) + " > " + strconv.Itoa(close.Day) + " THEN 1 ELSE 0 END"
	}
	return "(CASE WHEN " + col + " > '" + close.String() + "' THEN 0 ELSE " + months + " END)"
}

// bookValueSQL is the book value of a device of the row e (cost, life) after the months in
// the column m: cost x (life - m) / life rounded half away from zero, 0 from the lifetime on,
// in integer arithmetic as the report's mulDivRound.
func bookValueSQL(m string) string {
	return "(CASE WHEN " + m + " >= e.life THEN 0 WHEN e.cost < 0 THEN -(((-e.cost) * (e.life - " + m + ") + e.life / 2) / e.life) " +
		"ELSE (e.cost * (e.life - " + m + ") + e.life / 2) / e.life END)"
}
