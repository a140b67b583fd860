package importers

import (
	"fmt"

	"itreg/importers/fields"
	"itreg/models"
)

// Budget lines: a row's fields, its natural key (code + fiscal year), how it merges into the
// stored line, its export cells and the template's example row. The columns themselves are
// in fields/fields_budget.go.

// setBudgetLine puts one parsed cell of a budget line row into the line.
func setBudgetLine(_ *parsed, b *models.BudgetLine, f fields.Field, v value) error {
	switch f.Name {
	case "code":
		b.Code = v.text
	case "name":
		b.Name = v.text
	case "fiscal_year":
		n, err := smallInt(v.num)
		if err != nil {
			return err
		}
		b.FiscalYear = n
	case "category":
		b.Category = v.text
	case "cost_centre":
		b.CostCentre = v.text
	case "owner":
		b.Owner = v.text
	case "allocated":
		b.Allocated = v.money
	case "notes":
		b.Notes = v.text
	}
	return nil
}

// mergeBudgetLine applies the mapped fields of the file's line to a copy of the stored one.
func mergeBudgetLine(p *plan, stored, in *models.BudgetLine) *models.BudgetLine {
	m := *stored
	applyIf(p, "name", &m.Name, in.Name)
	applyEnum(p, "category", &m.Category, in.Category)
	applyIf(p, "cost_centre", &m.CostCentre, in.CostCentre)
	applyIf(p, "owner", &m.Owner, in.Owner)
	applyIf(p, "allocated", &m.Allocated, in.Allocated)
	applyIf(p, "notes", &m.Notes, in.Notes)
	return &m
}

// budgetLineValue is the export cell of one field of a budget line.
func budgetLineValue(b *models.BudgetLine, field string) any {
	switch field {
	case "code":
		return textCell(b.Code)
	case "name":
		return textCell(b.Name)
	case "fiscal_year":
		return intCell(b.FiscalYear)
	case "category":
		return textCell(b.Category)
	case "cost_centre":
		return textCell(b.CostCentre)
	case "owner":
		return textCell(b.Owner)
	case "allocated":
		return moneyCell(b.Allocated)
	case "currency":
		return currencyOf(b.Allocated)
	case "notes":
		return textCell(b.Notes)
	}
	return nil
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
		return stored, mergeBudgetLine(b.p, stored, in)
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
