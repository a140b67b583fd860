package api

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
	"itreg/reports"
)

// ReportInfo describes one report in GET /reports.
type ReportInfo struct {
	Name          string   `json:"name"`
	Title         string   `json:"title"`
	Description   string   `json:"description"`
	Params        []string `json:"params"`
	DefaultWithin int      `json:"default_within"`
	Formats       []string `json:"formats"`
}

// ReportList is the body of GET /reports.
type ReportList struct {
	Items []ReportInfo `json:"items"`
}

// reportQuery lists every query parameter a report URL may carry.
var reportQuery = []string{"format", "as_of", "within", "fiscal_year", "department", "category", "vendor_id", "budget_line_id"}

// feedName is the calendar feed's path segment: the renewals report as iCalendar.
const feedName = "renewals.ics"

// registerReportRoutes serves the reports to every role.
func (s *Server) registerReportRoutes(g *gin.RouterGroup) {
	g = g.Group("", requireRole(models.RoleViewer))
	s.handle(g, op{Method: "GET", Path: "/reports", Role: models.RoleViewer, Summary: "List the reports, their parameters and formats",
		Response: ReportList{}}, s.listReports)
	s.handle(g, op{Method: "GET", Path: "/reports/:name", Role: models.RoleViewer,
		Summary: "Build a report as json, csv, xlsx or ics (a download named after the report and as_of)",
		Query:   reportQuery, Produces: "application/octet-stream"}, s.getReport)
}

// registerFeedRoutes serves the calendar feed before authentication: calendar clients cannot
// send a bearer token, so the feed checks its own (a bearer token or ?token=).
func (s *Server) registerFeedRoutes(g *gin.RouterGroup) {
	s.handle(g, op{Method: "GET", Path: "/reports/" + feedName,
		Summary: "Calendar feed of renewals (notice deadlines and end dates): a bearer token (viewer or above) or ?token= with a feed token",
		Query:   append([]string{"token"}, reportQuery[1:]...), Produces: reports.ContentType("ics")}, s.renewalsFeed)
}

// listReports answers GET /reports.
func (s *Server) listReports(c *gin.Context) {
	out := ReportList{Items: []ReportInfo{}}
	for _, r := range reports.All() {
		out.Items = append(out.Items, ReportInfo{Name: r.Name, Title: r.Title, Description: r.Description,
			Params: slices.Clone(r.Params), DefaultWithin: r.DefaultWithin, Formats: r.Formats()})
	}
	c.JSON(http.StatusOK, out)
}

// getReport answers GET /reports/{name}?format=...: the report streamed in the format asked.
func (s *Server) getReport(c *gin.Context) {
	format := c.DefaultQuery("format", "json")
	s.serveReport(c, c.Param("name"), format)
}

// renewalsFeed answers the calendar feed. It takes a bearer token of a viewer or above, or a
// feed token in ?token=. Only a feed token may travel in the URL: feed URLs end up in calendar
// subscriptions, proxy logs and browser history, where an API token would leak far more than
// the feed. The access log never records the query string.
func (s *Server) renewalsFeed(c *gin.Context) {
	secret, bearer := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !bearer {
		secret = c.Query("token")
	}
	secret = strings.TrimSpace(secret)
	if secret == "" {
		writeError(c, errUnauthorized("send ?token=<feed token> or an API token as Authorization: Bearer <token>"))
		return
	}
	tok, err := s.Store.Authenticate(c.Request.Context(), secret)
	if err != nil {
		writeError(c, errUnauthorized("the token is unknown or revoked"))
		return
	}
	switch {
	case !bearer && tok.Role != models.RoleFeed:
		writeError(c, errForbidden("only a feed token may be sent in the URL (itreg token create --role feed); send API tokens as Authorization: Bearer <token>"))
		return
	case tok.Role != models.RoleFeed && !models.RoleAtLeast(tok.Role, models.RoleViewer):
		writeError(c, errForbidden("this token may not read the calendar feed"))
		return
	}
	setIdentity(c, tok)
	release, ok := s.takeHeavy(c)
	if !ok {
		return
	}
	defer release()
	s.serveReport(c, strings.TrimSuffix(feedName, ".ics"), "ics")
}

// serveReport parses the parameters, builds the report and streams it. Errors before the
// first byte get the one error shape; a failure while streaming can no longer change the
// status, so it is logged and the response ends short.
func (s *Server) serveReport(c *gin.Context, name, format string) {
	r, ok := reports.Lookup(name)
	if !ok {
		writeError(c, errNotFound(fmt.Sprintf("no report %q; the reports are %s", name, strings.Join(reports.Names(), ", "))))
		return
	}
	if !slices.Contains(reports.Formats, format) {
		writeError(c, &httpError{http.StatusBadRequest, "bad_parameter",
			fmt.Sprintf("unknown format %q; the formats are %s", format, strings.Join(reports.Formats, ", ")),
			map[string]string{"format": "must be one of " + strings.Join(reports.Formats, ", ")}})
		return
	}
	if !slices.Contains(r.Formats(), format) {
		writeError(c, &httpError{http.StatusBadRequest, "bad_parameter",
			fmt.Sprintf("report %s has no dates for a calendar; its formats are %s", name, strings.Join(r.Formats(), ", ")),
			map[string]string{"format": "must be one of " + strings.Join(r.Formats(), ", ")}})
		return
	}
	ctx := c.Request.Context()
	p, err := reports.ParseParams(r, c.Request.URL.Query(), reports.Params{
		AsOf: s.Store.Today(), Currency: s.Currency, FiscalYearStart: s.FiscalYearStart,
	})
	if err != nil {
		writeError(c, err)
		return
	}
	t, err := r.Build(ctx, s.Store, p)
	if err != nil {
		writeError(c, err)
		return
	}
	if format == "ics" && t.Calendar == nil {
		writeError(c, errBadRequest(fmt.Sprintf("report %s has no dates for a calendar", name)))
		return
	}
	c.Header("Content-Type", reports.ContentType(format))
	c.Header("Content-Disposition", attachment(reports.FileName(t, format, p.AsOf.String())))
	c.Header("Cache-Control", "no-store")
	c.Status(http.StatusOK)
	if err := reports.Render(c.Writer, t, format); err != nil {
		if !c.Writer.Written() && !errors.Is(err, ctx.Err()) {
			c.Writer.Header().Del("Content-Type")
			c.Writer.Header().Del("Content-Disposition")
			writeError(c, err)
			return
		}
		s.Log.ErrorContext(ctx, "report stream failed", "report", name, "format", format,
			"request_id", c.GetString(ctxRequestID), "err", err.Error())
	}
}
