package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// homeLink is one link tile of the home page.
type homeLink struct{ Label, Text, Href string }

// homeGroup is a heading with its link tiles.
type homeGroup struct {
	Heading string
	Links   []homeLink
}

// tileView is one figure on the home page: its count, money per currency, and the lists behind
// it (their totals add up to the count).
type tileView struct {
	Key, Label string
	Count      int64
	Totals     []string
	Links      []tileLink
}

// tileLink is one filtered list behind a tile.
type tileLink struct{ Label, Href string }

// homeData is the home page: the view shown (the person's landing view unless ?view= picks
// another), its figures and the register's sections.
type homeData struct {
	View, Landing string
	Views         []homeLink
	AsOf          string
	IT            *itHome
	Procurement   *procurementHome
	Finance       *financeHome
	Register      homeGroup
}

type itHome struct {
	ByStatus                               []tileView
	PastEndOfLife, Uncovered, OverAssigned tileView
	Imports                                []importLine
}

type importLine struct {
	ID                                        int64
	File, Kind, Status, When, Actor           string
	Rows, Created, Updated, Unchanged, Failed int64
	DryRun                                    bool
}

type procurementHome struct {
	FiscalYear int
	Renewals   []tileView
	EndOfLife  tileView
}

// financeHome is the fiscal year's budget lines, read from the budget report's table.
type financeHome struct {
	FiscalYear int
	Lines      []budgetLineView
	Href       string // the budget page of the year
}

// homeViews are the landing views a person can switch between.
var homeViews = []string{"it", "procurement", "finance"}

func (a *App) registerHomeRoutes(g *gin.RouterGroup) {
	g.GET("/", a.home)
}

// home shows the figures of the person's landing view (or the one ?view= asks for), each a
// link to the filtered list behind it.
func (a *App) home(c *gin.Context) {
	me := meFrom(c)
	view := me.Landing
	if v := c.Query("view"); v != "" {
		view = v
	}
	switch view {
	case "it", "procurement", "finance":
	default:
		view = "it"
	}
	ctx := c.Request.Context()
	today := a.store.Today()
	d := homeData{View: view, Landing: me.Landing, AsOf: models.DayText(today), Register: registerGroup()}
	for _, v := range homeViews {
		d.Views = append(d.Views, homeLink{Label: landingViewName(v), Text: v, Href: "/?view=" + v})
	}
	var err error
	switch view {
	case "procurement":
		d.Procurement, err = a.procurementHome(ctx, today)
	case "finance":
		d.Finance, err = a.financeHome(ctx, today)
	default:
		d.IT, err = a.itHome(ctx, today)
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	a.render(c, Page{Name: "home", Title: "Home", Nav: "home", Data: d})
}

func (a *App) itHome(ctx context.Context, today models.Date) (*itHome, error) {
	d, err := a.store.ITDashboard(ctx, today)
	if err != nil {
		return nil, err
	}
	h := &itHome{PastEndOfLife: tileOf(d.PastEndOfLife), Uncovered: tileOf(d.Uncovered), OverAssigned: tileOf(d.OverAssigned)}
	for _, t := range d.ByStatus {
		h.ByStatus = append(h.ByStatus, tileOf(t))
	}
	for _, r := range d.LastImports {
		h.Imports = append(h.Imports, importLine{ID: r.ID, File: r.FileName, Kind: r.Kind, Status: r.Status, When: stamp(r.CreatedAt),
			Actor: r.Actor, Rows: r.Rows, Created: r.Created, Updated: r.Updated, Unchanged: r.Unchanged, Failed: r.Failed, DryRun: r.DryRun})
	}
	return h, nil
}

func (a *App) procurementHome(ctx context.Context, today models.Date) (*procurementHome, error) {
	d, err := a.store.ProcurementDashboard(ctx, today, a.cfg.FiscalYearStart)
	if err != nil {
		return nil, err
	}
	h := &procurementHome{FiscalYear: d.FiscalYear, EndOfLife: tileOf(d.EndOfLife)}
	for _, t := range d.Renewals {
		h.Renewals = append(h.Renewals, tileOf(t))
	}
	return h, nil
}

// financeHome reads the budget report of today's fiscal year: the lines' rows (not the
// subtotals), as the budget page shows them.
func (a *App) financeHome(ctx context.Context, today models.Date) (*financeHome, error) {
	fy := models.FiscalYearOf(today, a.cfg.FiscalYearStart)
	b, err := a.budgetView(ctx, url.Values{"fiscal_year": {strconv.Itoa(fy)}})
	if err != nil {
		return nil, err
	}
	h := &financeHome{FiscalYear: b.FiscalYear, Href: "/budget?fiscal_year=" + strconv.Itoa(b.FiscalYear)}
	for _, l := range b.Lines {
		if !l.Subtotal {
			h.Lines = append(h.Lines, l)
		}
	}
	return h, nil
}

// tileListNames are how the lists behind tiles are named on a link.
var tileListNames = map[string]string{"devices": "devices", "licences": "licences", "warranties": "warranties & contracts"}

// tileOf turns a store tile into its view: each list behind it is a link to /<list>?<filter>,
// the same filter the JSON list takes, so the list's total is the tile's number.
func tileOf(t models.Tile) tileView {
	v := tileView{Key: t.Key, Label: t.Label, Count: t.Count}
	for _, m := range t.Totals {
		v.Totals = append(v.Totals, m.String())
	}
	for _, l := range t.Lists {
		v.Links = append(v.Links, tileLink{Label: tileListNames[l.List], Href: tileHref(l)})
	}
	return v
}

// tileHref is the page of the list behind a tile, with its filter.
func tileHref(l models.TileList) string {
	href := "/" + l.List
	if q := l.Query().Encode(); q != "" {
		href += "?" + q
	}
	return href
}

// registerGroup is the register's sections, under the figures.
func registerGroup() homeGroup {
	return homeGroup{"The register", []homeLink{
		{"Devices", "Find a device by tag, serial, host or person; edit it.", "/devices"},
		{"Licences", "Seats bought and assigned, keys, renewal dates.", "/licences"},
		{"Warranties & contracts", "What covers which device, and until when.", "/warranties"},
		{"Vendors", "Manufacturers, suppliers and what we spend with them.", "/vendors"},
		{"Reports", "Every report, with downloads as XLSX, CSV and JSON.", "/reports"},
	}}
}

// percent writes a fraction as a whole percentage.
func percent(f float64) string { return fmt.Sprintf("%.0f%%", f*100) }
