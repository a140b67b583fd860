package models

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

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
		inner := s.inTx(gtx)
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
		return fn(inner)
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
