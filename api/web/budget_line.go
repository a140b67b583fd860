package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// budgetLineData is the budget line record page.
type budgetLineData struct {
	Line *models.BudgetLine
	chargedData
}

func (a *App) budgetLineKind() *recordKind[models.BudgetLine] {
	return &recordKind[models.BudgetLine]{
		noun: "budget line", base: "/budget-lines", nav: "budget", entity: "budget_line",
		fields: func(context.Context) ([]fieldSpec, error) {
			return []fieldSpec{
				{Name: "code", Label: "Code", Type: "text", Required: true},
				{Name: "name", Label: "Name", Type: "text", Required: true},
				{Name: "fiscal_year", Label: "Fiscal year", Type: "number", Required: true},
				{Name: "category", Label: "Category", Type: "select", Required: true, Choices: enumChoices(models.BudgetCategories, "")},
				{Name: "cost_centre", Label: "Cost centre", Type: "text"},
				{Name: "owner", Label: "Owner", Type: "text"},
				{Name: "allocated", Label: "Allocated", Type: "text", Hint: "Amount, e.g. 50000.00"},
				currencySpec("allocated", "Allocated"),
				{Name: "notes", Label: "Notes", Type: "textarea"},
			}, nil
		},
		values: func(b *models.BudgetLine) url.Values {
			fy := ""
			if b.FiscalYear != 0 {
				fy = strconv.Itoa(b.FiscalYear)
			}
			return url.Values{"code": {b.Code}, "name": {b.Name}, "fiscal_year": {fy}, "category": {b.Category},
				"cost_centre": {b.CostCentre}, "owner": {b.Owner}, "allocated": {moneyValue(b.Allocated)},
				"allocated_currency": {a.currencyOf(b.Allocated)}, "notes": {b.Notes}}
		},
		apply: func(vals url.Values, b *models.BudgetLine) error {
			p := formParser{vals: vals}
			b.Code, b.Name, b.FiscalYear, b.Category = p.text("code"), p.text("name"), p.integer("fiscal_year"), p.text("category")
			b.CostCentre, b.Owner, b.Allocated, b.Notes = p.text("cost_centre"), p.text("owner"), p.money("allocated"), vals.Get("notes")
			return p.err()
		},
		title: func(b *models.BudgetLine) string { return fmt.Sprintf("%s (FY %d)", b.Code, b.FiscalYear) },
		get:   a.store.GetBudgetLine, create: a.store.CreateBudgetLine, update: a.store.UpdateBudgetLine, delete: a.store.DeleteBudgetLine,
		id: func(b *models.BudgetLine) int64 { return b.ID }, ver: func(b *models.BudgetLine) int64 { return b.Version },
		show: func(c *gin.Context, b *models.BudgetLine) {
			ctx := c.Request.Context()
			data := budgetLineData{Line: b}
			var err error
			if data.Devices, err = a.store.ListDevices(ctx, models.DeviceFilter{BudgetLineID: b.ID, Page: firstPage}); err == nil {
				if data.Licences, err = a.store.ListLicences(ctx, models.LicenceFilter{BudgetLineID: b.ID, Page: firstPage}); err == nil {
					if data.Warranties, err = a.store.ListWarranties(ctx, models.WarrantyFilter{BudgetLineID: b.ID, Page: firstPage}); err == nil {
						data.History, err = a.history(ctx, "budget_line", b.ID)
					}
				}
			}
			if err != nil {
				a.fail(c, err)
				return
			}
			data.Totals = data.total()
			a.render(c, Page{Name: "budget-line", Title: "Budget line " + b.Code, Nav: "budget", Data: data})
		},
	}
}

func (a *App) registerBudgetLineRecordRoutes(g *gin.RouterGroup) { a.budgetLineKind().register(a, g) }
