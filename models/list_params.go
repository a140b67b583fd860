package models

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The list filters as query parameters: the JSON API and the web pages read a list's query
// string with these same functions, so a link (a home tile's, a saved view's) opens the same
// list in both. A bad value is a *ParamError naming the parameter.

// listParams reads one list's query parameters; the first error sticks and later reads are
// no-ops, so a parser reads every field and checks the error once.
type listParams struct {
	v   url.Values
	err error
}

func (p *listParams) fail(name, msg string) {
	if p.err == nil {
		p.err = &ParamError{Param: name, Message: msg}
	}
}

func (p *listParams) text(name string) string { return p.v.Get(name) }

func (p *listParams) enum(name string, allowed []string) string {
	s := p.v.Get(name)
	if s == "" || p.err != nil {
		return ""
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	p.fail(name, "must be one of "+strings.Join(allowed, ", "))
	return ""
}

func (p *listParams) id(name string) int64 {
	s := p.v.Get(name)
	if s == "" || p.err != nil {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		p.fail(name, "must be a positive number")
		return 0
	}
	return n
}

func (p *listParams) date(name string) Date {
	s := p.v.Get(name)
	if s == "" || p.err != nil {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		p.fail(name, "must be a date YYYY-MM-DD")
	}
	return d
}

// boolean reads an optional true/false parameter; nil when absent.
func (p *listParams) boolean(name string) *bool {
	switch p.v.Get(name) {
	case "":
		return nil
	case "true":
		t := true
		return &t
	case "false":
		f := false
		return &f
	}
	p.fail(name, "must be true or false")
	return nil
}

func (p *listParams) flag(name string) bool {
	b := p.boolean(name)
	return b != nil && *b
}

func (p *listParams) page() Page {
	pg, err := ParsePage(p.v)
	if err != nil && p.err == nil {
		p.err = err
	}
	return pg
}

// ParsePage reads limit, cursor and sort. The sort is checked by the list itself, against
// its whitelist.
func ParsePage(v url.Values) (Page, error) {
	p := Page{Cursor: v.Get("cursor"), Sort: v.Get("sort")}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return p, &ParamError{Param: "limit", Message: "must be a number between 1 and 1000"}
		}
		if _, err := ClampLimit(n); err != nil {
			return p, err
		}
		p.Limit = n
	}
	return p, nil
}

// DeviceFilterParams are the device list's filter parameters (paging aside).
var DeviceFilterParams = []string{"status", "category", "department", "location", "assigned_to", "manufacturer_id", "supplier_id",
	"budget_line_id", "warranty_id", "q", "in_service", "eol_from", "eol_before", "uncovered_on"}

// ParseDeviceFilter reads the device list's query parameters.
func ParseDeviceFilter(v url.Values) (DeviceFilter, error) {
	p := &listParams{v: v}
	f := DeviceFilter{Department: p.text("department"), Location: p.text("location"), AssignedTo: p.text("assigned_to"), Q: p.text("q")}
	f.Page = p.page()
	f.Status = p.enum("status", DeviceStatuses)
	f.Category = p.text("category") // a category name; one that names none matches nothing
	f.ManufacturerID, f.SupplierID, f.BudgetLineID = p.id("manufacturer_id"), p.id("supplier_id"), p.id("budget_line_id")
	f.WarrantyID = p.id("warranty_id")
	f.InService = p.boolean("in_service")
	f.EOLFrom, f.EOLBefore, f.UncoveredOn = p.date("eol_from"), p.date("eol_before"), p.date("uncovered_on")
	return f, p.err
}

func (p *listParams) renewalWindow() RenewalWindow {
	return RenewalWindow{NoticeFrom: p.date("notice_from"), NoticeBefore: p.date("notice_before"), EndsFrom: p.date("ends_from")}
}

// ParseLicenceFilter reads the licence list's query parameters.
func ParseLicenceFilter(v url.Values) (LicenceFilter, error) {
	p := &listParams{v: v}
	f := LicenceFilter{Q: p.text("q")}
	f.Page = p.page()
	f.Type = p.enum("type", LicenceTypes)
	f.Metric = p.enum("metric", LicenceMetrics)
	f.PublisherID, f.SupplierID, f.BudgetLineID = p.id("publisher_id"), p.id("supplier_id"), p.id("budget_line_id")
	f.EndsBefore = p.date("ends_before")
	f.RenewalWindow = p.renewalWindow()
	f.OverAssigned = p.flag("over_assigned")
	return f, p.err
}

// ParseWarrantyFilter reads the warranty and contract list's query parameters.
func ParseWarrantyFilter(v url.Values) (WarrantyFilter, error) {
	p := &listParams{v: v}
	f := WarrantyFilter{Q: p.text("q")}
	f.Page = p.page()
	f.Kind = p.enum("kind", WarrantyKinds)
	f.ProviderID, f.BudgetLineID, f.DeviceID = p.id("provider_id"), p.id("budget_line_id"), p.id("device_id")
	f.EndsBefore, f.ActiveOn = p.date("ends_before"), p.date("active_on")
	f.RenewalWindow = p.renewalWindow()
	f.Renewable = p.flag("renewable")
	return f, p.err
}

// ParseVendorFilter reads the vendor list's query parameters.
func ParseVendorFilter(v url.Values) (VendorFilter, error) {
	p := &listParams{v: v}
	f := VendorFilter{Q: p.text("q")}
	f.Page = p.page()
	f.Role = p.enum("role", VendorRoles)
	return f, p.err
}

// ParseBudgetLineFilter reads the budget line list's query parameters.
func ParseBudgetLineFilter(v url.Values) (BudgetLineFilter, error) {
	p := &listParams{v: v}
	f := BudgetLineFilter{Q: p.text("q")}
	f.Page = p.page()
	f.Category = p.enum("category", BudgetCategories)
	if p.err != nil {
		return f, p.err
	}
	year := p.id("fiscal_year")
	if p.err != nil || year > 9999 {
		return f, &ParamError{Param: "fiscal_year", Message: "must be a year such as 2026"}
	}
	f.FiscalYear = int(year)
	return f, nil
}

// ParseDeviceSelection reads a device list query string as the filter of a bulk edit ("all N
// matching this filter"), with the list's own parsing, so it selects exactly the list's N.
// Paging parameters are ignored; a parameter the list does not take is refused, since a
// misspelt filter must not widen the edit to every device. Errors are *FieldError on "filter".
func ParseDeviceSelection(query string) (DeviceFilter, error) {
	values, err := url.ParseQuery(query)
	if err != nil {
		return DeviceFilter{}, &FieldError{Fields: map[string]string{"filter": "is not a query string"}}
	}
	for _, paging := range []string{"limit", "cursor", "sort"} {
		values.Del(paging)
	}
	for name := range values {
		if !slices.Contains(DeviceFilterParams, name) {
			return DeviceFilter{}, &FieldError{Fields: map[string]string{"filter": "the device list takes no parameter " + paramName(name)}}
		}
	}
	f, err := ParseDeviceFilter(values)
	f.Page = Page{}
	return f, err
}

// paramName keeps a hostile parameter name from being echoed back as is.
func paramName(name string) string {
	if len(name) > 64 || !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return "(parameter)"
	}
	return name
}
