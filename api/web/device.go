package web

import (
	"context"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"itreg/models"
	"itreg/reports"
)

// deviceData is the device record page.
type deviceData struct {
	Device     *models.Device
	EndOfLife  models.Date
	Lifetime   int
	Defaulted  bool // the lifetime is the category's default
	BookValue  models.Money
	Today      models.Date
	Licences   []models.Licence
	Warranties []models.Warranty
	Covered    bool
	Gaps       []coverGap
	History    []historyRow
}

// coverGap is a stretch of the device's life with no warranty or contract.
type coverGap struct{ From, To models.Date }

func (a *App) deviceKind() *recordKind[models.Device] {
	return &recordKind[models.Device]{
		noun: "device", base: "/devices", nav: "devices", entity: "device",
		fields: a.deviceFields, values: a.deviceValues, apply: applyDevice,
		title: func(d *models.Device) string { return deviceName(d) },
		get:   a.store.GetDevice, create: a.store.CreateDevice, update: a.store.UpdateDevice, delete: a.store.DeleteDevice,
		id: func(d *models.Device) int64 { return d.ID }, ver: func(d *models.Device) int64 { return d.Version },
		show: a.showDevice,
	}
}

// deviceName is how a person recognises a device: its asset tag, else its serial number.
func deviceName(d *models.Device) string {
	if t := models.Str(d.AssetTag); t != "" {
		return t
	}
	return models.Str(d.SerialNumber)
}

func (a *App) registerDeviceRecordRoutes(g *gin.RouterGroup) { a.deviceKind().register(a, g) }

func (a *App) deviceFields(ctx context.Context) ([]fieldSpec, error) {
	vendors, err := a.vendorChoices(ctx)
	if err != nil {
		return nil, err
	}
	lines, err := a.budgetLineChoices(ctx)
	if err != nil {
		return nil, err
	}
	categories, err := a.categoryChoices(ctx, "")
	if err != nil {
		return nil, err
	}
	return []fieldSpec{
		{Name: "asset_tag", Label: "Asset tag", Type: "text", Hint: "Give an asset tag, a serial number or both."},
		{Name: "serial_number", Label: "Serial number", Type: "text"},
		{Name: "hostname", Label: "Hostname", Type: "text"},
		{Name: "category", Label: "Category", Type: "select", Required: true, Choices: categories,
			Hint: "Missing one? Add it under Administration > Categories."},
		{Name: "status", Label: "Status", Type: "select", Required: true, Choices: enumChoices(models.DeviceStatuses, "")},
		{Name: "manufacturer_id", Label: "Manufacturer", Type: "select", Choices: vendors},
		{Name: "model", Label: "Model", Type: "text"},
		{Name: "assigned_to", Label: "Assigned to", Type: "text"},
		{Name: "department", Label: "Department", Type: "text"},
		{Name: "cost_centre", Label: "Cost centre", Type: "text"},
		{Name: "location", Label: "Location", Type: "text"},
		{Name: "purchase_date", Label: "Purchase date", Type: "date"},
		{Name: "purchase_cost", Label: "Purchase cost", Type: "text", Hint: "Amount, e.g. 1299.00"},
		currencySpec("purchase_cost", "Purchase cost"),
		{Name: "supplier_id", Label: "Supplier", Type: "select", Choices: vendors},
		{Name: "order_number", Label: "Order number", Type: "text"},
		{Name: "invoice_number", Label: "Invoice number", Type: "text"},
		{Name: "budget_line_id", Label: "Budget line", Type: "select", Choices: lines},
		{Name: "lifetime_months", Label: "Lifetime (months)", Type: "number", Hint: "Empty: the category's default."},
		{Name: "eol_date", Label: "Manufacturer end of support", Type: "date"},
		{Name: "notes", Label: "Notes", Type: "textarea"},
	}, nil
}

func (a *App) deviceValues(d *models.Device) url.Values {
	status := d.Status
	if status == "" {
		status = models.StatusInStock
	}
	return url.Values{
		"asset_tag": {models.Str(d.AssetTag)}, "serial_number": {models.Str(d.SerialNumber)}, "hostname": {d.Hostname},
		"category": {d.Category}, "status": {status}, "manufacturer_id": {refValue(d.ManufacturerID)}, "model": {d.Model},
		"assigned_to": {d.AssignedTo}, "department": {d.Department}, "cost_centre": {d.CostCentre}, "location": {d.Location},
		"purchase_date": {d.PurchaseDate.String()}, "purchase_cost": {moneyValue(d.PurchaseCost)},
		"purchase_cost_currency": {a.currencyOf(d.PurchaseCost)}, "supplier_id": {refValue(d.SupplierID)},
		"order_number": {d.OrderNumber}, "invoice_number": {d.InvoiceNumber}, "budget_line_id": {refValue(d.BudgetLineID)},
		"lifetime_months": {intValue(d.LifetimeMonths)}, "eol_date": {d.EOLDate.String()}, "notes": {d.Notes},
	}
}

// applyDevice sets every form field, as the API's PUT does; custom fields are kept.
func applyDevice(v url.Values, d *models.Device) error {
	p := formParser{vals: v}
	d.AssetTag, d.SerialNumber, d.Hostname = models.StrPtr(p.text("asset_tag")), models.StrPtr(p.text("serial_number")), p.text("hostname")
	d.Category, d.Status, d.ManufacturerID, d.Model = p.text("category"), p.text("status"), p.ref("manufacturer_id"), p.text("model")
	d.AssignedTo, d.Department, d.CostCentre, d.Location = p.text("assigned_to"), p.text("department"), p.text("cost_centre"), p.text("location")
	d.PurchaseDate, d.PurchaseCost, d.SupplierID = p.date("purchase_date"), p.money("purchase_cost"), p.ref("supplier_id")
	d.OrderNumber, d.InvoiceNumber, d.BudgetLineID = p.text("order_number"), p.text("invoice_number"), p.ref("budget_line_id")
	d.LifetimeMonths, d.EOLDate, d.Notes = p.intPtr("lifetime_months"), p.date("eol_date"), v.Get("notes")
	return p.err()
}

func (a *App) showDevice(c *gin.Context, d *models.Device) {
	ctx := c.Request.Context()
	today := a.store.Today()
	defaults := a.store.LifetimeDefaults()
	data := deviceData{Device: d, EndOfLife: d.EndOfLife(defaults), Lifetime: d.Lifetime(defaults), Today: today,
		Defaulted: d.LifetimeMonths == nil || *d.LifetimeMonths <= 0}
	data.BookValue = reports.BookValue(d.PurchaseCost, d.PurchaseDate, data.Lifetime, today)
	lic, err := a.store.ListLicences(ctx, models.LicenceFilter{DeviceID: d.ID, Page: models.Page{Limit: 200, Sort: "product"}})
	if err != nil {
		a.fail(c, err)
		return
	}
	data.Licences = lic.Items
	war, err := a.store.ListWarranties(ctx, models.WarrantyFilter{DeviceID: d.ID, Page: models.Page{Limit: 200, Sort: "end_date"}})
	if err != nil {
		a.fail(c, err)
		return
	}
	data.Warranties = war.Items
	data.Covered, data.Gaps = coverGaps(d.PurchaseDate, today, data.Warranties)
	if data.History, err = a.history(ctx, "device", d.ID); err != nil {
		a.fail(c, err)
		return
	}
	a.render(c, Page{Name: "device", Title: "Device " + deviceName(d), Nav: "devices", Data: data})
}

// coverGaps finds the stretches from the purchase date (else the first cover's start) to today
// that no warranty or contract covers, and whether one covers today.
func coverGaps(purchased, today models.Date, ws []models.Warranty) (bool, []coverGap) {
	type span struct{ from, to models.Date }
	var spans []span
	for _, w := range ws {
		from := w.StartDate
		if from.IsZero() {
			from = purchased
		}
		if from.IsZero() {
			from = w.EndDate
		}
		spans = append(spans, span{from, w.EndDate})
	}
	slices.SortFunc(spans, func(x, y span) int { return x.from.Compare(y.from) })
	covered := false
	for _, s := range spans {
		if !s.from.After(today) && !s.to.Before(today) {
			covered = true
		}
	}
	cursor := purchased
	if cursor.IsZero() && len(spans) > 0 {
		cursor = spans[0].from
	}
	if cursor.IsZero() {
		return covered, nil
	}
	var gaps []coverGap
	for _, s := range spans {
		if s.from.After(today) {
			break
		}
		if s.from.After(cursor) {
			gaps = append(gaps, coverGap{cursor, s.from.AddDays(-1)})
		}
		if next := s.to.AddDays(1); next.After(cursor) {
			cursor = next
		}
	}
	if !cursor.After(today) {
		gaps = append(gaps, coverGap{cursor, today})
	}
	return covered, gaps
}
