package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
	"itreg/reports"
)

// eolData is the end-of-life page: the end-of-life report's devices per fiscal quarter,
// grouped by the column the person picks, with the replacement cost per currency.
type eolData struct {
	Title    string
	Within   string
	Group    string
	Groups   []Option
	Quarters []eolQuarter
	Notes    []string
	Download string
}

type eolQuarter struct {
	Label  string
	Count  int64
	Totals []string
	Href   string // the quarter's devices as a paged device list
	Groups []eolGroup
}

type eolGroup struct {
	Name   string
	Count  int64
	Totals []string
	Href   string // the group's devices in the quarter, when the device list filters by the column
}

// eolDefaultGroup is the grouping the page opens with.
const eolDefaultGroup = "model"

// eolGroupings are the columns the page can group by (keys of models.EndOfLifeGroups).
var eolGroupings = []struct{ key, label string }{
	{"model", "Model"}, {"department", "Department"}, {"location", "Location"}, {"category", "Category"},
	{"manufacturer", "Manufacturer"}, {"budget_line", "Budget line"},
}

// eolListFilters are the groupings the device list filters by, by the list's parameter.
var eolListFilters = map[string]bool{"department": true, "location": true, "category": true}

func (a *App) registerEndOfLifeRoutes(g *gin.RouterGroup) {
	g.GET("/end-of-life", a.endOfLifePage)
}

// endOfLifePage shows the end-of-life report's devices per fiscal quarter and group with the
// replacement cost per currency, summed by the database (reports.EndOfLifeSummary); each
// figure links to the devices behind it as a paged device list, and the report downloads in
// full.
func (a *App) endOfLifePage(c *gin.Context) {
	q := c.Request.URL.Query()
	group := q.Get("group")
	if !slices.ContainsFunc(eolGroupings, func(g struct{ key, label string }) bool { return g.key == group }) {
		group = eolDefaultGroup
	}
	rq := pick(q, "within", "department", "category")
	st, p, err := a.reportParams("end-of-life", rq)
	if err != nil {
		a.failParam(c, err)
		return
	}
	summary, err := reports.EndOfLifeSummary(c.Request.Context(), st, p, group)
	if err != nil {
		a.failParam(c, err)
		return
	}
	d := &eolData{Title: reports.EndOfLifeTitle(p), Group: group, Notes: reports.EndOfLifeNotes(p)}
	d.Within = rq.Get("within")
	rq.Set("format", "xlsx")
	d.Download = "/reports/end-of-life/download?" + rq.Encode()
	for _, g := range eolGroupings {
		d.Groups = append(d.Groups, Option{Value: g.key, Label: g.label, Selected: g.key == group})
	}
	horizon := p.AsOf.AddDays(p.Within)
	for _, eq := range summary {
		first, last := models.FiscalQuarterBounds(eq.FiscalYear, eq.Quarter, p.FiscalYearStart)
		list := url.Values{"in_service": {"true"}, "eol_from": {first.String()}, "eol_before": {models.MinDate(last.AddDays(1), horizon).String()}}
		for _, k := range []string{"department", "category"} {
			if v := rq.Get(k); v != "" {
				list.Set(k, v)
			}
		}
		v := eolQuarter{Label: eq.Label, Count: eq.Devices, Totals: moneyTexts(eq.Totals), Href: "/devices?" + list.Encode()}
		for _, g := range eq.Groups {
			name := strings.TrimSpace(g.Name)
			if name == "" {
				name = "(none)"
			}
			eg := eolGroup{Name: name, Count: g.Devices, Totals: moneyTexts(g.Totals)}
			if eolListFilters[group] && g.Name != "" {
				gl := url.Values{group: {g.Name}}
				for k, vs := range list {
					gl[k] = vs
				}
				eg.Href = "/devices?" + gl.Encode()
			}
			v.Groups = append(v.Groups, eg)
		}
		d.Quarters = append(d.Quarters, v)
	}
	a.render(c, Page{Name: "end-of-life", Title: "End of life", Nav: "end-of-life", Status: http.StatusOK, Data: d})
}

// moneyTexts writes per-currency totals, by currency code.
func moneyTexts(t models.Totals) []string {
	var out []string
	for _, m := range t.List() {
		out = append(out, m.String())
	}
	return out
}
