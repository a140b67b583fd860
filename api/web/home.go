package web

import "github.com/gin-gonic/gin"

// homeLink is one tile of the home page.
type homeLink struct{ Label, Text, Href string }

// homeGroup is a heading with its tiles.
type homeGroup struct {
	Heading string
	Links   []homeLink
}

// homeData is the home page: the person's landing view and the sections it puts first.
type homeData struct {
	Landing string
	Groups  []homeGroup
}

func (a *App) registerHomeRoutes(g *gin.RouterGroup) {
	g.GET("/", a.home)
}

// home greets the person and puts the sections of their landing view first. The dashboard
// tiles with figures replace the link tiles as the pages behind them arrive.
func (a *App) home(c *gin.Context) {
	me := meFrom(c)
	a.render(c, Page{Name: "home", Title: "Home", Nav: "home", Data: homeData{Landing: me.Landing, Groups: homeGroups(me.Landing)}})
}

func homeGroups(landing string) []homeGroup {
	register := homeGroup{"The register", []homeLink{
		{"Devices", "Find a device by tag, serial, host or person; edit it.", "/devices"},
		{"Licences", "Seats bought and assigned, keys, renewal dates.", "/licences"},
		{"Warranties & contracts", "What covers which device, and until when.", "/warranties"},
		{"Vendors", "Manufacturers, suppliers and what we spend with them.", "/vendors"},
	}}
	it := homeGroup{"Keep the register true", []homeLink{
		{"Imports", "Upload an inventory workbook, check its errors, commit it.", "/imports"},
		{"End of life", "Devices reaching end of life, by quarter.", "/end-of-life"},
		{"Reports", "Licence compliance, warranty coverage and more.", "/reports"},
	}}
	finance := homeGroup{"Money", []homeLink{
		{"Budget", "Allocated, spent, forecast and remaining per budget line.", "/budget"},
		{"Depreciation", "Book value of hardware per fiscal year.", "/reports/depreciation"},
		{"Reports", "Every report, with downloads as XLSX and CSV.", "/reports"},
	}}
	procurement := homeGroup{"Decisions ahead", []homeLink{
		{"Renewals", "Licences and contracts by notice deadline.", "/renewals"},
		{"End of life", "What to replace this fiscal year and at what cost.", "/end-of-life"},
		{"Vendors", "Spend and renewals per vendor, for a negotiation.", "/vendors"},
	}}
	switch landing {
	case "finance":
		return []homeGroup{finance, register}
	case "procurement":
		return []homeGroup{procurement, register}
	}
	return []homeGroup{it, register}
}
