package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// RecipientBody is one recipient: kind email (value: the address), role (admin, editor,
// viewer), user (id or email), budget_owner (no value) or webhook (value: the endpoint id).
type RecipientBody struct {
	Kind  string `json:"kind" validate:"required,oneof=email role user budget_owner webhook"`
	Value string `json:"value" validate:"max=320,nocontrol"`
}

// ReminderRuleRequest is the body of POST and PUT /reminder-rules.
type ReminderRuleRequest struct {
	Name         string          `json:"name" validate:"required,max=200,nocontrol"`
	Enabled      *bool           `json:"enabled"`
	Scope        string          `json:"scope" validate:"required,oneof=licences warranties both"`
	VendorID     *int64          `json:"vendor_id"`
	BudgetLineID *int64          `json:"budget_line_id"`
	Category     string          `json:"category" validate:"max=100"`
	MinCost      models.Money    `json:"min_cost"`
	Stages       []int           `json:"stages" validate:"max=10"`
	Recipients   []RecipientBody `json:"recipients" validate:"required,min=1,max=50,dive"`
	Digest       bool            `json:"digest"`
	TimeZone     string          `json:"time_zone" validate:"max=64"`
	SendHour     *int            `json:"send_hour"`
	Notes        string          `json:"notes" validate:"max=10000"`
	Version      *int64          `json:"version"`
}

// ReminderRuleResponse is a rule as the API shows it.
type ReminderRuleResponse struct {
	ID           int64           `json:"id"`
	Name         string          `json:"name"`
	Enabled      bool            `json:"enabled"`
	Scope        string          `json:"scope"`
	VendorID     *int64          `json:"vendor_id"`
	BudgetLineID *int64          `json:"budget_line_id"`
	Category     string          `json:"category"`
	MinCost      *models.Money   `json:"min_cost"`
	Stages       []int           `json:"stages"`
	Recipients   []RecipientBody `json:"recipients"`
	Digest       bool            `json:"digest"`
	TimeZone     string          `json:"time_zone"`
	SendHour     int             `json:"send_hour"`
	Notes        string          `json:"notes"`
	Version      int64           `json:"version"`
	CreatedAt    time.Time       `json:"created_at"`
	UpdatedAt    time.Time       `json:"updated_at"`
}

func recipientsOf(rs []RecipientBody) models.Recipients {
	out := make(models.Recipients, len(rs))
	for i, r := range rs {
		out[i] = models.Recipient{Kind: r.Kind, Value: r.Value}
	}
	return out
}

func recipientBodies(rs models.Recipients) []RecipientBody {
	out := make([]RecipientBody, len(rs))
	for i, r := range rs {
		out[i] = RecipientBody{Kind: r.Kind, Value: r.Value}
	}
	return out
}

// apply sets the rule's fields; unset stages, zone and hour take the defaults (90/30/7/0, UTC, 8).
func (r *ReminderRuleRequest) apply(m *models.ReminderRule) {
	m.Name, m.Scope, m.VendorID, m.BudgetLineID, m.Category = r.Name, r.Scope, r.VendorID, r.BudgetLineID, r.Category
	m.MinCost, m.Digest, m.Notes, m.Recipients = r.MinCost, r.Digest, r.Notes, recipientsOf(r.Recipients)
	m.Enabled = r.Enabled == nil || *r.Enabled
	m.Stages = models.Stages(r.Stages)
	if len(r.Stages) == 0 {
		m.Stages = models.DefaultStages
	}
	m.TimeZone = r.TimeZone
	if m.TimeZone == "" {
		m.TimeZone = "UTC"
	}
	m.SendHour = 8
	if r.SendHour != nil {
		m.SendHour = *r.SendHour
	}
}

func (r *ReminderRuleRequest) version() *int64 { return r.Version }

func reminderRuleResponse(m *models.ReminderRule) ReminderRuleResponse {
	var minCost *models.Money
	if !m.MinCost.IsZero() {
		minCost = &m.MinCost
	}
	return ReminderRuleResponse{
		ID: m.ID, Name: m.Name, Enabled: m.Enabled, Scope: m.Scope, VendorID: m.VendorID, BudgetLineID: m.BudgetLineID,
		Category: m.Category, MinCost: minCost, Stages: append([]int{}, m.Stages...), Recipients: recipientBodies(m.Recipients),
		Digest: m.Digest, TimeZone: m.TimeZone, SendHour: m.SendHour, Notes: m.Notes, Version: m.Version,
		CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt,
	}
}

func respondReminderRule(c *gin.Context, status int, m *models.ReminderRule) {
	writeOne(c, status, "/api/v1/reminder-rules", m.ID, m.Version, reminderRuleResponse(m))
}

// registerReminderRuleRoutes registers /reminder-rules: viewers read, editors change.
func (s *Server) registerReminderRuleRoutes(g *gin.RouterGroup) {
	st := s.Store
	g = g.Group("", writeGuard())
	s.handle(g, op{Method: "GET", Path: "/reminder-rules", Summary: "List reminder rules", Role: models.RoleViewer,
		Response: ListResponse[ReminderRuleResponse]{}}, func(c *gin.Context) {
		rules, err := st.ListReminderRules(c.Request.Context())
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, listOf(models.ListResult[models.ReminderRule]{Items: rules, Total: int64(len(rules))}, reminderRuleResponse))
	})
	s.handle(g, op{Method: "POST", Path: "/reminder-rules", Summary: "Create a reminder rule", Role: models.RoleEditor,
		Request: ReminderRuleRequest{}, Response: ReminderRuleResponse{}, Status: http.StatusCreated},
		limitBody(MaxJSONBody), createHandler[ReminderRuleRequest](st.CreateReminderRule, respondReminderRule))
	s.handle(g, op{Method: "GET", Path: "/reminder-rules/:id", Summary: "Get a reminder rule", Role: models.RoleViewer,
		Response: ReminderRuleResponse{}}, getHandler(st.GetReminderRule, respondReminderRule))
	s.handle(g, op{Method: "PUT", Path: "/reminder-rules/:id", Summary: "Replace a reminder rule (needs its version)", Role: models.RoleEditor,
		Request: ReminderRuleRequest{}, Response: ReminderRuleResponse{}},
		limitBody(MaxJSONBody), updateHandler[ReminderRuleRequest](st.UpdateReminderRule, respondReminderRule))
	s.handle(g, op{Method: "DELETE", Path: "/reminder-rules/:id", Summary: "Delete a reminder rule (its delivery log stays)",
		Role: models.RoleEditor, Status: http.StatusNoContent}, deleteHandler(st.DeleteReminderRule))
}
