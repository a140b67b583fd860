package models

import (
	"context"
	"fmt"
)

// BudgetLineFilter selects budget lines for a list.
type BudgetLineFilter struct {
	FiscalYear int    // 0 = every year
	Category   string // capex, opex
	Q          string // text in code, name, owner, cost centre
	Page
}

var budgetLineSorts = map[string]SortField[BudgetLine]{
	"code":        {Expr: "budget_lines.code", Key: func(b *BudgetLine) any { return b.Code }},
	"name":        {Expr: "budget_lines.name", Key: func(b *BudgetLine) any { return b.Name }},
	"fiscal_year": {Expr: "budget_lines.fiscal_year", Key: func(b *BudgetLine) any { return b.FiscalYear }},
}

// ListBudgetLines lists budget lines matching f.
func (s *Store) ListBudgetLines(ctx context.Context, f BudgetLineFilter) (ListResult[BudgetLine], error) {
	q := whereSet(s.db.Model(&BudgetLine{}), eq{"budget_lines.fiscal_year", f.FiscalYear}, eq{"budget_lines.category", f.Category})
	q = searchText(q, f.Q, "budget_lines.code", "budget_lines.name", "budget_lines.owner", "budget_lines.cost_centre")
	return listPage(ctx, s, q, "budget_lines", f.Page, budgetLineSorts, func(b *BudgetLine) int64 { return b.ID })
}

// GetBudgetLine loads one budget line.
func (s *Store) GetBudgetLine(ctx context.Context, id int64) (*BudgetLine, error) {
	return getEntity[BudgetLine](ctx, s, id)
}

// FindBudgetLine finds a budget line by its natural key: code and fiscal year.
func (s *Store) FindBudgetLine(ctx context.Context, code string, fiscalYear int) (*BudgetLine, error) {
	var b BudgetLine
	err := s.db.WithContext(ctx).Where("code = ? AND fiscal_year = ?", code, fiscalYear).Take(&b).Error
	if err != nil {
		return nil, s.translate(fmt.Sprintf("find budget line %s/%d", code, fiscalYear), err)
	}
	return &b, nil
}

// CreateBudgetLine stores a new budget line.
func (s *Store) CreateBudgetLine(ctx context.Context, b *BudgetLine) error {
	return createEntity(ctx, s, b, hooks[*BudgetLine]{})
}

// UpdateBudgetLine applies change to the budget line at the version the client saw.
func (s *Store) UpdateBudgetLine(ctx context.Context, id, version int64, change func(*BudgetLine) error) (*BudgetLine, error) {
	return updateEntity(ctx, s, id, version, change, hooks[*BudgetLine]{})
}

// DeleteBudgetLine deletes a budget line no device, licence or warranty is charged to.
func (s *Store) DeleteBudgetLine(ctx context.Context, id int64, version *int64) error {
	return deleteEntity(ctx, s, id, version, hooks[*BudgetLine]{inUse: refusedWhileUsed("budget line", map[string][]string{
		"devices": {"budget_line_id"}, "licences": {"budget_line_id"}, "warranties": {"budget_line_id"},
	})})
}
