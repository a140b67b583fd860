package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
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
	Count  int
	Totals []string
	Groups []eolGroup
}

type eolGroup struct {
	Name   string
	Count  int
	Totals []string
}

// eolGroupings are the columns of the end-of-life report the page can group by.
var eolGroupings = []struct{ key, label string }{
	{"model", "Model"}, {"department", "Department"}, {"category", "Category"}, {"manufacturer", "Manufacturer"}, {"budget_line", "Budget line"},
}

func (a *App) registerEndOfLifeRoutes(g *gin.RouterGroup) {
	g.GET("/end-of-life", a.endOfLifePage)
}

func (a *App) endOfLifePage(c *gin.Context) {
	q := c.Request.URL.Query()
	group := q.Get("group")
	if !slices.ContainsFunc(eolGroupings, func(g struct{ key, label string }) bool { return g.key == group }) {
		group = "model"
	}
	rq := pick(q, "within", "department", "category")
	_, _, t, err := a.buildReport(c.Request.Context(), "end-of-life", rq)
	if err != nil {
		a.failParam(c, err)
		return
	}
	d := &eolData{Title: t.Title, Group: group, Notes: t.Notes}
	d.Within = rq.Get("within")
	rq.Set("format", "xlsx")
	d.Download = "/reports/end-of-life/download?" + rq.Encode()
	for _, g := range eolGroupings {
		d.Groups = append(d.Groups, Option{Value: g.key, Label: g.label, Selected: g.key == group})
	}
	type acc struct {
		n      int
		totals models.Totals
	}
	var cur *eolQuarter
	var order []string
	byGroup := map[string]*acc{}
	quarterTotals := models.Totals{}
	flush := func() {
		if cur == nil {
			return
		}
		for _, name := range order {
			g := byGroup[name]
			cur.Groups = append(cur.Groups, eolGroup{Name: name, Count: g.n, Totals: moneyTexts(g.totals)})
		}
		cur.Totals = moneyTexts(quarterTotals)
		d.Quarters = append(d.Quarters, *cur)
	}
	for r, err := range t.Rows {
		if err != nil {
			a.fail(c, err)
			return
		}
		if r.Subtotal {
			continue // the page adds up its own groups; the quarter totals are the same sums
		}
		quarter := textAt(t, r, "fiscal_quarter")
		if cur == nil || cur.Label != quarter {
			flush()
			cur, order, byGroup, quarterTotals = &eolQuarter{Label: quarter}, nil, map[string]*acc{}, models.Totals{}
		}
		name := strings.TrimSpace(textAt(t, r, group))
		if name == "" {
			name = "(none)"
		}
		g := byGroup[name]
		if g == nil {
			g = &acc{totals: models.Totals{}}
			byGroup[name] = g
			order = append(order, name)
		}
		g.n++
		cur.Count++
		if m, ok := cellAt(t, r, "replacement_cost").(models.Money); ok {
			g.totals.Add(m)
			quarterTotals.Add(m)
		}
	}
	flush()
	for i := range d.Quarters {
		slices.SortStableFunc(d.Quarters[i].Groups, func(x, y eolGroup) int { return y.Count - x.Count })
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
