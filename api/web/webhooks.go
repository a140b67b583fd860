package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
	"itreg/reports/notify"
)

// webhooksData is the webhook endpoints page: where reminders and scheduled reports can be
// posted. Administrators only, as in the API: an endpoint decides where the server sends data.
type webhooksData struct {
	Endpoints []models.WebhookEndpoint
	Form      *Form
	Format    Field
	// Created is the endpoint just made, whose signing secret this answer shows, once.
	Created *models.WebhookEndpoint
}

func (a *App) registerWebhookRoutes(g *gin.RouterGroup) {
	g = g.Group("/admin/webhooks", a.requireRole(models.RoleAdmin))
	g.GET("", func(c *gin.Context) { a.renderWebhooks(c, http.StatusOK, nil, nil) })
	g.POST("", a.createWebhook)
	g.POST("/:id/enable", func(c *gin.Context) { a.setWebhookEnabled(c, true) })
	g.POST("/:id/disable", func(c *gin.Context) { a.setWebhookEnabled(c, false) })
	g.POST("/:id/delete", a.deleteWebhook)
}

func (a *App) renderWebhooks(c *gin.Context, status int, form *Form, created *models.WebhookEndpoint) {
	eps, err := a.store.ListWebhookEndpoints(c.Request.Context())
	if err != nil {
		a.fail(c, err)
		return
	}
	if form == nil {
		form = NewForm(url.Values{"format": {models.WebhookStandard}})
	}
	format := form.Select("format", "Format", models.WebhookStandard, "Standard Webhooks (signed JSON)",
		models.WebhookSlack, "Slack incoming webhook", models.WebhookTeams, "Microsoft Teams (Workflows)")
	d := &webhooksData{Endpoints: eps, Form: form, Format: format, Created: created}
	a.render(c, Page{Name: "webhooks", Title: "Webhook endpoints", Nav: "admin", Status: status, Data: d})
}

// createWebhook makes an endpoint with a fresh signing secret, after the same address check as
// the API (no private or loopback address unless ITREG_WEBHOOK_ALLOW_PRIVATE).
func (a *App) createWebhook(c *gin.Context) {
	vals := url.Values{}
	for _, k := range []string{"name", "url", "format", "notes"} {
		vals.Set(k, strings.TrimSpace(c.PostForm(k)))
	}
	form := NewForm(vals)
	e := &models.WebhookEndpoint{Name: vals.Get("name"), URL: vals.Get("url"), Format: vals.Get("format"), Enabled: true,
		Secret: notify.NewWebhookSecret()}
	e.Notes = vals.Get("notes")
	if err := e.Validate(); err != nil {
		form.TakeError(err, "name", "url", "format", "notes")
	} else if err := notify.CheckWebhookURL(e.URL, a.cfg.AllowPrivateWebhooks); err != nil {
		form.SetFieldError("url", err.Error())
	}
	if form.Invalid() {
		a.renderWebhooks(c, http.StatusUnprocessableEntity, form, nil)
		return
	}
	if err := a.store.CreateWebhookEndpoint(c.Request.Context(), e); err != nil {
		if form.TakeError(err, "name", "url", "format", "notes") {
			a.renderWebhooks(c, http.StatusUnprocessableEntity, form, nil)
			return
		}
		a.fail(c, err)
		return
	}
	a.renderWebhooks(c, http.StatusCreated, nil, e)
}

// setWebhookEnabled turns an endpoint on (clearing why it was turned off, e.g. a 410 from the
// receiver) or off, at the version the page showed.
func (a *App) setWebhookEnabled(c *gin.Context, on bool) {
	id, ok := a.pathInt64(c)
	if !ok {
		return
	}
	version, ok := a.formVersion(c, "endpoint")
	if !ok {
		return
	}
	e, err := a.store.UpdateWebhookEndpoint(c.Request.Context(), id, version, func(e *models.WebhookEndpoint) error {
		e.Enabled = on
		if on {
			e.DisabledReason = ""
		} else {
			e.DisabledReason = "turned off by " + meFrom(c).Name
		}
		return nil
	})
	if err != nil {
		a.fail(c, err)
		return
	}
	state := "off"
	if on {
		state = "on"
	}
	a.flash(c, "ok", "The endpoint “"+e.Name+"” is "+state+".")
	c.Redirect(http.StatusSeeOther, "/admin/webhooks")
}

// deleteWebhook removes an endpoint. A rule still naming it queues nothing for it; a message already
// queued for it ends in the delivery log as "webhook endpoint N was deleted".
func (a *App) deleteWebhook(c *gin.Context) {
	id, ok := a.pathInt64(c)
	if !ok {
		return
	}
	version, ok := a.formVersion(c, "endpoint")
	if !ok {
		return
	}
	if err := a.store.DeleteWebhookEndpoint(c.Request.Context(), id, &version); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The endpoint is deleted.")
	c.Redirect(http.StatusSeeOther, "/admin/webhooks")
}
