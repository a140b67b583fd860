package models

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// Bulk writes: the import path, which looks records up by natural key a batch at a time and
// inserts with COPY on Postgres or multi-row INSERTs on SQLite. Callers validate first; these
// functions write what they are given.

// maxSQLiteParams keeps a statement under SQLite's default limit of 32,766 bound parameters
// (and so under Postgres's 65,535).
const maxSQLiteParams = 32_000

// lookupChunk bounds the values of one IN list.
const lookupChunk = 5_000

// pinnedConn is a connection pool of one connection: GORM begins its transactions on it, and
// the transaction keeps the connection so COPY can run on the same session.
type pinnedConn struct{ *sql.Conn }

// BeginTx begins a transaction on the pinned connection.
func (p pinnedConn) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	tx, err := p.Conn.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &pinnedTx{Tx: tx, conn: p.Conn}, nil
}

// pinnedTx is a transaction that knows its connection, for pgx's CopyFrom.
type pinnedTx struct {
	*sql.Tx
	conn *sql.Conn
}

// WithImportTx runs fn in one transaction for a bulk import. On Postgres the transaction runs
// on one pinned connection (so CopyFrom joins it) and first takes a transaction-scoped
// advisory lock per name in locks, so two imports of the same kinds run one after the other
// and cannot both insert the same natural key. SQLite has a single writer already.
func (s *Store) WithImportTx(ctx context.Context, locks []string, fn func(tx *Store) error) error {
	if s.dialect != Postgres {
		return s.WithTx(ctx, fn)
	}
	if _, ok := s.db.Statement.ConnPool.(*pinnedTx); ok {
		return fn(s) // already inside an import transaction
	}
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("import: database connection: %w", err)
	}
	defer conn.Close()
	gdb := s.db.WithContext(ctx)
	gdb.Statement.ConnPool = pinnedConn{conn}
	return gdb.Transaction(func(gtx *gorm.DB) error {
		inner := *s
		inner.db = gtx
		locks = slices.Clone(locks)
		slices.Sort(locks)
		for _, name := range slices.Compact(locks) {
			// The key names the schema too: advisory locks are per database, and registers
			// in other schemas (tests run in parallel, one schema each) need not wait.
			err := gtx.Exec("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ?, 0))", ".itreg.import."+name).Error
			if err != nil {
				return fmt.Errorf("import: lock %s: %w", name, err)
			}
		}
		return fn(&inner)
	})
}

// findIn loads the records of T whose column col is one of vals, a chunk at a time.
// col may be an expression such as LOWER(name).
func findIn[T any](ctx context.Context, s *Store, col string, vals []string) ([]T, error) {
	var out []T
	vals = slices.Compact(slices.Sorted(slices.Values(vals)))
	for start := 0; start < len(vals); start += lookupChunk {
		chunk := vals[start:min(start+lookupChunk, len(vals))]
		var part []T
		if err := s.db.WithContext(ctx).Where(col+" IN ?", chunk).Find(&part).Error; err != nil {
			return nil, s.translate("look up "+col, err)
		}
		out = append(out, part...)
	}
	return out, nil
}

// FindVendorsByNames returns the vendors whose names match, case-insensitively (names are
// compared in lower case; pass them lowered).
func (s *Store) FindVendorsByNames(ctx context.Context, lowerNames []string) ([]Vendor, error) {
	return findIn[Vendor](ctx, s, "LOWER(name)", lowerNames)
}

// FindDevicesByAssetTags returns the devices with one of the asset tags (associations not
// loaded; created_at not read).
func (s *Store) FindDevicesByAssetTags(ctx context.Context, tags []string) ([]Device, error) {
	return s.findDevices(ctx, "asset_tag", tags)
}

// FindDevicesBySerials returns the devices with one of the serial numbers, whatever their
// manufacturer (associations not loaded; created_at not read).
func (s *Store) FindDevicesBySerials(ctx context.Context, serials []string) ([]Device, error) {
	return s.findDevices(ctx, "serial_number", serials)
}

// findDevices is findIn for devices with a hand-written scan: the import's hot path, where
// GORM's reflective scan cost more than the query.
func (s *Store) findDevices(ctx context.Context, col string, vals []string) ([]Device, error) {
	var out []Device
	vals = slices.Compact(slices.Sorted(slices.Values(vals)))
	cols := "id, " + strings.Join(bulkColumns["devices"], ", ")
	pool := s.db.Statement.ConnPool
	for start := 0; start < len(vals); start += lookupChunk {
		chunk := vals[start:min(start+lookupChunk, len(vals))]
		var query string
		var args []any
		if s.dialect == Postgres {
			// One array parameter, joined rather than compared with = ANY: binding thousands of
			// placeholders costs more than the query, and a generic plan's = ANY($1) scans the
			// array for every row (serial_number has no index of its own).
			query, args = "SELECT "+cols+" FROM devices JOIN unnest($1::text[]) AS k(v) ON devices."+col+" = k.v", []any{chunk}
		} else {
			marks := make([]string, len(chunk))
			args = make([]any, len(chunk))
			for i, v := range chunk {
				marks[i], args[i] = "?", v
			}
			query = "SELECT " + cols + " FROM devices WHERE " + col + " IN (" + strings.Join(marks, ", ") + ")"
		}
		rows, err := pool.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, s.translate("look up devices by "+col, err)
		}
		for rows.Next() {
			var d Device
			var created, updated any
			err := rows.Scan(&d.ID, &created, &updated, &d.Version, &d.Notes, &d.AssetTag, &d.SerialNumber,
				&d.Hostname, &d.Category, &d.ManufacturerID, &d.Model, &d.Status, &d.AssignedTo, &d.Department,
				&d.CostCentre, &d.Location, &d.PurchaseDate, &d.PurchaseCost.Amount, &d.PurchaseCost.Currency,
				&d.SupplierID, &d.OrderNumber, &d.InvoiceNumber, &d.BudgetLineID, &d.LifetimeMonths, &d.EOLDate,
				&d.CustomFields)
			if err != nil {
				rows.Close()
				return nil, s.translate("look up devices by "+col, err)
			}
			out = append(out, d)
		}
		if err := rows.Close(); err != nil {
			return nil, s.translate("look up devices by "+col, err)
		}
		if err := rows.Err(); err != nil {
			return nil, s.translate("look up devices by "+col, err)
		}
	}
	return out, nil
}

// SameValues reports whether two records of one table hold the same values in every column
// BulkRow writes, timestamps and version aside: an import row that changes nothing.
func SameValues(a, b any) bool {
	_, av := BulkRow(a)
	_, bv := BulkRow(b)
	for i := len(recordColumns) - 1; i < len(av); i++ {
		if !sameValue(av[i], bv[i]) {
			return false
		}
	}
	return true
}

func sameValue(x, y any) bool {
	switch a := x.(type) {
	case *string:
		b := y.(*string)
		return a == b || a != nil && b != nil && *a == *b
	case *int64:
		b := y.(*int64)
		return a == b || a != nil && b != nil && *a == *b
	case *int:
		b := y.(*int)
		return a == b || a != nil && b != nil && *a == *b
	case JSONMap:
		b := y.(JSONMap)
		if len(a) != len(b) {
			return false
		}
		for k, v := range a {
			if w, ok := b[k]; !ok || w != v {
				return false
			}
		}
		return true
	case StringList:
		return slices.Equal(a, y.(StringList))
	}
	return x == y
}

// FindBudgetLinesByCodes returns the budget lines with one of the codes, in every fiscal year.
func (s *Store) FindBudgetLinesByCodes(ctx context.Context, codes []string) ([]BudgetLine, error) {
	return findIn[BudgetLine](ctx, s, "code", codes)
}

// FindLicencesByReferences returns the licences with one of the references.
func (s *Store) FindLicencesByReferences(ctx context.Context, refs []string) ([]Licence, error) {
	return findIn[Licence](ctx, s, "reference", refs)
}

// FindLicencesByProducts returns the licences for one of the products.
func (s *Store) FindLicencesByProducts(ctx context.Context, products []string) ([]Licence, error) {
	return findIn[Licence](ctx, s, "product", products)
}

// FindWarrantiesByReferences returns the warranties with one of the references, with the
// ids of the devices each covers.
func (s *Store) FindWarrantiesByReferences(ctx context.Context, refs []string) ([]Warranty, error) {
	ws, err := findIn[Warranty](ctx, s, "reference", refs)
	if err != nil || len(ws) == 0 {
		return ws, err
	}
	ids := make([]int64, len(ws))
	for i, w := range ws {
		ids[i] = w.ID
	}
	links, err := s.warrantyLinks(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range ws {
		ws[i].DeviceIDs = links[ws[i].ID]
	}
	return ws, nil
}

// warrantyLinks loads the device ids of each warranty, sorted.
func (s *Store) warrantyLinks(ctx context.Context, ids []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	for start := 0; start < len(ids); start += lookupChunk {
		var rows []WarrantyDevice
		chunk := ids[start:min(start+lookupChunk, len(ids))]
		if err := s.db.WithContext(ctx).Where("warranty_id IN ?", chunk).Order("warranty_id, device_id").Find(&rows).Error; err != nil {
			return nil, s.translate("look up warranty devices", err)
		}
		for _, r := range rows {
			out[r.WarrantyID] = append(out[r.WarrantyID], r.DeviceID)
		}
	}
	return out, nil
}

// BulkInsert inserts rows (values in the order of cols, without the id) into table and
// returns the new ids in row order. Postgres: ids are taken from the table's sequence and the
// rows are copied in with COPY; SQLite: ids are allocated past the largest ever used and the
// rows inserted with multi-row INSERTs. It must run inside WithImportTx.
func (s *Store) BulkInsert(ctx context.Context, table string, cols []string, rows [][]any) ([]int64, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	ids, err := s.allocateIDs(ctx, table, len(rows))
	if err != nil {
		return nil, err
	}
	full := make([][]any, len(rows))
	for i, r := range rows {
		full[i] = append([]any{ids[i]}, r...)
	}
	if err := s.bulkWrite(ctx, table, append([]string{"id"}, cols...), full); err != nil {
		return nil, err
	}
	return ids, nil
}

// BulkInsertRows inserts rows into a table whose rows have no generated id (join tables).
func (s *Store) BulkInsertRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	return s.bulkWrite(ctx, table, cols, rows)
}

func (s *Store) allocateIDs(ctx context.Context, table string, n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	if s.dialect == Postgres {
		// The sequence is named once and written into the query as a constant: called per
		// row, pg_get_serial_sequence made taking an id ten times dearer (11 ms -> 1 ms for
		// 5,000 ids).
		var seq string
		err := s.db.WithContext(ctx).Raw("SELECT pg_get_serial_sequence(?, 'id')", table).Scan(&seq).Error
		if err == nil && seq == "" {
			err = fmt.Errorf("the table has no id sequence")
		}
		if err != nil {
			return nil, fmt.Errorf("allocate %s ids: %w", table, err)
		}
		err = s.db.WithContext(ctx).Raw("SELECT nextval('"+strings.ReplaceAll(seq, "'", "''")+"'::regclass) FROM generate_series(1, ?)", n).
			Scan(&ids).Error
		if err != nil {
			return nil, fmt.Errorf("allocate %s ids: %w", table, err)
		}
		slices.Sort(ids)
		return ids, nil
	}
	var last int64
	err := s.db.WithContext(ctx).Raw(`SELECT MAX(m) FROM (SELECT COALESCE(MAX(id), 0) AS m FROM `+table+
		` UNION ALL SELECT seq AS m FROM sqlite_sequence WHERE name = ?)`, table).Scan(&last).Error
	if err != nil {
		return nil, fmt.Errorf("allocate %s ids: %w", table, err)
	}
	for i := range n {
		ids = append(ids, last+1+int64(i))
	}
	return ids, nil
}

func (s *Store) bulkWrite(ctx context.Context, table string, cols []string, rows [][]any) error {
	if s.dialect == Postgres {
		return s.copyRows(ctx, table, cols, len(rows), func(i int) ([]any, error) { return rows[i], nil })
	}
	return s.insertRows(ctx, table, cols, rows)
}

// copyRows copies n rows into table with COPY, taking row i from row(i) as pgx asks for it:
// pgx encodes rows in a goroutine of its own while Postgres stores the ones before, so
// the work of making a row (converting values, encoding an audit event) overlaps the
// database's. It must run inside WithImportTx.
func (s *Store) copyRows(ctx context.Context, table string, cols []string, n int, row func(i int) ([]any, error)) error {
	op := "insert " + entityNameOf(table) + " rows"
	ptx, ok := s.db.Statement.ConnPool.(*pinnedTx)
	if !ok {
		return fmt.Errorf("%s: COPY needs the import transaction (WithImportTx)", op)
	}
	src := pgx.CopyFromSlice(n, func(i int) ([]any, error) {
		r, err := row(i)
		if err != nil {
			return nil, err
		}
		for j, v := range r {
			r[j] = pgValue(v)
		}
		return r, nil
	})
	err := ptx.conn.Raw(func(dc any) error {
		c := dc.(*stdlib.Conn).Conn()
		_, err := c.CopyFrom(ctx, pgx.Identifier{table}, cols, src)
		return err
	})
	return s.translate(op, err)
}

// insertRows inserts rows with multi-row INSERTs (SQLite).
func (s *Store) insertRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	op := "insert " + entityNameOf(table) + " rows"
	pool := s.db.Statement.ConnPool
	per := max(1, maxSQLiteParams/len(cols))
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var full string
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		query := full
		if len(chunk) != per || full == "" {
			query = head + strings.TrimSuffix(strings.Repeat(one+", ", len(chunk)), ", ")
			if len(chunk) == per {
				full = query
			}
		}
		args := make([]any, 0, len(chunk)*len(cols))
		for _, r := range chunk {
			args = append(args, r...)
		}
		if _, err := pool.ExecContext(ctx, query, args...); err != nil {
			return s.translate(op, err)
		}
	}
	return nil
}

// pgValue turns a value into one pgx's COPY encodes: dates become time.Time (or NULL),
// other driver.Valuers their driver value.
func pgValue(v any) any {
	switch x := v.(type) {
	case *string:
		if x == nil {
			return nil
		}
		return *x
	case *int64:
		if x == nil {
			return nil
		}
		return *x
	case *int:
		if x == nil {
			return nil
		}
		return int64(*x)
	case int:
		return int64(x)
	case Date:
		if x.IsZero() {
			return nil
		}
		return x.Time()
	case JSONMap:
		if len(x) == 0 {
			return nil
		}
		s, _ := x.Value()
		return s
	case driver.Valuer:
		dv, err := x.Value()
		if err != nil {
			return v
		}
		return dv
	}
	return v
}

// BulkUpdate sets cols of the rows with the given ids: vals[i] holds the values of cols for
// ids[i]. On Postgres many rows are copied into a temporary table and updated with one
// UPDATE ... FROM; otherwise each row runs one prepared UPDATE. It must run inside
// WithImportTx.
func (s *Store) BulkUpdate(ctx context.Context, table string, cols []string, ids []int64, vals [][]any) error {
	if len(ids) == 0 {
		return nil
	}
	op := "update " + entityNameOf(table) + " rows"
	if ptx, ok := s.db.Statement.ConnPool.(*pinnedTx); ok && len(ids) >= bulkUpdateMin {
		return s.translate(op, s.copyUpdate(ctx, ptx, table, cols, ids, vals))
	}
	sets := make([]string, len(cols))
	for i, c := range cols {
		sets[i] = c + " = " + s.placeholder(i+1)
	}
	query := "UPDATE " + table + " SET " + strings.Join(sets, ", ") + " WHERE id = " + s.placeholder(len(cols)+1)
	pool := s.db.Statement.ConnPool
	stmt, err := pool.PrepareContext(ctx, query)
	if err != nil {
		return s.translate(op, err)
	}
	defer stmt.Close()
	for i, id := range ids {
		args := append(slices.Clone(vals[i]), id)
		if s.dialect == Postgres {
			for j, v := range args {
				args[j] = pgValue(v)
			}
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return s.translate(op, err)
		}
	}
	return nil
}

// bulkUpdateMin is the number of rows from which Postgres updates go through COPY.
const bulkUpdateMin = 100

// copyUpdate copies the new values into a temporary table shaped like the columns (no
// constraints) and updates the table from it in one statement.
func (s *Store) copyUpdate(ctx context.Context, ptx *pinnedTx, table string, cols []string, ids []int64, vals [][]any) error {
	tmp := "itreg_update_" + table
	all := append([]string{"id"}, cols...)
	rows := make([][]any, len(ids))
	for i, id := range ids {
		r := make([]any, 0, len(all))
		r = append(r, id)
		for _, v := range vals[i] {
			r = append(r, pgValue(v))
		}
		rows[i] = r
	}
	sets := make([]string, len(cols))
	for i, c := range cols {
		sets[i] = c + " = t." + c
	}
	return ptx.conn.Raw(func(dc any) error {
		c := dc.(*stdlib.Conn).Conn()
		if _, err := c.Exec(ctx, "CREATE TEMP TABLE IF NOT EXISTS "+tmp+" ON COMMIT DROP AS SELECT "+strings.Join(all, ", ")+
			" FROM "+table+" WITH NO DATA"); err != nil {
			return err
		}
		if _, err := c.Exec(ctx, "TRUNCATE "+tmp); err != nil {
			return err
		}
		if _, err := c.CopyFrom(ctx, pgx.Identifier{tmp}, all, pgx.CopyFromRows(rows)); err != nil {
			return err
		}
		_, err := c.Exec(ctx, "UPDATE "+table+" SET "+strings.Join(sets, ", ")+" FROM "+tmp+" t WHERE "+table+".id = t.id")
		return err
	})
}

// DeleteWarrantyLinks removes every device link of the warranties.
func (s *Store) DeleteWarrantyLinks(ctx context.Context, warrantyIDs []int64) error {
	for start := 0; start < len(warrantyIDs); start += lookupChunk {
		chunk := warrantyIDs[start:min(start+lookupChunk, len(warrantyIDs))]
		if err := s.db.WithContext(ctx).Where("warranty_id IN ?", chunk).Delete(&WarrantyDevice{}).Error; err != nil {
			return s.translate("unlink warranty devices", err)
		}
	}
	return nil
}

func (s *Store) placeholder(n int) string {
	if s.dialect == Postgres {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}

// AuditRow is one audit event for BulkAudit: Changes, or for a created record Created, its
// AuditFields, which BulkAudit encodes as Diff(nil, Created) would be, without the reflection.
// A created device may be given as Device instead: BulkAudit writes the same changes from its
// fields directly, without building the map (the import creates devices by the 100,000).
type AuditRow struct {
	Action   string
	Table    string
	EntityID int64
	Changes  Changes
	Created  map[string]any
	Device   *Device
}

// BulkAudit writes audit events by the context's actor, all at the store clock's time.
func (s *Store) BulkAudit(ctx context.Context, events []AuditRow) error {
	if len(events) == 0 {
		return nil
	}
	at, actor := s.now(), ActorFrom(ctx)
	var buf []byte
	row := func(e AuditRow) ([]any, error) {
		var ch any
		if e.Device != nil {
			buf = appendDeviceCreated(buf[:0], e.Device)
			ch = string(buf)
		} else if e.Created != nil {
			var ok bool
			if buf, ok = appendCreated(buf[:0], e.Created); ok {
				ch = string(buf)
			} else {
				e.Changes = Diff(nil, e.Created)
			}
		}
		if ch == nil {
			v, err := e.Changes.Value()
			if err != nil {
				return nil, fmt.Errorf("write audit events: %w", err)
			}
			ch = v
		}
		return []any{at, actor, e.Action, entityNameOf(e.Table), e.EntityID, ch}, nil
	}
	// The events' ids are left to the table's default: nothing refers to them, and taking
	// them first would cost a round trip per batch.
	cols := []string{"at", "actor", "action", "entity", "entity_id", "changes"}
	if s.dialect == Postgres {
		// Encoded as COPY asks for them, while Postgres stores the ones before.
		return s.copyRows(ctx, "audit_events", cols, len(events), func(i int) ([]any, error) { return row(events[i]) })
	}
	rows := make([][]any, len(events))
	for i, e := range events {
		r, err := row(e)
		if err != nil {
			return err
		}
		rows[i] = r
	}
	return s.BulkInsertRows(ctx, "audit_events", cols, rows)
}

// The columns BulkRow writes, after id, per table.
var (
	recordColumns = []string{"created_at", "updated_at", "version", "notes"}
	bulkColumns   = map[string][]string{
		"vendors": append(slices.Clone(recordColumns), "name", "roles", "website", "support_email",
			"support_phone", "account_number"),
		"budget_lines": append(slices.Clone(recordColumns), "code", "name", "fiscal_year", "category",
			"cost_centre", "owner", "allocated_amount", "allocated_currency"),
		"devices": append(slices.Clone(recordColumns), "asset_tag", "serial_number", "hostname", "category",
			"manufacturer_id", "model", "status", "assigned_to", "department", "cost_centre", "location",
			"purchase_date", "purchase_cost_amount", "purchase_cost_currency", "supplier_id", "order_number",
			"invoice_number", "budget_line_id", "lifetime_months", "eol_date", "custom_fields"),
		"licences": append(slices.Clone(recordColumns), "product", "publisher_id", "supplier_id", "reference",
			"type", "metric", "seats", "licence_key", "start_date", "end_date", "auto_renew", "notice_days",
			"cost_amount", "cost_currency", "billing_period", "budget_line_id", "order_number"),
		"warranties": append(slices.Clone(recordColumns), "provider_id", "kind", "reference", "service_level",
			"start_date", "end_date", "cost_amount", "cost_currency", "budget_line_id", "auto_renew", "notice_days"),
	}
)

// BulkColumns returns the columns BulkRow's values fill for a table (id excluded).
func BulkColumns(table string) []string { return bulkColumns[table] }

// BulkRow returns the table of a vendor, budget line, device, licence or warranty and its
// column values in the order of BulkColumns, for BulkInsert and BulkUpdate.
func BulkRow(v any) (table string, vals []any) {
	rec := func(r *Record) []any { return []any{r.CreatedAt, r.UpdatedAt, r.Version, r.Notes} }
	switch x := v.(type) {
	case *Vendor:
		return "vendors", append(rec(&x.Record), x.Name, x.Roles, x.Website, x.SupportEmail, x.SupportPhone,
			x.AccountNumber)
	case *BudgetLine:
		return "budget_lines", append(rec(&x.Record), x.Code, x.Name, x.FiscalYear, x.Category, x.CostCentre,
			x.Owner, x.Allocated.Amount, x.Allocated.Currency)
	case *Device:
		return "devices", append(rec(&x.Record), x.AssetTag, x.SerialNumber, x.Hostname, x.Category,
			x.ManufacturerID, x.Model, x.Status, x.AssignedTo, x.Department, x.CostCentre, x.Location,
			x.PurchaseDate, x.PurchaseCost.Amount, x.PurchaseCost.Currency, x.SupplierID, x.OrderNumber,
			x.InvoiceNumber, x.BudgetLineID, x.LifetimeMonths, x.EOLDate, x.CustomFields)
	case *Licence:
		return "licences", append(rec(&x.Record), x.Product, x.PublisherID, x.SupplierID, x.Reference, x.Type,
			x.Metric, x.Seats, x.Key, x.StartDate, x.EndDate, x.AutoRenew, x.NoticeDays, x.Cost.Amount,
			x.Cost.Currency, x.BillingPeriod, x.BudgetLineID, x.OrderNumber)
	case *Warranty:
		return "warranties", append(rec(&x.Record), x.ProviderID, x.Kind, x.Reference, x.ServiceLevel,
			x.StartDate, x.EndDate, x.Cost.Amount, x.Cost.Currency, x.BudgetLineID, x.AutoRenew, x.NoticeDays)
	}
	panic(fmt.Sprintf("models.BulkRow: %T is not a bulk-written record", v))
}

// appendCreated appends the JSON of Diff(nil, fields) (fields sorted, empty values left
// out, each {"old":null,"new":value}) for the value types AuditFields uses; it reports false
// for any other type, and the caller falls back to encoding/json.
func appendCreated(b []byte, fields map[string]any) ([]byte, bool) {
	keys := make([]string, 0, len(fields))
	for k, v := range fields {
		if !isEmpty(v) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, `:{"old":null,"new":`...)
		switch v := fields[k].(type) {
		case string:
			b = appendJSONString(b, v)
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		case int64:
			b = strconv.AppendInt(b, v, 10)
		case bool:
			b = strconv.AppendBool(b, v)
		default:
			return b, false
		}
		b = append(b, '}')
	}
	return append(b, '}'), true
}

// appendJSONString appends s as a JSON string, escaped as encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			j, _ := json.Marshal(s)
			return append(b, j...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// auditField is one entry of a record's AuditFields for appendFieldsCreated: add appends the
// field's JSON value, or reports false for an empty value (which Diff leaves out).
type auditField[T any] struct {
	key string
	add func(b []byte, v *T) ([]byte, bool)
}

func textAudit[T any](key string, f func(*T) string) auditField[T] {
	return auditField[T]{key, func(b []byte, v *T) ([]byte, bool) {
		s := f(v)
		if s == "" {
			return b, false
		}
		return appendJSONString(b, s), true
	}}
}

func numAudit[T any](key string, f func(*T) int64) auditField[T] {
	return auditField[T]{key, func(b []byte, v *T) ([]byte, bool) {
		n := f(v)
		if n == 0 {
			return b, false
		}
		return strconv.AppendInt(b, n, 10), true
	}}
}

func dateAudit[T any](key string, f func(*T) Date) auditField[T] {
	return auditField[T]{key, func(b []byte, v *T) ([]byte, bool) {
		d := f(v)
		if d.IsZero() {
			return b, false
		}
		if d.Year < 0 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 99 {
			return appendJSONString(b, d.String()), true
		}
		y, m, dd := d.Year, int(d.Month), d.Day
		return append(b, '"', byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
			byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10), '"'), true
	}}
}

func idOf(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// deviceAudit is Device.AuditFields in key order (TestDeviceAuditFields holds the two equal).
var deviceAudit = []auditField[Device]{
	textAudit("asset_tag", func(d *Device) string { return Str(d.AssetTag) }),
	textAudit("assigned_to", func(d *Device) string { return d.AssignedTo }),
	numAudit("budget_line_id", func(d *Device) int64 { return idOf(d.BudgetLineID) }),
	textAudit("category", func(d *Device) string { return d.Category }),
	textAudit("cost_centre", func(d *Device) string { return d.CostCentre }),
	textAudit("custom_fields", func(d *Device) string { return customText(d.CustomFields) }),
	textAudit("department", func(d *Device) string { return d.Department }),
	dateAudit("eol_date", func(d *Device) Date { return d.EOLDate }),
	textAudit("hostname", func(d *Device) string { return d.Hostname }),
	textAudit("invoice_number", func(d *Device) string { return d.InvoiceNumber }),
	numAudit("lifetime_months", func(d *Device) int64 {
		if d.LifetimeMonths == nil {
			return 0
		}
		return int64(*d.LifetimeMonths)
	}),
	textAudit("location", func(d *Device) string { return d.Location }),
	numAudit("manufacturer_id", func(d *Device) int64 { return idOf(d.ManufacturerID) }),
	textAudit("model", func(d *Device) string { return d.Model }),
	textAudit("notes", func(d *Device) string { return d.Notes }),
	textAudit("order_number", func(d *Device) string { return d.OrderNumber }),
	textAudit("purchase_cost", func(d *Device) string { return d.PurchaseCost.String() }),
	dateAudit("purchase_date", func(d *Device) Date { return d.PurchaseDate }),
	textAudit("serial_number", func(d *Device) string { return Str(d.SerialNumber) }),
	textAudit("status", func(d *Device) string { return d.Status }),
	numAudit("supplier_id", func(d *Device) int64 { return idOf(d.SupplierID) }),
}

func appendDeviceCreated(b []byte, d *Device) []byte {
	return appendFieldsCreated(b, deviceAudit, d)
}

// appendFieldsCreated is appendCreated for a record whose fields are listed in key order.
func appendFieldsCreated[T any](b []byte, fields []auditField[T], v *T) []byte {
	b = append(b, '{')
	first := true
	for _, f := range fields {
		mark := len(b)
		if !first {
			b = append(b, ',')
		}
		b = appendJSONString(b, f.key)
		b = append(b, `:{"old":null,"new":`...)
		var ok bool
		if b, ok = f.add(b, v); !ok {
			b = b[:mark]
			continue
		}
		b = append(b, '}')
		first = false
	}
	return append(b, '}')
}
