package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// searchStore is what the global search needs of the store.
type searchStore interface {
	Search(ctx context.Context, q string, limit int) ([]models.SearchHit, error)
}

// SearchHitResponse is one record the global search found, with the API path to open it.
type SearchHitResponse struct {
	Kind   string `json:"kind"`
	ID     int64  `json:"id"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Path   string `json:"path"`
}

// SearchResponse is the answer of GET /search.
type SearchResponse struct {
	Query string              `json:"query"`
	Items []SearchHitResponse `json:"items"`
}

// searchPaths maps a hit's kind to its resource path.
var searchPaths = map[string]string{
	"device": "/api/v1/devices/", "licence": "/api/v1/licences/", "warranty": "/api/v1/warranties/", "vendor": "/api/v1/vendors/",
}

// registerSearchRoutes adds GET /search, the global search box's endpoint.
func (s *Server) registerSearchRoutes(g *gin.RouterGroup) {
	var st searchStore = s.Store
	s.handle(g, op{Method: "GET", Path: "/search", Summary: "Find devices (tag, serial, hostname, assignee), licences (product, reference), " +
		"warranties (reference) and vendors (name); up to limit hits per kind", Role: models.RoleViewer,
		Query: []string{"q", "limit"}, Response: SearchResponse{}}, func(c *gin.Context) {
		limit := 0
		if v := c.Query("limit"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				writeError(c, &models.ParamError{Param: "limit", Message: "must be a whole number"})
				return
			}
			limit = n
		}
		hits, err := st.Search(c.Request.Context(), c.Query("q"), limit)
		if err != nil {
			writeError(c, err)
			return
		}
		out := SearchResponse{Query: c.Query("q"), Items: make([]SearchHitResponse, len(hits))}
		for i, h := range hits {
			out.Items[i] = SearchHitResponse{Kind: h.Kind, ID: h.ID, Title: h.Title, Detail: h.Detail,
				Path: searchPaths[h.Kind] + strconv.FormatInt(h.ID, 10)}
		}
		c.JSON(http.StatusOK, out)
	})
}
