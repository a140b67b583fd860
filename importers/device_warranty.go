package importers

import (
	"slices"

	"itreg/models"
)

// A device row's Warranty End or Warranty Months column gives its device a manufacturer warranty.

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
		stored[vendorKey(found[i].ProviderID, found[i].Reference)] = &found[i]
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
		old := stored[vendorKey(w.ProviderID, w.Reference)]
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
