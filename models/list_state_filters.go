package models

import (
	"net/url"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// DeviceStateFilter narrows a device list by what itreg computes about a device: whether it is
// in service, its end of life and its warranty cover. The home tiles link to lists filtered
// this way, so each tile's count is its list's total.
type DeviceStateFilter struct {
	InService   *bool // in service (not retired, disposed or lost), or out of service when false
	EOLFrom     Date  // end of life (Device.EndOfLife) on or after this day
	EOLBefore   Date  // end of life before this day (devices without one never match)
	UncoveredOn Date  // no warranty covers the device on this day (Warranty.ActiveOn)
}

// RenewalWindow narrows licences or warranties by notice deadline (end date - notice days) and
// end date, as the renewal tiles count them.
type RenewalWindow struct {
	NoticeFrom   Date // notice deadline on or after this day
	NoticeBefore Date // notice deadline before this day
	EndsFrom     Date // end date on or after this day
}

// sqlCond is one condition of a filter in SQL, with its arguments: the fragments that both a
// list's WHERE and a tile's one-pass count (SUM(CASE WHEN ...)) are built from, so a tile's
// number is its list's total.
type sqlCond struct {
	SQL  string
	Args []any
}

// allOf joins conditions with AND; no condition is TRUE.
func allOf(conds []sqlCond) sqlCond {
	if len(conds) == 0 {
		return sqlCond{SQL: "(1 = 1)"}
	}
	var parts []string
	var args []any
	for _, c := range conds {
		parts = append(parts, "("+c.SQL+")")
		args = append(args, c.Args...)
	}
	return sqlCond{SQL: "(" + strings.Join(parts, " AND ") + ")", Args: args}
}

// deviceStateConds returns the state filters as conditions over the devices table.
func (s *Store) deviceStateConds(f DeviceStateFilter) []sqlCond {
	var out []sqlCond
	if f.InService != nil {
		if *f.InService {
			out = append(out, sqlCond{"devices.status NOT IN ?", []any{OutOfServiceStatuses}})
		} else {
			out = append(out, sqlCond{"devices.status IN ?", []any{OutOfServiceStatuses}})
		}
	}
	if !f.EOLFrom.IsZero() || !f.EOLBefore.IsZero() {
		cond, args := s.eolRangeSQL(f.EOLFrom, f.EOLBefore)
		out = append(out, sqlCond{cond, args})
	}
	if !f.UncoveredOn.IsZero() {
		out = append(out, sqlCond{"NOT " + coveredOnSQL, []any{f.UncoveredOn, f.UncoveredOn}})
	}
	return out
}

// deviceStateWhere adds the state filters to a query over the devices table.
func (s *Store) deviceStateWhere(q *gorm.DB, f DeviceStateFilter) *gorm.DB {
	for _, c := range s.deviceStateConds(f) {
		q = q.Where(c.SQL, c.Args...)
	}
	return q
}

// renewalWindowConds returns the window as conditions over table t (licences or warranties).
func (s *Store) renewalWindowConds(t string, w RenewalWindow) []sqlCond {
	var out []sqlCond
	if !w.EndsFrom.IsZero() {
		out = append(out, sqlCond{t + ".end_date >= ?", []any{w.EndsFrom}})
	}
	if !w.NoticeFrom.IsZero() {
		// Notice days are never negative, so the end date is on or after the deadline: the
		// redundant bound lets the end-date index narrow the rows before the arithmetic.
		out = append(out, sqlCond{t + ".end_date >= ? AND " + s.noticeDeadlineSQL(t) + " >= ?", []any{w.NoticeFrom, w.NoticeFrom}})
	}
	if !w.NoticeBefore.IsZero() {
		out = append(out, sqlCond{t + ".end_date IS NOT NULL AND " + s.noticeDeadlineSQL(t) + " < ?", []any{w.NoticeBefore}})
	}
	return out
}

// overAssignedSQL is the condition "more seats assigned than bought" over the licences table.
// The seats are counted in one grouped pass (a hash aggregate), not one count per licence.
const overAssignedSQL = `(licences.seats IS NOT NULL AND licences.id IN (SELECT os.licence_id FROM licence_seats os
	JOIN licences ol ON ol.id = os.licence_id WHERE ol.seats IS NOT NULL GROUP BY os.licence_id, ol.seats HAVING COUNT(*) > ol.seats))`

// renewableWarrantySQL keeps warranties covering a device in service or none at all: the rule
// of RenewalsDue.
const renewableWarrantySQL = `(NOT EXISTS (SELECT 1 FROM warranty_devices rwd WHERE rwd.warranty_id = warranties.id)
	OR EXISTS (SELECT 1 FROM warranty_devices rwd JOIN devices rd ON rd.id = rwd.device_id
		WHERE rwd.warranty_id = warranties.id AND rd.status NOT IN ?))`

// licenceStateConds returns the licence list's state filters as conditions.
func (s *Store) licenceStateConds(f LicenceFilter) []sqlCond {
	out := s.renewalWindowConds("licences", f.RenewalWindow)
	if f.OverAssigned {
		out = append(out, sqlCond{SQL: overAssignedSQL})
	}
	return out
}

func (s *Store) licenceStateWhere(q *gorm.DB, f LicenceFilter) *gorm.DB {
	for _, c := range s.licenceStateConds(f) {
		q = q.Where(c.SQL, c.Args...)
	}
	return q
}

// warrantyStateConds returns the warranty list's state filters as conditions.
func (s *Store) warrantyStateConds(f WarrantyFilter) []sqlCond {
	out := s.renewalWindowConds("warranties", f.RenewalWindow)
	if f.Renewable {
		out = append(out, sqlCond{renewableWarrantySQL, []any{OutOfServiceStatuses}})
	}
	return out
}

func (s *Store) warrantyStateWhere(q *gorm.DB, f WarrantyFilter) *gorm.DB {
	for _, c := range s.warrantyStateConds(f) {
		q = q.Where(c.SQL, c.Args...)
	}
	return q
}

// Query returns the filter as the device list's query parameters (the API's and the pages'),
// so a tile can link to the list behind it. Paging is left out.
func (f DeviceFilter) Query() url.Values {
	v := url.Values{}
	setText(v, "status", f.Status, "category", f.Category, "department", f.Department, "location", f.Location,
		"assigned_to", f.AssignedTo, "q", f.Q)
	setID(v, "manufacturer_id", f.ManufacturerID, "supplier_id", f.SupplierID, "budget_line_id", f.BudgetLineID)
	if f.InService != nil {
		v.Set("in_service", strconv.FormatBool(*f.InService))
	}
	setDate(v, "eol_from", f.EOLFrom, "eol_before", f.EOLBefore, "uncovered_on", f.UncoveredOn)
	return v
}

// Query returns the filter as the licence list's query parameters. Paging is left out.
func (f LicenceFilter) Query() url.Values {
	v := url.Values{}
	setText(v, "type", f.Type, "metric", f.Metric, "q", f.Q)
	setID(v, "publisher_id", f.PublisherID, "supplier_id", f.SupplierID, "budget_line_id", f.BudgetLineID)
	setDate(v, "ends_before", f.EndsBefore)
	f.RenewalWindow.set(v)
	if f.OverAssigned {
		v.Set("over_assigned", "true")
	}
	return v
}

// Query returns the filter as the warranty list's query parameters. Paging is left out.
func (f WarrantyFilter) Query() url.Values {
	v := url.Values{}
	setText(v, "kind", f.Kind, "q", f.Q)
	setID(v, "provider_id", f.ProviderID, "budget_line_id", f.BudgetLineID, "device_id", f.DeviceID)
	setDate(v, "ends_before", f.EndsBefore, "active_on", f.ActiveOn)
	f.RenewalWindow.set(v)
	if f.Renewable {
		v.Set("renewable", "true")
	}
	return v
}

func (w RenewalWindow) set(v url.Values) {
	setDate(v, "notice_from", w.NoticeFrom, "notice_before", w.NoticeBefore, "ends_from", w.EndsFrom)
}

// setText, setID and setDate set name/value pairs whose value is set.
func setText(v url.Values, pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			v.Set(pairs[i], pairs[i+1])
		}
	}
}

func setID(v url.Values, pairs ...any) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if id := pairs[i+1].(int64); id != 0 {
			v.Set(pairs[i].(string), strconv.FormatInt(id, 10))
		}
	}
}

func setDate(v url.Values, pairs ...any) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if d := pairs[i+1].(Date); !d.IsZero() {
			v.Set(pairs[i].(string), d.String())
		}
	}
}
