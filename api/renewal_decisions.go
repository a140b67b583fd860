package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// renewalDecisionStore is what the renewal decision handlers need of the store.
type renewalDecisionStore interface {
	GetRenewalDecision(ctx context.Context, item models.RenewalItem) (*models.RenewalDecision, error)
	SetRenewalDecision(ctx context.Context, item models.RenewalItem, version int64, in models.RenewalDecisionInput) (*models.RenewalDecision, error)
}

// RenewalDecisionRequest is the body of PUT /renewal-decisions/{kind}/{id}. The version is the
// one last read (0 when the item showed no decision); If-Match may carry it instead.
type RenewalDecisionRequest struct {
	Decision string `json:"decision" validate:"required,oneof=renew cancel renegotiate undecided"`
	Owner    string `json:"owner" validate:"max=200,nocontrol"`
	Note     string `json:"note" validate:"max=10000"`
	Version  *int64 `json:"version"`
}

// RenewalDecisionResponse is the decision shown for a licence or warranty: the one recorded for
// its current end date, else "undecided" at version 0.
type RenewalDecisionResponse struct {
	Kind      string      `json:"kind"`
	ItemID    int64       `json:"item_id"`
	EndDate   models.Date `json:"end_date"`
	Decision  string      `json:"decision"`
	Owner     string      `json:"owner"`
	Note      string      `json:"note"`
	Version   int64       `json:"version"`
	UpdatedAt *time.Time  `json:"updated_at"`
}

// registerRenewalDecisionRoutes adds GET and PUT /renewal-decisions/{kind}/{id}.
func (s *Server) registerRenewalDecisionRoutes(g *gin.RouterGroup) {
	var st renewalDecisionStore = s.Store
	g = g.Group("", writeGuard())
	s.handle(g, op{Method: "GET", Path: "/renewal-decisions/:kind/:id", Summary: "The renewal decision shown for a licence or warranty " +
		"(kind licence|warranty): the one made for its current end date, else undecided at version 0", Role: models.RoleViewer,
		Response: RenewalDecisionResponse{}}, func(c *gin.Context) {
		item, ok := renewalItemParam(c)
		if !ok {
			return
		}
		d, err := st.GetRenewalDecision(c.Request.Context(), item)
		if err != nil {
			writeError(c, err)
			return
		}
		setETag(c, d.Version)
		c.JSON(http.StatusOK, renewalDecisionResponse(d))
	})
	s.handle(g, op{Method: "PUT", Path: "/renewal-decisions/:kind/:id", Summary: "Record a renewal decision (renew, cancel, renegotiate, " +
		"undecided) with an owner and a note for the item's current end date; needs the version last read (0 for none)",
		Role: models.RoleEditor, Request: RenewalDecisionRequest{}, Response: RenewalDecisionResponse{}}, limitBody(MaxJSONBody), func(c *gin.Context) {
		item, ok := renewalItemParam(c)
		if !ok {
			return
		}
		var req RenewalDecisionRequest
		if err := bindJSON(c, &req); err != nil {
			writeError(c, err)
			return
		}
		ver, err := versionOf(c, req.Version)
		if err != nil {
			writeError(c, err)
			return
		}
		d, err := st.SetRenewalDecision(c.Request.Context(), item, ver, models.RenewalDecisionInput{Decision: req.Decision, Owner: req.Owner, Note: req.Note})
		if err != nil {
			writeError(c, err)
			return
		}
		setETag(c, d.Version)
		c.JSON(http.StatusOK, renewalDecisionResponse(d))
	})
}

// renewalItemParam reads the :kind and :id path parameters; an unknown kind or a bad id is 404.
func renewalItemParam(c *gin.Context) (models.RenewalItem, bool) {
	kind := c.Param("kind")
	if kind != models.RenewalLicence && kind != models.RenewalWarranty {
		writeError(c, errNotFound("no such renewal item kind: use licence or warranty"))
		return models.RenewalItem{}, false
	}
	id, ok := pathID(c, "id")
	return models.RenewalItem{Kind: kind, ID: id}, ok
}

func renewalDecisionResponse(d *models.RenewalDecision) RenewalDecisionResponse {
	out := RenewalDecisionResponse{Kind: d.ItemKind, ItemID: d.ItemID, EndDate: d.EndDate, Decision: d.Decision, Owner: d.Owner,
		Note: d.Note, Version: d.Version}
	if d.Version > 0 {
		at := d.UpdatedAt
		out.UpdatedAt = &at
	}
	return out
}
