package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// licenceData is the licence record page.
type licenceData struct {
	Licence      *models.Licence
	Key          string // the key, masked unless just revealed
	Revealed     bool   // Key is the key in clear, revealed (and audited) for this response
	OverAssigned bool
	Seats        models.ListResult[models.LicenceSeat]
	SeatsFirst   bool // the seats shown are the first page
	Assign       *Form
	History      []historyRow
}

func (a *App) licenceKind() *recordKind[models.Licence] {
	return &recordKind[models.Licence]{
		noun: "licence", base: "/licences", nav: "licences", entity: "licence",
		fields: a.licenceFields, values: a.licenceValues, apply: applyLicence,
		title: func(l *models.Licence) string { return l.Product },
		get:   a.store.GetLicence, create: a.store.CreateLicence, update: a.store.UpdateLicence, delete: a.store.DeleteLicence,
		id: func(l *models.Licence) int64 { return l.ID }, ver: func(l *models.Licence) int64 { return l.Version },
		show: func(c *gin.Context, l *models.Licence) {
			a.showLicence(c, l, NewForm(url.Values{"assigned_on": {a.store.Today().String()}}), http.StatusOK)
		},
	}
}

func (a *App) registerLicenceRecordRoutes(g *gin.RouterGroup) {
	k := a.licenceKind()
	k.register(a, g)
	editor := a.requireRole(models.RoleEditor)
	g.POST("/licences/:id/seats", editor, func(c *gin.Context) { a.assignSeat(c, k) })
	g.POST("/licences/:id/seats/:seat/release", editor, a.releaseSeat)
	g.POST("/licences/:id/key/reveal", editor, func(c *gin.Context) { a.revealKey(c, k) })
}

// ctxRevealedKey carries a key revealed by revealKey to the licence page it renders.
const ctxRevealedKey = "web.revealed_key"

// revealKey shows an editor the licence key in clear on the licence page, through the store's
// RevealLicenceKey, which writes the "revealed the key" audit event (as the API's reveal does).
// The page is answered, not redirected to, so the key is never in a URL or a later page.
func (a *App) revealKey(c *gin.Context, k *recordKind[models.Licence]) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		a.renderError(c, http.StatusNotFound, "")
		return
	}
	ctx := c.Request.Context()
	key, err := a.store.RevealLicenceKey(ctx, id)
	if err != nil {
		a.fail(c, err)
		return
	}
	l, err := a.store.GetLicence(ctx, id)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.Set(ctxRevealedKey, key)
	k.show(c, l)
}

func (a *App) licenceFields(ctx context.Context) ([]fieldSpec, error) {
	vendors, err := a.vendorChoices(ctx)
	if err != nil {
		return nil, err
	}
	lines, err := a.budgetLineChoices(ctx)
	if err != nil {
		return nil, err
	}
	return []fieldSpec{
		{Name: "product", Label: "Product", Type: "text", Required: true},
		{Name: "publisher_id", Label: "Publisher", Type: "select", Choices: vendors},
		{Name: "supplier_id", Label: "Supplier", Type: "select", Choices: vendors},
		{Name: "reference", Label: "Reference", Type: "text", Hint: "Agreement or contract number."},
		{Name: "type", Label: "Type", Type: "select", Required: true, Choices: enumChoices(models.LicenceTypes, "")},
		{Name: "metric", Label: "Metric", Type: "select", Required: true, Choices: enumChoices(models.LicenceMetrics, "")},
		{Name: "seats", Label: "Seats", Type: "number", Hint: "Empty: unlimited."},
		{Name: "key", Label: "Licence key", Type: "text", Hint: "A secret, stored encrypted and shown masked. Leave empty to keep the current key."},
		{Name: "start_date", Label: "Start date", Type: "date"},
		{Name: "end_date", Label: "End date (renewal)", Type: "date"},
		{Name: "auto_renew", Label: "Renews automatically", Type: "select", Choices: []string{"no", "No", "yes", "Yes"}},
		{Name: "notice_days", Label: "Notice (days)", Type: "number"},
		{Name: "cost", Label: "Cost", Type: "text", Hint: "Amount, e.g. 1200.00"},
		currencySpec("cost", "Cost"),
		{Name: "billing_period", Label: "Billing period", Type: "select", Choices: enumChoices(models.BillingPeriods, "None")},
		{Name: "budget_line_id", Label: "Budget line", Type: "select", Choices: lines},
		{Name: "order_number", Label: "Order number", Type: "text"},
		{Name: "notes", Label: "Notes", Type: "textarea"},
	}, nil
}

func (a *App) licenceValues(l *models.Licence) url.Values {
	typ, metric := l.Type, l.Metric
	if typ == "" {
		typ, metric = "subscription", "per_user"
	}
	return url.Values{
		"product": {l.Product}, "publisher_id": {refValue(l.PublisherID)}, "supplier_id": {refValue(l.SupplierID)},
		"reference": {models.Str(l.Reference)}, "type": {typ}, "metric": {metric}, "seats": {intValue(l.Seats)},
		"start_date": {l.StartDate.String()}, "end_date": {l.EndDate.String()}, "auto_renew": {yesNo(l.AutoRenew)},
		"notice_days": {strconv.Itoa(l.NoticeDays)}, "cost": {moneyValue(l.Cost)}, "cost_currency": {a.currencyOf(l.Cost)},
		"billing_period": {l.BillingPeriod}, "budget_line_id": {refValue(l.BudgetLineID)}, "order_number": {l.OrderNumber}, "notes": {l.Notes},
	}
}

func applyLicence(v url.Values, l *models.Licence) error {
	p := formParser{vals: v}
	l.Product, l.PublisherID, l.SupplierID, l.Reference = p.text("product"), p.ref("publisher_id"), p.ref("supplier_id"), models.StrPtr(p.text("reference"))
	l.Type, l.Metric, l.Seats = p.text("type"), p.text("metric"), p.int64Ptr("seats")
	// The form never carries the stored key (it is revealed only through the audited reveal), so
	// an empty field keeps it.
	if key := p.text("key"); key != "" {
		l.Key = key
	}
	l.StartDate, l.EndDate, l.AutoRenew, l.NoticeDays = p.date("start_date"), p.date("end_date"), p.boolean("auto_renew"), p.integer("notice_days")
	l.Cost, l.BillingPeriod, l.BudgetLineID = p.money("cost"), p.text("billing_period"), p.ref("budget_line_id")
	l.OrderNumber, l.Notes = p.text("order_number"), v.Get("notes")
	return p.err()
}

// showLicence renders the licence page with its seats, paged by the seats cursor, and the
// assign form (with its errors after a failed assignment).
func (a *App) showLicence(c *gin.Context, l *models.Licence, assign *Form, status int) {
	ctx := c.Request.Context()
	assign.Prefix = "seat-"
	data := licenceData{Licence: l, Key: models.MaskKey(l.Key), Assign: assign, SeatsFirst: c.Query("seats") == ""}
	if revealed, ok := c.Get(ctxRevealedKey); ok {
		data.Key, data.Revealed = revealed.(string), true
	}
	data.OverAssigned = l.Seats != nil && l.SeatsUsed > *l.Seats
	var err error
	if data.Seats, err = a.store.ListSeats(ctx, l.ID, models.Page{Limit: 50, Cursor: c.Query("seats")}); err != nil {
		if !data.SeatsFirst && errors.Is(err, models.ErrBadParam) {
			a.renderError(c, http.StatusBadRequest, "The seats page link is not valid. Open the licence again.")
			return
		}
		a.fail(c, err)
		return
	}
	if data.History, err = a.history(ctx, "licence", l.ID); err != nil {
		a.fail(c, err)
		return
	}
	a.render(c, Page{Name: "licence", Title: "Licence " + l.Product, Nav: "licences", Status: status, Data: data})
}

// assignSeat gives a seat to a device (found by asset tag or serial number) or to a person.
func (a *App) assignSeat(c *gin.Context, k *recordKind[models.Licence]) {
	l, ok := k.load(a, c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	form := NewForm(nil)
	form.Prefix = "seat-"
	if err := c.Request.ParseForm(); err == nil {
		form.Values = c.Request.PostForm
	}
	p := formParser{vals: form.Values}
	seat := &models.LicenceSeat{LicenceID: l.ID, Assignee: p.text("assignee"), AssignedOn: p.date("assigned_on")}
	err := p.err()
	if tag := p.text("device"); err == nil && tag != "" {
		seat.DeviceID, err = a.deviceByTag(ctx, tag)
	}
	if err == nil {
		err = a.store.CreateSeat(ctx, seat)
	}
	if err != nil {
		var fe *models.FieldError
		if errors.As(err, &fe) {
			if msg, ok := fe.Fields["device_id"]; ok {
				fe.Fields["device"] = msg
				delete(fe.Fields, "device_id")
			}
		}
		if form.TakeError(err, "device", "assignee", "assigned_on") {
			a.showLicence(c, l, form, http.StatusUnprocessableEntity)
			return
		}
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The seat was assigned.")
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/licences/%d#seats", l.ID))
}

// deviceByTag finds a device by asset tag, else by serial number, as a field error when none.
func (a *App) deviceByTag(ctx context.Context, tag string) (*int64, error) {
	res, err := a.store.ListDevices(ctx, models.DeviceFilter{Q: tag, Page: models.Page{Limit: 20}})
	if err != nil {
		return nil, err
	}
	for _, d := range res.Items {
		if strings.EqualFold(models.Str(d.AssetTag), tag) || strings.EqualFold(models.Str(d.SerialNumber), tag) {
			return &d.ID, nil
		}
	}
	return nil, &models.FieldError{Fields: map[string]string{"device": "no device has this asset tag or serial number"}}
}

// releaseSeat frees a seat at the version shown.
func (a *App) releaseSeat(c *gin.Context) {
	licenceID, err1 := strconv.ParseInt(c.Param("id"), 10, 64)
	seatID, err2 := strconv.ParseInt(c.Param("seat"), 10, 64)
	if err1 != nil || err2 != nil {
		a.renderError(c, http.StatusNotFound, "")
		return
	}
	var version *int64
	if v, err := strconv.ParseInt(c.PostForm("version"), 10, 64); err == nil {
		version = &v
	}
	if err := a.store.DeleteSeat(c.Request.Context(), licenceID, seatID, version); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The seat was released.")
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/licences/%d#seats", licenceID))
}
