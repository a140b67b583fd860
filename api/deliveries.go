package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// DeliveryResponse is one message of the delivery log: what, to whom, when, and what happened.
type DeliveryResponse struct {
	ID            int64       `json:"id"`
	Kind          string      `json:"kind"`
	RuleID        *int64      `json:"rule_id"`
	ItemKind      string      `json:"item_kind"`
	ItemID        int64       `json:"item_id"`
	AnchorDate    models.Date `json:"anchor_date"`
	Stage         string      `json:"stage"`
	Channel       string      `json:"channel"`
	Recipient     string      `json:"recipient"`
	Digest        bool        `json:"digest"`
	Status        string      `json:"status"`
	DueAt         time.Time   `json:"due_at"`
	ExpiresAt     time.Time   `json:"expires_at"`
	NextAttemptAt time.Time   `json:"next_attempt_at"`
	Attempts      int         `json:"attempts"`
	LastError     string      `json:"last_error"`
	Reason        string      `json:"reason"`
	SentAt        *time.Time  `json:"sent_at"`
	MessageID     string      `json:"message_id"`
	CreatedAt     time.Time   `json:"created_at"`
	UpdatedAt     time.Time   `json:"updated_at"`
}

// TestMessageRequest is the body of POST /deliveries/test: an email address or a webhook endpoint.
type TestMessageRequest struct {
	Email      string `json:"email" validate:"required_without=EndpointID,omitempty,max=320,email"`
	EndpointID int64  `json:"endpoint_id" validate:"required_without=Email,omitempty,min=1"`
}

func deliveryResponse(m *models.OutboxMessage) DeliveryResponse {
	stage := strconv.Itoa(m.Stage) + "_days"
	switch {
	case m.Stage == models.StageMissed:
		stage = "missed"
	case m.Kind != models.OutboxReminder:
		stage = ""
	}
	return DeliveryResponse{ID: m.ID, Kind: m.Kind, RuleID: m.RuleID, ItemKind: m.ItemKind, ItemID: m.ItemID,
		AnchorDate: m.AnchorDate, Stage: stage, Channel: m.Channel, Recipient: m.Recipient, Digest: m.Digest, Status: m.Status,
		DueAt: m.DueAt, ExpiresAt: m.ExpiresAt, NextAttemptAt: m.NextAttemptAt, Attempts: m.Attempts, LastError: m.LastError,
		Reason: m.Reason, SentAt: m.SentAt, MessageID: m.MessageID, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

// deliveryFilterOf reads the delivery log's query parameters.
func deliveryFilterOf(c *gin.Context) (models.OutboxFilter, error) {
	f := models.OutboxFilter{Recipient: c.Query("recipient")}
	var err error
	if f.Page, err = pageOf(c); err != nil {
		return f, err
	}
	if f.Status, err = queryEnum(c, "status", models.OutboxStatuses); err != nil {
		return f, err
	}
	if f.Kind, err = queryEnum(c, "kind", []string{models.OutboxReminder, models.OutboxReport, models.OutboxTest}); err != nil {
		return f, err
	}
	if f.Channel, err = queryEnum(c, "channel", []string{models.ChannelEmail, models.ChannelWebhook}); err != nil {
		return f, err
	}
	if f.ItemKind, err = queryEnum(c, "item_kind", []string{models.RenewalLicence, models.RenewalWarranty, models.OutboxReport, models.OutboxTest}); err != nil {
		return f, err
	}
	if f.ItemID, err = queryInt64(c, "item_id"); err != nil {
		return f, err
	}
	f.RuleID, err = queryInt64(c, "rule_id")
	return f, err
}

// registerDeliveryRoutes registers the delivery log: viewers read it; editors resend a dead
// message and send test messages.
func (s *Server) registerDeliveryRoutes(g *gin.RouterGroup) {
	st := s.Store
	g = g.Group("", writeGuard())
	respond := func(c *gin.Context, status int, m *models.OutboxMessage) {
		c.JSON(status, deliveryResponse(m))
	}
	s.handle(g, op{Method: "GET", Path: "/deliveries", Summary: "The delivery log: every planned, sent, retried, skipped and dead message",
		Role: models.RoleViewer, Query: []string{"status", "kind", "channel", "item_kind", "item_id", "rule_id", "recipient", "limit", "cursor"},
		Response: ListResponse[DeliveryResponse]{}}, func(c *gin.Context) {
		if res, ok := listBy(c, deliveryFilterOf, st.ListOutbox); ok {
			c.JSON(http.StatusOK, listOf(res, deliveryResponse))
		}
	})
	s.handle(g, op{Method: "GET", Path: "/deliveries/:id", Summary: "One message of the delivery log", Role: models.RoleViewer,
		Response: DeliveryResponse{}}, getHandler(st.GetOutbox, respond))
	s.handle(g, op{Method: "POST", Path: "/deliveries/:id/resend", Summary: "Send a dead message again (same Message-ID)",
		Role: models.RoleEditor, Response: DeliveryResponse{}}, func(c *gin.Context) {
		id, ok := pathID(c, "id")
		if !ok {
			return
		}
		m, err := st.ResendOutbox(c.Request.Context(), id)
		if err != nil {
			writeError(c, err)
			return
		}
		respond(c, http.StatusOK, m)
	})
	s.handle(g, op{Method: "POST", Path: "/deliveries/test", Summary: "Queue a test message to an email address or a webhook endpoint",
		Role: models.RoleEditor, Request: TestMessageRequest{}, Response: DeliveryResponse{}, Status: http.StatusAccepted},
		limitBody(MaxJSONBody), func(c *gin.Context) {
			var req TestMessageRequest
			if err := bindJSON(c, &req); err != nil {
				writeError(c, err)
				return
			}
			channel, recipient := models.ChannelEmail, req.Email
			if req.EndpointID != 0 {
				if _, err := st.GetWebhookEndpoint(c.Request.Context(), req.EndpointID); err != nil {
					writeError(c, err)
					return
				}
				channel, recipient = models.ChannelWebhook, "endpoint:"+strconv.FormatInt(req.EndpointID, 10)
			}
			m, err := st.QueueTestMessage(c.Request.Context(), channel, recipient)
			if err != nil {
				writeError(c, err)
				return
			}
			respond(c, http.StatusAccepted, m)
		})
}
