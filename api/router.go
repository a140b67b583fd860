// Package api is itreg's HTTP API: the Gin router, middleware, request and response shapes,
// error mapping and the OpenAPI document. It holds no SQL; it calls the store.
package api

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/api/web"
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
	// MaxUpload caps import uploads in bytes (ITREG_MAX_UPLOAD_MB); 0 sets no cap beyond the
	// importer's own limits. The defaults live in cmd's configuration table, once.
	MaxUpload int64
	// ImportJobBytes is the upload size past which an import runs as a background job
	// (202 and a job to poll) instead of within the request (ITREG_IMPORT_JOB_KB); 0 runs
	// every import within the request.
	ImportJobBytes int64
	// WriteStall is how long one write to a client may block before the response is abandoned
	// (ITREG_WRITE_STALL_SECONDS); 0 means DefaultWriteStall.
	WriteStall time.Duration
	// HeavyPerIdentity is how many reports, exports and imports one token may run at once
	// (ITREG_HEAVY_PER_TOKEN); 0 means DefaultHeavyPerIdentity.
	HeavyPerIdentity int
	// ConcurrentUploads caps the uploads read at once, over every caller
	// (ITREG_CONCURRENT_UPLOADS); 0 means DefaultConcurrentUploads.
	ConcurrentUploads int
	// MaxQueuedBytes caps the bytes of files waiting in the import queue (ITREG_MAX_QUEUED_MB);
	// 0 means DefaultMaxQueuedBytes.
	MaxQueuedBytes int64

	// ops documents every route Router registered, for the OpenAPI document.
	ops []op
	// Web is the web application served at / (nil: the API only).
	Web *web.App
	// People configures sign-in: the public URL, password sign-in, single sign-on.
	People PeopleConfig

	authn *auth.Authenticator
	oidc  *oidcProvider
	// Reminders holds the reminder settings (webhook address policy).
	Reminders ReminderOptions
	// heavy counts the heavy requests each identity runs.
	heavy *heavyLimit
	// uploads caps the uploads read at once.
	uploads *uploadGate
	// queryParams lists, per "METHOD /route", the query parameters the route takes.
	queryParams map[string][]string
}

// Router builds the HTTP handler: the probes, the OpenAPI document, the calendar feed (which
// checks its own token) and, behind a bearer token, every resource. Each route registers its
// OpenAPI operation on s as it is added, so the document and the router are one list.
func (s *Server) Router() *gin.Engine {
	if s.Log == nil {
		s.Log = slog.Default()
	}
	s.ops = nil
	s.heavy = newHeavyLimit(s.HeavyPerIdentity)
	s.uploads = newUploadGate(s.ConcurrentUploads)
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = true
	r.Use(securityHeaders(), writeDeadline(s.WriteStall), requestID(), accessLog(s.Log), recoverer(s.Log), checkQuery())
	r.NoRoute(s.noRoute)
	r.NoMethod(s.noMethod)
	r.GET("/healthz", s.healthy)
	r.GET("/readyz", s.ready)

	v1 := r.Group("/api/v1")
	v1.GET("/openapi.json", s.openAPI)
	s.registerFeedRoutes(v1)
	s.authn = s.newAuthenticator()
	s.registerSessionRoutes(v1)
	s.registerOIDCRoutes(r.Group(""))

	authed := v1.Group("", authenticate(s.authn), s.limitHeavy(), s.knownQuery())
	s.registerVendorRoutes(authed)
	s.registerCategoryRoutes(authed)
	s.registerDeviceRoutes(authed)
	s.registerDeviceBulkRoutes(authed)
	s.registerLicenceRoutes(authed)
	s.registerSeatRoutes(authed)
	s.registerWarrantyRoutes(authed)
	s.registerBudgetLineRoutes(authed)
	s.registerAuditRoutes(authed)
	s.registerImportRoutes(authed)
	s.registerReportRoutes(authed)
	s.registerTokenRoutes(authed)
	s.registerUserRoutes(authed)
	s.registerMeRoutes(authed)
	s.registerDashboardRoutes(authed)
	s.registerSearchRoutes(authed)
	s.registerRenewalDecisionRoutes(authed)
	s.registerSavedViewRoutes(authed)
	if s.Web != nil {
		s.Web.Register(r)
	}
	s.registerReminderRoutes(authed)
	s.registerImportWizardRoutes(authed)
	s.registerImportProfileRoutes(authed)
	s.indexQueryParams()
	return r
}

func (s *Server) noRoute(c *gin.Context) {
	if s.Web != nil && !strings.HasPrefix(c.Request.URL.Path, "/api/") {
		s.Web.NotFound(c)
		return
	}
	writeError(c, errNotFound("no such endpoint: "+c.Request.URL.Path))
}

func (s *Server) noMethod(c *gin.Context) {
	writeError(c, &httpError{http.StatusMethodNotAllowed, "method_not_allowed", c.Request.Method + " is not allowed here", nil})
}

func (s *Server) healthy(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok", "version": s.Version})
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
