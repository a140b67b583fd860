package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
	"itreg/reports"
)

// chargedData is what a vendor or budget line page lists: the records that name it (the first
// 200 of each, with the totals), and the total cost per currency of those shown.
type chargedData struct {
	Devices    models.ListResult[models.Device]
	Licences   models.ListResult[models.Licence]
	Warranties models.ListResult[models.Warranty]
	Totals     []models.Money
	History    []historyRow
}

// vendorData is the vendor record page.
type vendorData struct {
	Vendor *models.Vendor
	chargedData
	// Renewals are the vendor's licences and contracts ending in the next 12 months, by
	// notice deadline, with what the next term costs (the figure for a negotiation).
	Renewals      []vendorRenewal
	RenewalTotals []models.Money
	// Spend is what the organisation spends with the vendor in the last two fiscal years, this
	// one and the next (reports.VendorSpend; empty when the pages run over another store).
	Spend []reports.VendorYear
	// ThisYear is the fiscal year today falls in.
	ThisYear int
}

// vendorRenewal is one licence or contract coming up for renewal.
type vendorRenewal struct {
	Kind, Name, Href string
	Ends, DecideBy   models.Date
	AutoRenew        bool
	NextTerm         models.Money
}

func (a *App) vendorKind() *recordKind[models.Vendor] {
	return &recordKind[models.Vendor]{
		noun: "vendor", base: "/vendors", nav: "vendors", entity: "vendor",
		fields: func(context.Context) ([]fieldSpec, error) {
			return []fieldSpec{
				{Name: "name", Label: "Name", Type: "text", Required: true},
				{Name: "roles", Label: "Roles", Type: "text", Hint: "Comma-separated: manufacturer, supplier, reseller, service_provider"},
				{Name: "website", Label: "Website", Type: "url"},
				{Name: "support_email", Label: "Support e-mail", Type: "email"},
				{Name: "support_phone", Label: "Support phone", Type: "tel"},
				{Name: "account_number", Label: "Account number", Type: "text"},
				{Name: "notes", Label: "Notes", Type: "textarea"},
			}, nil
		},
		values: func(v *models.Vendor) url.Values {
			return url.Values{"name": {v.Name}, "roles": {strings.Join(v.Roles, ", ")}, "website": {v.Website},
				"support_email": {v.SupportEmail}, "support_phone": {v.SupportPhone}, "account_number": {v.AccountNumber}, "notes": {v.Notes}}
		},
		apply: func(vals url.Values, v *models.Vendor) error {
			p := formParser{vals: vals}
			v.Name, v.Website, v.SupportEmail = p.text("name"), p.text("website"), p.text("support_email")
			v.SupportPhone, v.AccountNumber, v.Notes = p.text("support_phone"), p.text("account_number"), vals.Get("notes")
			v.Roles = nil
			for _, r := range strings.Split(p.text("roles"), ",") {
				if r = strings.TrimSpace(r); r != "" {
					v.Roles = append(v.Roles, r)
				}
			}
			return p.err()
		},
		title: func(v *models.Vendor) string { return v.Name },
		get:   a.store.GetVendor, create: a.store.CreateVendor, update: a.store.UpdateVendor, delete: a.store.DeleteVendor,
		id: func(v *models.Vendor) int64 { return v.ID }, ver: func(v *models.Vendor) int64 { return v.Version },
		show: func(c *gin.Context, v *models.Vendor) {
			ctx := c.Request.Context()
			data := vendorData{Vendor: v}
			var err error
			// A vendor's devices are those it made or supplied; its licences those it publishes or supplies.
			if data.Devices, err = a.store.ListDevices(ctx, models.DeviceFilter{ManufacturerID: v.ID, Page: firstPage}); err == nil {
				var supplied models.ListResult[models.Device]
				if supplied, err = a.store.ListDevices(ctx, models.DeviceFilter{SupplierID: v.ID, Page: firstPage}); err == nil {
					data.Devices = mergeByID(data.Devices, supplied, func(d models.Device) int64 { return d.ID })
				}
			}
			if err == nil {
				if data.Licences, err = a.store.ListLicences(ctx, models.LicenceFilter{PublisherID: v.ID, Page: firstPage}); err == nil {
					var supplied models.ListResult[models.Licence]
					if supplied, err = a.store.ListLicences(ctx, models.LicenceFilter{SupplierID: v.ID, Page: firstPage}); err == nil {
						data.Licences = mergeByID(data.Licences, supplied, func(l models.Licence) int64 { return l.ID })
					}
				}
			}
			if err == nil {
				data.Warranties, err = a.store.ListWarranties(ctx, models.WarrantyFilter{ProviderID: v.ID, Page: firstPage})
			}
			if err == nil {
				err = a.vendorRenewals(ctx, v.ID, &data)
			}
			if err == nil {
				err = a.vendorSpend(ctx, v.ID, &data)
			}
			if err == nil {
				data.History, err = a.history(ctx, "vendor", v.ID)
			}
			if err != nil {
				a.fail(c, err)
				return
			}
			data.Totals = data.total()
			a.render(c, Page{Name: "vendor", Title: "Vendor " + v.Name, Nav: "vendors", Data: data})
		},
	}
}

// firstPage is how many of each related record a record page lists.
var firstPage = models.Page{Limit: 200}

// mergeByID joins two pages of one list, each record once; the total is an upper bound the
// page shows only when it is more than the rows listed.
func mergeByID[T any](a, b models.ListResult[T], id func(T) int64) models.ListResult[T] {
	seen := map[int64]bool{}
	for _, x := range a.Items {
		seen[id(x)] = true
	}
	for _, x := range b.Items {
		if !seen[id(x)] {
			a.Items = append(a.Items, x)
			a.Total++
		}
	}
	return a
}

// total adds up the costs of the listed records per currency.
func (d chargedData) total() []models.Money {
	t := models.Totals{}
	for _, x := range d.Devices.Items {
		t.Add(x.PurchaseCost)
	}
	for _, x := range d.Licences.Items {
		t.Add(x.Cost)
	}
	for _, x := range d.Warranties.Items {
		t.Add(x.Cost)
	}
	return t.List()
}

func (a *App) registerVendorRecordRoutes(g *gin.RouterGroup) { a.vendorKind().register(a, g) }

// vendorRenewals lists the vendor's licences (published or supplied) and contracts ending
// within a year from today, with the next term's cost per currency: a year of a licence
// (models.AnnualCost, as the renewals report counts it) and a contract's cost.
func (a *App) vendorRenewals(ctx context.Context, vendorID int64, data *vendorData) error {
	today := a.store.Today()
	window := models.RenewalWindow{EndsFrom: today}
	before := today.AddMonths(12)
	page := models.Page{Limit: 200, Sort: "end_date"}
	pub, err := a.store.ListLicences(ctx, models.LicenceFilter{PublisherID: vendorID, RenewalWindow: window, EndsBefore: before, Page: page})
	if err != nil {
		return err
	}
	sup, err := a.store.ListLicences(ctx, models.LicenceFilter{SupplierID: vendorID, RenewalWindow: window, EndsBefore: before, Page: page})
	if err != nil {
		return err
	}
	war, err := a.store.ListWarranties(ctx, models.WarrantyFilter{ProviderID: vendorID, RenewalWindow: window, EndsBefore: before, Page: page})
	if err != nil {
		return err
	}
	totals := models.Totals{}
	for _, l := range mergeByID(pub, sup, func(l models.Licence) int64 { return l.ID }).Items {
		r := vendorRenewal{Kind: "Licence", Name: l.Product, Href: fmt.Sprintf("/licences/%d", l.ID), Ends: l.EndDate,
			DecideBy: l.NoticeDeadline(), AutoRenew: l.AutoRenew, NextTerm: l.AnnualCost()}
		data.Renewals = append(data.Renewals, r)
		totals.Add(r.NextTerm)
	}
	for _, w := range war.Items {
		r := vendorRenewal{Kind: enumLabel(w.Kind), Name: warrantyName(&w), Href: fmt.Sprintf("/warranties/%d", w.ID), Ends: w.EndDate,
			DecideBy: w.NoticeDeadline(), AutoRenew: w.AutoRenew, NextTerm: w.Cost}
		data.Renewals = append(data.Renewals, r)
		totals.Add(r.NextTerm)
	}
	slices.SortStableFunc(data.Renewals, func(x, y vendorRenewal) int { return x.DecideBy.Compare(y.DecideBy) })
	data.RenewalTotals = totals.List()
	return nil
}

// vendorSpend fills the vendor's spend per fiscal year, counted by the budget report's rules.
func (a *App) vendorSpend(ctx context.Context, vendorID int64, data *vendorData) error {
	st, ok := a.store.(*models.Store)
	if !ok {
		return nil
	}
	today := a.store.Today()
	data.ThisYear = models.FiscalYearOf(today, a.cfg.FiscalYearStart)
	y := data.ThisYear
	var err error
	data.Spend, err = reports.VendorSpend(ctx, st, vendorID, []int{y - 2, y - 1, y, y + 1}, a.cfg.FiscalYearStart, today)
	return err
}
