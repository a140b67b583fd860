package importers

import (
	"fmt"
	"slices"
	"strings"

	"itreg/models"
)

// Warranties: a row's fields, its natural key (provider + reference; a row without a
// reference gets one made of the devices it covers and its kind, "ABC123-support"), how it
// merges into the stored warranty, its export cells and the template's example row. The
// columns themselves are in fields/fields_warranty.go.
// warrantyColumns are a warranty's fields: cell, merge and export cell each.
var warrantyColumns = columns[models.Warranty]{
	"kind":               enumCol(func(x *models.Warranty) *string { return &x.Kind }),
	"reference":          identCol(func(x *models.Warranty) **string { return &x.Reference }).key(),
	"service_level":      textCol(func(x *models.Warranty) *string { return &x.ServiceLevel }),
	"start_date":         dateCol(func(x *models.Warranty) *models.Date { return &x.StartDate }),
	"end_date":           dateCol(func(x *models.Warranty) *models.Date { return &x.EndDate }),
	"cost":               moneyCol(func(x *models.Warranty) *models.Money { return &x.Cost }),
	"auto_renew":         boolCol(func(x *models.Warranty) *bool { return &x.AutoRenew }),
	"notice_days":        countCol(func(x *models.Warranty) *int { return &x.NoticeDays }),
	"notes":              textCol(func(x *models.Warranty) *string { return &x.Notes }),
	"provider":           refCol(func(x *models.Warranty) **int64 { return &x.ProviderID }, func(x *models.Warranty) any { return vendorName(x.Provider) }),
	"budget_line":        refCol(func(x *models.Warranty) **int64 { return &x.BudgetLineID }, func(x *models.Warranty) any { return budgetCode(x.BudgetLine) }),
	"budget_fiscal_year": budgetYearCol(func(x *models.Warranty) *models.BudgetLine { return x.BudgetLine }),
	"currency":           exportOnly(func(x *models.Warranty) any { return currencyOf(x.Cost) }),
	// Devices are exported by exportWarranties from the covered devices.
	"devices": {
		set: func(r *parsed, _ string, _ *models.Warranty, v value) error { r.devices = v.list; return nil },
		merge: func(p *plan, name string, stored, in *models.Warranty) {
			applyIf(p, name, &stored.DeviceIDs, in.DeviceIDs)
		},
	},
}

// mergeWarranty applies the mapped fields of the file's warranty to a copy of the stored one;
// a row that names no devices keeps the stored ones.
func mergeWarranty(p *plan, r *parsed, stored, in *models.Warranty) *models.Warranty {
	m := *stored
	warrantyColumns.merge(p, r, &m, in)
	if len(m.DeviceIDs) == 0 {
		m.DeviceIDs = stored.DeviceIDs
	}
	return &m
}

// warrantyExample is the template's example warranty, covering the example device.
func warrantyExample() map[string]any {
	return map[string]any{
		"provider": textCell("Dell"), "kind": textCell("manufacturer"), "reference": textCell("WAR-5CG1234XYZ"),
		"service_level": textCell("NBD on-site"), "start_date": dateCell(models.NewDate(2026, 1, 15)),
		"end_date": dateCell(models.NewDate(2029, 1, 14)), "cost": moneyCell{Amount: 9900, Currency: "GBP"},
		"currency": textCell("GBP"), "budget_line": textCell("IT-HW"), "budget_fiscal_year": intCell(2026), "auto_renew": boolCell(false),
		"notice_days": intCell(0), "devices": textCell("LAP-0001"), "notes": textCell("Three-year next-business-day cover"),
	}
}

// warrantyBatch writes one batch of warranty rows. Devices are named by asset tag or serial.
type warrantyBatch struct {
	s      *session
	p      *plan
	stored map[string]*models.Warranty // by vendorKey(provider, reference)
}

func (b *warrantyBatch) load(rows []*parsed) error {
	s, p := b.s, b.p
	var names []string
	for _, r := range rows {
		names = append(names, r.devices...)
	}
	byTag, err := s.tx.FindDevicesByAssetTags(s.ctx, names)
	if err != nil {
		return err
	}
	bySerial, err := s.tx.FindDevicesBySerials(s.ctx, names)
	if err != nil {
		return err
	}
	device := map[string][]int64{}
	for _, d := range byTag {
		device[*d.AssetTag] = []int64{d.ID}
	}
	for _, d := range bySerial {
		if _, ok := device[*d.SerialNumber]; !ok || len(device[*d.SerialNumber]) > 0 && !slices.Contains(device[*d.SerialNumber], d.ID) {
			if d.AssetTag == nil || *d.AssetTag != *d.SerialNumber {
				device[*d.SerialNumber] = append(device[*d.SerialNumber], d.ID)
			}
		}
	}
	for _, r := range rows {
		w := r.rec.(*models.Warranty)
		if w.Kind == "" {
			w.Kind = "manufacturer"
		}
		if w.Reference == nil && len(r.devices) > 0 {
			ref := strings.Join(r.devices, "+") + "-" + w.Kind
			if len(ref) > 100 {
				ref = ref[:100]
			}
			w.Reference = &ref
		}
		if len(r.errs) > 0 {
			continue
		}
		for _, n := range r.devices {
			ids := device[n]
			switch len(ids) {
			case 0:
				r.fail(p, "devices", fmt.Sprintf("no device has the asset tag or serial number %q; import the device first", n))
			case 1:
				if !slices.Contains(w.DeviceIDs, ids[0]) {
					w.DeviceIDs = append(w.DeviceIDs, ids[0])
				}
			default:
				r.fail(p, "devices", fmt.Sprintf("%d devices have the serial number %q; name the device by its asset tag", len(ids), n))
			}
		}
		slices.Sort(w.DeviceIDs)
	}
	var refs []string
	for _, r := range rows {
		if w := r.rec.(*models.Warranty); w.Reference != nil {
			refs = append(refs, *w.Reference)
		}
	}
	found, err := s.tx.FindWarrantiesByReferences(s.ctx, refs)
	if err != nil {
		return err
	}
	b.stored = map[string]*models.Warranty{}
	for i := range found {
		b.stored[vendorKey(found[i].ProviderID, found[i].Reference)] = &found[i]
	}
	return nil
}

func (b *warrantyBatch) match(r *parsed, in *models.Warranty) (stored, merged *models.Warranty) {
	s, p := b.s, b.p
	if in.Reference == nil {
		r.fail(p, "reference", "a warranty needs a reference or the devices it covers")
		return nil, nil
	}
	if prev, dup := s.seenKey("warranty", strings.ToLower(r.refs["provider"])+"\x00"+*in.Reference, p, r.row); dup {
		r.fail(p, "reference", fmt.Sprintf("reference %q of the same provider is also in %s", *in.Reference, prev))
		return nil, nil
	}
	in.ProviderID = s.vendorID(p, r, "provider")
	stored = b.stored[vendorKey(in.ProviderID, in.Reference)]
	var current *int64
	if stored != nil {
		current = stored.BudgetLineID
	}
	in.BudgetLineID = s.budgetLineID(p, r, in.StartDate, current)
	if stored == nil {
		return nil, in
	}
	return stored, mergeWarranty(p, r, stored, in)
}

// written links new warranties to the devices they cover and relinks changed ones.
func (b *warrantyBatch) written(w *written[models.Warranty]) error {
	var links [][]any
	for _, n := range w.news {
		for _, d := range n.DeviceIDs {
			links = append(links, []any{n.ID, d})
		}
	}
	if err := b.s.tx.BulkInsertRows(b.s.ctx, "warranty_devices", []string{"warranty_id", "device_id"}, links); err != nil {
		return err
	}
	return b.s.relink(w.changes)
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
