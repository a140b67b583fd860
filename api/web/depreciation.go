package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
	"itreg/reports"
)

// depreciationData is the depreciation page: book values at the end of a fiscal year, by
// category and by budget line (the depreciation report's subtotal rows), each category linking
// to its devices as a paged list.
type depreciationData struct {
	FiscalYear   int
	Years        []yearOption
	Title        string
	ByCategory   []deprLine
	ByBudgetLine []deprLine
	Notes        []string
	Download     string
}

// deprLine is one subtotal of the depreciation report in one currency.
type deprLine struct {
	Label, Href                      string
	Cost, ForYear, Accumulated, Book string
}

// depreciationPage shows the depreciation report's subtotals, summed by the database
// (reports.DepreciationSubtotals); the report downloads with every device.
func (a *App) depreciationPage(c *gin.Context) {
	ctx := c.Request.Context()
	st, p, err := a.reportParams("depreciation", pick(c.Request.URL.Query(), "fiscal_year"))
	if err != nil {
		a.failParam(c, err)
		return
	}
	t, err := reports.DepreciationSubtotals(ctx, st, p)
	if err != nil {
		a.failParam(c, err)
		return
	}
	fy := strconv.Itoa(p.FiscalYear)
	d := &depreciationData{FiscalYear: p.FiscalYear, Title: t.Title, Notes: t.Notes,
		Download: "/reports/depreciation/download?format=xlsx&fiscal_year=" + fy}
	this := models.FiscalYearOf(a.store.Today(), a.cfg.FiscalYearStart)
	for y := min(this, p.FiscalYear) - 5; y <= max(this, p.FiscalYear)+5; y++ {
		d.Years = append(d.Years, yearOption{Year: y, Selected: y == p.FiscalYear})
	}
	for r, err := range t.Rows {
		if err != nil {
			a.fail(c, err)
			return
		}
		if !r.Subtotal {
			continue
		}
		l := deprLine{Cost: textAt(t, r, "cost"), ForYear: textAt(t, r, "depreciation_year"),
			Accumulated: textAt(t, r, "accumulated"), Book: textAt(t, r, "book_value")}
		if cat := textAt(t, r, "category"); cat != "" {
			l.Label, l.Href = cat, "/devices?"+url.Values{"category": {cat}}.Encode()
			d.ByCategory = append(d.ByCategory, l)
			continue
		}
		l.Label = strings.TrimPrefix(strings.TrimPrefix(textAt(t, r, "asset_tag"), "Subtotal: "), "budget line ")
		d.ByBudgetLine = append(d.ByBudgetLine, l)
	}
	a.render(c, Page{Name: "depreciation", Title: "Depreciation FY" + fy, Nav: "budget", Data: d})
}
