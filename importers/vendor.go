package importers

import (
	"fmt"
	"slices"
	"strings"

	"itreg/models"
)

// Vendors: a row's fields, its natural key (the name, case-insensitively), how it merges into
// the stored vendor, its export cells and the template's example row. The columns themselves
// are in fields/fields_vendor.go.
// vendorColumns are a vendor's fields: cell, merge and export cell each.
var vendorColumns = columns[models.Vendor]{
	"name":           textCol(func(x *models.Vendor) *string { return &x.Name }).key(),
	"website":        textCol(func(x *models.Vendor) *string { return &x.Website }),
	"support_email":  textCol(func(x *models.Vendor) *string { return &x.SupportEmail }),
	"support_phone":  textCol(func(x *models.Vendor) *string { return &x.SupportPhone }),
	"account_number": textCol(func(x *models.Vendor) *string { return &x.AccountNumber }),
	"notes":          textCol(func(x *models.Vendor) *string { return &x.Notes }),
	"roles": {
		set:   func(_ *parsed, _ string, vd *models.Vendor, v value) error { vd.Roles = v.list; return nil },
		merge: func(p *plan, name string, stored, in *models.Vendor) { applyIf(p, name, &stored.Roles, in.Roles) },
		value: func(v *models.Vendor) any { return textCell(strings.Join(v.Roles, ", ")) },
	},
	// The role flags (Manufacturer: yes) add to the row's roles.
	"is_manufacturer": {set: roleFlag},
	"is_supplier":     {set: roleFlag},
	"is_reseller":     {set: roleFlag},
}

// roleFlag adds a role to the row when its flag column says yes.
func roleFlag(r *parsed, name string, _ *models.Vendor, v value) error {
	if v.yes {
		r.flags = append(r.flags, strings.TrimPrefix(name, "is_"))
	}
	return nil
}

// mergeVendor applies the mapped fields of the file's vendor to a copy of the stored one.
func mergeVendor(p *plan, r *parsed, stored, in *models.Vendor) *models.Vendor {
	m := *stored
	vendorColumns.merge(p, r, &m, in)
	return &m
}

// vendorExample is the template's example vendor, which the other examples name.
func vendorExample() map[string]any {
	return map[string]any{
		"name": textCell("Dell"), "roles": textCell("manufacturer, supplier"), "website": textCell("https://www.dell.com"),
		"support_email": textCell("support@dell.example"), "support_phone": textCell("+44 1344 860456"),
		"account_number": textCell("ACC-1001"), "notes": textCell("Main hardware vendor"),
	}
}

// vendorBatch writes one batch of vendor rows.
type vendorBatch struct {
	s      *session
	p      *plan
	stored map[string]*models.Vendor // by lower-case name
}

func (b *vendorBatch) load(rows []*parsed) error {
	var lows []string
	for _, r := range rows {
		lows = append(lows, strings.ToLower(r.rec.(*models.Vendor).Name))
	}
	found, err := b.s.tx.FindVendorsByNames(b.s.ctx, lows)
	if err != nil {
		return err
	}
	b.stored = map[string]*models.Vendor{}
	for i := range found {
		b.stored[strings.ToLower(found[i].Name)] = &found[i]
	}
	return nil
}

func (b *vendorBatch) match(r *parsed, in *models.Vendor) (stored, merged *models.Vendor) {
	low := strings.ToLower(strings.TrimSpace(in.Name))
	if low == "" {
		r.fail(b.p, "name", "a vendor needs a name")
		return nil, nil
	}
	if prev, dup := b.s.seenKey("vendor", low, b.p, r.row); dup {
		r.fail(b.p, "name", fmt.Sprintf("%q is also in %s (names are compared ignoring case)", in.Name, prev))
		return nil, nil
	}
	stored, merged = b.stored[low], in
	if stored != nil {
		merged = mergeVendor(b.p, r, stored, in)
	}
	// The Is Manufacturer/Is Supplier/Is Reseller columns add roles; they never remove one.
	for _, f := range r.flags {
		if !slices.Contains(merged.Roles, f) {
			merged.Roles = append(slices.Clone(merged.Roles), f)
		}
	}
	return stored, merged
}

// written makes the batch's vendors known to the rows that name them.
func (b *vendorBatch) written(w *written[models.Vendor]) error {
	for _, v := range w.news {
		b.s.vendors[strings.ToLower(v.Name)] = v.ID
	}
	for _, c := range w.changes {
		b.s.vendors[strings.ToLower(c.rec.Name)] = c.rec.ID
	}
	return nil
}
