package web

import (
	"net/http"
	"net/mail"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// deliveriesPerPage is how many messages the delivery log lists at a time.
const deliveriesPerPage = 50

// deliveriesData is the delivery log page.
type deliveriesData struct {
	Rows      []deliveryRow
	Total     int64
	Next      string
	Status    string
	Statuses  []string
	Endpoints []models.WebhookEndpoint
	Test      *Form
}

type deliveryRow struct {
	ID                                    int64
	Kind, Item, Stage, Channel, Recipient string
	Status, Due, Sent, LastError, Reason  string
	Attempts                              int
	Dead                                  bool
}

func (a *App) registerDeliveryRoutes(g *gin.RouterGroup) {
	// Editors read the log, resend and test, as the API lets them.
	g = g.Group("/admin/deliveries", a.requireRole(models.RoleEditor))
	g.GET("", a.deliveriesPage)
	g.POST("/:id/resend", a.resendDelivery)
	g.POST("/test", a.testDelivery)
}

func deliveryRowOf(m *models.OutboxMessage) deliveryRow {
	row := deliveryRow{ID: m.ID, Kind: m.Kind, Channel: m.Channel, Recipient: m.Recipient, Status: m.Status,
		Due: stamp(m.DueAt), LastError: m.LastError, Reason: m.Reason, Attempts: m.Attempts, Dead: m.Status == models.StatusDead}
	switch m.Kind {
	case models.OutboxReminder:
		row.Item = m.ItemKind + " #" + strconv.FormatInt(m.ItemID, 10) + ", deadline " + m.AnchorDate.String()
		row.Stage = strconv.Itoa(m.Stage) + " days before"
		if m.Stage == models.StageMissed {
			row.Stage = "missed"
		}
	case models.OutboxReport:
		row.Item = "report schedule #" + strconv.FormatInt(m.ItemID, 10)
	default:
		row.Item = "test message"
	}
	if m.SentAt != nil {
		row.Sent = stamp(*m.SentAt)
	}
	return row
}

func (a *App) renderDeliveries(c *gin.Context, status int, test *Form) {
	st := c.Query("status")
	if st != "" && !contains(models.OutboxStatuses, st) {
		a.renderError(c, http.StatusBadRequest, "There is no delivery status “"+st+"”.")
		return
	}
	ctx := c.Request.Context()
	res, err := a.store.ListOutbox(ctx, models.OutboxFilter{Status: st, Page: models.Page{Limit: deliveriesPerPage, Cursor: c.Query("cursor")}})
	if err != nil {
		a.fail(c, err)
		return
	}
	d := &deliveriesData{Total: res.Total, Status: st, Statuses: models.OutboxStatuses, Test: test}
	if res.Next != "" {
		d.Next = "/admin/deliveries?" + url.Values{"status": {st}, "cursor": {res.Next}}.Encode()
	}
	for i := range res.Items {
		d.Rows = append(d.Rows, deliveryRowOf(&res.Items[i]))
	}
	if d.Endpoints, err = a.store.ListWebhookEndpoints(ctx); err != nil {
		a.fail(c, err)
		return
	}
	if d.Test == nil {
		d.Test = NewForm(nil)
	}
	d.Test.Prefix = "test-"
	a.render(c, Page{Name: "deliveries", Title: "Delivery log", Nav: "admin", Status: status, Data: d})
}

func (a *App) deliveriesPage(c *gin.Context) { a.renderDeliveries(c, http.StatusOK, nil) }

// resendDelivery sends a dead message again, with the same Message-ID.
func (a *App) resendDelivery(c *gin.Context) {
	id, ok := a.pathInt64(c)
	if !ok {
		return
	}
	m, err := a.store.ResendOutbox(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The message to "+m.Recipient+" is queued to be sent again.")
	c.Redirect(http.StatusSeeOther, "/admin/deliveries")
}

// testDelivery queues a test message to an e-mail address or a webhook endpoint.
func (a *App) testDelivery(c *gin.Context) {
	email := strings.TrimSpace(c.PostForm("email"))
	endpoint := strings.TrimSpace(c.PostForm("endpoint_id"))
	form := NewForm(url.Values{"email": {email}, "endpoint_id": {endpoint}})
	channel, recipient := models.ChannelEmail, email
	switch {
	case endpoint != "":
		id, err := strconv.ParseInt(endpoint, 10, 64)
		if err != nil || id <= 0 {
			form.SetFieldError("endpoint_id", "Choose a webhook endpoint.")
			break
		}
		channel, recipient = models.ChannelWebhook, "endpoint:"+endpoint
	case email == "":
		form.SetFieldError("email", "Give an e-mail address or choose a webhook endpoint.")
	default:
		// The API's rule for the address (validate:"email"): one plain address.
		if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email {
			form.SetFieldError("email", "This is not an e-mail address.")
		}
	}
	if form.Invalid() {
		a.renderDeliveries(c, http.StatusUnprocessableEntity, form)
		return
	}
	if _, err := a.store.QueueTestMessage(c.Request.Context(), channel, recipient); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "A test message to "+recipient+" is queued; it appears below once the dispatcher has tried it.")
	c.Redirect(http.StatusSeeOther, "/admin/deliveries")
}
