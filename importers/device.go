package importers

import (
	"fmt"
	"strconv"
	"strings"

	"itreg/importers/fields"
	"itreg/models"
)

// Devices: a row's fields, its natural key (asset tag, else manufacturer + serial), how it
// merges into the stored device, its export cells and the template's example row. The
// columns themselves (headers, synonyms, types) are in fields/fields_device.go.

// setDevice puts one parsed cell of a device row into the device or the row's references.
func setDevice(r *parsed, d *models.Device, f fields.Field, v value) error {
	switch f.Name {
	case "asset_tag":
		d.AssetTag = models.StrPtr(v.text)
	case "serial_number":
		d.SerialNumber = models.StrPtr(v.text)
	case "hostname":
		d.Hostname = v.text
	case "category":
		d.Category = v.text
	case "manufacturer", "supplier", "budget_line":
		r.refs[f.Name] = v.text
	case "budget_fiscal_year":
		if !v.blank {
			r.refs[f.Name] = strconv.FormatInt(v.num, 10)
		}
	case "model":
		d.Model = v.text
	case "status":
		d.Status = v.text
	case "assigned_to":
		d.AssignedTo = v.text
	case "department":
		d.Department = v.text
	case "cost_centre":
		d.CostCentre = v.text
	case "location":
		d.Location = v.text
	case "purchase_date":
		d.PurchaseDate = v.date
	case "purchase_cost":
		d.PurchaseCost = v.money
	case "order_number":
		d.OrderNumber = v.text
	case "invoice_number":
		d.InvoiceNumber = v.text
	case "lifetime_months":
		if !v.blank {
			n, err := smallInt(v.num)
			if err != nil {
				return err
			}
			d.LifetimeMonths = &n
		}
	case "eol_date":
		d.EOLDate = v.date
	case "warranty_end":
		r.warrantyEnd = v.date
	case "warranty_months":
		n, err := smallInt(v.num)
		if err != nil {
			return err
		}
		r.warrantyMonths = n
	case "notes":
		d.Notes = v.text
	}
	return nil
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

// deviceValue is the export cell of one field of a device.
func deviceValue(d *models.Device, field string) any {
	switch field {
	case "asset_tag":
		return textCell(models.Str(d.AssetTag))
	case "serial_number":
		return textCell(models.Str(d.SerialNumber))
	case "hostname":
		return textCell(d.Hostname)
	case "category":
		return textCell(d.Category)
	case "manufacturer":
		return vendorName(d.Manufacturer)
	case "model":
		return textCell(d.Model)
	case "status":
		return textCell(d.Status)
	case "assigned_to":
		return textCell(d.AssignedTo)
	case "department":
		return textCell(d.Department)
	case "cost_centre":
		return textCell(d.CostCentre)
	case "location":
		return textCell(d.Location)
	case "purchase_date":
		return dateCell(d.PurchaseDate)
	case "purchase_cost":
		return moneyCell(d.PurchaseCost)
	case "currency":
		return currencyOf(d.PurchaseCost)
	case "supplier":
		return vendorName(d.Supplier)
	case "order_number":
		return textCell(d.OrderNumber)
	case "invoice_number":
		return textCell(d.InvoiceNumber)
	case "budget_line":
		return budgetCode(d.BudgetLine)
	case "budget_fiscal_year":
		return budgetYear(d.BudgetLine)
	case "lifetime_months":
		return optInt(d.LifetimeMonths)
	case "eol_date":
		return dateCell(d.EOLDate)
	case "notes":
		return textCell(d.Notes)
	}
	return nil
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
// serial; a row's warranty columns then give its device a manufacturer warranty.
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
		if d.AssetTag != nil {
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
	if in.AssetTag != nil {
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
		merged = mergeDevice(p, stored, in)
	} else {
		deviceDefaults(merged)
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
