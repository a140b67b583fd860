package models

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// RenewalDueTotal is what falls due in one notice-deadline bucket, in one currency of the
// next-term cost ("" for the items without one): the renewals page's figures, summed by the
// database so the page never loads the items themselves.
type RenewalDueTotal struct {
	Bucket   int // Bucket is the index of the bucket (see RenewalsDueTotals).
	Currency string
	Items    int64
	Cost     int64 // Cost is the sum of the next-term costs in Currency, in minor units.
}

// DeadlineWindow narrows the items falling due to notice deadlines after After and on or
// before UpTo (each ignored when zero).
type DeadlineWindow struct {
	After, UpTo Date
}

// RenewalsDueTotals counts the items RenewalsDue returns and sums their next-term cost (the
// renewals report's column: a licence's Licence.AnnualCost, a warranty's cost) per bucket of
// notice deadline and currency. Bucket i holds the items whose deadline is on or before
// upTo[i] and after upTo[i-1]; bucket len(upTo) the rest. Kept while the register is unchanged
// (summaries).
func (s *Store) RenewalsDueTotals(ctx context.Context, f RenewalFilter, from, to Date, upTo []Date) ([]RenewalDueTotal, error) {
	key := fmt.Sprintf("renewals|%v|%s|%s|%v", f, from, to, upTo)
	return Summary(ctx, s, key, func() ([]RenewalDueTotal, error) { return s.renewalsDueTotals(ctx, f, from, to, upTo) })
}

func (s *Store) renewalsDueTotals(ctx context.Context, f RenewalFilter, from, to Date, upTo []Date) ([]RenewalDueTotal, error) {
	var out []RenewalDueTotal
	for _, src := range s.renewalSources(ctx, f, from, to) {
		deadline := s.noticeDeadlineSQL(src.alias)
		var bucket strings.Builder
		bucket.WriteString("CASE")
		args := make([]any, 0, len(upTo))
		for i, d := range upTo {
			fmt.Fprintf(&bucket, " WHEN %s <= ? THEN %d", deadline, i)
			args = append(args, d)
		}
		fmt.Fprintf(&bucket, " ELSE %d END", len(upTo))
		currency, cost := src.alias+".cost_currency", src.alias+".cost_amount"
		if src.kind == RenewalLicence {
			// AnnualCost: a one-off or unknown billing period has no next-term cost.
			currency = "CASE WHEN " + annualFactorSQL("l.billing_period") + " = 0 THEN '' ELSE l.cost_currency END"
			cost = nextTermCostSQL("l")
		}
		q := src.q.Select(bucket.String()+" AS bucket, "+currency+" AS currency, COUNT(*), CAST(SUM("+cost+") AS BIGINT)", args...).
			Group("bucket, currency")
		err := streamReportRows("renewals due totals", q, func(r *sql.Rows) error {
			var t RenewalDueTotal
			var sum sql.NullInt64
			if err := r.Scan(&t.Bucket, &t.Currency, &t.Items, &sum); err != nil {
				return fmt.Errorf("renewals due totals: %w", err)
			}
			if t.Currency != "" {
				t.Cost = sum.Int64
			}
			out = append(out, t)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RenewalsDuePage returns one page of the keys RenewalsDue returns, those whose notice
// deadline falls in the window, in the same order (notice deadline, end date, kind, id):
// limit keys after the first offset. The database sorts and cuts the page, which is kept while
// the register is unchanged (summaries).
func (s *Store) RenewalsDuePage(ctx context.Context, f RenewalFilter, from, to Date, w DeadlineWindow, offset, limit int) ([]RenewalKey, error) {
	key := fmt.Sprintf("renewals page|%v|%s|%s|%v|%d|%d", f, from, to, w, offset, limit)
	return Summary(ctx, s, key, func() ([]RenewalKey, error) { return s.renewalsDuePage(ctx, f, from, to, w, offset, limit) })
}

func (s *Store) renewalsDuePage(ctx context.Context, f RenewalFilter, from, to Date, w DeadlineWindow, offset, limit int) ([]RenewalKey, error) {
	var parts []string
	var args []any
	for _, src := range s.renewalSources(ctx, f, from, to) {
		a, deadline := src.alias, s.noticeDeadlineSQL(src.alias)
		q := src.q.Select("'" + src.kind + "' AS kind, " + a + ".id AS id, " + a + ".end_date AS end_date, " +
			a + ".notice_days AS notice_days, " + deadline + " AS deadline")
		q = windowWhere(q, deadline, w)
		parts = append(parts, "?")
		args = append(args, q)
	}
	sql := "SELECT kind, id, end_date, notice_days FROM (" + strings.Join(parts, " UNION ALL ") +
		") u ORDER BY deadline, end_date, kind, id LIMIT ? OFFSET ?"
	rows, err := s.db.WithContext(ctx).Raw(sql, append(args, limit, offset)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("renewals due page: %w", err)
	}
	defer rows.Close()
	out := make([]RenewalKey, 0, limit)
	for rows.Next() {
		var k RenewalKey
		var notice int
		if err := rows.Scan(&k.Kind, &k.ID, &k.End, &notice); err != nil {
			return nil, fmt.Errorf("renewals due page: %w", err)
		}
		k.Deadline = k.End.AddDays(-notice)
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("renewals due page: %w", err)
	}
	return out, nil
}

// windowWhere narrows q to the deadlines (SQL expression) in the window.
func windowWhere(q *gorm.DB, deadline string, w DeadlineWindow) *gorm.DB {
	if !w.After.IsZero() {
		q = q.Where(deadline+" > ?", w.After)
	}
	if !w.UpTo.IsZero() {
		q = q.Where(deadline+" <= ?", w.UpTo)
	}
	return q
}
