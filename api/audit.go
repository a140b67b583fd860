package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// auditStore is what the audit trail handler needs of the store.
type auditStore interface {
	ListAuditEvents(ctx context.Context, f models.AuditFilter) (models.ListResult[models.AuditEvent], error)
}

// AuditEventResponse is one change in the audit trail: who changed which record when, and
// each changed field's old and new value (a list longer than 100 items shown as its count and
// first 100).
type AuditEventResponse struct {
	ID       int64                    `json:"id"`
	At       time.Time                `json:"at"`
	Actor    string                   `json:"actor"`
	Action   string                   `json:"action"`
	Entity   string                   `json:"entity"`
	EntityID int64                    `json:"entity_id"`
	Changes  map[string]models.Change `json:"changes"`
}

// auditActions are the actions the audit trail records.
var auditActions = []string{models.ActionCreate, models.ActionUpdate, models.ActionDelete, models.ActionImport, models.ActionReveal}

func auditEventResponse(e *models.AuditEvent) AuditEventResponse {
	changes := map[string]models.Change(e.Changes.Bounded(models.MaxShownListItems))
	// Events written before token prefixes left the audit trail may still carry one.
	if e.Entity == "api_token" {
		delete(changes, "prefix")
	}
	return AuditEventResponse{ID: e.ID, At: e.At, Actor: e.Actor, Action: e.Action, Entity: e.Entity, EntityID: e.EntityID, Changes: changes}
}

// registerAuditRoutes serves the audit trail to every role.
func (s *Server) registerAuditRoutes(g *gin.RouterGroup) {
	h := auditHandlers{s.Store}
	query := []string{"entity", "entity_id", "actor", "action", "sort", "limit", "cursor"}
	s.handle(g, op{Method: "GET", Path: "/audit-events", Role: models.RoleViewer, Summary: "List audit events, newest first",
		Query: query, Response: ListResponse[AuditEventResponse]{}}, h.list)
}

type auditHandlers struct{ st auditStore }

func (h auditHandlers) list(c *gin.Context) {
	if res, ok := listBy(c, auditFilterOf, h.st.ListAuditEvents); ok {
		c.JSON(http.StatusOK, listOf(res, auditEventResponse))
	}
}

// auditFilterOf reads the audit trail's query parameters.
func auditFilterOf(c *gin.Context) (models.AuditFilter, error) {
	// Each role sees the events of what it may read elsewhere: token events only for admins.
	f := models.AuditFilter{Entity: c.Query("entity"), Actor: c.Query("actor"), AdminOnly: models.RoleAtLeast(c.GetString(ctxRole), models.RoleAdmin)}
	var err error
	if f.Page, err = pageOf(c); err != nil {
		return f, err
	}
	if f.EntityID, err = queryInt64(c, "entity_id"); err != nil {
		return f, err
	}
	f.Action, err = queryEnum(c, "action", auditActions)
	return f, err
}
