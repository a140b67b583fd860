package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// searchData is the search page: the store's hits grouped by kind.
type searchData struct {
	Query   string
	Groups  []searchGroup
	Total   int
	Problem string
}

type searchGroup struct {
	Kind, Heading string
	Hits          []searchHit
	Full          bool // the group holds as many hits as the search returns per kind
}

type searchHit struct{ Title, Detail, Href string }

// searchKinds are the kinds the search finds, in the order the page shows them, with the
// record page each links to.
var searchKinds = []struct{ kind, heading, path string }{
	{"device", "Devices", "/devices/"},
	{"licence", "Licences", "/licences/"},
	{"warranty", "Warranties & contracts", "/warranties/"},
	{"vendor", "Vendors", "/vendors/"},
}

// searchLimit is how many hits of each kind the page shows.
const searchLimit = 20

func (a *App) registerSearchRoutes(g *gin.RouterGroup) {
	g.GET("/search", a.searchPage)
}

func (a *App) searchPage(c *gin.Context) {
	d := &searchData{Query: c.Query("q")}
	status := http.StatusOK
	if d.Query != "" {
		hits, err := a.store.Search(c.Request.Context(), d.Query, searchLimit)
		var pe *models.ParamError
		switch {
		case errors.As(err, &pe):
			d.Problem, status = "The search "+pe.Message+".", http.StatusBadRequest
		case err != nil:
			a.fail(c, err)
			return
		}
		for _, k := range searchKinds {
			g := searchGroup{Kind: k.kind, Heading: k.heading}
			for _, h := range hits {
				if h.Kind == k.kind {
					title := h.Title
					if title == "" {
						title = k.heading + " " + strconv.FormatInt(h.ID, 10)
					}
					g.Hits = append(g.Hits, searchHit{Title: title, Detail: h.Detail, Href: k.path + strconv.FormatInt(h.ID, 10)})
				}
			}
			g.Full = len(g.Hits) == searchLimit
			d.Total += len(g.Hits)
			d.Groups = append(d.Groups, g)
		}
	}
	a.render(c, Page{Name: "search", Title: "Search", Status: status, Data: d})
}
