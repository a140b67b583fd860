package web

import (
	"context"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// The five list pages on the list component (list.go): what each lists, its columns and its
// filters. Each parses its URL with the API's own parsing (models.Parse*Filter).

func (a *App) registerListRoutes(g *gin.RouterGroup) {
	registerList(a, g, a.deviceList())
	registerList(a, g, a.licenceList())
	registerList(a, g, a.warrantyList())
	registerList(a, g, a.vendorList())
	registerList(a, g, a.budgetLineList())
	a.registerBulkRoutes(g)
}

// anyOf puts the empty "any" option before the values of a select filter.
func anyOf(values []string) []string { return append([]string{""}, values...) }

func dateText(d models.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func moneyText(m models.Money) string {
	if m.IsZero() {
		return ""
	}
	return m.String()
}

func vendorName(v *models.Vendor) string {
	if v == nil {
		return ""
	}
	return v.Name
}

func budgetCode(b *models.BudgetLine) string {
	if b == nil {
		return ""
	}
	return b.Code
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (a *App) deviceList() *listSpec[models.Device, models.DeviceFilter] {
	s := &listSpec[models.Device, models.DeviceFilter]{
		Page: "devices", Path: "/devices", Title: "Devices", Nav: "devices", Noun: "devices",
		Parse:   models.ParseDeviceFilter,
		PageOf:  func(f *models.DeviceFilter) *models.Page { return &f.Page },
		List:    a.store.ListDevices,
		ID:      func(d *models.Device) int64 { return d.ID },
		Version: func(d *models.Device) int64 { return d.Version },
		Filters: []listFilter{
			{Name: "q", Label: "Text"},
			{Name: "status", Label: "Status", Options: anyOf(models.DeviceStatuses)},
			{Name: "category", Label: "Category", OptionsOf: a.categoryNames},
			{Name: "department", Label: "Department"},
			{Name: "location", Label: "Location"},
			{Name: "assigned_to", Label: "Assigned to"},
			{Name: "in_service", Label: "In service", Options: []string{"", "true", "false"}},
			{Name: "eol_before", Label: "End of life before", Type: "date"},
			{Name: "uncovered_on", Label: "No warranty on", Type: "date"},
		},
		Columns: []listColumn[models.Device]{
			{Key: "asset_tag", Title: "Asset tag", Sort: "asset_tag"},
			{Key: "serial_number", Title: "Serial number", Sort: "serial_number"},
			{Key: "hostname", Title: "Hostname", Sort: "hostname"},
			{Key: "category", Title: "Category", Sort: "category"},
			{Key: "manufacturer", Title: "Manufacturer", Hidden: true},
			{Key: "model", Title: "Model"},
			{Key: "status", Title: "Status", Sort: "status"},
			{Key: "assigned_to", Title: "Assigned to"},
			{Key: "department", Title: "Department", Sort: "department", Hidden: true},
			{Key: "location", Title: "Location", Sort: "location"},
			{Key: "cost_centre", Title: "Cost centre", Hidden: true},
			{Key: "purchase_date", Title: "Purchased", Sort: "purchase_date", Hidden: true},
			{Key: "purchase_cost", Title: "Cost", Sort: "purchase_cost", Num: true, Hidden: true},
			{Key: "budget_line", Title: "Budget line", Hidden: true},
			{Key: "end_of_life", Title: "End of life"},
			{Key: "warranty_end", Title: "Warranty until"},
		},
	}
	// End of life and cover need the lifetimes and one cover query for the whole page.
	s.Prepare = func(ctx context.Context, rows []models.Device) (func(*models.Device) []string, error) {
		ids := make([]int64, len(rows))
		for i := range rows {
			ids[i] = rows[i].ID
		}
		cover, err := a.store.WarrantyStatus(ctx, ids, a.store.Today())
		if err != nil {
			return nil, err
		}
		lifetimes := a.store.LifetimeDefaults()
		return func(d *models.Device) []string {
			end := dateText(cover[d.ID].End)
			if end != "" && !cover[d.ID].Covered {
				end += " (ended)"
			}
			return []string{models.Str(d.AssetTag), models.Str(d.SerialNumber), d.Hostname, d.Category, vendorName(d.Manufacturer),
				d.Model, d.Status, d.AssignedTo, d.Department, d.Location, d.CostCentre, dateText(d.PurchaseDate),
				moneyText(d.PurchaseCost), budgetCode(d.BudgetLine), dateText(d.EndOfLife(lifetimes)), end}
		}, nil
	}
	return s
}

func (a *App) licenceList() *listSpec[models.Licence, models.LicenceFilter] {
	return &listSpec[models.Licence, models.LicenceFilter]{
		Page: "licences", Path: "/licences", Title: "Licences", Nav: "licences", Noun: "licences",
		Parse:  models.ParseLicenceFilter,
		PageOf: func(f *models.LicenceFilter) *models.Page { return &f.Page },
		List:   a.store.ListLicences,
		ID:     func(l *models.Licence) int64 { return l.ID },
		Filters: []listFilter{
			{Name: "q", Label: "Text"},
			{Name: "type", Label: "Type", Options: anyOf(models.LicenceTypes)},
			{Name: "metric", Label: "Metric", Options: anyOf(models.LicenceMetrics)},
			{Name: "ends_before", Label: "Ends before", Type: "date"},
			{Name: "over_assigned", Label: "Over-assigned", Options: []string{"", "true"}},
		},
		// The key is a secret: no list shows it, to any role.
		Columns: []listColumn[models.Licence]{
			{Key: "product", Title: "Product", Sort: "product", Value: func(l *models.Licence) string { return l.Product }},
			{Key: "publisher", Title: "Publisher", Value: func(l *models.Licence) string { return vendorName(l.Publisher) }},
			{Key: "supplier", Title: "Supplier", Hidden: true, Value: func(l *models.Licence) string { return vendorName(l.Supplier) }},
			{Key: "reference", Title: "Reference", Value: func(l *models.Licence) string { return models.Str(l.Reference) }},
			{Key: "type", Title: "Type", Value: func(l *models.Licence) string { return l.Type }},
			{Key: "metric", Title: "Metric", Hidden: true, Value: func(l *models.Licence) string { return l.Metric }},
			{Key: "seats", Title: "Seats", Sort: "seats", Num: true, Value: func(l *models.Licence) string {
				if l.Seats == nil {
					return "unlimited"
				}
				return strconv.FormatInt(*l.Seats, 10)
			}},
			{Key: "seats_used", Title: "Assigned", Num: true, Value: func(l *models.Licence) string { return strconv.FormatInt(l.SeatsUsed, 10) }},
			{Key: "start_date", Title: "Starts", Sort: "start_date", Hidden: true, Value: func(l *models.Licence) string { return dateText(l.StartDate) }},
			{Key: "end_date", Title: "Ends", Sort: "end_date", Value: func(l *models.Licence) string { return dateText(l.EndDate) }},
			{Key: "auto_renew", Title: "Renews automatically", Hidden: true, Value: func(l *models.Licence) string { return yesNo(l.AutoRenew) }},
			{Key: "cost", Title: "Cost", Sort: "cost", Num: true, Value: func(l *models.Licence) string { return moneyText(l.Cost) }},
			{Key: "budget_line", Title: "Budget line", Hidden: true, Value: func(l *models.Licence) string { return budgetCode(l.BudgetLine) }},
		},
	}
}

func (a *App) warrantyList() *listSpec[models.Warranty, models.WarrantyFilter] {
	return &listSpec[models.Warranty, models.WarrantyFilter]{
		Page: "warranties", Path: "/warranties", Title: "Warranties & contracts", Nav: "warranties", Noun: "warranties and contracts",
		Parse:  models.ParseWarrantyFilter,
		PageOf: func(f *models.WarrantyFilter) *models.Page { return &f.Page },
		List:   a.store.ListWarranties,
		ID:     func(w *models.Warranty) int64 { return w.ID },
		Filters: []listFilter{
			{Name: "q", Label: "Text"},
			{Name: "kind", Label: "Kind", Options: anyOf(models.WarrantyKinds)},
			{Name: "active_on", Label: "Active on", Type: "date"},
			{Name: "ends_before", Label: "Ends before", Type: "date"},
		},
		Columns: []listColumn[models.Warranty]{
			{Key: "reference", Title: "Reference", Value: func(w *models.Warranty) string { return models.Str(w.Reference) }},
			{Key: "provider", Title: "Provider", Value: func(w *models.Warranty) string { return vendorName(w.Provider) }},
			{Key: "kind", Title: "Kind", Sort: "kind", Value: func(w *models.Warranty) string { return w.Kind }},
			{Key: "service_level", Title: "Service level", Value: func(w *models.Warranty) string { return w.ServiceLevel }},
			{Key: "start_date", Title: "Starts", Sort: "start_date", Value: func(w *models.Warranty) string { return dateText(w.StartDate) }},
			{Key: "end_date", Title: "Ends", Sort: "end_date", Value: func(w *models.Warranty) string { return dateText(w.EndDate) }},
			{Key: "notice_days", Title: "Notice (days)", Num: true, Hidden: true,
				Value: func(w *models.Warranty) string { return strconv.Itoa(w.NoticeDays) }},
			{Key: "auto_renew", Title: "Renews automatically", Hidden: true, Value: func(w *models.Warranty) string { return yesNo(w.AutoRenew) }},
			{Key: "cost", Title: "Cost", Sort: "cost", Num: true, Value: func(w *models.Warranty) string { return moneyText(w.Cost) }},
			{Key: "budget_line", Title: "Budget line", Hidden: true, Value: func(w *models.Warranty) string { return budgetCode(w.BudgetLine) }},
		},
	}
}

func (a *App) vendorList() *listSpec[models.Vendor, models.VendorFilter] {
	return &listSpec[models.Vendor, models.VendorFilter]{
		Page: "vendors", Path: "/vendors", Title: "Vendors", Nav: "vendors", Noun: "vendors",
		Parse:  models.ParseVendorFilter,
		PageOf: func(f *models.VendorFilter) *models.Page { return &f.Page },
		List:   a.store.ListVendors,
		ID:     func(v *models.Vendor) int64 { return v.ID },
		Filters: []listFilter{
			{Name: "q", Label: "Text"},
			{Name: "role", Label: "Role", Options: anyOf(models.VendorRoles)},
		},
		Columns: []listColumn[models.Vendor]{
			{Key: "name", Title: "Name", Sort: "name", Value: func(v *models.Vendor) string { return v.Name }},
			{Key: "roles", Title: "Roles", Value: func(v *models.Vendor) string { return strings.Join(v.Roles, ", ") }},
			{Key: "website", Title: "Website", Value: func(v *models.Vendor) string { return v.Website }},
			{Key: "support_email", Title: "Support e-mail", Value: func(v *models.Vendor) string { return v.SupportEmail }},
			{Key: "support_phone", Title: "Support phone", Hidden: true, Value: func(v *models.Vendor) string { return v.SupportPhone }},
			{Key: "account_number", Title: "Account number", Hidden: true, Value: func(v *models.Vendor) string { return v.AccountNumber }},
		},
	}
}

func (a *App) budgetLineList() *listSpec[models.BudgetLine, models.BudgetLineFilter] {
	return &listSpec[models.BudgetLine, models.BudgetLineFilter]{
		Page: "budget_lines", Path: "/budget-lines", Title: "Budget lines", Nav: "budget", Noun: "budget lines",
		Parse:  models.ParseBudgetLineFilter,
		PageOf: func(f *models.BudgetLineFilter) *models.Page { return &f.Page },
		List:   a.store.ListBudgetLines,
		ID:     func(b *models.BudgetLine) int64 { return b.ID },
		Filters: []listFilter{
			{Name: "q", Label: "Text"},
			{Name: "fiscal_year", Label: "Fiscal year", Type: "number"},
			{Name: "category", Label: "Category", Options: anyOf(models.BudgetCategories)},
		},
		Columns: []listColumn[models.BudgetLine]{
			{Key: "code", Title: "Code", Sort: "code", Value: func(b *models.BudgetLine) string { return b.Code }},
			{Key: "name", Title: "Name", Sort: "name", Value: func(b *models.BudgetLine) string { return b.Name }},
			{Key: "fiscal_year", Title: "Fiscal year", Sort: "fiscal_year", Num: true,
				Value: func(b *models.BudgetLine) string { return strconv.Itoa(b.FiscalYear) }},
			{Key: "category", Title: "Category", Value: func(b *models.BudgetLine) string { return b.Category }},
			{Key: "cost_centre", Title: "Cost centre", Value: func(b *models.BudgetLine) string { return b.CostCentre }},
			{Key: "owner", Title: "Owner", Value: func(b *models.BudgetLine) string { return b.Owner }},
			{Key: "allocated", Title: "Allocated", Num: true, Value: func(b *models.BudgetLine) string { return moneyText(b.Allocated) }},
		},
	}
}
