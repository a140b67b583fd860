package models

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// WarrantyFilter selects warranties and support contracts for a list.
type WarrantyFilter struct {
	Kind         string // manufacturer, extended, support, lease
	ProviderID   int64
	BudgetLineID int64
	DeviceID     int64  // covering this device
	EndsBefore   Date   // end date strictly before this day
	ActiveOn     Date   // covering this day (start..end, both inclusive)
	Q            string // text in reference, service level
	RenewalWindow
	// Renewable keeps warranties covering a device in service or no device at all (those the
	// renewals report lists).
	Renewable bool
	Page
}

// DeviceRef names a covered device the way a person recognises it.
type DeviceRef struct {
	ID           int64
	AssetTag     string
	SerialNumber string
}

// CoveredDevices is the first devices a warranty covers, by id, and how many it covers in all.
type CoveredDevices struct {
	Devices []DeviceRef
	Count   int64
}

// idBatch bounds the ids one statement carries (well under both dialects' parameter limits).
const idBatch = 1000

var warrantySorts = map[string]SortField[Warranty]{
	"end_date":   {Expr: "warranties.end_date", Key: func(w *Warranty) any { return dateKey(w.EndDate) }},
	"start_date": {Expr: "COALESCE(warranties.start_date, '0001-01-01')", Key: func(w *Warranty) any { return dateKey(w.StartDate) }},
	"cost":       {Expr: "warranties.cost_amount", Key: func(w *Warranty) any { return w.Cost.Amount }},
	"kind":       {Expr: "warranties.kind", Key: func(w *Warranty) any { return w.Kind }},
}

// warrantyWhere adds the filters of f (not its page) to a query over the warranties table:
// the one place a warranty list's matches are defined, for lists and tiles alike.
func (s *Store) warrantyWhere(q *gorm.DB, f WarrantyFilter) *gorm.DB {
	q = whereSet(q,
		eq{"warranties.kind", f.Kind}, eq{"warranties.provider_id", f.ProviderID}, eq{"warranties.budget_line_id", f.BudgetLineID})
	if f.DeviceID != 0 {
		q = q.Where("warranties.id IN (SELECT warranty_id FROM warranty_devices WHERE device_id = ?)", f.DeviceID)
	}
	if !f.EndsBefore.IsZero() {
		q = q.Where("warranties.end_date < ?", f.EndsBefore)
	}
	if !f.ActiveOn.IsZero() {
		q = q.Where("(warranties.start_date IS NULL OR warranties.start_date <= ?) AND warranties.end_date >= ?", f.ActiveOn, f.ActiveOn)
	}
	q = searchText(q, f.Q, "warranties.reference", "warranties.service_level")
	q = s.warrantyStateWhere(q, f)
	return q
}

// ListWarranties lists warranties matching f with their provider and budget line. Device ids
// are not loaded; DeviceIDsForWarranties loads them for a whole page in one query.
func (s *Store) ListWarranties(ctx context.Context, f WarrantyFilter) (ListResult[Warranty], error) {
	q := s.warrantyWhere(s.db.Model(&Warranty{}).Preload("Provider").Preload("BudgetLine"), f)
	return listPage(ctx, s, q, "warranties", f.Page, warrantySorts, func(w *Warranty) int64 { return w.ID })
}

// GetWarranty loads one warranty with its provider, budget line and covered device ids.
func (s *Store) GetWarranty(ctx context.Context, id int64) (*Warranty, error) {
	w, err := getEntity[Warranty](ctx, s, id, "Provider", "BudgetLine")
	if err != nil {
		return nil, err
	}
	return w, s.loadWarrantyDevices(ctx, w)
}

// FindWarranty finds a warranty by its natural key: provider (nil for none) and reference.
func (s *Store) FindWarranty(ctx context.Context, providerID *int64, reference string) (*Warranty, error) {
	var w Warranty
	prov := int64(0)
	if providerID != nil {
		prov = *providerID
	}
	err := s.db.WithContext(ctx).Preload("Provider").Preload("BudgetLine").
		Where("COALESCE(provider_id, 0) = ? AND reference = ?", prov, reference).Take(&w).Error
	if err != nil {
		return nil, s.translate("find warranty by reference", err)
	}
	return &w, s.loadWarrantyDevices(ctx, &w)
}

// CreateWarranty stores a new warranty and the devices it covers (duplicates collapse), in one
// transaction. A provider, budget line or device that does not exist is an invalid field; a
// reference already used with the same provider is a conflict.
func (s *Store) CreateWarranty(ctx context.Context, w *Warranty) error {
	return createEntity(ctx, s, w, warrantyHooks)
}

// UpdateWarranty applies change to the warranty at the version the client saw, with the checks
// of CreateWarranty. change sees the covered device ids and may replace them; the join rows and
// one audit event (device_ids old and new included) are written in the same transaction.
func (s *Store) UpdateWarranty(ctx context.Context, id, version int64, change func(*Warranty) error) (*Warranty, error) {
	return updateEntity(ctx, s, id, version, change, warrantyHooks)
}

// DeleteWarranty deletes a warranty and its device links; the audit event lists the devices it covered.
func (s *Store) DeleteWarranty(ctx context.Context, id int64, version *int64) error {
	return deleteEntity(ctx, s, id, version, warrantyHooks)
}

// DeviceIDsForWarranties returns the covered device ids of each warranty, in one query per
// thousand warranties.
func (s *Store) DeviceIDsForWarranties(ctx context.Context, ids []int64) (map[int64][]int64, error) {
	out := make(map[int64][]int64, len(ids))
	for chunk := range slices.Chunk(ids, idBatch) {
		var rows []WarrantyDevice
		err := s.db.WithContext(ctx).Where("warranty_id IN ?", chunk).Order("warranty_id, device_id").Find(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("load warranty devices: %w", err)
		}
		for _, r := range rows {
			out[r.WarrantyID] = append(out[r.WarrantyID], r.DeviceID)
		}
	}
	return out, nil
}

// CoveredDevicesFor returns, per warranty, the first limit covered devices (by id) with their
// asset tag and serial number and how many devices it covers in all, in one query per thousand
// warranties: a support contract may cover thousands of devices.
func (s *Store) CoveredDevicesFor(ctx context.Context, ids []int64, limit int) (map[int64]CoveredDevices, error) {
	out := make(map[int64]CoveredDevices, len(ids))
	for chunk := range slices.Chunk(ids, idBatch) {
		var rows []struct {
			WarrantyID   int64
			DeviceID     int64
			AssetTag     *string
			SerialNumber *string
			N            int64
		}
		err := s.db.WithContext(ctx).Raw(`SELECT warranty_id, device_id, asset_tag, serial_number, n FROM (
	SELECT wd.warranty_id, d.id AS device_id, d.asset_tag, d.serial_number,
		ROW_NUMBER() OVER (PARTITION BY wd.warranty_id ORDER BY d.id) AS rn,
		COUNT(*) OVER (PARTITION BY wd.warranty_id) AS n
	FROM warranty_devices wd JOIN devices d ON d.id = wd.device_id
	WHERE wd.warranty_id IN ?
) x WHERE rn <= ? ORDER BY warranty_id, device_id`, chunk, limit).Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("load covered devices: %w", err)
		}
		for _, r := range rows {
			c := out[r.WarrantyID]
			c.Devices = append(c.Devices, DeviceRef{ID: r.DeviceID, AssetTag: Str(r.AssetTag), SerialNumber: Str(r.SerialNumber)})
			c.Count = r.N
			out[r.WarrantyID] = c
		}
	}
	return out, nil
}

// warrantyHooks keep a warranty's join rows in step with its DeviceIDs. Before a write they
// sort the ids, drop duplicates and check the provider and budget line exist (saving the join
// rows checks the devices); update and delete load the ids before the audit snapshot, so
// device_ids is audited like any other field.
var warrantyHooks = hooks[*Warranty]{
	validate: func(tx *Store, w *Warranty) error {
		w.DeviceIDs = normalizeIDs(w.DeviceIDs)
		return tx.validateWithRefs(w,
			recordRef{"provider_id", "vendors", w.ProviderID},
			recordRef{"budget_line_id", "budget_lines", w.BudgetLineID})
	},
	afterLoad: func(tx *Store, w *Warranty) error { return tx.loadWarrantyDevices(tx.db.Statement.Context, w) },
	afterSave: saveWarrantyDevices,
}

func (s *Store) loadWarrantyDevices(ctx context.Context, w *Warranty) error {
	m, err := s.DeviceIDsForWarranties(ctx, []int64{w.ID})
	if err != nil {
		return err
	}
	w.DeviceIDs = m[w.ID]
	return nil
}

// saveWarrantyDevices makes the warranty's join rows match its DeviceIDs: it checks that every
// added device exists, then deletes the links dropped and inserts the ones added.
func saveWarrantyDevices(tx *Store, w *Warranty) error {
	var have []int64
	if err := tx.db.Model(&WarrantyDevice{}).Where("warranty_id = ?", w.ID).Pluck("device_id", &have).Error; err != nil {
		return fmt.Errorf("load devices of warranty %d: %w", w.ID, err)
	}
	slices.Sort(have)
	var added, dropped []int64
	for _, id := range w.DeviceIDs {
		if _, ok := slices.BinarySearch(have, id); !ok {
			added = append(added, id)
		}
	}
	for _, id := range have {
		if _, ok := slices.BinarySearch(w.DeviceIDs, id); !ok {
			dropped = append(dropped, id)
		}
	}
	if err := tx.checkDevicesExist(added); err != nil {
		return err
	}
	for chunk := range slices.Chunk(dropped, idBatch) {
		if err := tx.db.Where("warranty_id = ? AND device_id IN ?", w.ID, chunk).Delete(&WarrantyDevice{}).Error; err != nil {
			return fmt.Errorf("unlink devices from warranty %d: %w", w.ID, err)
		}
	}
	rows := make([]WarrantyDevice, len(added))
	for i, id := range added {
		rows[i] = WarrantyDevice{WarrantyID: w.ID, DeviceID: id}
	}
	if len(rows) > 0 {
		if err := tx.db.CreateInBatches(rows, idBatch).Error; err != nil {
			return tx.translate(fmt.Sprintf("link devices to warranty %d", w.ID), err)
		}
	}
	return nil
}

// checkDevicesExist answers a field error on device_ids naming the ids that are no device.
func (s *Store) checkDevicesExist(ids []int64) error {
	var missing []string
	for chunk := range slices.Chunk(ids, idBatch) {
		var found []int64
		if err := s.db.Model(&Device{}).Where("id IN ?", chunk).Pluck("id", &found).Error; err != nil {
			return fmt.Errorf("check devices: %w", err)
		}
		slices.Sort(found)
		for _, id := range chunk {
			if _, ok := slices.BinarySearch(found, id); !ok {
				missing = append(missing, strconv.FormatInt(id, 10))
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if len(missing) > 10 {
		missing = append(missing[:10], fmt.Sprintf("and %d more", len(missing)-10))
	}
	return &FieldError{Fields: map[string]string{"device_ids": "no device with id " + strings.Join(missing, ", ")}}
}

// normalizeIDs sorts ids and drops duplicates; an empty list is nil, so the audit trail
// compares lists as sets.
func normalizeIDs(ids []int64) []int64 {
	if len(ids) == 0 {
		return nil
	}
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}
