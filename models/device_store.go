package models

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"gorm.io/gorm"
)

// DeviceFilter selects devices for a list. Empty fields do not filter.
type DeviceFilter struct {
	Status         string
	Category       string
	Department     string // case-insensitive
	Location       string // case-insensitive
	AssignedTo     string // case-insensitive
	ManufacturerID int64
	SupplierID     int64
	BudgetLineID   int64
	WarrantyID     int64  // covered by this warranty or contract
	Q              string // text in asset tag, serial number, hostname, model, assigned to
	DeviceStateFilter
	Page
}

var deviceSorts = map[string]SortField[Device]{
	"asset_tag":     {Expr: "COALESCE(devices.asset_tag, '')", Key: func(d *Device) any { return Str(d.AssetTag) }},
	"serial_number": {Expr: "COALESCE(devices.serial_number, '')", Key: func(d *Device) any { return Str(d.SerialNumber) }},
	"hostname":      {Expr: "devices.hostname", Key: func(d *Device) any { return d.Hostname }},
	"category":      {Expr: "devices.category", Key: func(d *Device) any { return d.Category }},
	"status":        {Expr: "devices.status", Key: func(d *Device) any { return d.Status }},
	"department":    {Expr: "devices.department", Key: func(d *Device) any { return d.Department }},
	"location":      {Expr: "devices.location", Key: func(d *Device) any { return d.Location }},
	"purchase_date": {Expr: "COALESCE(devices.purchase_date, '0001-01-01')", Key: func(d *Device) any { return dateKey(d.PurchaseDate) }},
	"purchase_cost": {Expr: "devices.purchase_cost_amount", Key: func(d *Device) any { return d.PurchaseCost.Amount }},
	"eol_date":      {Expr: "COALESCE(devices.eol_date, '0001-01-01')", Key: func(d *Device) any { return dateKey(d.EOLDate) }},
}

// ListDevices lists devices matching f, with manufacturer, supplier and budget line loaded.
func (s *Store) ListDevices(ctx context.Context, f DeviceFilter) (ListResult[Device], error) {
	q := s.deviceWhere(s.db.Model(&Device{}), f)
	res, err := listPage(ctx, s, q, "devices", f.Page, deviceSorts, func(d *Device) int64 { return d.ID })
	if err != nil {
		return res, err
	}
	if err := s.loadDeviceAssociations(ctx, res.Items); err != nil {
		return res, err
	}
	return res, nil
}

// deviceWhere adds the filters of f (not its page) to a query over the devices table: the one
// place a device list's matches are defined, for lists, tiles and bulk edits alike.
func (s *Store) deviceWhere(q *gorm.DB, f DeviceFilter) *gorm.DB {
	q = whereSet(q,
		eq{"devices.status", f.Status}, eq{"devices.category", f.Category},
		eq{"LOWER(devices.department)", strings.ToLower(f.Department)}, eq{"LOWER(devices.location)", strings.ToLower(f.Location)},
		eq{"LOWER(devices.assigned_to)", strings.ToLower(f.AssignedTo)},
		eq{"devices.manufacturer_id", f.ManufacturerID}, eq{"devices.supplier_id", f.SupplierID}, eq{"devices.budget_line_id", f.BudgetLineID})
	if f.WarrantyID != 0 {
		q = q.Where("devices.id IN (SELECT device_id FROM warranty_devices WHERE warranty_id = ?)", f.WarrantyID)
	}
	q = searchText(q, f.Q, "devices.asset_tag", "devices.serial_number", "devices.hostname", "devices.model", "devices.assigned_to")
	q = s.deviceStateWhere(q, f.DeviceStateFilter)
	return q
}

// loadDeviceAssociations fills the manufacturer, supplier and budget line of devices with one
// query per association.
func (s *Store) loadDeviceAssociations(ctx context.Context, devices []Device) error {
	if len(devices) == 0 {
		return nil
	}
	q := s.db.WithContext(ctx)
	ptrs := make([]*Device, len(devices))
	for i := range devices {
		ptrs[i] = &devices[i]
	}
	vendorIDs, lineIDs := map[int64]bool{}, map[int64]bool{}
	for _, d := range ptrs {
		for _, id := range []*int64{d.ManufacturerID, d.SupplierID} {
			if id != nil {
				vendorIDs[*id] = true
			}
		}
		if d.BudgetLineID != nil {
			lineIDs[*d.BudgetLineID] = true
		}
	}
	vendors, err := loadByID[Vendor](q, vendorIDs, func(v *Vendor) int64 { return v.ID })
	if err != nil {
		return fmt.Errorf("load device vendors: %w", err)
	}
	lines, err := loadByID[BudgetLine](q, lineIDs, func(b *BudgetLine) int64 { return b.ID })
	if err != nil {
		return fmt.Errorf("load device budget lines: %w", err)
	}
	for _, d := range ptrs {
		d.Manufacturer, d.Supplier, d.BudgetLine = nil, nil, nil
		if d.ManufacturerID != nil {
			d.Manufacturer = vendors[*d.ManufacturerID]
		}
		if d.SupplierID != nil {
			d.Supplier = vendors[*d.SupplierID]
		}
		if d.BudgetLineID != nil {
			d.BudgetLine = lines[*d.BudgetLineID]
		}
	}
	return nil
}

// loadByID loads the records with the given ids in one query (in chunks far below the
// parameter limit), keyed by id.
func loadByID[T any](q *gorm.DB, ids map[int64]bool, idOf func(*T) int64) (map[int64]*T, error) {
	out := make(map[int64]*T, len(ids))
	for chunk := range slices.Chunk(slices.Sorted(maps.Keys(ids)), 1000) {
		var rows []T
		if err := q.Where("id IN ?", chunk).Find(&rows).Error; err != nil {
			return nil, err
		}
		for i := range rows {
			out[idOf(&rows[i])] = &rows[i]
		}
	}
	return out, nil
}

// GetDevice loads one device with its manufacturer, supplier and budget line.
func (s *Store) GetDevice(ctx context.Context, id int64) (*Device, error) {
	d, err := getEntity[Device](ctx, s, id)
	if err != nil {
		return nil, err
	}
	return s.withDeviceAssociations(ctx, d)
}

// FindDeviceByAssetTag finds a device by its asset tag, with its associations loaded.
func (s *Store) FindDeviceByAssetTag(ctx context.Context, tag string) (*Device, error) {
	var d Device
	if err := s.db.WithContext(ctx).Where("asset_tag = ?", tag).Take(&d).Error; err != nil {
		return nil, s.translate("find device "+tag, err)
	}
	return s.withDeviceAssociations(ctx, &d)
}

func (s *Store) withDeviceAssociations(ctx context.Context, d *Device) (*Device, error) {
	one := []Device{*d}
	if err := s.loadDeviceAssociations(ctx, one); err != nil {
		return nil, err
	}
	return &one[0], nil
}

// CreateDevice validates and stores a new device. A manufacturer, supplier or budget line
// that does not exist is an invalid field; a duplicate asset tag, or serial number of the
// same manufacturer, is a conflict (the database's unique keys decide, so racing requests
// cannot both succeed). On success d's manufacturer, supplier and budget line are loaded.
func (s *Store) CreateDevice(ctx context.Context, d *Device) error {
	if err := createEntity(ctx, s, d, deviceHooks); err != nil {
		return err
	}
	loaded, err := s.withDeviceAssociations(ctx, d)
	if err != nil {
		return err
	}
	*d = *loaded
	return nil
}

// UpdateDevice applies change to the device at the version the client saw, with the checks
// of CreateDevice, and returns it with its associations loaded.
func (s *Store) UpdateDevice(ctx context.Context, id, version int64, change func(*Device) error) (*Device, error) {
	d, err := updateEntity(ctx, s, id, version, change, deviceHooks)
	if err != nil {
		return nil, err
	}
	return s.withDeviceAssociations(ctx, d)
}

// DeleteDevice deletes a device that holds no licence seats. Its warranty links go with it.
func (s *Store) DeleteDevice(ctx context.Context, id int64, version *int64) error {
	return deleteEntity(ctx, s, id, version, deviceHooks)
}

// deviceHooks check a device's fields and that the records it refers to exist, reporting every
// problem at once, and refuse to delete a device that holds licence seats.
var deviceHooks = hooks[*Device]{
	validate: func(tx *Store, d *Device) error {
		err := tx.validateWithRefs(d,
			recordRef{"manufacturer_id", "vendors", d.ManufacturerID},
			recordRef{"supplier_id", "vendors", d.SupplierID},
			recordRef{"budget_line_id", "budget_lines", d.BudgetLineID})
		return tx.checkDeviceCategory(d, err)
	},
	inUse: func(tx *Store, id int64) error {
		n, err := tx.usedBy("licence_seats", id, "device_id")
		if err != nil {
			return fmt.Errorf("delete device %d: %w", id, err)
		}
		if n > 0 {
			return &ConflictError{Message: fmt.Sprintf("this device holds %d licence seats; unassign them first", n)}
		}
		return nil
	},
}

// WarrantyCover is a device's warranty position on one day.
type WarrantyCover struct {
	// Covered reports whether any warranty covers the device on the day.
	Covered bool
	// End is the latest end date of the warranties covering the day; when none does, the
	// latest end date of any warranty linked to the device (zero when it has none).
	End Date
}

// WarrantyStatus tells, for each device, whether a warranty covers it on the given day and
// until when, in one query per thousand devices. Devices without warranties are absent.
func (s *Store) WarrantyStatus(ctx context.Context, deviceIDs []int64, on Date) (map[int64]WarrantyCover, error) {
	out := make(map[int64]WarrantyCover, len(deviceIDs))
	for chunk := range slices.Chunk(deviceIDs, 1000) {
		var rows []struct {
			DeviceID    int64
			CoveringEnd Date
			LatestEnd   Date
		}
		err := s.db.WithContext(ctx).Raw(`SELECT wd.device_id AS device_id,
	MAX(CASE WHEN (w.start_date IS NULL OR w.start_date <= ?) AND w.end_date >= ? THEN w.end_date END) AS covering_end,
	MAX(w.end_date) AS latest_end
FROM warranty_devices wd JOIN warranties w ON w.id = wd.warranty_id
WHERE wd.device_id IN ?
GROUP BY wd.device_id`, on, on, chunk).Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("warranty status: %w", err)
		}
		for _, r := range rows {
			if r.CoveringEnd.IsZero() {
				out[r.DeviceID] = WarrantyCover{End: r.LatestEnd}
			} else {
				out[r.DeviceID] = WarrantyCover{Covered: true, End: r.CoveringEnd}
			}
		}
	}
	return out, nil
}
