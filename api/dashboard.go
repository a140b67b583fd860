package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// dashboardStore is what the home tiles need of the store.
type dashboardStore interface {
	ITDashboard(ctx context.Context, asOf models.Date) (*models.ITDashboard, error)
	ProcurementDashboard(ctx context.Context, asOf models.Date, fiscalYearStart int) (*models.ProcurementDashboard, error)
	Today() models.Date
}

// TileResponse is one home tile: its count, money per currency and links to the lists behind it
// (their totals add up to the count).
type TileResponse struct {
	Key    string         `json:"key"`
	Label  string         `json:"label"`
	Count  int64          `json:"count"`
	Totals []models.Money `json:"totals"`
	Links  []TileLink     `json:"links"`
}

// TileLink is one list behind a tile: the list's name and its filtered URL.
type TileLink struct {
	List string `json:"list"`
	Href string `json:"href"`
}

// ITDashboardResponse is the IT manager's home page.
type ITDashboardResponse struct {
	AsOf          models.Date     `json:"as_of"`
	ByStatus      []TileResponse  `json:"by_status"`
	PastEndOfLife TileResponse    `json:"past_end_of_life"`
	Uncovered     TileResponse    `json:"uncovered"`
	OverAssigned  TileResponse    `json:"over_assigned"`
	LastImports   []ImportSummary `json:"last_imports"`
}

// ProcurementDashboardResponse is procurement's home page.
type ProcurementDashboardResponse struct {
	AsOf       models.Date    `json:"as_of"`
	FiscalYear int            `json:"fiscal_year"`
	Renewals   []TileResponse `json:"renewals"`
	EndOfLife  TileResponse   `json:"end_of_life"`
}

// registerDashboardRoutes adds the home pages' tiles as JSON.
func (s *Server) registerDashboardRoutes(g *gin.RouterGroup) {
	var st dashboardStore = s.Store
	fyStart := s.FiscalYearStart
	s.handle(g, op{Method: "GET", Path: "/dashboards/it", Summary: "The IT manager's home tiles: devices by status, past end of life, " +
		"without cover, over-assigned licences, last imports", Role: models.RoleViewer, Query: []string{"as_of"},
		Response: ITDashboardResponse{}}, func(c *gin.Context) {
		asOf, ok := asOfParam(c, st.Today())
		if !ok {
			return
		}
		d, err := st.ITDashboard(c.Request.Context(), asOf)
		if err != nil {
			writeError(c, err)
			return
		}
		out := ITDashboardResponse{AsOf: d.AsOf, PastEndOfLife: tileResponse(d.PastEndOfLife), Uncovered: tileResponse(d.Uncovered),
			OverAssigned: tileResponse(d.OverAssigned), ByStatus: tileResponses(d.ByStatus), LastImports: []ImportSummary{}}
		for i := range d.LastImports {
			out.LastImports = append(out.LastImports, importSummary(&d.LastImports[i]))
		}
		c.JSON(http.StatusOK, out)
	})
	s.handle(g, op{Method: "GET", Path: "/dashboards/procurement", Summary: "Procurement's home tiles: notice deadlines overdue and within " +
		"30/60/90 days with next-term cost, end of life this fiscal year with replacement cost", Role: models.RoleViewer,
		Query: []string{"as_of"}, Response: ProcurementDashboardResponse{}}, func(c *gin.Context) {
		asOf, ok := asOfParam(c, st.Today())
		if !ok {
			return
		}
		d, err := st.ProcurementDashboard(c.Request.Context(), asOf, fyStart)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, ProcurementDashboardResponse{AsOf: d.AsOf, FiscalYear: d.FiscalYear,
			Renewals: tileResponses(d.Renewals), EndOfLife: tileResponse(d.EndOfLife)})
	})
}

// asOfParam reads the optional as_of date (default today); on a bad date it answers 400.
func asOfParam(c *gin.Context, today models.Date) (models.Date, bool) {
	d, err := queryDate(c, "as_of")
	if err != nil {
		writeError(c, err)
		return d, false
	}
	if d.IsZero() {
		d = today
	}
	return d, true
}

// tileListPaths maps a tile's list to the API list it filters.
var tileListPaths = map[string]string{"devices": "/api/v1/devices", "licences": "/api/v1/licences", "warranties": "/api/v1/warranties"}

func tileResponse(t models.Tile) TileResponse {
	out := TileResponse{Key: t.Key, Label: t.Label, Count: t.Count, Totals: t.Totals, Links: []TileLink{}}
	if out.Totals == nil {
		out.Totals = []models.Money{}
	}
	for _, l := range t.Lists {
		href := tileListPaths[l.List]
		if q := l.Query().Encode(); q != "" {
			href += "?" + q
		}
		out.Links = append(out.Links, TileLink{List: l.List, Href: href})
	}
	return out
}

func tileResponses(ts []models.Tile) []TileResponse {
	out := make([]TileResponse, len(ts))
	for i, t := range ts {
		out[i] = tileResponse(t)
	}
	return out
}
