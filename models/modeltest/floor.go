package modeltest

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/stdlib"

	"itreg/models"
)

// CopyFloor runs COPY (query) TO STDOUT on the store's Postgres database through pgx, writing
// the rows to w, and returns how many rows Postgres produced: the database's own cost of
// producing a report's rows, the floor a report is measured against.
func CopyFloor(ctx context.Context, st *models.Store, query string, w io.Writer) (int64, error) {
	conn, err := st.SQLDB().Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	// JIT compilation is off, as the reports run their large queries: compiling this query
	// costs seconds, more than it saves.
	if _, err := conn.ExecContext(ctx, "SET jit = off"); err != nil {
		return 0, err
	}
	defer conn.ExecContext(ctx, "RESET jit")
	var n int64
	err = conn.Raw(func(dc any) error {
		tag, err := dc.(*stdlib.Conn).Conn().PgConn().CopyTo(ctx, w, "COPY ("+query+") TO STDOUT")
		n = tag.RowsAffected()
		return err
	})
	return n, err
}

// EndOfLifeFloorSQL is the end-of-life report's device rows as one Postgres query, the same
// columns in the same order (end of life, id): in-service devices whose end of life (the
// earlier of end of support and purchase date + lifetime, the store's lifetime defaults) is
// before the day before, with the names joined, age, fiscal quarter (fiscal years starting in
// month fyStart), days left, status and warranty text worked out in SQL, each device's cover
// picked in one pass over the warranty links (DISTINCT ON, hash-joined: Postgres' fastest plan
// here, several times faster than a lookup per device). Postgres only; the dates are written in
// as literals because COPY takes no parameters.
func EndOfLifeFloorSQL(st *models.Store, asOf, before models.Date, fyStart int) string {
	defaults := st.LifetimeDefaults()
	var lifetime strings.Builder
	lifetime.WriteString("CASE d.category")
	for _, c := range slices.Sorted(func(yield func(string) bool) {
		for c := range defaults {
			if !yield(c) {
				return
			}
		}
	}) {
		fmt.Fprintf(&lifetime, " WHEN '%s' THEN %d", c, defaults[c])
	}
	lifetime.WriteString(" END")
	day := func(d models.Date) string { return "DATE '" + d.String() + "'" }
	return fmt.Sprintf(`WITH e AS (
	SELECT d.*, LEAST(d.eol_date, CAST(d.purchase_date + make_interval(months => COALESCE(NULLIF(d.lifetime_months, 0), %[1]s)) AS DATE)) AS eol
	FROM devices d WHERE d.status NOT IN ('retired', 'disposed', 'lost'))
SELECT COALESCE(e.asset_tag, ''), COALESCE(e.serial_number, ''), e.hostname, e.category, e.department, e.assigned_to, e.model,
	COALESCE(m.name, ''), e.purchase_date,
	EXTRACT(YEAR FROM age(%[2]s, e.purchase_date)) * 12 + EXTRACT(MONTH FROM age(%[2]s, e.purchase_date)),
	e.eol,
	'FY' || EXTRACT(YEAR FROM e.eol + make_interval(months => %[4]d)) || ' Q' || ((CAST(EXTRACT(MONTH FROM e.eol) AS INT) - %[5]d + 12) %% 12 / 3 + 1),
	e.eol - %[2]s,
	CASE WHEN e.eol < %[2]s THEN 'overdue' ELSE 'due' END,
	CASE WHEN cw.end_date IS NULL THEN 'none'
		WHEN (cw.start_date IS NULL OR cw.start_date <= %[2]s) AND cw.end_date >= %[2]s THEN 'covered until ' || cw.end_date
		WHEN cw.end_date < %[2]s THEN 'expired ' || cw.end_date
		ELSE 'not started yet, ends ' || cw.end_date END,
	e.purchase_cost_amount / 100.0 || ' ' || e.purchase_cost_currency,
	COALESCE(b.code, '')
FROM e
LEFT JOIN vendors m ON m.id = e.manufacturer_id
LEFT JOIN budget_lines b ON b.id = e.budget_line_id
LEFT JOIN (SELECT DISTINCT ON (wd.device_id) wd.device_id, w.start_date, w.end_date
	FROM warranty_devices wd JOIN warranties w ON w.id = wd.warranty_id
	ORDER BY wd.device_id, CASE WHEN (w.start_date IS NULL OR w.start_date <= %[2]s) AND w.end_date >= %[2]s THEN 0 ELSE 1 END,
		w.end_date DESC, w.id DESC) cw ON cw.device_id = e.id
WHERE e.eol < %[3]s
ORDER BY e.eol, e.id`, lifetime.String(), day(asOf), day(before), (13-fyStart)%12, fyStart)
}
