package reports

import (
	"context"
	"fmt"
	"slices"

	"itreg/models"
)

// DepreciationSubtotals returns the depreciation report (built with p) with its subtotal rows
// only, per category and per budget line in each currency: the same rows the report ends
// with, summed by the database (models.DepreciationTotals) instead of from every device's row.
func DepreciationSubtotals(ctx context.Context, st *models.Store, p Params) (*Table, error) {
	lifetimes := st.LifetimeDefaults() // by category name, the register's own categories included
	if _, known := lifetimes[p.Category]; p.Category != "" && !known {
		return nil, &models.ParamError{Param: "category", Message: fmt.Sprintf("unknown category %q", p.Category)}
	}
	r, _ := Lookup("depreciation")
	t := depreciationTable(st, r, p)
	first, last := models.FiscalYearBounds(p.FiscalYear, p.FiscalYearStart)
	filter := models.DepreciationFilter{PurchasedBy: last, Category: p.Category, Department: p.Department, BudgetLineID: p.BudgetLineID}
	totals, err := st.DepreciationTotals(ctx, filter, first, last, lifetimes, models.DefaultLifetimeMonths[models.CategoryOther])
	if err != nil {
		return nil, err
	}
	refs, err := st.BudgetLineRefs(ctx)
	if err != nil {
		return nil, err
	}
	groups := map[deprGroup]*deprTotal{}
	add := func(g deprGroup, x models.DepreciationTotal) {
		s := groups[g]
		if s == nil {
			s = &deprTotal{}
			groups[g] = s
		}
		s.cost += x.Cost
		s.forYear += x.ForYear
		s.accumulated += x.Accumulated
		s.book += x.Book
	}
	for _, x := range totals {
		add(deprGroup{kind: byCategory, category: x.Category, currency: x.Currency}, x)
		line := deprGroup{kind: byNoBudgetLine, currency: x.Currency}
		if x.BudgetLineID != nil {
			ref := refs[*x.BudgetLineID]
			line = deprGroup{kind: byBudgetLine, lineID: *x.BudgetLineID, lineCode: ref.Code, lineYear: ref.FiscalYear, currency: x.Currency}
		}
		add(line, x)
	}
	t.Rows = StaticRows(slices.Collect(deprSubtotals(newLayout(t.Columns), groups)))
	return t, nil
}
