package models

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// AuditRow is one audit event for BulkAudit: Changes, or for a created record Created, its
// AuditFields, which BulkAudit encodes as Diff(nil, Created) would be, without the reflection.
// A created device may be given as Device instead: BulkAudit writes the same changes from its
// fields directly, without building the map (the import creates devices by the 100,000).
type AuditRow struct {
	Action   string
	Table    string
	EntityID int64
	Changes  Changes
	Created  map[string]any
	Device   *Device
}

// BulkAudit writes audit events by the context's actor, all at the store clock's time.
func (s *Store) BulkAudit(ctx context.Context, events []AuditRow) error {
	if len(events) == 0 {
		return nil
	}
	at, actor := s.now(), ActorFrom(ctx)
	var buf []byte
	row := func(e AuditRow) ([]any, error) {
		var ch any
		if e.Device != nil {
			buf = appendDeviceCreated(buf[:0], e.Device)
			ch = string(buf)
		} else if e.Created != nil {
			var ok bool
			if buf, ok = appendCreated(buf[:0], e.Created); ok {
				ch = string(buf)
			} else {
				e.Changes = Diff(nil, e.Created)
			}
		}
		if ch == nil {
			v, err := e.Changes.Value()
			if err != nil {
				return nil, fmt.Errorf("write audit events: %w", err)
			}
			ch = v
		}
		return []any{at, actor, e.Action, entityNameOf(e.Table), e.EntityID, ch}, nil
	}
	// The events' ids are left to the table's default: nothing refers to them, and taking
	// them first would cost a round trip per batch.
	cols := []string{"at", "actor", "action", "entity", "entity_id", "changes"}
	if s.dialect == Postgres {
		// Encoded as COPY asks for them, while Postgres stores the ones before.
		return s.copyRows(ctx, "audit_events", cols, len(events), func(i int) ([]any, error) { return row(events[i]) })
	}
	rows := make([][]any, len(events))
	for i, e := range events {
		r, err := row(e)
		if err != nil {
			return err
		}
		rows[i] = r
	}
	return s.BulkInsertRows(ctx, "audit_events", cols, rows)
}

// The columns BulkRow writes, after id, per table.
var (
	recordColumns = []string{"created_at", "updated_at", "version", "notes"}
	bulkColumns   = map[string][]string{
		"vendors": append(slices.Clone(recordColumns), "name", "roles", "website", "support_email",
			"support_phone", "account_number"),
		"budget_lines": append(slices.Clone(recordColumns), "code", "name", "fiscal_year", "category",
			"cost_centre", "owner", "allocated_amount", "allocated_currency"),
		"devices": append(slices.Clone(recordColumns), "asset_tag", "serial_number", "hostname", "category",
			"manufacturer_id", "model", "status", "assigned_to", "department", "cost_centre", "location",
			"purchase_date", "purchase_cost_amount", "purchase_cost_currency", "supplier_id", "order_number",
			"invoice_number", "budget_line_id", "lifetime_months", "eol_date", "custom_fields"),
		"licences": append(slices.Clone(recordColumns), "product", "publisher_id", "supplier_id", "reference",
			"type", "metric", "seats", "licence_key", "start_date", "end_date", "auto_renew", "notice_days",
			"cost_amount", "cost_currency", "billing_period", "budget_line_id", "order_number"),
		"warranties": append(slices.Clone(recordColumns), "provider_id", "kind", "reference", "service_level",
			"start_date", "end_date", "cost_amount", "cost_currency", "budget_line_id", "auto_renew", "notice_days"),
	}
)

// BulkColumns returns the columns BulkRow's values fill for a table (id excluded).
func BulkColumns(table string) []string { return bulkColumns[table] }

// BulkRow returns the table of a vendor, budget line, device, licence or warranty and its
// column values in the order of BulkColumns, for BulkInsert and BulkUpdate.
func BulkRow(v any) (table string, vals []any) {
	rec := func(r *Record) []any { return []any{r.CreatedAt, r.UpdatedAt, r.Version, r.Notes} }
	switch x := v.(type) {
	case *Vendor:
		return "vendors", append(rec(&x.Record), x.Name, x.Roles, x.Website, x.SupportEmail, x.SupportPhone,
			x.AccountNumber)
	case *BudgetLine:
		return "budget_lines", append(rec(&x.Record), x.Code, x.Name, x.FiscalYear, x.Category, x.CostCentre,
			x.Owner, x.Allocated.Amount, x.Allocated.Currency)
	case *Device:
		return "devices", append(rec(&x.Record), x.AssetTag, x.SerialNumber, x.Hostname, x.Category,
			x.ManufacturerID, x.Model, x.Status, x.AssignedTo, x.Department, x.CostCentre, x.Location,
			x.PurchaseDate, x.PurchaseCost.Amount, x.PurchaseCost.Currency, x.SupplierID, x.OrderNumber,
			x.InvoiceNumber, x.BudgetLineID, x.LifetimeMonths, x.EOLDate, x.CustomFields)
	case *Licence:
		return "licences", append(rec(&x.Record), x.Product, x.PublisherID, x.SupplierID, x.Reference, x.Type,
			x.Metric, x.Seats, x.Key, x.StartDate, x.EndDate, x.AutoRenew, x.NoticeDays, x.Cost.Amount,
			x.Cost.Currency, x.BillingPeriod, x.BudgetLineID, x.OrderNumber)
	case *Warranty:
		return "warranties", append(rec(&x.Record), x.ProviderID, x.Kind, x.Reference, x.ServiceLevel,
			x.StartDate, x.EndDate, x.Cost.Amount, x.Cost.Currency, x.BudgetLineID, x.AutoRenew, x.NoticeDays)
	}
	panic(fmt.Sprintf("models.BulkRow: %T is not a bulk-written record", v))
}

// appendCreated appends the JSON of Diff(nil, fields) (fields sorted, empty values left
// out, each {"old":null,"new":value}) for the value types AuditFields uses; it reports false
// for any other type, and the caller falls back to encoding/json.
func appendCreated(b []byte, fields map[string]any) ([]byte, bool) {
	keys := make([]string, 0, len(fields))
	for k, v := range fields {
		if !isEmpty(v) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, `:{"old":null,"new":`...)
		switch v := fields[k].(type) {
		case string:
			b = appendJSONString(b, v)
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		case int64:
			b = strconv.AppendInt(b, v, 10)
		case bool:
			b = strconv.AppendBool(b, v)
		default:
			return b, false
		}
		b = append(b, '}')
	}
	return append(b, '}'), true
}

// appendJSONString appends s as a JSON string, escaped as encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			j, _ := json.Marshal(s)
			return append(b, j...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// auditField is one entry of a record's AuditFields for appendFieldsCreated: add appends the
// field's JSON value, or reports false for an empty value (which Diff leaves out).
type auditField[T any] struct {
	key string
	add func(b []byte, v *T) ([]byte, bool)
}

func textAudit[T any](key string, f func(*T) string) auditField[T] {
	return auditField[T]{key, func(b []byte, v *T) ([]byte, bool) {
		s := f(v)
		if s == "" {
			return b, false
		}
		return appendJSONString(b, s), true
	}}
}

func numAudit[T any](key string, f func(*T) int64) auditField[T] {
	return auditField[T]{key, func(b []byte, v *T) ([]byte, bool) {
		n := f(v)
		if n == 0 {
			return b, false
		}
		return strconv.AppendInt(b, n, 10), true
	}}
}

func dateAudit[T any](key string, f func(*T) Date) auditField[T] {
	return auditField[T]{key, func(b []byte, v *T) ([]byte, bool) {
		d := f(v)
		if d.IsZero() {
			return b, false
		}
		if d.Year < 0 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 99 {
			return appendJSONString(b, d.String()), true
		}
		y, m, dd := d.Year, int(d.Month), d.Day
		return append(b, '"', byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
			byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10), '"'), true
	}}
}

func idOf(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// deviceAudit is Device.AuditFields in key order (TestDeviceAuditFields holds the two equal).
var deviceAudit = []auditField[Device]{
	textAudit("asset_tag", func(d *Device) string { return Str(d.AssetTag) }),
	textAudit("assigned_to", func(d *Device) string { return d.AssignedTo }),
	numAudit("budget_line_id", func(d *Device) int64 { return idOf(d.BudgetLineID) }),
	textAudit("category", func(d *Device) string { return d.Category }),
	textAudit("cost_centre", func(d *Device) string { return d.CostCentre }),
	textAudit("custom_fields", func(d *Device) string { return customText(d.CustomFields) }),
	textAudit("department", func(d *Device) string { return d.Department }),
	dateAudit("eol_date", func(d *Device) Date { return d.EOLDate }),
	textAudit("hostname", func(d *Device) string { return d.Hostname }),
	textAudit("invoice_number", func(d *Device) string { return d.InvoiceNumber }),
	numAudit("lifetime_months", func(d *Device) int64 {
		if d.LifetimeMonths == nil {
			return 0
		}
		return int64(*d.LifetimeMonths)
	}),
	textAudit("location", func(d *Device) string { return d.Location }),
	numAudit("manufacturer_id", func(d *Device) int64 { return idOf(d.ManufacturerID) }),
	textAudit("model", func(d *Device) string { return d.Model }),
	textAudit("notes", func(d *Device) string { return d.Notes }),
	textAudit("order_number", func(d *Device) string { return d.OrderNumber }),
	textAudit("purchase_cost", func(d *Device) string { return d.PurchaseCost.String() }),
	dateAudit("purchase_date", func(d *Device) Date { return d.PurchaseDate }),
	textAudit("serial_number", func(d *Device) string { return Str(d.SerialNumber) }),
	textAudit("status", func(d *Device) string { return d.Status }),
	numAudit("supplier_id", func(d *Device) int64 { return idOf(d.SupplierID) }),
}

func appendDeviceCreated(b []byte, d *Device) []byte {
	return appendFieldsCreated(b, deviceAudit, d)
}

// appendFieldsCreated is appendCreated for a record whose fields are listed in key order.
func appendFieldsCreated[T any](b []byte, fields []auditField[T], v *T) []byte {
	b = append(b, '{')
	first := true
	for _, f := range fields {
		mark := len(b)
		if !first {
			b = append(b, ',')
		}
		b = appendJSONString(b, f.key)
		b = append(b, `:{"old":null,"new":`...)
		var ok bool
		if b, ok = f.add(b, v); !ok {
			b = b[:mark]
			continue
		}
		b = append(b, '}')
		first = false
	}
	return append(b, '}')
}
