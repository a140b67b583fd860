package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// warrantyData is the warranty or contract record page.
type warrantyData struct {
	Warranty     *models.Warranty
	Devices      models.ListResult[models.Device]
	DevicesFirst bool
	Add          *Form
	Category     Field // the add form's selects
	Status       Field
	History      []historyRow
}

// maxAddDevices bounds how many devices one "add by filter" links; a wider filter is refused
// with a message rather than silently cut.
const maxAddDevices = 1000

func (a *App) warrantyKind() *recordKind[models.Warranty] {
	return &recordKind[models.Warranty]{
		noun: "warranty", base: "/warranties", nav: "warranties", entity: "warranty",
		fields: a.warrantyFields, values: a.warrantyValues, apply: applyWarranty,
		title: func(w *models.Warranty) string { return warrantyName(w) },
		get:   a.store.GetWarranty, create: a.store.CreateWarranty, update: a.store.UpdateWarranty, delete: a.store.DeleteWarranty,
		id: func(w *models.Warranty) int64 { return w.ID }, ver: func(w *models.Warranty) int64 { return w.Version },
		show: func(c *gin.Context, w *models.Warranty) { a.showWarranty(c, w, NewForm(nil), http.StatusOK) },
	}
}

// warrantyName is the reference, else the number.
func warrantyName(w *models.Warranty) string {
	if r := models.Str(w.Reference); r != "" {
		return r
	}
	return fmt.Sprintf("#%d", w.ID)
}

func (a *App) registerWarrantyRecordRoutes(g *gin.RouterGroup) {
	k := a.warrantyKind()
	k.register(a, g)
	editor := a.requireRole(models.RoleEditor)
	g.POST("/warranties/:id/devices", editor, func(c *gin.Context) { a.addCoveredDevices(c, k) })
	g.POST("/warranties/:id/devices/:device/remove", editor, func(c *gin.Context) { a.removeCoveredDevice(c, k) })
}

func (a *App) warrantyFields(ctx context.Context) ([]fieldSpec, error) {
	vendors, err := a.vendorChoices(ctx)
	if err != nil {
		return nil, err
	}
	lines, err := a.budgetLineChoices(ctx)
	if err != nil {
		return nil, err
	}
	return []fieldSpec{
		{Name: "kind", Label: "Kind", Type: "select", Required: true, Choices: enumChoices(models.WarrantyKinds, "")},
		{Name: "provider_id", Label: "Provider", Type: "select", Choices: vendors},
		{Name: "reference", Label: "Reference", Type: "text"},
		{Name: "service_level", Label: "Service level", Type: "text", Hint: "e.g. NBD on-site, 4h"},
		{Name: "start_date", Label: "Start date", Type: "date"},
		{Name: "end_date", Label: "End date", Type: "date", Required: true},
		{Name: "auto_renew", Label: "Renews automatically", Type: "select", Choices: []string{"no", "No", "yes", "Yes"}},
		{Name: "notice_days", Label: "Notice (days)", Type: "number"},
		{Name: "cost", Label: "Cost", Type: "text", Hint: "Amount, e.g. 300.00"},
		currencySpec("cost", "Cost"),
		{Name: "budget_line_id", Label: "Budget line", Type: "select", Choices: lines},
		{Name: "notes", Label: "Notes", Type: "textarea"},
	}, nil
}

func (a *App) warrantyValues(w *models.Warranty) url.Values {
	kind := w.Kind
	if kind == "" {
		kind = "manufacturer"
	}
	return url.Values{
		"kind": {kind}, "provider_id": {refValue(w.ProviderID)}, "reference": {models.Str(w.Reference)}, "service_level": {w.ServiceLevel},
		"start_date": {w.StartDate.String()}, "end_date": {w.EndDate.String()}, "auto_renew": {yesNo(w.AutoRenew)},
		"notice_days": {strconv.Itoa(w.NoticeDays)}, "cost": {moneyValue(w.Cost)}, "cost_currency": {a.currencyOf(w.Cost)},
		"budget_line_id": {refValue(w.BudgetLineID)}, "notes": {w.Notes},
	}
}

// applyWarranty sets the form's fields; the covered devices are changed on the record page.
func applyWarranty(v url.Values, w *models.Warranty) error {
	p := formParser{vals: v}
	w.Kind, w.ProviderID, w.Reference, w.ServiceLevel = p.text("kind"), p.ref("provider_id"), models.StrPtr(p.text("reference")), p.text("service_level")
	w.StartDate, w.EndDate, w.AutoRenew, w.NoticeDays = p.date("start_date"), p.date("end_date"), p.boolean("auto_renew"), p.integer("notice_days")
	w.Cost, w.BudgetLineID, w.Notes = p.money("cost"), p.ref("budget_line_id"), v.Get("notes")
	return p.err()
}

func (a *App) showWarranty(c *gin.Context, w *models.Warranty, add *Form, status int) {
	ctx := c.Request.Context()
	add.Prefix = "add-"
	categories, err := a.categoryChoices(ctx, "Any category")
	if err != nil {
		a.fail(c, err)
		return
	}
	data := warrantyData{Warranty: w, Add: add, DevicesFirst: c.Query("devices") == "",
		Category: add.Select("category", "Category", categories...),
		Status:   add.Select("status", "Status", enumChoices(models.DeviceStatuses, "Any status")...)}
	data.Devices, err = a.store.ListDevices(ctx, models.DeviceFilter{WarrantyID: w.ID, Page: models.Page{Limit: 50, Cursor: c.Query("devices")}})
	if errors.Is(err, models.ErrBadParam) {
		a.renderError(c, http.StatusBadRequest, "The devices page link is not valid. Open the contract again.")
		return
	}
	if err == nil {
		data.History, err = a.history(ctx, "warranty", w.ID)
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	a.render(c, Page{Name: "warranty", Title: "Warranty " + warrantyName(w), Nav: "warranties", Status: status, Data: data})
}

// addCoveredDevices links every device matching the filter (text, category, status) to the
// warranty, at the version the page showed.
func (a *App) addCoveredDevices(c *gin.Context, k *recordKind[models.Warranty]) {
	w, ok := k.load(a, c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	form := NewForm(nil)
	if err := c.Request.ParseForm(); err == nil {
		form.Values = c.Request.PostForm
	}
	f := models.DeviceFilter{Q: form.Value("q"), Category: form.Value("category"), Status: form.Value("status"), Page: models.Page{Limit: maxAddDevices}}
	if f.Q == "" && f.Category == "" && f.Status == "" {
		form.SetFieldError("q", "Say which devices: a tag, serial or model text, a category or a status.")
		a.showWarranty(c, w, form, http.StatusUnprocessableEntity)
		return
	}
	res, err := a.store.ListDevices(ctx, f)
	if err != nil {
		a.fail(c, err)
		return
	}
	if res.Total > maxAddDevices {
		form.Message = fmt.Sprintf("%d devices match; narrow the filter to at most %d.", res.Total, maxAddDevices)
		a.showWarranty(c, w, form, http.StatusUnprocessableEntity)
		return
	}
	if res.Total == 0 {
		form.SetFieldError("q", "No device matches this filter.")
		a.showWarranty(c, w, form, http.StatusUnprocessableEntity)
		return
	}
	version, _ := strconv.ParseInt(form.Value("version"), 10, 64)
	added := 0
	_, err = a.store.UpdateWarranty(ctx, w.ID, version, func(w *models.Warranty) error {
		for _, d := range res.Items {
			if !slices.Contains(w.DeviceIDs, d.ID) {
				w.DeviceIDs = append(w.DeviceIDs, d.ID)
				added++
			}
		}
		slices.Sort(w.DeviceIDs)
		return nil
	})
	if err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", fmt.Sprintf("%d devices matched; %d were added.", res.Total, added))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/warranties/%d#devices", w.ID))
}

// removeCoveredDevice unlinks one device at the version the page showed.
func (a *App) removeCoveredDevice(c *gin.Context, k *recordKind[models.Warranty]) {
	w, ok := k.load(a, c)
	if !ok {
		return
	}
	deviceID, err := strconv.ParseInt(c.Param("device"), 10, 64)
	if err != nil {
		a.renderError(c, http.StatusNotFound, "")
		return
	}
	version, _ := strconv.ParseInt(c.PostForm("version"), 10, 64)
	_, err = a.store.UpdateWarranty(c.Request.Context(), w.ID, version, func(w *models.Warranty) error {
		w.DeviceIDs = slices.DeleteFunc(w.DeviceIDs, func(id int64) bool { return id == deviceID })
		return nil
	})
	if err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The device is no longer covered by "+warrantyName(w)+".")
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/warranties/%d#devices", w.ID))
}
