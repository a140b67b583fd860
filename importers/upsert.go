package importers

import (
	"fmt"
	"slices"

	"itreg/models"
)

// The shared half of writing a batch: upsertBatch walks the rows, decides which are new,
// changed or unchanged, and writes them in bulk; each kind's file supplies a kindBatch with
// what only that kind knows (its lookups, natural key, merge and follow-up writes).

// kindBatch is one kind's part of writing one batch of rows.
type kindBatch[T any] interface {
	// load looks up, in bulk, the stored records the batch's rows may match.
	load(rows []*parsed) error
	// match takes a row without errors: it checks the row's natural key (once per file),
	// resolves its references and returns the stored record the row updates (nil for a new
	// one) and the record to write: the stored one with the sheet's mapped fields applied, or
	// the row's own with a new record's defaults. A row it rejects gets errors instead.
	match(r *parsed, in *T) (stored, merged *T)
	// written runs once the batch's records are written (links, caches, follow-up records).
	written(w *written[T]) error
}

// written is what upsertBatch did with a batch's valid rows, row by row.
type written[T any] struct {
	news        []*T // new records, with their ids once inserted
	newRows     []*parsed
	changes     []change[T]
	changedRows []*parsed
	same        []*T // stored records the file leaves as they are
	sameRows    []*parsed
}

// upsertBatch resolves, compares and writes one batch of one kind's rows.
func upsertBatch[T any, PT interface {
	*T
	models.Audited
	Validate() error
}](s *session, p *plan, rows []*parsed, k kindBatch[T]) (outcome, error) {
	if err := k.load(rows); err != nil {
		return outcome{}, err
	}
	var w written[T]
	for _, r := range rows {
		if len(r.errs) > 0 {
			continue
		}
		stored, merged := k.match(r, r.rec.(*T))
		if len(r.errs) > 0 {
			continue
		}
		if err := PT(merged).Validate(); err != nil {
			validationErrors(p, r, err)
			continue
		}
		if stored == nil {
			w.news, w.newRows = append(w.news, merged), append(w.newRows, r)
			continue
		}
		var ch models.Changes
		if !models.SameValues(PT(stored), PT(merged)) || !sameLinks(stored, merged) {
			ch = models.Diff(PT(stored).AuditFields(), PT(merged).AuditFields())
		}
		if len(ch) == 0 {
			w.same, w.sameRows = append(w.same, stored), append(w.sameRows, r)
			continue
		}
		w.changes, w.changedRows = append(w.changes, change[T]{rec: merged, changes: ch}), append(w.changedRows, r)
	}
	out := outcome{created: len(w.news), updated: len(w.changes), unchanged: len(w.same)}
	if _, err := insertAll(s, w.news); err != nil {
		return out, err
	}
	if err := updateAll(s, w.changes); err != nil {
		return out, err
	}
	return out, k.written(&w)
}

// outcome is what one batch did to a sheet's rows.
type outcome struct {
	created, updated, unchanged int
}

// recordOf returns the Record embedded in a register record.
func recordOf(v any) *models.Record {
	switch x := v.(type) {
	case *models.Device:
		return &x.Record
	case *models.Licence:
		return &x.Record
	case *models.Warranty:
		return &x.Record
	case *models.Vendor:
		return &x.Record
	case *models.BudgetLine:
		return &x.Record
	}
	return nil
}

// insertAll stamps new records of one kind, writes them in bulk and queues their audit events.
func insertAll[T any](s *session, recs []*T) ([]int64, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	now := s.tx.Now().UTC()
	var table string
	rows := make([][]any, len(recs))
	for i, v := range recs {
		r := recordOf(v)
		r.CreatedAt, r.UpdatedAt, r.Version = now, now, 1
		table, rows[i] = models.BulkRow(v)
	}
	ids, err := s.tx.BulkInsert(s.ctx, table, models.BulkColumns(table), rows)
	if err != nil {
		return nil, err
	}
	for i, v := range recs {
		recordOf(v).ID = ids[i]
		e := models.AuditRow{Action: "create", Table: table, EntityID: ids[i]}
		if d, ok := any(v).(*models.Device); ok {
			e.Device = d // encoded from its fields when the batch's events are written
		} else {
			e.Created = any(v).(models.Audited).AuditFields()
		}
		s.pending = append(s.pending, e)
	}
	return ids, nil
}

// change is a stored record with the file's values applied, and what changed.
type change[T any] struct {
	rec     *T
	changes models.Changes
}

// updateAll writes changed records in bulk with the next version and queues their audit events.
func updateAll[T any](s *session, chs []change[T]) error {
	if len(chs) == 0 {
		return nil
	}
	now := s.tx.Now().UTC()
	var table string
	ids := make([]int64, len(chs))
	vals := make([][]any, len(chs))
	for i, c := range chs {
		r := recordOf(c.rec)
		r.Version++
		r.UpdatedAt = now
		ids[i] = r.ID
		table, vals[i] = models.BulkRow(c.rec)
	}
	cols := models.BulkColumns(table)
	// created_at is never rewritten.
	for i := range vals {
		vals[i] = vals[i][1:]
	}
	if err := s.tx.BulkUpdate(s.ctx, table, cols[1:], ids, vals); err != nil {
		return err
	}
	for i, c := range chs {
		s.pending = append(s.pending, models.AuditRow{Action: "update", Table: table, EntityID: ids[i], Changes: c.changes})
	}
	return nil
}

func (s *session) insert(vs []*models.Vendor) ([]int64, error) { return insertAll(s, vs) }

// sameLinks compares what BulkRow does not hold: the devices a warranty covers.
func sameLinks(a, b any) bool {
	if wa, ok := a.(*models.Warranty); ok {
		return slices.Equal(wa.DeviceIDs, b.(*models.Warranty).DeviceIDs)
	}
	return true
}

// applyIf sets *dst to src when the sheet maps field.
func applyIf[V any](p *plan, field string, dst *V, src V) {
	if p.mapped(field) {
		*dst = src
	}
}

// applyEnum sets an enum that a record needs: a blank cell keeps the stored value.
func applyEnum(p *plan, field string, dst *string, src string) {
	if p.mapped(field) && src != "" {
		*dst = src
	}
}

// applyIdent sets an identifier; a blank cell keeps the stored value (it may be the key
// the row was matched by the other way).
func applyIdent(p *plan, field string, dst **string, src *string) {
	if p.mapped(field) && src != nil {
		*dst = src
	}
}

// vendorKey is a stored record's key part for a vendor reference: the vendor's id, 0 for none.
// With an identifier it keys records unique per vendor (serials per manufacturer, references
// per provider); a nil identifier has no key.
func vendorKey(vendor *int64, ident *string) string {
	if ident == nil {
		return ""
	}
	return fmt.Sprintf("%d\x00%s", ptrID(vendor), *ident)
}

// ptrID is an optional id, 0 for none.
func ptrID(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
