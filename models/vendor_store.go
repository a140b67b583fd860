package models

import (
	"context"
	"strings"
)

// VendorFilter selects vendors for a list.
type VendorFilter struct {
	Role string // manufacturer, supplier, reseller, service_provider
	Q    string // text in name, website, account number
	Page
}

var vendorSorts = map[string]SortField[Vendor]{
	"name": {Expr: "LOWER(vendors.name)", Key: func(v *Vendor) any { return strings.ToLower(v.Name) }},
}

// ListVendors lists vendors matching f.
func (s *Store) ListVendors(ctx context.Context, f VendorFilter) (ListResult[Vendor], error) {
	q := s.db.Model(&Vendor{})
	if f.Role != "" {
		q = q.Where("(',' || vendors.roles || ',') LIKE ?", "%,"+likeEscape(f.Role)+",%")
	}
	q = searchText(q, f.Q, "vendors.name", "vendors.website", "vendors.account_number")
	return listPage(ctx, s, q, "vendors", f.Page, vendorSorts, func(v *Vendor) int64 { return v.ID })
}

// GetVendor loads one vendor.
func (s *Store) GetVendor(ctx context.Context, id int64) (*Vendor, error) {
	return getEntity[Vendor](ctx, s, id)
}

// FindVendorByName finds a vendor by name, case-insensitively.
func (s *Store) FindVendorByName(ctx context.Context, name string) (*Vendor, error) {
	var v Vendor
	err := s.db.WithContext(ctx).Where("LOWER(name) = ?", strings.ToLower(name)).Take(&v).Error
	if err != nil {
		return nil, s.translate("find vendor "+name, err)
	}
	return &v, nil
}

// CreateVendor stores a new vendor.
func (s *Store) CreateVendor(ctx context.Context, v *Vendor) error {
	return createEntity(ctx, s, v, hooks[*Vendor]{})
}

// UpdateVendor applies change to the vendor at the version the client saw.
func (s *Store) UpdateVendor(ctx context.Context, id, version int64, change func(*Vendor) error) (*Vendor, error) {
	return updateEntity(ctx, s, id, version, change, hooks[*Vendor]{})
}

// DeleteVendor deletes a vendor no device, licence or warranty uses.
func (s *Store) DeleteVendor(ctx context.Context, id int64, version *int64) error {
	return deleteEntity(ctx, s, id, version, hooks[*Vendor]{inUse: refusedWhileUsed("vendor", map[string][]string{
		"devices":    {"manufacturer_id", "supplier_id"},
		"licences":   {"publisher_id", "supplier_id"},
		"warranties": {"provider_id"},
	})})
}
