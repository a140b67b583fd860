package api

import (
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// knownQuery answers 400, naming the parameters the route takes, for a query parameter a
// list (any route documenting its query parameters) does not take, rather than ignoring it:
// a mistyped filter ("statuss=retired") would otherwise return everything. It runs after
// authentication, and reports check their own parameters (serveReport). It reads the
// parameters from the operations Router registered.
func (s *Server) knownQuery() gin.HandlerFunc {
	return func(c *gin.Context) {
		takes, ok := s.queryParams[c.Request.Method+" "+c.FullPath()]
		if !ok || len(takes) == 0 || strings.HasPrefix(c.FullPath(), "/api/v1/reports") {
			c.Next()
			return
		}
		for name := range c.Request.URL.Query() {
			if !slices.Contains(takes, name) {
				writeError(c, &models.ParamError{Param: safeParamName(name),
					Message: "is not a parameter here; it takes " + strings.Join(takes, ", ")})
				return
			}
		}
		c.Next()
	}
}

// indexQueryParams records, per method and route, the query parameters its operation documents.
func (s *Server) indexQueryParams() {
	s.queryParams = make(map[string][]string, len(s.ops))
	for _, o := range s.ops {
		s.queryParams[o.Method+" "+o.Path] = o.Query
	}
}
