// Package api is itreg's HTTP API: the Gin router, middleware, request and response shapes,
// error mapping and the OpenAPI document. It holds no SQL; it calls the store.
package api

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// Server holds what the handlers need. cmd wires it once.
type Server struct {
	Store   *models.Store
	Log     *slog.Logger
	Version string
	// Currency is the default currency (ITREG_CURRENCY) for imports and reports.
	Currency string
	// FiscalYearStart is the month (1-12) fiscal years start on (ITREG_FISCAL_YEAR_START).
	FiscalYearStart int
	// MaxUpload caps import uploads in bytes.
	MaxUpload int64
	// ImportJobBytes is the upload size past which an import runs as a background job
	// (202 and a job to poll) instead of within the request; 0 means DefaultImportJobBytes.
	ImportJobBytes int64
}

// routeSet registers one resource's routes on the authenticated /api/v1 group.
type routeSet func(s *Server, g *gin.RouterGroup)

// routeSets is filled by each resource file's init, so resources stay in their own files.
var routeSets []routeSet

// publicRouteSets are registered on /api/v1 before authentication (feeds with their own token).
var publicRouteSets []routeSet

// Router builds the HTTP handler.
func (s *Server) Router() *gin.Engine {
	if s.Log == nil {
		s.Log = slog.Default()
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = true
	r.Use(requestID(), accessLog(s.Log), recoverer(s.Log), checkQuery())
	r.NoRoute(func(c *gin.Context) { writeError(c, errNotFound("no such endpoint: "+c.Request.URL.Path)) })
	r.NoMethod(func(c *gin.Context) {
		writeError(c, &httpError{http.StatusMethodNotAllowed, "method_not_allowed", c.Request.Method + " is not allowed here", nil})
	})
	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok", "version": s.Version}) })
	r.GET("/readyz", s.ready)

	v1 := r.Group("/api/v1")
	v1.GET("/openapi.json", s.openAPI)
	for _, rs := range publicRouteSets {
		rs(s, v1)
	}
	authed := v1.Group("", authenticate(s.Store))
	for _, rs := range routeSets {
		rs(s, authed)
	}
	s.registerImportWizardRoutes(authed)
	s.registerImportProfileRoutes(authed)
	return r
}

func (s *Server) ready(c *gin.Context) {
	if err := s.Store.Ping(c.Request.Context()); err != nil {
		s.Log.Warn("not ready", "err", err)
		c.JSON(http.StatusServiceUnavailable, ErrorBody{ErrorDetail{"unavailable", "the database does not answer", nil}})
		return
	}
	if err := s.Store.CheckSchema(c.Request.Context()); err != nil {
		c.JSON(http.StatusServiceUnavailable, ErrorBody{ErrorDetail{"unavailable", "the database schema is not this build's", nil}})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}
