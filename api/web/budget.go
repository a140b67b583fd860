package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"itreg/models"
	"itreg/reports"
)

// budgetData is the budget page: the budget report's table of one fiscal year, each figure a
// link to the records behind it.
type budgetData struct {
	FiscalYear int
	Years      []yearOption
	Title      string
	Quarters   []string
	Lines      []budgetLineView
	Notes      []string
	Download   string
}

type yearOption struct {
	Year     int
	Selected bool
}

// budgetLineView is one row of the budget report: a line (or a subtotal, or spend with no
// line) in one currency.
type budgetLineView struct {
	Code, Name, Category, Currency               string
	Allocated, Spent, Forecast, Renewals, Remain string
	Used                                         string
	UsedValue                                    float64
	HasUsed, Over, Subtotal                      bool
	Quarters                                     []string
	Href                                         string // the budget line's record page, "" for subtotals
	Records                                      []tileLink
}

func (a *App) registerBudgetRoutes(g *gin.RouterGroup) {
	g.GET("/budget", a.budgetPage)
	g.GET("/depreciation", a.depreciationPage)
}

func (a *App) budgetPage(c *gin.Context) {
	d, err := a.budgetView(c.Request.Context(), c.Request.URL.Query())
	if err != nil {
		a.failParam(c, err)
		return
	}
	a.render(c, Page{Name: "budget", Title: "Budget FY" + strconv.Itoa(d.FiscalYear), Nav: "budget", Data: d})
}

// budgetView builds the budget report for the query's fiscal_year (default: this one) and lays
// it out for a page; the home page's finance view reads the same.
func (a *App) budgetView(ctx context.Context, q url.Values) (*budgetData, error) {
	q = pick(q, "fiscal_year")
	_, p, t, err := a.buildReport(ctx, "budget", q)
	if err != nil {
		return nil, err
	}
	lines, err := a.store.BudgetLinesOfYear(ctx, p.FiscalYear)
	if err != nil {
		return nil, err
	}
	ids := map[string]int64{}
	for _, l := range lines {
		ids[l.Code] = l.ID
	}
	fy := strconv.Itoa(p.FiscalYear)
	d := &budgetData{FiscalYear: p.FiscalYear, Title: t.Title, Notes: t.Notes,
		Download: "/reports/budget/download?format=xlsx&fiscal_year=" + fy}
	this := models.FiscalYearOf(a.store.Today(), a.cfg.FiscalYearStart)
	for y := min(this, p.FiscalYear) - 3; y <= max(this, p.FiscalYear)+2; y++ {
		d.Years = append(d.Years, yearOption{Year: y, Selected: y == p.FiscalYear})
	}
	for q := 1; q <= 4; q++ {
		d.Quarters = append(d.Quarters, t.Columns[t.ColumnIndex("q"+strconv.Itoa(q)+"_spent")].Title)
	}
	for r, err := range t.Rows {
		if err != nil {
			return nil, err
		}
		d.Lines = append(d.Lines, budgetLineOf(t, r, ids))
	}
	return d, nil
}

// budgetLineOf lays out one row of the budget report. A line of the year links to its record
// page and to the devices, licences and contracts charged to it.
func budgetLineOf(t *reports.Table, r reports.Row, ids map[string]int64) budgetLineView {
	v := budgetLineView{Code: textAt(t, r, "code"), Name: textAt(t, r, "name"), Category: textAt(t, r, "category"),
		Currency: textAt(t, r, "currency"), Allocated: textAt(t, r, "allocated"), Spent: textAt(t, r, "spent"),
		Forecast: textAt(t, r, "forecast"), Renewals: textAt(t, r, "forecast_renewals"), Remain: textAt(t, r, "remaining"),
		Subtotal: r.Subtotal}
	if f, ok := cellAt(t, r, "used").(float64); ok {
		v.Used, v.UsedValue, v.HasUsed = percent(f), f, true
	}
	if m, ok := cellAt(t, r, "remaining").(models.Money); ok && m.Amount < 0 {
		v.Over = true
	}
	for q := 1; q <= 4; q++ {
		v.Quarters = append(v.Quarters, textAt(t, r, "q"+strconv.Itoa(q)+"_spent"))
	}
	if id, ok := ids[v.Code]; ok && !r.Subtotal {
		sid := strconv.FormatInt(id, 10)
		v.Href = "/budget-lines/" + sid
		v.Records = []tileLink{
			{Label: "devices", Href: "/devices?budget_line_id=" + sid},
			{Label: "licences", Href: "/licences?budget_line_id=" + sid},
			{Label: "contracts", Href: "/warranties?budget_line_id=" + sid},
		}
	}
	return v
}

// pick keeps only the named parameters of q: a page's own parameters (view, group) must not
// reach a report, which refuses parameters it does not take.
func pick(q url.Values, names ...string) url.Values {
	out := url.Values{}
	for _, n := range names {
		if v := q.Get(n); v != "" {
			out.Set(n, v)
		}
	}
	return out
}

// failParam answers a bad report parameter with a 400 page that says what is wrong, other
// errors as a.fail does.
func (a *App) failParam(c *gin.Context, err error) {
	var pe *models.ParamError
	if errors.As(err, &pe) {
		a.renderError(c, http.StatusBadRequest, pe.Param+": "+pe.Message)
		return
	}
	a.fail(c, err)
}
