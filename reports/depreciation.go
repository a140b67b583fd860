package reports

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"maps"
	"math/bits"
	"slices"

	"itreg/models"
)

// depreciationReport describes the depreciation report.
func depreciationReport() Report {
	return Report{
		Name:  "depreciation",
		Title: "Depreciation",
		Description: "Straight-line book value of each device at the end of a fiscal year over its lifetime: " +
			"cost, months depreciated, depreciation in the year, accumulated depreciation and book value, " +
			"with totals by category and by budget line.",
		Params: []string{"as_of", "fiscal_year", "category", "department", "budget_line_id"},
		build:  buildDepreciation,
	}
}

// monthsElapsed returns the whole months from start to the close of the day end: the largest
// k with start + k months on or before the day after end (months clamped to their last day, so
// 31 January + 1 month is 28 or 29 February). It is 0 when start is after end.
func monthsElapsed(start, end models.Date) int {
	close := end.AddDays(1)
	if close.Before(start) {
		return 0
	}
	k := (close.Year-start.Year)*12 + int(close.Month) - int(start.Month)
	for k > 0 && start.AddMonths(k).After(close) {
		k--
	}
	return k
}

// mulDivRound returns a × b / c rounded half away from zero, exactly (a 128-bit product).
// It needs c > 0 and b >= 0; the result saturates at the int64 limits.
func mulDivRound(a, b, c int64) int64 {
	neg := a < 0
	ua := uint64(a)
	if neg {
		ua = uint64(-a)
	}
	hi, lo := bits.Mul64(ua, uint64(b))
	// Adding floor(c/2) before dividing rounds the magnitude half up (an odd c never
	// leaves an exact half).
	lo, carry := bits.Add64(lo, uint64(c)/2, 0)
	hi += carry
	if hi >= uint64(c) {
		return saturate(neg)
	}
	q, _ := bits.Div64(hi, lo, uint64(c))
	if q > 1<<63-1 {
		return saturate(neg)
	}
	if neg {
		return -int64(q)
	}
	return int64(q)
}

// saturate returns the int64 limit of the sign.
func saturate(neg bool) int64 {
	if neg {
		return -1 << 63
	}
	return 1<<63 - 1
}

// bookValue returns cost × max(0, 1 - months/lifetime), rounded half away from zero to the
// minor unit.
func bookValue(cost int64, months, lifetime int) int64 {
	if lifetime <= 0 || months >= lifetime {
		return 0
	}
	return mulDivRound(cost, int64(lifetime-max(months, 0)), int64(lifetime))
}

// depreciation is the straight-line position of one device at a fiscal year end.
type depreciation struct {
	months      int   // months is the whole months depreciated by the year end (at most the lifetime).
	opening     int64 // opening is the book value at the start of the year (the cost if bought in it).
	closing     int64 // closing is the book value at the year end.
	forYear     int64 // forYear is opening - closing.
	accumulated int64 // accumulated is cost - closing.
}

// depreciate works out a device's depreciation for the fiscal year from first to last.
func depreciate(cost int64, purchased models.Date, lifetime int, first, last models.Date) depreciation {
	var d depreciation
	m := monthsElapsed(purchased, last)
	d.months = min(m, lifetime)
	d.closing = bookValue(cost, m, lifetime)
	d.opening = cost
	if purchased.Before(first) {
		d.opening = bookValue(cost, monthsElapsed(purchased, first.AddDays(-1)), lifetime)
	}
	d.forYear = d.opening - d.closing
	d.accumulated = cost - d.closing
	return d
}

// deprTotal sums the money columns of depreciation subtotal rows, in one currency.
type deprTotal struct {
	cost, forYear, accumulated, book int64
}

// Kinds of depreciation subtotal, in the order they are shown.
const (
	byCategory = iota
	byBudgetLine
	byNoBudgetLine
)

// deprGroup keys a subtotal: a category or a budget line, in one currency.
type deprGroup struct {
	kind     int
	category string // category is set for a category subtotal.
	lineCode string // lineCode, lineYear and lineID are set for a budget line subtotal.
	lineYear int
	lineID   int64
	currency string
}

// compareDeprGroups orders category subtotals by category, then budget line subtotals by
// code, fiscal year and id, then the no budget line subtotal, each by currency.
func compareDeprGroups(a, b deprGroup) int {
	return cmp.Or(
		cmp.Compare(a.kind, b.kind),
		cmp.Compare(a.category, b.category),
		cmp.Compare(a.lineCode, b.lineCode),
		cmp.Compare(a.lineYear, b.lineYear),
		cmp.Compare(a.lineID, b.lineID),
		cmp.Compare(a.currency, b.currency),
	)
}

// buildDepreciation builds the depreciation report at the end of p.FiscalYear.
func buildDepreciation(ctx context.Context, st *models.Store, r Report, p Params) (*Table, error) {
	lifetimes := st.LifetimeDefaults() // by category name: a category is known when it has one
	if _, known := lifetimes[p.Category]; p.Category != "" && !known {
		return nil, &models.ParamError{Param: "category", Message: fmt.Sprintf("unknown category %q", p.Category)}
	}
	first, last := models.FiscalYearBounds(p.FiscalYear, p.FiscalYearStart)
	filter := models.DepreciationFilter{PurchasedBy: last, Category: p.Category, Department: p.Department, BudgetLineID: p.BudgetLineID}
	t := depreciationTable(st, r, p)
	lay := newLayout(t.Columns)
	t.Rows = func(yield func(Row, error) bool) {
		groups := map[deprGroup]*deprTotal{}
		add := func(g deprGroup, cost int64, d depreciation) {
			s := groups[g]
			if s == nil {
				s = &deprTotal{}
				groups[g] = s
			}
			s.cost += cost
			s.forYear += d.forYear
			s.accumulated += d.accumulated
			s.book += d.closing
		}
		stopped := false
		err := st.EachDepreciableDevice(ctx, filter, func(dev *models.DepreciableDevice) error {
			life := dev.LifetimeMonths
			if life <= 0 {
				life = lifetimes[dev.Category]
			}
			if life <= 0 {
				life = models.DefaultLifetimeMonths[models.CategoryOther]
			}
			d := depreciate(dev.Cost.Amount, dev.PurchaseDate, life, first, last)
			cur := dev.Cost.Currency
			add(deprGroup{kind: byCategory, category: dev.Category, currency: cur}, dev.Cost.Amount, d)
			line := deprGroup{kind: byNoBudgetLine, currency: cur}
			if dev.BudgetLineID != nil {
				line = deprGroup{kind: byBudgetLine, lineID: *dev.BudgetLineID, lineCode: dev.BudgetLineCode, lineYear: dev.BudgetLineYear, currency: cur}
			}
			add(line, dev.Cost.Amount, d)
			money := func(a int64) models.Money { return models.Money{Amount: a, Currency: cur} }
			row := lay.row(
				col("asset_tag", dev.AssetTag),
				col("category", dev.Category),
				col("budget_line", dev.BudgetLineCode),
				col("purchase_date", dev.PurchaseDate),
				col("cost", dev.Cost),
				col("lifetime_months", int64(life)),
				col("months_depreciated", int64(d.months)),
				col("depreciation_year", money(d.forYear)),
				col("accumulated", money(d.accumulated)),
				col("book_value", money(d.closing)),
			)
			if !yield(row, nil) {
				stopped = true
				return models.ErrStopStream
			}
			return nil
		})
		if stopped {
			return
		}
		if err != nil {
			yield(Row{}, err)
			return
		}
		for row := range deprSubtotals(lay, groups) {
			if !yield(row, nil) {
				return
			}
		}
	}
	return t, nil
}

// depreciationTable is the depreciation report's table without its rows.
func depreciationTable(st *models.Store, r Report, p Params) *Table {
	first, last := models.FiscalYearBounds(p.FiscalYear, p.FiscalYearStart)
	return &Table{
		Name:  r.Name,
		Title: fmt.Sprintf("Depreciation: book values at the end of FY%d (%s)", p.FiscalYear, last),
		Columns: []Column{
			{Key: "asset_tag", Title: "Asset tag", Type: Text},
			{Key: "category", Title: "Category", Type: Text},
			{Key: "budget_line", Title: "Budget line", Type: Text},
			{Key: "purchase_date", Title: "Purchase date", Type: DateCol},
			{Key: "cost", Title: "Cost", Type: MoneyCol},
			{Key: "lifetime_months", Title: "Lifetime (months)", Type: Integer},
			{Key: "months_depreciated", Title: "Months depreciated", Type: Integer},
			{Key: "depreciation_year", Title: fmt.Sprintf("Depreciation FY%d", p.FiscalYear), Type: MoneyCol},
			{Key: "accumulated", Title: "Accumulated depreciation", Type: MoneyCol},
			{Key: "book_value", Title: "Book value", Type: MoneyCol},
		},
		Params: p.TableParams(r),
		Notes: []string{
			fmt.Sprintf("Fiscal years are named by the calendar year they end in: FY%d runs from %s to %s.", p.FiscalYear, first, last),
			"Straight line over the device's lifetime (its own, else its category's default): book value = cost × max(0, 1 - months / lifetime), rounded " +
				"half away from zero to the minor unit.",
			"Months are whole calendar months from the purchase date to the close of the fiscal year's last day: bought 2024-02-29, at the close of " +
				"2026-12-31 it has 34 whole months (2026-12-29 is 34 months on, 2027-01-29 would be 35).",
			"Depreciation in the year = book value at the start of the year (the cost for a device bought in the year) - book value at the end; accumulated " +
				"depreciation = cost - book value.",
			"Devices with a purchase date and a purchase cost, bought on or before the fiscal year end, are included whatever their status except disposed " +
				"and lost (the register keeps no disposal date); retired devices stay on the books until disposed of.",
			"Subtotal rows at the end give totals per category and per budget line, in each currency.",
		},
		GeneratedAt: st.Now().UTC(),
	}
}

// deprSubtotals yields the subtotal rows: per category, then per budget line, each per
// currency.
func deprSubtotals(lay *layout, groups map[deprGroup]*deprTotal) iter.Seq[Row] {
	return func(yield func(Row) bool) {
		for _, g := range slices.SortedFunc(maps.Keys(groups), compareDeprGroups) {
			s := groups[g]
			money := func(a int64) models.Money { return models.Money{Amount: a, Currency: g.currency} }
			label, category, line := "Subtotal: category "+g.category, g.category, ""
			switch g.kind {
			case byBudgetLine:
				label, category, line = "Subtotal: budget line "+budgetLineLabel(g.lineCode, g.lineYear), "", g.lineCode
			case byNoBudgetLine:
				label, category, line = "Subtotal: no budget line", "", "(no budget line)"
			}
			row := lay.row(
				col("asset_tag", label),
				col("category", category),
				col("budget_line", line),
				col("cost", money(s.cost)),
				col("depreciation_year", money(s.forYear)),
				col("accumulated", money(s.accumulated)),
				col("book_value", money(s.book)),
			)
			row.Subtotal = true
			if !yield(row) {
				return
			}
		}
	}
}

// budgetLineLabel names a budget line with its fiscal year, as "IT-HW (FY2026)".
func budgetLineLabel(code string, fy int) string {
	return fmt.Sprintf("%s (FY%d)", code, fy)
}
