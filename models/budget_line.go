package models

// BudgetLine is a line of a fiscal year's budget that purchases and renewals are charged to.
type BudgetLine struct {
	Record
	Code       string `gorm:"not null"`
	Name       string `gorm:"not null"`
	FiscalYear int    `gorm:"not null"`
	Category   string `gorm:"not null"`
	CostCentre string `gorm:"not null;default:''"`
	Owner      string `gorm:"not null;default:''"`
	Allocated  Money  `gorm:"embedded;embeddedPrefix:allocated_"`
}

// TableName names the table.
func (BudgetLine) TableName() string { return "budget_lines" }

// Validate checks the budget line's fields.
func (b *BudgetLine) Validate() error {
	var c checker
	c.text("code", b.Code, MaxShort, true)
	c.text("name", b.Name, MaxName, true)
	if b.FiscalYear < 1900 || b.FiscalYear > 2200 {
		c.Add("fiscal_year", "must be a year between 1900 and 2200")
	}
	c.enum("category", b.Category, BudgetCategories, true)
	c.text("cost_centre", b.CostCentre, MaxShort, false)
	c.text("owner", b.Owner, MaxName, false)
	c.money("allocated", b.Allocated)
	c.notes(b.Notes)
	return c.OrNil()
}

// AuditFields lists the fields the audit trail compares.
func (b *BudgetLine) AuditFields() map[string]any {
	return map[string]any{
		"code": b.Code, "name": b.Name, "fiscal_year": b.FiscalYear, "category": b.Category,
		"cost_centre": b.CostCentre, "owner": b.Owner, "allocated": b.Allocated.String(), "notes": b.Notes,
	}
}
