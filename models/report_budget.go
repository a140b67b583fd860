package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// This file holds the queries of the budget and depreciation reports. Each streams its rows
// to a callback, so a million devices never sit in memory; dates and money are computed by
// the caller in Go, so SQLite and Postgres give the same answers.

// ErrStopStream may be returned by a streaming callback to stop early without an error.
var ErrStopStream = errors.New("stop streaming")

// streamReportRows runs q and calls scan once per row. A callback returning ErrStopStream
// stops the stream and the call returns nil.
func streamReportRows(op string, q *gorm.DB, scan func(*sql.Rows) error) error {
	rows, err := q.Rows()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			if errors.Is(err, ErrStopStream) {
				return nil
			}
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// BudgetLinesOfYear returns the budget lines of a fiscal year, ordered by category (capex
// first), code and id.
func (s *Store) BudgetLinesOfYear(ctx context.Context, fiscalYear int) ([]BudgetLine, error) {
	var out []BudgetLine
	err := s.db.WithContext(ctx).Where("fiscal_year = ?", fiscalYear).
		Order("category, code, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("budget lines of FY%d: %w", fiscalYear, err)
	}
	return out, nil
}

// BudgetLineRef is what the budget report needs of any budget line: its code and year.
type BudgetLineRef struct {
	Code       string
	FiscalYear int
}

// BudgetLineRefs returns the code and fiscal year of every budget line, by id.
func (s *Store) BudgetLineRefs(ctx context.Context) (map[int64]BudgetLineRef, error) {
	out := map[int64]BudgetLineRef{}
	q := s.db.WithContext(ctx).Model(&BudgetLine{}).Select("id, code, fiscal_year")
	err := streamReportRows("budget lines", q, func(r *sql.Rows) error {
		var id int64
		var ref BudgetLineRef
		if err := r.Scan(&id, &ref.Code, &ref.FiscalYear); err != nil {
			return err
		}
		out[id] = ref
		return nil
	})
	return out, err
}

// PurchaseDay is the purchase cost of the devices bought on one day, in one currency and
// charged to one budget line (nil for none).
type PurchaseDay struct {
	BudgetLineID *int64
	Date         Date
	Cost         Money
	Devices      int64
}

// SpendScope narrows the spend streams (EachPurchaseDay, EachCostItem) to what is paid to one
// vendor: a device's supplier (its manufacturer when it has no supplier), a licence's supplier
// (its publisher when it has none), a warranty's provider. The zero scope is everything.
type SpendScope struct {
	VendorID int64
}

// where returns the scope's condition over the table aliased a of kind ("device", "licence",
// "warranty"), "" for everything.
func (sc SpendScope) where(kind, a string) (string, []any) {
	if sc.VendorID == 0 {
		return "", nil
	}
	switch kind {
	case "device":
		return "(" + a + "supplier_id = ? OR (" + a + "supplier_id IS NULL AND " + a + "manufacturer_id = ?))", []any{sc.VendorID, sc.VendorID}
	case "licence":
		return "(" + a + "supplier_id = ? OR (" + a + "supplier_id IS NULL AND " + a + "publisher_id = ?))", []any{sc.VendorID, sc.VendorID}
	}
	return a + "provider_id = ?", []any{sc.VendorID}
}

// EachPurchaseDay streams the devices in scope purchased between first and last (inclusive)
// with a purchase cost, summed per budget line, day and currency. The sum is done by the
// database, so the callback runs at most once per line, day and currency, however many devices
// there are.
func (s *Store) EachPurchaseDay(ctx context.Context, first, last Date, scope SpendScope, fn func(PurchaseDay) error) error {
	q := s.db.WithContext(ctx).Model(&Device{}).
		Select("budget_line_id, purchase_date, purchase_cost_currency, CAST(SUM(purchase_cost_amount) AS BIGINT), COUNT(*)").
		Where("purchase_date >= ? AND purchase_date <= ? AND purchase_cost_currency <> ''", first, last)
	if cond, args := scope.where("device", ""); cond != "" {
		q = q.Where(cond, args...)
	}
	q = q.
		Group("budget_line_id, purchase_date, purchase_cost_currency").
		Order("COALESCE(budget_line_id, 0), purchase_date, purchase_cost_currency")
	return streamReportRows("purchases by day", q, func(r *sql.Rows) error {
		var p PurchaseDay
		var line sql.NullInt64
		if err := r.Scan(&line, &p.Date, &p.Cost.Currency, &p.Cost.Amount, &p.Devices); err != nil {
			return fmt.Errorf("purchases by day: %w", err)
		}
		p.BudgetLineID = nullID(line)
		return fn(p)
	})
}

// CostItem is a licence or a warranty with a cost, as the budget report schedules its
// charges.
type CostItem struct {
	Kind          string // Kind is "licence" or "warranty".
	ID            int64
	BudgetLineID  *int64
	StartDate     Date
	EndDate       Date
	Cost          Money
	BillingPeriod string // BillingPeriod is monthly, annual or one_off for licences, "" for warranties.
	AutoRenew     bool
}

// EachCostItem streams every licence, then every warranty, in scope, with a cost that may charge
// something between first and last as the budget report schedules charges as of asOf (a
// superset: the report decides each charge). An item may charge in the year by its recorded
// term (a charge on its start date in the year, or a recurring licence that starts by the
// year's end and has not ended before it starts) or by renewal (a licence billed monthly or
// annually, or a warranty, that ends before the year's last day and either renews
// automatically or is still in force on asOf and ended no more than 13 months before the
// year). Each kind is ordered by id.
func (s *Store) EachCostItem(ctx context.Context, first, last, asOf Date, scope SpendScope, fn func(CostItem) error) error {
	recurring := annualFactorSQL("l.billing_period") + " > 0"
	renews := "(%[1]s.end_date < @last AND (%[1]s.auto_renew OR (%[1]s.end_date >= @as_of AND %[1]s.end_date >= @lapsed)))"
	for _, kind := range []struct{ name, table, billing, where string }{
		{"licence", "licences l", "l.billing_period",
			"(l.start_date <= @last AND (l.start_date >= @first OR (" + recurring + " AND (l.end_date IS NULL OR l.end_date >= @first)))) OR (" +
				recurring + " AND " + fmt.Sprintf(renews, "l") + ")"},
		{"warranty", "warranties w", "''", "(w.start_date >= @first AND w.start_date <= @last) OR " + fmt.Sprintf(renews, "w")},
	} {
		a := kind.table[len(kind.table)-1:]
		q := s.db.WithContext(ctx).Table(kind.table).
			Select(a+".id, "+a+".budget_line_id, "+a+".start_date, "+a+".end_date, "+a+".cost_amount, "+a+".cost_currency, "+
				kind.billing+", "+a+".auto_renew").
			Where(a+".cost_currency <> '' AND "+a+".cost_amount > 0").
			Where("("+kind.where+")", sql.Named("first", first), sql.Named("last", last), sql.Named("as_of", asOf), sql.Named("lapsed", first.AddMonths(-13))).
			Order(a + ".id")
		if cond, args := scope.where(kind.name, a+"."); cond != "" {
			q = q.Where(cond, args...)
		}
		err := streamReportRows(kind.name+" costs", q, func(r *sql.Rows) error {
			it := CostItem{Kind: kind.name}
			var line sql.NullInt64
			if err := r.Scan(&it.ID, &line, &it.StartDate, &it.EndDate, &it.Cost.Amount, &it.Cost.Currency,
				&it.BillingPeriod, &it.AutoRenew); err != nil {
				return fmt.Errorf("%s costs: %w", kind.name, err)
			}
			it.BudgetLineID = nullID(line)
			return fn(it)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// DepreciationFilter selects the devices of the depreciation report.
type DepreciationFilter struct {
	PurchasedBy  Date   // PurchasedBy is the last purchase date included (the fiscal year end).
	Category     string // Category filters to one device category when set.
	Department   string // Department filters to one department when set.
	BudgetLineID int64  // BudgetLineID filters to one budget line when set.
}

// where narrows q, over the devices as d, to the devices the depreciation report counts: bought
// on or before f.PurchasedBy with a purchase cost, not disposed of or lost, and in f's category,
// department and budget line when set.
func (f DepreciationFilter) where(q *gorm.DB) *gorm.DB {
	q = q.Where("d.purchase_date IS NOT NULL AND d.purchase_date <= ? AND d.purchase_cost_currency <> ''", f.PurchasedBy).
		Where("d.status NOT IN ?", []string{StatusDisposed, StatusLost})
	if f.Category != "" {
		q = q.Where("d.category = ?", f.Category)
	}
	if f.Department != "" {
		q = q.Where("d.department = ?", f.Department)
	}
	if f.BudgetLineID != 0 {
		q = q.Where("d.budget_line_id = ?", f.BudgetLineID)
	}
	return q
}

// DepreciableDevice is a device with a purchase date and cost, as the depreciation report
// reads it.
type DepreciableDevice struct {
	ID             int64
	AssetTag       string // AssetTag is the asset tag, or the serial number when there is none.
	Category       string
	BudgetLineID   *int64
	BudgetLineCode string
	BudgetLineYear int
	PurchaseDate   Date
	Cost           Money
	LifetimeMonths int // LifetimeMonths is the device's own lifetime, 0 when it has none.
}

// EachDepreciableDevice streams the devices bought on or before f.PurchasedBy with a
// purchase cost that are not disposed of or lost, ordered by category and id, with the code
// and fiscal year of their budget line, a page at a time (see streamPages). The callback must
// not keep the pointer.
func (s *Store) EachDepreciableDevice(ctx context.Context, f DepreciationFilter, fn func(*DepreciableDevice) error) error {
	q := s.db.WithContext(ctx).Table("devices d").
		Select(`d.id, COALESCE(d.asset_tag, d.serial_number, ''), d.category, d.budget_line_id,
			COALESCE(b.code, ''), COALESCE(b.fiscal_year, 0), d.purchase_date,
			d.purchase_cost_amount, d.purchase_cost_currency, COALESCE(d.lifetime_months, 0)`).
		Joins("LEFT JOIN budget_lines b ON b.id = d.budget_line_id")
	q = f.where(q)
	page := func(last *DepreciableDevice) *gorm.DB {
		pq := q.Session(&gorm.Session{}).Order("d.category, d.id")
		if last != nil {
			pq = pq.Where("(d.category > ? OR (d.category = ? AND d.id > ?))", last.Category, last.Category, last.ID)
		}
		return pq
	}
	return streamPages("depreciable devices", page, func(r *sql.Rows, d *DepreciableDevice) error {
		var line sql.NullInt64
		if err := r.Scan(&d.ID, &d.AssetTag, &d.Category, &line, &d.BudgetLineCode, &d.BudgetLineYear,
			&d.PurchaseDate, &d.Cost.Amount, &d.Cost.Currency, &d.LifetimeMonths); err != nil {
			return fmt.Errorf("depreciable devices: %w", err)
		}
		d.BudgetLineID = nullID(line)
		return nil
	}, fn)
}

// nullID turns a nullable id column into a pointer, nil for NULL.
func nullID(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}
