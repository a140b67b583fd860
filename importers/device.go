package importers

import (
	"fmt"
	"strings"

	"itreg/importers/fields"
	"itreg/models"
)

// Devices: a row's fields, its natural key (asset tag, else manufacturer + serial), how it
// merges into the stored device, its export cells and the template's example row. The
// columns themselves (headers, synonyms, types) are in fields/fields_device.go.
// deviceColumns are a device's fields: cell, merge and export cell each. A new device
// column is one entry here.
var deviceColumns = columns[models.Device]{
	"asset_tag":          identCol(func(x *models.Device) **string { return &x.AssetTag }),
	"serial_number":      identCol(func(x *models.Device) **string { return &x.SerialNumber }),
	"hostname":           textCol(func(x *models.Device) *string { return &x.Hostname }),
	"category":           enumCol(func(x *models.Device) *string { return &x.Category }),
	"model":              textCol(func(x *models.Device) *string { return &x.Model }),
	"status":             enumCol(func(x *models.Device) *string { return &x.Status }),
	"assigned_to":        textCol(func(x *models.Device) *string { return &x.AssignedTo }),
	"department":         textCol(func(x *models.Device) *string { return &x.Department }),
	"cost_centre":        textCol(func(x *models.Device) *string { return &x.CostCentre }),
	"location":           textCol(func(x *models.Device) *string { return &x.Location }),
	"purchase_date":      dateCol(func(x *models.Device) *models.Date { return &x.PurchaseDate }),
	"purchase_cost":      moneyCol(func(x *models.Device) *models.Money { return &x.PurchaseCost }),
	"order_number":       textCol(func(x *models.Device) *string { return &x.OrderNumber }),
	"invoice_number":     textCol(func(x *models.Device) *string { return &x.InvoiceNumber }),
	"eol_date":           dateCol(func(x *models.Device) *models.Date { return &x.EOLDate }),
	"notes":              textCol(func(x *models.Device) *string { return &x.Notes }),
	"manufacturer":       refCol(func(x *models.Device) **int64 { return &x.ManufacturerID }, func(x *models.Device) any { return vendorName(x.Manufacturer) }),
	"supplier":           refCol(func(x *models.Device) **int64 { return &x.SupplierID }, func(x *models.Device) any { return vendorName(x.Supplier) }),
	"budget_line":        refCol(func(x *models.Device) **int64 { return &x.BudgetLineID }, func(x *models.Device) any { return budgetCode(x.BudgetLine) }),
	"budget_fiscal_year": budgetYearCol(func(x *models.Device) *models.BudgetLine { return x.BudgetLine }),
	"currency":           exportOnly(func(x *models.Device) any { return currencyOf(x.PurchaseCost) }),
	"lifetime_months": {
		set: func(_ *parsed, _ string, d *models.Device, v value) error {
			if v.blank {
				return nil
			}
			n, err := smallInt(v.num)
			if err != nil {
				return err
			}
			d.LifetimeMonths = &n
			return nil
		},
		merge: func(p *plan, name string, stored, in *models.Device) {
			applyIf(p, name, &stored.LifetimeMonths, in.LifetimeMonths)
		},
		value: func(d *models.Device) any { return optInt(d.LifetimeMonths) },
	},
	// Warranty End and Warranty Months make the device's manufacturer warranty.
	"warranty_end": {set: func(r *parsed, _ string, _ *models.Device, v value) error { r.warrantyEnd = v.date; return nil }},
	"warranty_months": {set: func(r *parsed, _ string, _ *models.Device, v value) error {
		n, err := smallInt(v.num)
		if err != nil {
			return err
		}
		r.warrantyMonths = n
		return nil
	}},
}

// mergeDevice applies the mapped fields of the file's device to a copy of the stored one.
func mergeDevice(p *plan, r *parsed, stored, in *models.Device) *models.Device {
	out := *stored
	deviceColumns.merge(p, r, &out, in)
	if len(p.custom) > 0 {
		cf := models.JSONMap{}
		for k, v := range stored.CustomFields {
			cf[k] = v
		}
		for _, c := range p.custom {
			if v, ok := in.CustomFields[c.Header]; ok {
				cf[c.Header] = v
			} else if !p.keepBlank {
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

// deviceExample is the template's example device: made by the example vendor, paid from the
// example budget line, covered by the example warranty.
func deviceExample() map[string]any {
	return map[string]any{
		"asset_tag": textCell("LAP-0001"), "serial_number": textCell("5CG1234XYZ"), "hostname": textCell("lon-lap-0001"),
		"category": textCell("laptop"), "manufacturer": textCell("Dell"), "model": textCell("Latitude 7440"),
		"status": textCell("deployed"), "assigned_to": textCell("Jane Smith"), "department": textCell("Finance"),
		"cost_centre": textCell("CC-100"), "location": textCell("London"),
		"purchase_date": dateCell(models.NewDate(2026, 1, 15)),
		"purchase_cost": moneyCell{Amount: 124900, Currency: "GBP"}, "currency": textCell("GBP"),
		"supplier": textCell("Dell"), "order_number": textCell("PO-2026-001"), "invoice_number": textCell("INV-88812"),
		"budget_line": textCell("IT-HW"), "budget_fiscal_year": intCell(2026), "lifetime_months": intCell(48),
		"eol_date": dateCell(models.NewDate(2030, 1, 31)), "notes": textCell("Docking station issued too"),
	}
}

// deviceKey is a device row's natural key within a file: its asset tag, else manufacturer
// (by name, as the row has it) + serial.
func deviceKey(d *models.Device, manufacturer string) string {
	if d.AssetTag != nil {
		return "tag\x00" + *d.AssetTag
	}
	if d.SerialNumber != nil {
		return "serial\x00" + strings.ToLower(manufacturer) + "\x00" + *d.SerialNumber
	}
	return ""
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

// deviceBatch writes one batch of device rows: matched by asset tag, else by manufacturer +
// serial (or the other way round with Options.MatchBy serial_number); a row's warranty columns
// then give its device a manufacturer warranty.
type deviceBatch struct {
	s        *session
	p        *plan
	byTag    map[string]*models.Device
	bySerial map[string]*models.Device // by vendorKey(manufacturer, serial)
}

func (b *deviceBatch) load(rows []*parsed) error {
	var tags, serials []string
	for _, r := range rows {
		if d := r.rec.(*models.Device); d.AssetTag != nil {
			tags = append(tags, *d.AssetTag)
		}
	}
	b.byTag, b.bySerial = map[string]*models.Device{}, map[string]*models.Device{}
	found, err := b.s.tx.FindDevicesByAssetTags(b.s.ctx, tags)
	if err != nil {
		return err
	}
	for i := range found {
		b.byTag[*found[i].AssetTag] = &found[i]
		if found[i].SerialNumber != nil {
			b.bySerial[vendorKey(found[i].ManufacturerID, found[i].SerialNumber)] = &found[i]
		}
	}
	// Serials are looked up unless the device found by the row's tag already has that
	// serial (a re-import), which leaves nothing to learn.
	for _, r := range rows {
		d := r.rec.(*models.Device)
		if d.SerialNumber == nil {
			continue
		}
		if d.AssetTag != nil && !b.bySerialFirst() {
			if f := b.byTag[*d.AssetTag]; f != nil && f.SerialNumber != nil && *f.SerialNumber == *d.SerialNumber {
				continue
			}
		}
		serials = append(serials, *d.SerialNumber)
	}
	more, err := b.s.tx.FindDevicesBySerials(b.s.ctx, serials)
	if err != nil {
		return err
	}
	for i := range more {
		b.bySerial[vendorKey(more[i].ManufacturerID, more[i].SerialNumber)] = &more[i]
		if more[i].AssetTag != nil {
			if _, ok := b.byTag[*more[i].AssetTag]; !ok {
				b.byTag[*more[i].AssetTag] = &more[i]
			}
		}
	}
	return nil
}

// bySerialFirst reports whether rows find their device by manufacturer + serial before the tag.
func (b *deviceBatch) bySerialFirst() bool { return b.s.opt.MatchBy == MatchSerial }

func (b *deviceBatch) match(r *parsed, in *models.Device) (stored, merged *models.Device) {
	s, p := b.s, b.p
	key := deviceKey(in, r.refs["manufacturer"])
	if key == "" {
		r.errs = append(r.errs, RowError{Sheet: p.info.Name, Row: r.row, Column: p.columnHeader("asset_tag"),
			Message: "the row has neither an asset tag nor a serial number; it needs one of them"})
		return nil, nil
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
		return nil, nil
	}
	in.ManufacturerID = s.vendorID(p, r, "manufacturer")
	in.SupplierID = s.vendorID(p, r, "supplier")
	if b.bySerialFirst() && in.SerialNumber != nil {
		stored = b.bySerial[vendorKey(in.ManufacturerID, in.SerialNumber)]
	}
	if stored == nil && in.AssetTag != nil {
		stored = b.byTag[*in.AssetTag]
	}
	if stored == nil && in.SerialNumber != nil {
		if d := b.bySerial[vendorKey(in.ManufacturerID, in.SerialNumber)]; d != nil && (d.AssetTag == nil || in.AssetTag == nil) {
			stored = d
		}
	}
	var current *int64
	if stored != nil {
		current = stored.BudgetLineID
	}
	in.BudgetLineID = s.budgetLineID(p, r, in.PurchaseDate, current)
	merged = in
	if stored != nil {
		merged = mergeDevice(p, r, stored, in)
	} else {
		deviceDefaults(merged)
		if merged.Category == models.CategoryOther {
			merged.Category = s.otherCategory()
		}
	}
	if !s.categoryExists(merged.Category) {
		r.fail(p, "category", fields.UnknownCategory(merged.Category, s.opt.Categories).Error())
		return nil, nil
	}
	// Matched by serial, the row may give its device an asset tag another device has.
	if merged.AssetTag != nil && stored != nil {
		if other := b.byTag[*merged.AssetTag]; other != nil && other.ID != stored.ID {
			r.fail(p, "asset_tag", fmt.Sprintf("asset tag %q already belongs to another device", *merged.AssetTag))
			return nil, nil
		}
	}
	// The serial (with its manufacturer) is unique too.
	if sk := vendorKey(merged.ManufacturerID, merged.SerialNumber); sk != "" {
		if other := b.bySerial[sk]; other != nil && (stored == nil || other.ID != stored.ID) {
			r.fail(p, "serial_number", fmt.Sprintf("serial number %q already belongs to device %s", *merged.SerialNumber, deviceName(other)))
			return nil, nil
		}
		if prev, dup := s.seenKey("device-serial", sk, p, r.row); dup {
			r.fail(p, "serial_number", fmt.Sprintf("serial number %q of the same manufacturer is also in %s", *merged.SerialNumber, prev))
			return nil, nil
		}
	}
	return stored, merged
}

// written gives each device whose row has warranty columns its manufacturer warranty: new
// devices first, then changed ones, then unchanged ones (whose warranty may still change).
func (b *deviceBatch) written(w *written[models.Device]) error {
	var wrows []*parsed
	var wdevs []*models.Device
	add := func(r *parsed, d *models.Device) {
		if !r.warrantyEnd.IsZero() || r.warrantyMonths > 0 {
			wrows, wdevs = append(wrows, r), append(wdevs, d)
		}
	}
	for i, r := range w.newRows {
		add(r, w.news[i])
	}
	for i, r := range w.changedRows {
		add(r, w.changes[i].rec)
	}
	for i, r := range w.sameRows {
		add(r, w.same[i])
	}
	return b.s.deviceWarranties(b.p, wrows, wdevs)
}
