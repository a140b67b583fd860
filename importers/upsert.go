package importers

import (
	"fmt"
	"slices"
	"strings"

	"itreg/models"
)

// recordOf returns the Record embedded in a register record.
func recordOf(v any) *models.Record {
	switch x := v.(type) {
	case *models.Device:
		return &x.Record
	case *models.Licence:
		return &x.Record
	case *models.Warranty:
		return &x.Record
	case *models.Vendor:
		return &x.Record
	case *models.BudgetLine:
		return &x.Record
	}
	return nil
}

// insert stamps new records of one kind, writes them in bulk and queues their audit events.
func insertAll[T any](s *session, recs []*T) ([]int64, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	now := s.tx.Now().UTC()
	var table string
	rows := make([][]any, len(recs))
	for i, v := range recs {
		r := recordOf(v)
		r.CreatedAt, r.UpdatedAt, r.Version = now, now, 1
		table, rows[i] = models.BulkRow(v)
	}
	ids, err := s.tx.BulkInsert(s.ctx, table, models.BulkColumns(table), rows)
	if err != nil {
		return nil, err
	}
	for i, v := range recs {
		recordOf(v).ID = ids[i]
		e := models.AuditRow{Action: "create", Table: table, EntityID: ids[i]}
		if d, ok := any(v).(*models.Device); ok {
			e.Device = d // encoded from its fields when the batch's events are written
		} else {
			e.Created = any(v).(models.Audited).AuditFields()
		}
		s.pending = append(s.pending, e)
	}
	return ids, nil
}

// change is a stored record with the file's values applied, and what changed.
type change[T any] struct {
	rec     *T
	changes models.Changes
}

// updateAll writes changed records in bulk with the next version and queues their audit events.
func updateAll[T any](s *session, chs []change[T]) error {
	if len(chs) == 0 {
		return nil
	}
	now := s.tx.Now().UTC()
	var table string
	ids := make([]int64, len(chs))
	vals := make([][]any, len(chs))
	for i, c := range chs {
		r := recordOf(c.rec)
		r.Version++
		r.UpdatedAt = now
		ids[i] = r.ID
		table, vals[i] = models.BulkRow(c.rec)
	}
	cols := models.BulkColumns(table)
	// created_at is never rewritten.
	for i := range vals {
		vals[i] = vals[i][1:]
	}
	if err := s.tx.BulkUpdate(s.ctx, table, cols[1:], ids, vals); err != nil {
		return err
	}
	for i, c := range chs {
		s.pending = append(s.pending, models.AuditRow{Action: "update", Table: table, EntityID: ids[i], Changes: c.changes})
	}
	return nil
}

func (s *session) insert(vs []*models.Vendor) ([]int64, error) { return insertAll(s, vs) }

// outcome is what one batch did to a sheet's rows.
type outcome struct {
	created, updated, unchanged int
}

// decide compares a stored record with the record the row gives (after merging) and sorts it
// into created, updated or unchanged.
func decide[T any, PT interface {
	*T
	models.Audited
	Validate() error
}](s *session, p *plan, r *parsed, stored, merged PT, news *[]PT, chs *[]change[T]) {
	if err := merged.Validate(); err != nil {
		validationErrors(p, r, err)
		return
	}
	if stored == nil {
		*news = append(*news, merged)
		return
	}
	if models.SameValues(stored, merged) && sameLinks(stored, merged) {
		return
	}
	ch := models.Diff(stored.AuditFields(), merged.AuditFields())
	if len(ch) == 0 {
		return
	}
	*chs = append(*chs, change[T]{rec: (*T)(merged), changes: ch})
}

// sameLinks compares what BulkRow does not hold: the devices a warranty covers.
func sameLinks(a, b any) bool {
	if wa, ok := a.(*models.Warranty); ok {
		return slices.Equal(wa.DeviceIDs, b.(*models.Warranty).DeviceIDs)
	}
	return true
}

// applyIf sets *dst to src when the sheet maps field.
func applyIf[V any](p *plan, field string, dst *V, src V) {
	if p.mapped(field) {
		*dst = src
	}
}

// applyEnum sets an enum that a record needs: a blank cell keeps the stored value.
func applyEnum(p *plan, field string, dst *string, src string) {
	if p.mapped(field) && src != "" {
		*dst = src
	}
}

// applyIdent sets an identifier; a blank cell keeps the stored value (it may be the key
// the row was matched by the other way).
func applyIdent(p *plan, field string, dst **string, src *string) {
	if p.mapped(field) && src != nil {
		*dst = src
	}
}

// mergeDevice applies the mapped fields of the file's device to a copy of the stored one.
func mergeDevice(p *plan, stored, in *models.Device) *models.Device {
	out := *stored
	applyIdent(p, "asset_tag", &out.AssetTag, in.AssetTag)
	applyIdent(p, "serial_number", &out.SerialNumber, in.SerialNumber)
	applyIf(p, "hostname", &out.Hostname, in.Hostname)
	applyEnum(p, "category", &out.Category, in.Category)
	applyIf(p, "manufacturer", &out.ManufacturerID, in.ManufacturerID)
	applyIf(p, "model", &out.Model, in.Model)
	applyEnum(p, "status", &out.Status, in.Status)
	applyIf(p, "assigned_to", &out.AssignedTo, in.AssignedTo)
	applyIf(p, "department", &out.Department, in.Department)
	applyIf(p, "cost_centre", &out.CostCentre, in.CostCentre)
	applyIf(p, "location", &out.Location, in.Location)
	applyIf(p, "purchase_date", &out.PurchaseDate, in.PurchaseDate)
	applyIf(p, "purchase_cost", &out.PurchaseCost, in.PurchaseCost)
	applyIf(p, "supplier", &out.SupplierID, in.SupplierID)
	applyIf(p, "order_number", &out.OrderNumber, in.OrderNumber)
	applyIf(p, "invoice_number", &out.InvoiceNumber, in.InvoiceNumber)
	applyIf(p, "budget_line", &out.BudgetLineID, in.BudgetLineID)
	applyIf(p, "lifetime_months", &out.LifetimeMonths, in.LifetimeMonths)
	applyIf(p, "eol_date", &out.EOLDate, in.EOLDate)
	applyIf(p, "notes", &out.Notes, in.Notes)
	if len(p.custom) > 0 {
		cf := models.JSONMap{}
		for k, v := range stored.CustomFields {
			cf[k] = v
		}
		for _, c := range p.custom {
			if v, ok := in.CustomFields[c.Header]; ok {
				cf[c.Header] = v
			} else {
				delete(cf, c.Header)
			}
		}
		if len(cf) == 0 {
			cf = nil
		}
		out.CustomFields = cf
	}
	return &out
}

// deviceDefaults fills what a new device needs and the file did not say.
func deviceDefaults(d *models.Device) {
	if d.Category == "" {
		d.Category = "other"
	}
	if d.Status == "" {
		d.Status = models.StatusInStock
	}
}

// deviceKey is a device row's natural key: its asset tag, else manufacturer + serial.
func deviceKey(d *models.Device, manufacturer string) string {
	if d.AssetTag != nil {
		return "tag\x00" + *d.AssetTag
	}
	if d.SerialNumber != nil {
		return "serial\x00" + strings.ToLower(manufacturer) + "\x00" + *d.SerialNumber
	}
	return ""
}

func serialKey(mfr *int64, serial *string) string {
	if serial == nil {
		return ""
	}
	m := int64(0)
	if mfr != nil {
		m = *mfr
	}
	return fmt.Sprintf("%d\x00%s", m, *serial)
}

// flushDevices resolves, compares and writes one batch of device rows.
func (s *session) flushDevices(p *plan, rows []*parsed) (outcome, error) {
	var out outcome
	var tags, serials []string
	for _, r := range rows {
		if d := r.rec.(*models.Device); d.AssetTag != nil {
			tags = append(tags, *d.AssetTag)
		}
	}
	byTag := map[string]*models.Device{}
	bySerial := map[string]*models.Device{}
	found, err := s.tx.FindDevicesByAssetTags(s.ctx, tags)
	if err != nil {
		return out, err
	}
	for i := range found {
		byTag[*found[i].AssetTag] = &found[i]
		if found[i].SerialNumber != nil {
			bySerial[serialKey(found[i].ManufacturerID, found[i].SerialNumber)] = &found[i]
		}
	}
	// Serials are looked up unless the device found by the row's tag already has that
	// serial (a re-import), which leaves nothing to learn.
	for _, r := range rows {
		d := r.rec.(*models.Device)
		if d.SerialNumber == nil {
			continue
		}
		if d.AssetTag != nil {
			if f := byTag[*d.AssetTag]; f != nil && f.SerialNumber != nil && *f.SerialNumber == *d.SerialNumber {
				continue
			}
		}
		serials = append(serials, *d.SerialNumber)
	}
	more, err := s.tx.FindDevicesBySerials(s.ctx, serials)
	if err != nil {
		return out, err
	}
	for i := range more {
		bySerial[serialKey(more[i].ManufacturerID, more[i].SerialNumber)] = &more[i]
		if more[i].AssetTag != nil {
			if _, ok := byTag[*more[i].AssetTag]; !ok {
				byTag[*more[i].AssetTag] = &more[i]
			}
		}
	}
	var news []*models.Device
	var chs []change[models.Device]
	var rowOfNew, rowOfChange []*parsed
	for _, r := range rows {
		if len(r.errs) > 0 {
			continue
		}
		in := r.rec.(*models.Device)
		key := deviceKey(in, r.refs["manufacturer"])
		if key == "" {
			r.errs = append(r.errs, RowError{Sheet: p.info.Name, Row: r.row, Column: p.columnHeader("asset_tag"),
				Message: "the row has neither an asset tag nor a serial number; it needs one of them"})
			continue
		}
		if prev, dup := s.seenKey("device", key, p, r.row); dup {
			col, val := "asset_tag", ""
			if in.AssetTag != nil {
				val = *in.AssetTag
			} else {
				col, val = "serial_number", *in.SerialNumber
			}
			r.errs = append(r.errs, RowError{Sheet: p.info.Name, Row: r.row, Column: p.columnHeader(col), Value: val,
				Message: fmt.Sprintf("%q is also in %s; each device may appear once in a file", val, prev)})
			continue
		}
		in.ManufacturerID = s.vendorID(p, r, "manufacturer")
		in.SupplierID = s.vendorID(p, r, "supplier")
		var stored *models.Device
		if in.AssetTag != nil {
			stored = byTag[*in.AssetTag]
		}
		if stored == nil && in.SerialNumber != nil {
			if d := bySerial[serialKey(in.ManufacturerID, in.SerialNumber)]; d != nil && (d.AssetTag == nil || in.AssetTag == nil) {
				stored = d
			}
		}
		var current *int64
		if stored != nil {
			current = stored.BudgetLineID
		}
		in.BudgetLineID = s.budgetLineID(p, r, in.PurchaseDate, current)
		merged := in
		if stored != nil {
			merged = mergeDevice(p, stored, in)
		} else {
			deviceDefaults(merged)
		}
		// The serial (with its manufacturer) is unique too.
		if sk := serialKey(merged.ManufacturerID, merged.SerialNumber); sk != "" {
			if other := bySerial[sk]; other != nil && (stored == nil || other.ID != stored.ID) {
				r.fail(p, "serial_number", fmt.Sprintf("serial number %q already belongs to device %s", *merged.SerialNumber, deviceName(other)))
				continue
			}
			if prev, dup := s.seenKey("device-serial", sk, p, r.row); dup {
				r.fail(p, "serial_number", fmt.Sprintf("serial number %q of the same manufacturer is also in %s", *merged.SerialNumber, prev))
				continue
			}
		}
		if len(r.errs) > 0 {
			continue
		}
		n, c := len(news), len(chs)
		decide(s, p, r, stored, merged, &news, &chs)
		switch {
		case len(news) > n:
			rowOfNew = append(rowOfNew, r)
		case len(chs) > c:
			rowOfChange = append(rowOfChange, r)
		case len(r.errs) == 0:
			out.unchanged++
		}
	}
	if _, err := insertAll(s, news); err != nil {
		return out, err
	}
	if err := updateAll(s, chs); err != nil {
		return out, err
	}
	out.created, out.updated = len(news), len(chs)
	// Warranty columns on device rows give each device its manufacturer warranty.
	var wrows []*parsed
	var wdevs []*models.Device
	for i, r := range rowOfNew {
		if !r.warrantyEnd.IsZero() || r.warrantyMonths > 0 {
			wrows, wdevs = append(wrows, r), append(wdevs, news[i])
		}
	}
	for i, r := range rowOfChange {
		if !r.warrantyEnd.IsZero() || r.warrantyMonths > 0 {
			wrows, wdevs = append(wrows, r), append(wdevs, chs[i].rec)
		}
	}
	for _, r := range rows {
		if len(r.errs) == 0 && (!r.warrantyEnd.IsZero() || r.warrantyMonths > 0) && !slices.Contains(wrows, r) {
			// an unchanged device: its warranty may still be new or changed
			in := r.rec.(*models.Device)
			var d *models.Device
			if in.AssetTag != nil {
				d = byTag[*in.AssetTag]
			}
			if d == nil {
				d = bySerial[serialKey(in.ManufacturerID, in.SerialNumber)]
			}
			if d != nil {
				wrows, wdevs = append(wrows, r), append(wdevs, d)
			}
		}
	}
	if err := s.deviceWarranties(p, wrows, wdevs); err != nil {
		return out, err
	}
	return out, nil
}

// deviceName names a device in messages by its asset tag, else its serial, else its id.
func deviceName(d *models.Device) string {
	switch {
	case d.AssetTag != nil:
		return *d.AssetTag
	case d.SerialNumber != nil:
		return "with serial " + *d.SerialNumber
	}
	return fmt.Sprintf("#%d", d.ID)
}

// deviceWarrantyRef is the reference of the manufacturer warranty a device row creates:
// the device's asset tag (else serial) followed by "-manufacturer".
func deviceWarrantyRef(d *models.Device) string {
	id := models.Str(d.AssetTag)
	if id == "" {
		id = models.Str(d.SerialNumber)
	}
	return id + "-manufacturer"
}

// deviceWarranties creates or updates the manufacturer warranty of each device whose row has
// a warranty end date or a warranty length in months (counted from the purchase date).
func (s *session) deviceWarranties(p *plan, rows []*parsed, devs []*models.Device) error {
	if len(rows) == 0 {
		return nil
	}
	refs := make([]string, len(devs))
	for i, d := range devs {
		refs[i] = deviceWarrantyRef(d)
	}
	found, err := s.tx.FindWarrantiesByReferences(s.ctx, refs)
	if err != nil {
		return err
	}
	stored := map[string]*models.Warranty{}
	for i := range found {
		stored[serialKey(found[i].ProviderID, found[i].Reference)] = &found[i]
	}
	var news []*models.Warranty
	var newDevs []int64
	var chs []change[models.Warranty]
	for i, r := range rows {
		d := devs[i]
		end := r.warrantyEnd
		if end.IsZero() {
			if d.PurchaseDate.IsZero() {
				r.fail(p, "warranty_months", "a warranty length needs a purchase date to count from")
				continue
			}
			end = d.PurchaseDate.AddMonths(r.warrantyMonths)
		}
		ref := refs[i]
		w := &models.Warranty{ProviderID: d.ManufacturerID, Kind: "manufacturer", Reference: &ref,
			StartDate: d.PurchaseDate, EndDate: end, DeviceIDs: []int64{d.ID}}
		if !w.StartDate.IsZero() && w.EndDate.Before(w.StartDate) {
			w.StartDate = models.Date{}
		}
		if err := w.Validate(); err != nil {
			r.fail(p, "warranty_end", "the warranty cannot be recorded: "+err.Error())
			continue
		}
		old := stored[serialKey(w.ProviderID, w.Reference)]
		if old == nil {
			news, newDevs = append(news, w), append(newDevs, d.ID)
			continue
		}
		m := *old
		m.StartDate, m.EndDate = w.StartDate, w.EndDate
		if !slices.Contains(m.DeviceIDs, d.ID) {
			m.DeviceIDs = append(slices.Clone(m.DeviceIDs), d.ID)
			slices.Sort(m.DeviceIDs)
		}
		if ch := models.Diff(old.AuditFields(), m.AuditFields()); len(ch) > 0 {
			chs = append(chs, change[models.Warranty]{rec: &m, changes: ch})
		}
	}
	ids, err := insertAll(s, news)
	if err != nil {
		return err
	}
	var links [][]any
	for i, id := range ids {
		links = append(links, []any{id, newDevs[i]})
	}
	if err := updateAll(s, chs); err != nil {
		return err
	}
	if err := s.relink(chs); err != nil {
		return err
	}
	return s.tx.BulkInsertRows(s.ctx, "warranty_devices", []string{"warranty_id", "device_id"}, links)
}

// relink rewrites the device links of changed warranties.
func (s *session) relink(chs []change[models.Warranty]) error {
	var ids []int64
	var links [][]any
	for _, c := range chs {
		if _, ok := c.changes["device_ids"]; !ok {
			continue
		}
		ids = append(ids, c.rec.ID)
		for _, d := range c.rec.DeviceIDs {
			links = append(links, []any{c.rec.ID, d})
		}
	}
	if err := s.tx.DeleteWarrantyLinks(s.ctx, ids); err != nil {
		return err
	}
	return s.tx.BulkInsertRows(s.ctx, "warranty_devices", []string{"warranty_id", "device_id"}, links)
}
