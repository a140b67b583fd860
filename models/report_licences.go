package models

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"
)

// ComplianceFilter selects the licences of the licence-compliance report.
type ComplianceFilter struct {
	PublisherID  int64 // PublisherID filters to one publisher when set.
	BudgetLineID int64 // BudgetLineID filters to one budget line when set.
}

// LicenceCompliance is one licence with its seats counted, as the licence-compliance report
// reads it.
type LicenceCompliance struct {
	ID             int64
	Product        string
	Publisher      string // Publisher is the publisher's name, "" when none is recorded.
	Metric         string
	Seats          *int64 // Seats is nil for an unlimited licence.
	Assigned       int64
	Cost           Money
	BillingPeriod  string
	EndDate        Date
	BudgetLineCode string
	BudgetLineYear int

	// overKey and unusedKey are the sort keys, kept to cut the next page after this row.
	overKey   int64
	unusedKey float64
}

// AnnualCost returns the cost of the licence per year; see the function AnnualCost.
func (l *LicenceCompliance) AnnualCost() Money { return AnnualCost(l.Cost, l.BillingPeriod) }

// complianceOrder is the SQL of the sort keys: over-assigned seats, then the yearly cost of
// the unused seats (unused x annual cost / seats, in minor units whatever the currency). The
// cost key is computed in double precision in both dialects, so no amount overflows a BIGINT
// and both order alike; the report shows the exact, rounded amount computed in Go.
var complianceOrder = `
	CASE WHEN l.seats IS NOT NULL AND COALESCE(sc.n, 0) > l.seats THEN COALESCE(sc.n, 0) - l.seats ELSE 0 END AS over_key,
	CASE WHEN l.seats > 0 AND COALESCE(sc.n, 0) < l.seats AND ` + annualFactorSQL("l.billing_period") + ` > 0 AND l.cost_currency <> ''
		THEN CAST(l.seats - COALESCE(sc.n, 0) AS DOUBLE PRECISION) * l.cost_amount
			* ` + annualFactorSQL("l.billing_period") + ` / l.seats
		ELSE 0 END AS unused_key`

// EachLicenceCompliance streams every licence matching f with its assigned seats counted by
// one aggregate query, ordered by over-assigned seats (most first), then the yearly cost of
// the unused seats (highest first), then id.
func (s *Store) EachLicenceCompliance(ctx context.Context, f ComplianceFilter, fn func(*LicenceCompliance) error) error {
	inner := s.db.WithContext(ctx).Table("licences l").
		Select(`l.id AS id, l.product AS product, COALESCE(v.name, '') AS publisher, l.metric AS metric, l.seats AS seats,
			COALESCE(sc.n, 0) AS assigned, l.cost_amount AS cost_amount, l.cost_currency AS cost_currency,
			l.billing_period AS billing_period, l.end_date AS end_date, COALESCE(b.code, '') AS budget_code,
			COALESCE(b.fiscal_year, 0) AS budget_year,` + complianceOrder).
		Joins("LEFT JOIN (SELECT licence_id, COUNT(*) AS n FROM licence_seats GROUP BY licence_id) sc ON sc.licence_id = l.id").
		Joins("LEFT JOIN vendors v ON v.id = l.publisher_id").
		Joins("LEFT JOIN budget_lines b ON b.id = l.budget_line_id")
	if f.PublisherID != 0 {
		inner = inner.Where("l.publisher_id = ?", f.PublisherID)
	}
	if f.BudgetLineID != 0 {
		inner = inner.Where("l.budget_line_id = ?", f.BudgetLineID)
	}
	// The sort keys are computed columns, so pages are cut on the outer query by the last
	// row's keys.
	page := func(last *LicenceCompliance) *gorm.DB {
		q := s.db.WithContext(ctx).Table("(?) x", inner).Select("x.*").Order("over_key DESC, unused_key DESC, id")
		if last != nil {
			q = q.Where("(x.over_key < ? OR (x.over_key = ? AND (x.unused_key < ? OR (x.unused_key = ? AND x.id > ?))))",
				last.overKey, last.overKey, last.unusedKey, last.unusedKey, last.ID)
		}
		return q
	}
	return streamPages("licence compliance", page, func(r *sql.Rows, l *LicenceCompliance) error {
		var seats sql.NullInt64
		if err := r.Scan(&l.ID, &l.Product, &l.Publisher, &l.Metric, &seats, &l.Assigned,
			&l.Cost.Amount, &l.Cost.Currency, &l.BillingPeriod, &l.EndDate, &l.BudgetLineCode, &l.BudgetLineYear,
			&l.overKey, &l.unusedKey); err != nil {
			return fmt.Errorf("licence compliance: %w", err)
		}
		l.Seats = nullID(seats)
		return nil
	}, fn)
}
