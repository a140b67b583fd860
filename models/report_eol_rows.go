package models

import (
	"context"
	"fmt"
)

// EachEndOfLifeDevice streams the devices DevicesReachingEndOfLife returns, with every column
// the end-of-life report shows (ReportDevice, cover on coverOn), in its order (end of life,
// then id), from one query: the end of life worked out by the database (endOfLifeSQL, held to
// Device.EndOfLife by tests), names joined, and on Postgres each device's cover picked in one
// pass over the warranty links rather than one lookup per device. The query holds a
// connection until the last row: fn must not wait on a client (the report spools the rows
// first). The pointer is reused between calls. A positive limit stops after that many devices.
func (s *Store) EachEndOfLifeDevice(ctx context.Context, f DeviceReportFilter, before, coverOn Date, limit int,
	fn func(*ReportDevice) error) error {
	return s.withLargeAggregate(ctx, func(tx *Store) error {
		// Only the columns the report reads: the rows are sorted, and narrow rows sort fast.
		inner := tx.inServiceDevices(ctx, f).Select(`d.id, d.asset_tag, d.serial_number, d.hostname, d.category, d.department,
	d.assigned_to, d.model, d.manufacturer_id, d.purchase_date, d.purchase_cost_amount, d.purchase_cost_currency,
	d.lifetime_months, d.eol_date, d.budget_line_id, ` + tx.endOfLifeSQL() + " AS eol")
		cover := `LEFT JOIN (SELECT DISTINCT ON (wd.device_id) wd.device_id, w.start_date, w.end_date, w.provider_id
	FROM warranty_devices wd JOIN warranties w ON w.id = wd.warranty_id
	ORDER BY wd.device_id, ` + coverOrderSQL[len("ORDER BY "):len(coverOrderSQL)-len(" LIMIT 1")] + `) cw ON cw.device_id = d.id`
		if tx.dialect != Postgres {
			cover = `LEFT JOIN warranties cw ON cw.id = (SELECT w.id FROM warranty_devices wd
	JOIN warranties w ON w.id = wd.warranty_id WHERE wd.device_id = d.id ` + coverOrderSQL + `)`
		}
		q := "SELECT " + reportDeviceColumns + " FROM (?" + tx.fence() + `) d
LEFT JOIN vendors m ON m.id = d.manufacturer_id
LEFT JOIN budget_lines b ON b.id = d.budget_line_id
` + cover + `
LEFT JOIN vendors cv ON cv.id = cw.provider_id
WHERE d.eol IS NOT NULL AND d.eol < ?
ORDER BY d.eol, d.id`
		args := []any{inner, coverOn, coverOn, before}
		if limit > 0 {
			q += " LIMIT ?"
			args = append(args, limit)
		}
		rows, err := tx.db.WithContext(ctx).Raw(q, args...).Rows()
		if err != nil {
			return fmt.Errorf("end-of-life devices: %w", err)
		}
		defer rows.Close()
		var r ReportDevice
		for rows.Next() {
			if err := scanReportDevice(rows, coverOn, &r); err != nil {
				return err
			}
			if err := fn(&r); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("end-of-life devices: %w", err)
		}
		return nil
	})
}
