package importers

import (
	"fmt"
	"slices"
	"strings"

	"itreg/models"
)

// track sorts a decided row into the outcome counts.
func track(out *outcome, r *parsed, nNews, nChs int, news, chs int) {
	switch {
	case news > nNews:
		out.created++
	case chs > nChs:
		out.updated++
	case len(r.errs) == 0:
		out.unchanged++
	}
}

func licenceKey(l *models.Licence, publisher string) string {
	pub := strings.ToLower(publisher)
	if l.Reference != nil {
		return "ref\x00" + pub + "\x00" + *l.Reference
	}
	return "product\x00" + pub + "\x00" + strings.ToLower(l.Product) + "\x00" + l.StartDate.String()
}

// flushLicences resolves, compares and writes one batch of licence rows. A licence's natural
// key is publisher + reference, else publisher + product + start date.
func (s *session) flushLicences(p *plan, rows []*parsed) (outcome, error) {
	var out outcome
	var refs, products []string
	for _, r := range rows {
		l := r.rec.(*models.Licence)
		if l.Reference != nil {
			refs = append(refs, *l.Reference)
		} else if l.Product != "" {
			products = append(products, l.Product)
		}
	}
	stored := map[string]*models.Licence{}
	byRef, err := s.tx.FindLicencesByReferences(s.ctx, refs)
	if err != nil {
		return out, err
	}
	byProduct, err := s.tx.FindLicencesByProducts(s.ctx, products)
	if err != nil {
		return out, err
	}
	for _, l := range append(byRef, byProduct...) {
		l := l
		if l.Reference != nil {
			stored[fmt.Sprintf("ref\x00%d\x00%s", ptrID(l.PublisherID), *l.Reference)] = &l
		} else {
			stored[fmt.Sprintf("product\x00%d\x00%s\x00%s", ptrID(l.PublisherID), strings.ToLower(l.Product), l.StartDate)] = &l
		}
	}
	var news []*models.Licence
	var chs []change[models.Licence]
	for _, r := range rows {
		if len(r.errs) > 0 {
			continue
		}
		in := r.rec.(*models.Licence)
		if prev, dup := s.seenKey("licence", licenceKey(in, r.refs["publisher"]), p, r.row); dup {
			col := "reference"
			if in.Reference == nil {
				col = "product"
			}
			r.fail(p, col, fmt.Sprintf("the same licence (publisher and %s) is also in %s", strings.ReplaceAll(col, "_", " "), prev))
			continue
		}
		in.PublisherID = s.vendorID(p, r, "publisher")
		in.SupplierID = s.vendorID(p, r, "supplier")
		var key string
		if in.Reference != nil {
			key = fmt.Sprintf("ref\x00%d\x00%s", ptrID(in.PublisherID), *in.Reference)
		} else {
			key = fmt.Sprintf("product\x00%d\x00%s\x00%s", ptrID(in.PublisherID), strings.ToLower(in.Product), in.StartDate)
		}
		old := stored[key]
		in.BudgetLineID = s.budgetLineID(p, r, in.StartDate, budgetLineOf(old))
		if len(r.errs) > 0 {
			continue
		}
		merged := in
		if old != nil {
			m := *old
			applyIf(p, "product", &m.Product, in.Product)
			applyIf(p, "publisher", &m.PublisherID, in.PublisherID)
			applyIf(p, "supplier", &m.SupplierID, in.SupplierID)
			applyIdent(p, "reference", &m.Reference, in.Reference)
			applyEnum(p, "type", &m.Type, in.Type)
			applyEnum(p, "metric", &m.Metric, in.Metric)
			applyIf(p, "seats", &m.Seats, in.Seats)
			applyIf(p, "key", &m.Key, in.Key)
			applyIf(p, "start_date", &m.StartDate, in.StartDate)
			applyIf(p, "end_date", &m.EndDate, in.EndDate)
			applyIf(p, "auto_renew", &m.AutoRenew, in.AutoRenew)
			applyIf(p, "notice_days", &m.NoticeDays, in.NoticeDays)
			applyIf(p, "cost", &m.Cost, in.Cost)
			applyIf(p, "billing_period", &m.BillingPeriod, in.BillingPeriod)
			applyIf(p, "budget_line", &m.BudgetLineID, in.BudgetLineID)
			applyIf(p, "order_number", &m.OrderNumber, in.OrderNumber)
			applyIf(p, "notes", &m.Notes, in.Notes)
			merged = &m
		} else {
			if merged.Type == "" {
				merged.Type = "subscription"
			}
			if merged.Metric == "" {
				merged.Metric = "per_user"
			}
			if merged.BillingPeriod == "" && !merged.Cost.IsZero() {
				merged.BillingPeriod = "annual"
			}
		}
		nn, nc := len(news), len(chs)
		decide(s, p, r, old, merged, &news, &chs)
		track(&out, r, nn, nc, len(news), len(chs))
	}
	if _, err := insertAll(s, news); err != nil {
		return out, err
	}
	return out, updateAll(s, chs)
}

func ptrID(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// flushWarranties resolves, compares and writes one batch of warranty rows. A warranty's
// natural key is provider + reference; a row without a reference gets one made of the
// devices it covers and its kind ("ABC123-support"). Devices are named by asset tag or serial.
func (s *session) flushWarranties(p *plan, rows []*parsed) (outcome, error) {
	var out outcome
	var names []string
	for _, r := range rows {
		names = append(names, r.devices...)
	}
	byTag, err := s.tx.FindDevicesByAssetTags(s.ctx, names)
	if err != nil {
		return out, err
	}
	bySerial, err := s.tx.FindDevicesBySerials(s.ctx, names)
	if err != nil {
		return out, err
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
		return out, err
	}
	stored := map[string]*models.Warranty{}
	for i := range found {
		stored[serialKey(found[i].ProviderID, found[i].Reference)] = &found[i]
	}
	var news []*models.Warranty
	var chs []change[models.Warranty]
	for _, r := range rows {
		if len(r.errs) > 0 {
			continue
		}
		in := r.rec.(*models.Warranty)
		if in.Reference == nil {
			r.fail(p, "reference", "a warranty needs a reference or the devices it covers")
			continue
		}
		if prev, dup := s.seenKey("warranty", strings.ToLower(r.refs["provider"])+"\x00"+*in.Reference, p, r.row); dup {
			r.fail(p, "reference", fmt.Sprintf("reference %q of the same provider is also in %s", *in.Reference, prev))
			continue
		}
		in.ProviderID = s.vendorID(p, r, "provider")
		old := stored[serialKey(in.ProviderID, in.Reference)]
		in.BudgetLineID = s.budgetLineID(p, r, in.StartDate, budgetLineOfWarranty(old))
		if len(r.errs) > 0 {
			continue
		}
		merged := in
		if old != nil {
			m := *old
			applyEnum(p, "kind", &m.Kind, in.Kind)
			applyIf(p, "service_level", &m.ServiceLevel, in.ServiceLevel)
			applyIf(p, "start_date", &m.StartDate, in.StartDate)
			applyIf(p, "end_date", &m.EndDate, in.EndDate)
			applyIf(p, "cost", &m.Cost, in.Cost)
			applyIf(p, "budget_line", &m.BudgetLineID, in.BudgetLineID)
			applyIf(p, "auto_renew", &m.AutoRenew, in.AutoRenew)
			applyIf(p, "notice_days", &m.NoticeDays, in.NoticeDays)
			applyIf(p, "devices", &m.DeviceIDs, in.DeviceIDs)
			applyIf(p, "notes", &m.Notes, in.Notes)
			if len(m.DeviceIDs) == 0 {
				m.DeviceIDs = old.DeviceIDs
			}
			merged = &m
		}
		nn, nc := len(news), len(chs)
		decide(s, p, r, old, merged, &news, &chs)
		track(&out, r, nn, nc, len(news), len(chs))
	}
	ids, err := insertAll(s, news)
	if err != nil {
		return out, err
	}
	var links [][]any
	for i, w := range news {
		for _, d := range w.DeviceIDs {
			links = append(links, []any{ids[i], d})
		}
	}
	if err := s.tx.BulkInsertRows(s.ctx, "warranty_devices", []string{"warranty_id", "device_id"}, links); err != nil {
		return out, err
	}
	if err := updateAll(s, chs); err != nil {
		return out, err
	}
	return out, s.relink(chs)
}

// flushVendors resolves, compares and writes one batch of vendor rows (natural key: the
// name, case-insensitively).
func (s *session) flushVendors(p *plan, rows []*parsed) (outcome, error) {
	var out outcome
	var lows []string
	for _, r := range rows {
		lows = append(lows, strings.ToLower(r.rec.(*models.Vendor).Name))
	}
	found, err := s.tx.FindVendorsByNames(s.ctx, lows)
	if err != nil {
		return out, err
	}
	stored := map[string]*models.Vendor{}
	for i := range found {
		stored[strings.ToLower(found[i].Name)] = &found[i]
	}
	var news []*models.Vendor
	var chs []change[models.Vendor]
	for _, r := range rows {
		if len(r.errs) > 0 {
			continue
		}
		in := r.rec.(*models.Vendor)
		low := strings.ToLower(strings.TrimSpace(in.Name))
		if low == "" {
			r.fail(p, "name", "a vendor needs a name")
			continue
		}
		if prev, dup := s.seenKey("vendor", low, p, r.row); dup {
			r.fail(p, "name", fmt.Sprintf("%q is also in %s (names are compared ignoring case)", in.Name, prev))
			continue
		}
		old := stored[low]
		merged := in
		if old != nil {
			m := *old
			applyIf(p, "roles", &m.Roles, in.Roles)
			applyIf(p, "website", &m.Website, in.Website)
			applyIf(p, "support_email", &m.SupportEmail, in.SupportEmail)
			applyIf(p, "support_phone", &m.SupportPhone, in.SupportPhone)
			applyIf(p, "account_number", &m.AccountNumber, in.AccountNumber)
			applyIf(p, "notes", &m.Notes, in.Notes)
			merged = &m
		}
		for _, f := range r.flags {
			if !slices.Contains(merged.Roles, f) {
				merged.Roles = append(slices.Clone(merged.Roles), f)
			}
		}
		nn, nc := len(news), len(chs)
		decide(s, p, r, old, merged, &news, &chs)
		track(&out, r, nn, nc, len(news), len(chs))
	}
	ids, err := insertAll(s, news)
	if err != nil {
		return out, err
	}
	for i, v := range news {
		s.vendors[strings.ToLower(v.Name)] = ids[i]
	}
	for _, c := range chs {
		s.vendors[strings.ToLower(c.rec.Name)] = c.rec.ID
	}
	return out, updateAll(s, chs)
}

// flushBudgetLines resolves, compares and writes one batch of budget line rows (natural key:
// code + fiscal year). The fiscal year is the row's Fiscal Year column, else Options.FiscalYear,
// else the current fiscal year.
func (s *session) flushBudgetLines(p *plan, rows []*parsed) (outcome, error) {
	var out outcome
	var codes []string
	for _, r := range rows {
		b := r.rec.(*models.BudgetLine)
		codes = append(codes, b.Code)
		if b.FiscalYear == 0 {
			b.FiscalYear = s.opt.FiscalYear
		}
		if b.FiscalYear == 0 {
			b.FiscalYear = models.FiscalYearOf(s.tx.Today(), s.opt.fiscalYearStart())
		}
	}
	found, err := s.tx.FindBudgetLinesByCodes(s.ctx, codes)
	if err != nil {
		return out, err
	}
	stored := map[string]*models.BudgetLine{}
	for i := range found {
		stored[fmt.Sprintf("%s\x00%d", found[i].Code, found[i].FiscalYear)] = &found[i]
	}
	var news []*models.BudgetLine
	var chs []change[models.BudgetLine]
	for _, r := range rows {
		if len(r.errs) > 0 {
			continue
		}
		in := r.rec.(*models.BudgetLine)
		key := fmt.Sprintf("%s\x00%d", in.Code, in.FiscalYear)
		if prev, dup := s.seenKey("budget_line", key, p, r.row); dup {
			r.fail(p, "code", fmt.Sprintf("code %q for fiscal year %d is also in %s", in.Code, in.FiscalYear, prev))
			continue
		}
		old := stored[key]
		merged := in
		if old != nil {
			m := *old
			applyIf(p, "name", &m.Name, in.Name)
			applyEnum(p, "category", &m.Category, in.Category)
			applyIf(p, "cost_centre", &m.CostCentre, in.CostCentre)
			applyIf(p, "owner", &m.Owner, in.Owner)
			applyIf(p, "allocated", &m.Allocated, in.Allocated)
			applyIf(p, "notes", &m.Notes, in.Notes)
			merged = &m
		} else if merged.Category == "" {
			merged.Category = "opex"
		}
		nn, nc := len(news), len(chs)
		decide(s, p, r, old, merged, &news, &chs)
		track(&out, r, nn, nc, len(news), len(chs))
	}
	if _, err := insertAll(s, news); err != nil {
		return out, err
	}
	for _, b := range news {
		s.budget[b.Code] = append(s.budget[b.Code], *b)
	}
	return out, updateAll(s, chs)
}

// budgetLineOf and budgetLineOfWarranty return a stored record's budget line, if any.
func budgetLineOf(l *models.Licence) *int64 {
	if l == nil {
		return nil
	}
	return l.BudgetLineID
}

func budgetLineOfWarranty(w *models.Warranty) *int64 {
	if w == nil {
		return nil
	}
	return w.BudgetLineID
}
