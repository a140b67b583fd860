package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
	"itreg/reports/notify"
)

// WebhookEndpointRequest is the body of POST and PUT /webhook-endpoints. The secret is made by
// the server and shown once, in the answer to POST.
type WebhookEndpointRequest struct {
	Name    string `json:"name" validate:"required,max=200,nocontrol"`
	URL     string `json:"url" validate:"required,max=2000,nocontrol"`
	Format  string `json:"format" validate:"required,oneof=standard slack teams"`
	Enabled *bool  `json:"enabled"`
	Notes   string `json:"notes" validate:"max=10000"`
	Version *int64 `json:"version"`
}

// WebhookEndpointResponse is an endpoint as the API shows it; Secret is set only in the answer
// to POST (store it then: it is never shown again).
type WebhookEndpointResponse struct {
	ID             int64     `json:"id"`
	Name           string    `json:"name"`
	URL            string    `json:"url"`
	Format         string    `json:"format"`
	Enabled        bool      `json:"enabled"`
	DisabledReason string    `json:"disabled_reason"`
	Secret         string    `json:"secret,omitempty"`
	Notes          string    `json:"notes"`
	Version        int64     `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

func (r *WebhookEndpointRequest) apply(e *models.WebhookEndpoint) {
	e.Name, e.URL, e.Format, e.Notes = r.Name, r.URL, r.Format, r.Notes
	e.Enabled = r.Enabled == nil || *r.Enabled
	if e.Enabled {
		e.DisabledReason = ""
	}
}

func (r *WebhookEndpointRequest) version() *int64 { return r.Version }

func webhookEndpointResponse(e *models.WebhookEndpoint) WebhookEndpointResponse {
	return WebhookEndpointResponse{ID: e.ID, Name: e.Name, URL: e.URL, Format: e.Format, Enabled: e.Enabled,
		DisabledReason: e.DisabledReason, Notes: e.Notes, Version: e.Version, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt}
}

func respondWebhookEndpoint(c *gin.Context, status int, e *models.WebhookEndpoint) {
	writeOne(c, status, "/api/v1/webhook-endpoints", e.ID, e.Version, webhookEndpointResponse(e))
}

// registerWebhookEndpointRoutes registers /webhook-endpoints, for administrators only: an
// endpoint decides where the server sends data.
func (s *Server) registerWebhookEndpointRoutes(g *gin.RouterGroup) {
	st := s.Store
	g = g.Group("", requireRole(models.RoleAdmin))
	checkURL := func(c *gin.Context, url string) bool {
		if err := notify.CheckWebhookURL(url, s.Reminders.AllowPrivateWebhooks); err != nil {
			writeError(c, errInvalidField("url", err.Error()))
			return false
		}
		return true
	}
	s.handle(g, op{Method: "GET", Path: "/webhook-endpoints", Summary: "List webhook endpoints", Role: models.RoleAdmin,
		Response: ListResponse[WebhookEndpointResponse]{}}, func(c *gin.Context) {
		eps, err := st.ListWebhookEndpoints(c.Request.Context())
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, listOf(models.ListResult[models.WebhookEndpoint]{Items: eps, Total: int64(len(eps))}, webhookEndpointResponse))
	})
	s.handle(g, op{Method: "POST", Path: "/webhook-endpoints", Summary: "Create a webhook endpoint (the answer shows its signing secret, once)",
		Role: models.RoleAdmin, Request: WebhookEndpointRequest{}, Response: WebhookEndpointResponse{}, Status: http.StatusCreated},
		limitBody(MaxJSONBody), func(c *gin.Context) {
			var req WebhookEndpointRequest
			if err := bindJSON(c, &req); err != nil {
				writeError(c, err)
				return
			}
			if !checkURL(c, req.URL) {
				return
			}
			e := &models.WebhookEndpoint{Secret: notify.NewWebhookSecret()}
			req.apply(e)
			if err := st.CreateWebhookEndpoint(c.Request.Context(), e); err != nil {
				writeError(c, err)
				return
			}
			body := webhookEndpointResponse(e)
			body.Secret = e.Secret
			created(c, "/api/v1/webhook-endpoints", e.ID, e.Version, body)
		})
	s.handle(g, op{Method: "GET", Path: "/webhook-endpoints/:id", Summary: "Get a webhook endpoint", Role: models.RoleAdmin,
		Response: WebhookEndpointResponse{}}, getHandler(st.GetWebhookEndpoint, respondWebhookEndpoint))
	s.handle(g, op{Method: "PUT", Path: "/webhook-endpoints/:id", Summary: "Replace a webhook endpoint (needs its version; the secret stays)",
		Role: models.RoleAdmin, Request: WebhookEndpointRequest{}, Response: WebhookEndpointResponse{}}, limitBody(MaxJSONBody),
		func(c *gin.Context) {
			id, ok := pathID(c, "id")
			if !ok {
				return
			}
			var req WebhookEndpointRequest
			if err := bindJSON(c, &req); err != nil {
				writeError(c, err)
				return
			}
			if !checkURL(c, req.URL) {
				return
			}
			ver, err := versionOf(c, req.Version)
			if err != nil {
				writeError(c, err)
				return
			}
			e, err := st.UpdateWebhookEndpoint(c.Request.Context(), id, ver, func(e *models.WebhookEndpoint) error { req.apply(e); return nil })
			if err != nil {
				writeError(c, err)
				return
			}
			respondWebhookEndpoint(c, http.StatusOK, e)
		})
	s.handle(g, op{Method: "DELETE", Path: "/webhook-endpoints/:id", Summary: "Delete a webhook endpoint", Role: models.RoleAdmin,
		Status: http.StatusNoContent}, deleteHandler(st.DeleteWebhookEndpoint))
}
