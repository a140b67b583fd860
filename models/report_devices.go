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

// reportDeviceColumns are the columns every report device query reads, in scan order: the
// device, its manufacturer and budget line, and its cover warranty (alias cw, provider cv).
const reportDeviceColumns = `d.id, COALESCE(d.asset_tag, ''), COALESCE(d.serial_number, ''), d.hostname, d.category,
	d.department, d.assigned_to, d.model, COALESCE(m.name, ''), d.purchase_date, d.purchase_cost_amount,
	d.purchase_cost_currency, d.lifetime_months, d.eol_date, COALESCE(b.code, ''),
	cw.start_date, cw.end_date, COALESCE(cv.name, '')`

// coverOrderSQL orders a device's warranties so the first is its cover on the day (two
// arguments): the covering warranty that runs longest, else the warranty that ends last; a
// tie goes to the later id. DeviceCover says the same in words.
const coverOrderSQL = `ORDER BY CASE WHEN (w.start_date IS NULL OR w.start_date <= ?) AND w.end_date >= ? THEN 0 ELSE 1 END,
	w.end_date DESC, w.id DESC LIMIT 1`

// reportDevicesFrom is the FROM clause of a report device query over the devices d: the names
// joined and the cover warranty picked by one subquery per device, LATERAL on Postgres, a
// correlated lookup on SQLite. It takes the cover day twice.
func (s *Store) reportDevicesFrom() string {
	from := "devices d"
	cover := `LEFT JOIN LATERAL (SELECT w.start_date, w.end_date, w.provider_id FROM warranty_devices wd
	JOIN warranties w ON w.id = wd.warranty_id WHERE wd.device_id = d.id ` + coverOrderSQL + `) cw ON true`
	if s.dialect != Postgres {
		cover = `LEFT JOIN warranties cw ON cw.id = (SELECT w.id FROM warranty_devices wd
	JOIN warranties w ON w.id = wd.warranty_id WHERE wd.device_id = d.id ` + coverOrderSQL + `)`
	}
	return from + `
LEFT JOIN vendors m ON m.id = d.manufacturer_id
LEFT JOIN budget_lines b ON b.id = d.budget_line_id
` + cover + `
LEFT JOIN vendors cv ON cv.id = cw.provider_id`
}

// scanReportDevices reads the rows of a report device query (reportDeviceColumns), working out
// each device's cover on the day, into out.
func scanReportDevices(rows *sql.Rows, coverOn Date, out []ReportDevice) ([]ReportDevice, error) {
	defer rows.Close()
	for rows.Next() {
		var r ReportDevice
		if err := scanReportDevice(rows, coverOn, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("report devices: %w", err)
	}
	return out, nil
}

// scanReportDevice reads one row of a report device query into r.
func scanReportDevice(rows *sql.Rows, coverOn Date, r *ReportDevice) error {
	var (
		lifetime sql.NullInt64
		w        Warranty
	)
	*r = ReportDevice{}
	err := rows.Scan(&r.ID, &r.AssetTag, &r.Serial, &r.Hostname, &r.Category, &r.Department, &r.Assignee,
		&r.Model, &r.Manufacturer, &r.PurchaseDate, &r.PurchaseCost.Amount, &r.PurchaseCost.Currency,
		&lifetime, &r.EOLDate, &r.BudgetLine, &w.StartDate, &w.EndDate, &r.Cover.Provider)
	if err != nil {
		return fmt.Errorf("report devices: %w", err)
	}
	if lifetime.Valid {
		m := int(lifetime.Int64)
		r.LifetimeMonths = &m
	}
	r.Cover.End = w.EndDate
	r.Cover.Covered = !w.EndDate.IsZero() && w.ActiveOn(coverOn)
	return nil
}

// ReportDevicesAfter returns up to limit in-service devices with an id above afterID, in id
// order, with their cover on the given day: one keyset page of a scan over the register.
func (s *Store) ReportDevicesAfter(ctx context.Context, f DeviceReportFilter, afterID int64, limit int, coverOn Date) ([]ReportDevice, error) {
	q := "SELECT " + reportDeviceColumns + " FROM " + s.reportDevicesFrom() + " WHERE d.status NOT IN ? AND d.id > ?"
	args := []any{coverOn, coverOn, OutOfServiceStatuses, afterID}
	if f.Department != "" {
		q += " AND d.department = ?"
		args = append(args, f.Department)
	}
	if f.Category != "" {
		q += " AND d.category = ?"
		args = append(args, f.Category)
	}
	rows, err := s.db.WithContext(ctx).Raw(q+" ORDER BY d.id LIMIT ?", append(args, limit)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("report devices: %w", err)
	}
	return scanReportDevices(rows, coverOn, make([]ReportDevice, 0, limit))
}
