package models

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// entity is a stored record that the shared create, update and delete paths handle.
type entity interface {
	Audited
	TableName() string
	Validate() error
	record() *Record
}

// entityNames names each table's records in the audit trail and in messages.
var entityNames = map[string]string{
	"vendors": "vendor", "budget_lines": "budget_line", "devices": "device", "licences": "licence",
	"licence_seats": "licence_seat", "warranties": "warranty", "api_tokens": "api_token",
	"renewal_decisions": "renewal_decision", "categories": "category",
	"reminder_rules": "reminder_rule", "reminder_endpoints": "webhook_endpoint", "report_schedules": "report_schedule",
}

// Hooks let one entity add steps to the shared write paths, inside the same transaction.
type hooks[PT entity] struct {
	// validate replaces v.Validate() with checks that need the database (that the records v
	// refers to exist); it runs in the transaction, before the row is written.
	validate func(tx *Store, v PT) error
	// afterLoad runs after update and delete load the record and before they take its audit
	// snapshot (e.g. to load join rows that the audit trail shows as a field).
	afterLoad func(tx *Store, v PT) error
	// afterSave runs after the row is inserted or updated (e.g. to write join rows).
	afterSave func(tx *Store, v PT) error
	// inUse explains why a record may not be deleted, or returns nil.
	inUse func(tx *Store, id int64) error
}

// runValidate runs the validate hook, or v's own checks when the entity has none.
func (h hooks[PT]) runValidate(tx *Store, v PT) error {
	if h.validate == nil {
		return v.Validate()
	}
	return h.validate(tx, v)
}

// runAfterLoad runs the afterLoad hook when the entity has one.
func (h hooks[PT]) runAfterLoad(tx *Store, v PT) error {
	if h.afterLoad == nil {
		return nil
	}
	return h.afterLoad(tx, v)
}

// createEntity validates and inserts v and writes its audit event, in one transaction.
func createEntity[T any, PT interface {
	*T
	entity
}](ctx context.Context, s *Store, v PT, h hooks[PT]) error {
	op := "create " + entityNames[v.TableName()]
	return s.WithTx(ctx, func(tx *Store) error {
		if err := h.runValidate(tx, v); err != nil {
			return err
		}
		r := v.record()
		r.ID, r.Version = 0, 1
		if err := tx.db.Omit(clause.Associations).Create(v).Error; err != nil {
			return tx.translate(op, err)
		}
		if h.afterSave != nil {
			if err := h.afterSave(tx, v); err != nil {
				return err
			}
		}
		return tx.writeAudit(ctx, ActionCreate, v.TableName(), r.ID, Diff(nil, v.AuditFields()))
	})
}

// getEntity loads one record by id, with the named associations preloaded.
func getEntity[T any](ctx context.Context, s *Store, id int64, preload ...string) (*T, error) {
	var v T
	q := s.db.WithContext(ctx)
	for _, p := range preload {
		q = q.Preload(p)
	}
	if err := q.Take(&v, id).Error; err != nil {
		return nil, s.translate(fmt.Sprintf("get %T %d", v, id), err)
	}
	return &v, nil
}

// updateEntity loads the record, checks the version the client saw, applies the change,
// validates it and, when anything changed, saves it with the next version and one audit event.
// Nothing is written when nothing changed.
func updateEntity[T any, PT interface {
	*T
	entity
}](ctx context.Context, s *Store, id, version int64, apply func(PT) error, h hooks[PT]) (PT, error) {
	var out PT
	err := s.WithTx(ctx, func(tx *Store) error {
		var cur T
		v := PT(&cur)
		op := fmt.Sprintf("update %s %d", entityNames[v.TableName()], id)
		if err := tx.forUpdate().Take(v, id).Error; err != nil {
			return tx.translate(op, err)
		}
		if version != v.record().Version {
			return fmt.Errorf("%s: you sent version %d, the record is at version %d: %w", op, version, v.record().Version, ErrStale)
		}
		if err := h.runAfterLoad(tx, v); err != nil {
			return err
		}
		before := v.AuditFields()
		if err := apply(v); err != nil {
			return err
		}
		if err := h.runValidate(tx, v); err != nil {
			return err
		}
		changes := Diff(before, v.AuditFields())
		out = v
		if len(changes) == 0 {
			return nil
		}
		r := v.record()
		r.ID = id
		r.Version = version + 1
		r.UpdatedAt = tx.now()
		res := tx.db.Model(v).Omit(clause.Associations, "created_at").Where("version = ?", version).Select("*").Updates(v)
		if res.Error != nil {
			return tx.translate(op, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("%s: %w", op, ErrStale)
		}
		if h.afterSave != nil {
			if err := h.afterSave(tx, v); err != nil {
				return err
			}
		}
		return tx.writeAudit(ctx, ActionUpdate, v.TableName(), id, changes)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// deleteEntity deletes a record after checking the version (when given) and that nothing uses it.
func deleteEntity[T any, PT interface {
	*T
	entity
}](ctx context.Context, s *Store, id int64, version *int64, h hooks[PT]) error {
	return s.WithTx(ctx, func(tx *Store) error {
		var cur T
		v := PT(&cur)
		op := fmt.Sprintf("delete %s %d", entityNames[v.TableName()], id)
		if err := tx.forUpdate().Take(v, id).Error; err != nil {
			return tx.translate(op, err)
		}
		if version != nil && *version != v.record().Version {
			return fmt.Errorf("%s: you sent version %d, the record is at version %d: %w", op, *version, v.record().Version, ErrStale)
		}
		if h.inUse != nil {
			if err := h.inUse(tx, id); err != nil {
				return err
			}
		}
		if err := h.runAfterLoad(tx, v); err != nil {
			return err
		}
		// The version read above must still hold: an update between the read and the delete
		// (SQLite takes no row lock) makes the delete stale rather than lost.
		res := tx.db.Where("version = ?", v.record().Version).Delete(v, id)
		if res.Error != nil {
			return tx.translate(op, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("%s: %w", op, ErrStale)
		}
		return tx.writeAudit(ctx, ActionDelete, v.TableName(), id, Diff(v.AuditFields(), nil))
	})
}

// recordRef is a reference from one record to another, for the check that it exists.
type recordRef struct {
	field, table string
	id           *int64
}

// validateWithRefs runs v's own checks and adds a field error for each referenced record that
// does not exist, reporting every problem at once.
func (s *Store) validateWithRefs(v interface{ Validate() error }, refs ...recordRef) error {
	fe := &FieldError{}
	if err := v.Validate(); err != nil && !errors.As(err, &fe) {
		return err
	}
	for _, r := range refs {
		if r.id == nil {
			continue
		}
		n, err := s.usedBy(r.table, *r.id, "id")
		if err != nil {
			return fmt.Errorf("check %s: %w", r.field, err)
		}
		if n == 0 {
			fe.Add(r.field, fmt.Sprintf("no %s with id %d", entityNameOf(r.table), *r.id))
		}
	}
	return fe.OrNil()
}

// forUpdate locks the rows a query reads until the transaction ends, on Postgres; SQLite has
// one writer, so its transaction already excludes other writers.
func (s *Store) forUpdate() *gorm.DB {
	if s.dialect == Postgres {
		return s.db.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return s.db
}

// writeAudit records one change by the context's actor.
func (s *Store) writeAudit(ctx context.Context, action, table string, id int64, changes Changes) error {
	ev := AuditEvent{At: s.now(), Actor: ActorFrom(ctx), Action: action, Entity: entityNameOf(table), EntityID: id, Changes: changes}
	if err := s.db.Create(&ev).Error; err != nil {
		return fmt.Errorf("write audit event: %w", err)
	}
	return nil
}

// WriteAudit records a change made outside the shared paths (bulk import), in s's transaction.
func (s *Store) WriteAudit(ctx context.Context, action, table string, id int64, changes Changes) error {
	return s.writeAudit(ctx, action, table, id, changes)
}

func entityNameOf(table string) string {
	if n, ok := entityNames[table]; ok {
		return n
	}
	return table
}

// usedBy counts rows of table where any of cols equals id; for "still in use" messages.
func (s *Store) usedBy(table string, id int64, cols ...string) (int64, error) {
	q := s.db.Table(table)
	for i, c := range cols {
		if i == 0 {
			q = q.Where(c+" = ?", id)
		} else {
			q = q.Or(c+" = ?", id)
		}
	}
	var n int64
	err := q.Count(&n).Error
	return n, err
}

// refusedWhileUsed is the inUse hook of a record that rows of other tables refer to through
// the given columns (table -> columns): a 409 saying how many of each still do.
func refusedWhileUsed(what string, refs map[string][]string) func(tx *Store, id int64) error {
	return func(tx *Store, id int64) error {
		uses := map[string]int64{}
		for table, cols := range refs {
			n, err := tx.usedBy(table, id, cols...)
			if err != nil {
				return fmt.Errorf("delete %s %d: %w", what, id, err)
			}
			uses[table] = n
		}
		return inUseError("this "+what, uses)
	}
}

// eq is one equality filter of a list: column = value, applied only when the value is set.
type eq struct {
	col string
	v   any
}

// whereSet adds "col = ?" for each filter whose value is not its type's zero value, in the
// order given, so the same filter always gives the same SQL.
func whereSet(q *gorm.DB, filters ...eq) *gorm.DB {
	for _, f := range filters {
		if !reflect.ValueOf(f.v).IsZero() {
			q = q.Where(f.col+" = ?", f.v)
		}
	}
	return q
}

// inUseError builds the 409 that says which records still use a vendor or budget line.
func inUseError(what string, uses map[string]int64) error {
	msg := ""
	for _, table := range []string{"devices", "licences", "warranties"} {
		if n := uses[table]; n > 0 {
			if msg != "" {
				msg += ", "
			}
			msg += fmt.Sprintf("%d %s", n, table)
		}
	}
	if msg == "" {
		return nil
	}
	return &ConflictError{Message: what + " is still used by " + msg + "; reassign or delete them first"}
}
