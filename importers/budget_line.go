package importers

import (
	"fmt"

	"itreg/models"
)

// Budget lines: a row's fields, its natural key (code + fiscal year), how it merges into the
// stored line, its export cells and the template's example row. The columns themselves are
// in fields/fields_budget.go.
// budgetLineColumns are a budget line's fields: cell, merge and export cell each.
var budgetLineColumns = columns[models.BudgetLine]{
	"code":        textCol(func(x *models.BudgetLine) *string { return &x.Code }).key(),
	"name":        textCol(func(x *models.BudgetLine) *string { return &x.Name }),
	"fiscal_year": countCol(func(x *models.BudgetLine) *int { return &x.FiscalYear }).key(),
	"category":    enumCol(func(x *models.BudgetLine) *string { return &x.Category }),
	"cost_centre": textCol(func(x *models.BudgetLine) *string { return &x.CostCentre }),
	"owner":       textCol(func(x *models.BudgetLine) *string { return &x.Owner }),
	"allocated":   moneyCol(func(x *models.BudgetLine) *models.Money { return &x.Allocated }),
	"notes":       textCol(func(x *models.BudgetLine) *string { return &x.Notes }),
	"currency":    exportOnly(func(x *models.BudgetLine) any { return currencyOf(x.Allocated) }),
}

// mergeBudgetLine applies the mapped fields of the file's line to a copy of the stored one.
func mergeBudgetLine(p *plan, r *parsed, stored, in *models.BudgetLine) *models.BudgetLine {
	m := *stored
	budgetLineColumns.merge(p, r, &m, in)
	return &m
}

// budgetLineExample is the template's example budget line, which the other examples name.
func budgetLineExample() map[string]any {
	return map[string]any{
		"code": textCell("IT-HW"), "name": textCell("End-user hardware"), "fiscal_year": intCell(2026),
		"category": textCell("capex"), "cost_centre": textCell("CC-100"), "owner": textCell("Jane Smith"),
		"allocated": moneyCell{Amount: 5000000, Currency: "GBP"}, "currency": textCell("GBP"),
		"notes": textCell("Laptop refresh"),
	}
}

// budgetLineKey is a budget line's natural key.
func budgetLineKey(b *models.BudgetLine) string { return fmt.Sprintf("%s\x00%d", b.Code, b.FiscalYear) }

// budgetLineBatch writes one batch of budget line rows. A row's fiscal year is its Fiscal
// Year column, else Options.FiscalYear, else the current fiscal year.
type budgetLineBatch struct {
	s      *session
	p      *plan
	stored map[string]*models.BudgetLine // by budgetLineKey
}

func (b *budgetLineBatch) load(rows []*parsed) error {
	s := b.s
	var codes []string
	for _, r := range rows {
		line := r.rec.(*models.BudgetLine)
		codes = append(codes, line.Code)
		if line.FiscalYear == 0 {
			line.FiscalYear = s.opt.FiscalYear
		}
		if line.FiscalYear == 0 {
			line.FiscalYear = models.FiscalYearOf(s.tx.Today(), s.opt.fiscalYearStart())
		}
	}
	found, err := s.tx.FindBudgetLinesByCodes(s.ctx, codes)
	if err != nil {
		return err
	}
	b.stored = map[string]*models.BudgetLine{}
	for i := range found {
		b.stored[budgetLineKey(&found[i])] = &found[i]
	}
	return nil
}

func (b *budgetLineBatch) match(r *parsed, in *models.BudgetLine) (stored, merged *models.BudgetLine) {
	key := budgetLineKey(in)
	if prev, dup := b.s.seenKey("budget_line", key, b.p, r.row); dup {
		r.fail(b.p, "code", fmt.Sprintf("code %q for fiscal year %d is also in %s", in.Code, in.FiscalYear, prev))
		return nil, nil
	}
	stored = b.stored[key]
	if stored != nil {
		return stored, mergeBudgetLine(b.p, r, stored, in)
	}
	if in.Category == "" {
		in.Category = "opex"
	}
	return nil, in
}

// written makes the batch's new lines known to the rows that name them.
func (b *budgetLineBatch) written(w *written[models.BudgetLine]) error {
	for _, line := range w.news {
		b.s.budget[line.Code] = append(b.s.budget[line.Code], *line)
	}
	return nil
}
