package models

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// DeviceReportFilter narrows the device reports to one department or category ("" = all).
// Only devices in service (see InService) are ever reported.
type DeviceReportFilter struct {
	Department, Category string
}

// ReportDevice is one device as the device reports read it: its own fields, the names a
// reader needs (manufacturer, budget line code) and its warranty cover on the report day.
type ReportDevice struct {
	ID                   int64
	AssetTag, Serial     string
	Hostname, Category   string
	Department, Assignee string
	Model, Manufacturer  string
	PurchaseDate         Date
	PurchaseCost         Money
	LifetimeMonths       *int
	EOLDate              Date
	BudgetLine           string
	Cover                DeviceCover
}

// Device returns the fields that decide the end of life, as a Device, so the report uses the
// same rule as the rest of the register (Device.EndOfLife).
func (r *ReportDevice) Device() *Device {
	return &Device{Category: r.Category, PurchaseDate: r.PurchaseDate, LifetimeMonths: r.LifetimeMonths, EOLDate: r.EOLDate}
}

// DeviceCover is a device's warranty position on one day.
type DeviceCover struct {
	// Covered reports whether a warranty covers the device on the day.
	Covered bool
	// End is the end of the covering warranty that runs longest; when none covers the day, the
	// latest end of any warranty linked to the device (zero when it has none).
	End Date
	// Provider is the name of that warranty's provider ("" when unknown).
	Provider string
}

// DeviceEOL is a device id and its end of life, the sort key of the end-of-life report.
type DeviceEOL struct {
	ID        int64
	EndOfLife Date
}

// inServiceDevices returns a query over devices in service, filtered; the alias is d.
func (s *Store) inServiceDevices(ctx context.Context, f DeviceReportFilter) *gorm.DB {
	q := s.db.WithContext(ctx).Table("devices d").Where("d.status NOT IN ?", OutOfServiceStatuses)
	if f.Department != "" {
		q = q.Where("d.department = ?", f.Department)
	}
	if f.Category != "" {
		q = q.Where("d.category = ?", f.Category)
	}
	return q
}

// DevicesReachingEndOfLife returns the in-service devices whose end of life (Device.EndOfLife
// with the store's lifetime defaults) falls before the given day, ordered by end of life then
// id. Devices with neither a purchase date nor an end-of-support date have no end of life and
// are left out. The end of life is computed in Go, identically on both dialects; SQL only
// narrows the candidates with a superset condition. Only ids and dates are held in memory
// (about 32 bytes a device); ReportDevicesByID loads the rows a page at a time.
func (s *Store) DevicesReachingEndOfLife(ctx context.Context, f DeviceReportFilter, before Date) ([]DeviceEOL, error) {
	defaults, categories := s.lifetimesAndNames()
	// A device with the category's lifetime L is a candidate when purchase_date + L months can
	// fall before the day: purchase dates before (before - L months) plus a week's margin for
	// month-end clamping. A device with its own lifetime is a candidate when bought before the day.
	cond := s.db.Where("d.eol_date < ?", before).Or("d.lifetime_months IS NOT NULL AND d.purchase_date < ?", before)
	for _, c := range categories {
		cut := before.AddMonths(-(&Device{Category: c}).Lifetime(defaults)).AddDays(7)
		cond = cond.Or("d.lifetime_months IS NULL AND d.category = ? AND d.purchase_date < ?", c, cut)
	}
	rows, err := s.inServiceDevices(ctx, f).Where(cond).
		Select("d.id, d.category, d.purchase_date, d.lifetime_months, d.eol_date").Rows()
	if err != nil {
		return nil, fmt.Errorf("end-of-life devices: %w", err)
	}
	defer rows.Close()
	var out []DeviceEOL
	for rows.Next() {
		var (
			d        Device
			lifetime sql.NullInt64
		)
		if err := rows.Scan(&d.ID, &d.Category, &d.PurchaseDate, &lifetime, &d.EOLDate); err != nil {
			return nil, fmt.Errorf("end-of-life devices: %w", err)
		}
		if lifetime.Valid {
			m := int(lifetime.Int64)
			d.LifetimeMonths = &m
		}
		eol := d.EndOfLife(defaults)
		if !eol.IsZero() && eol.Before(before) {
			out = append(out, DeviceEOL{ID: d.ID, EndOfLife: eol})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("end-of-life devices: %w", err)
	}
	slices.SortFunc(out, func(a, b DeviceEOL) int {
		return cmp.Or(a.EndOfLife.Compare(b.EndOfLife), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// reportDeviceColumns are the columns loadReportDevices reads, in scan order.
const reportDeviceColumns = `d.id, COALESCE(d.asset_tag, ''), COALESCE(d.serial_number, ''), d.hostname, d.category,
	d.department, d.assigned_to, d.model, COALESCE(m.name, ''), d.purchase_date, d.purchase_cost_amount,
	d.purchase_cost_currency, d.lifetime_months, d.eol_date, COALESCE(b.code, '')`

// loadReportDevices runs q (over "devices d") with the manufacturer and budget line joined,
// then reads the warranty cover of the devices on the given day.
func (s *Store) loadReportDevices(ctx context.Context, q *gorm.DB, coverOn Date) ([]ReportDevice, error) {
	rows, err := q.Select(reportDeviceColumns).
		Joins("LEFT JOIN vendors m ON m.id = d.manufacturer_id").
		Joins("LEFT JOIN budget_lines b ON b.id = d.budget_line_id").Rows()
	if err != nil {
		return nil, fmt.Errorf("report devices: %w", err)
	}
	var out []ReportDevice
	for rows.Next() {
		var (
			r        ReportDevice
			lifetime sql.NullInt64
		)
		err := rows.Scan(&r.ID, &r.AssetTag, &r.Serial, &r.Hostname, &r.Category, &r.Department, &r.Assignee,
			&r.Model, &r.Manufacturer, &r.PurchaseDate, &r.PurchaseCost.Amount, &r.PurchaseCost.Currency,
			&lifetime, &r.EOLDate, &r.BudgetLine)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("report devices: %w", err)
		}
		if lifetime.Valid {
			m := int(lifetime.Int64)
			r.LifetimeMonths = &m
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("report devices: %w", err)
	}
	// The cover query runs after the device rows are closed: SQLite has one connection.
	ids := make([]int64, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	covers, err := s.deviceCovers(ctx, ids, coverOn)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Cover = covers[out[i].ID]
	}
	return out, nil
}

// ReportDevicesByID loads the given devices (at most a few thousand) in the order of ids, with
// their cover on the given day. Ids that no longer exist are skipped.
func (s *Store) ReportDevicesByID(ctx context.Context, ids []int64, coverOn Date) ([]ReportDevice, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	loaded, err := s.loadReportDevices(ctx, s.db.WithContext(ctx).Table("devices d").Where("d.id IN ?", ids), coverOn)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]ReportDevice, len(loaded))
	for _, r := range loaded {
		byID[r.ID] = r
	}
	out := make([]ReportDevice, 0, len(ids))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// ReportDevicesAfter returns up to limit in-service devices with an id above afterID, in id
// order, with their cover on the given day: one keyset page of a scan over the register.
func (s *Store) ReportDevicesAfter(ctx context.Context, f DeviceReportFilter, afterID int64, limit int, coverOn Date) ([]ReportDevice, error) {
	q := s.inServiceDevices(ctx, f).Where("d.id > ?", afterID).Order("d.id").Limit(limit)
	return s.loadReportDevices(ctx, q, coverOn)
}

// deviceCovers reads the warranties of the devices and returns each device's cover on the day.
// Devices without warranties are absent.
func (s *Store) deviceCovers(ctx context.Context, ids []int64, on Date) (map[int64]DeviceCover, error) {
	out := make(map[int64]DeviceCover, len(ids))
	for chunk := range slices.Chunk(ids, 1000) {
		rows, err := s.db.WithContext(ctx).Raw(`SELECT wd.device_id, w.start_date, w.end_date, COALESCE(v.name, '')
FROM warranty_devices wd JOIN warranties w ON w.id = wd.warranty_id LEFT JOIN vendors v ON v.id = w.provider_id
WHERE wd.device_id IN ?
ORDER BY wd.device_id, w.end_date, w.id`, chunk).Rows()
		if err != nil {
			return nil, fmt.Errorf("warranty cover: %w", err)
		}
		for rows.Next() {
			var (
				id       int64
				w        Warranty
				provider string
			)
			if err := rows.Scan(&id, &w.StartDate, &w.EndDate, &provider); err != nil {
				rows.Close()
				return nil, fmt.Errorf("warranty cover: %w", err)
			}
			// Rows come by end date, so a later row replaces an earlier one: the result is the
			// covering warranty that runs longest, else the warranty that ends last.
			c := out[id]
			switch {
			case w.ActiveOn(on):
				c = DeviceCover{Covered: true, End: w.EndDate, Provider: provider}
			case !c.Covered:
				c = DeviceCover{End: w.EndDate, Provider: provider}
			}
			out[id] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("warranty cover: %w", err)
		}
	}
	return out, nil
}
