package models

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"gorm.io/gorm"
)

// GetCategory loads one category.
func (s *Store) GetCategory(ctx context.Context, id int64) (*Category, error) {
	return getEntity[Category](ctx, s, id)
}

// ListCategories lists every category in display order (the eleven built-in ones first, then
// the others as they were added), with how many devices each has.
func (s *Store) ListCategories(ctx context.Context) ([]CategoryUse, error) {
	set, err := s.Categories(ctx)
	if err != nil {
		return nil, err
	}
	var counts []struct {
		Category string
		N        int64
	}
	if err := s.db.WithContext(ctx).Model(&Device{}).Select("category, COUNT(*) AS n").Group("category").Scan(&counts).Error; err != nil {
		return nil, fmt.Errorf("count devices by category: %w", err)
	}
	byName := map[string]int64{}
	for _, c := range counts {
		byName[c.Category] = c.N
	}
	lifetimes := set.Lifetimes(s.Lifetimes)
	out := make([]CategoryUse, len(set.All()))
	for i, c := range set.All() {
		out[i] = CategoryUse{Category: c, Devices: byName[c.Name], Lifetime: lifetimes[c.Name]}
	}
	return out, nil
}

// CategoryUse is a category with the number of devices in it and the lifetime in force
// (its own, or the configured override).
type CategoryUse struct {
	Category
	Devices  int64
	Lifetime int
}

// CreateCategory stores a new category. A name already taken (compared case-insensitively)
// is a conflict.
func (s *Store) CreateCategory(ctx context.Context, c *Category) error {
	return createEntity(ctx, s, c, hooks[*Category]{})
}

// UpdateCategory applies change to the category at the version the client saw. A new name is
// carried to its devices (and reminder rules) in the same transaction, each device's change
// audited and its version moved on, so nothing is left under the old name.
func (s *Store) UpdateCategory(ctx context.Context, id, version int64, change func(*Category) error) (*Category, error) {
	var oldName string
	return updateEntity(ctx, s, id, version, change, hooks[*Category]{
		afterLoad: func(tx *Store, c *Category) error {
			oldName = c.Name
			if tx.dialect == Postgres {
				// Devices and their category change names in one transaction: the
				// reference is checked at commit.
				return tx.db.Exec("SET CONSTRAINTS devices_category_fkey DEFERRED").Error
			}
			return nil
		},
		afterSave: func(tx *Store, c *Category) error {
			if c.Name == oldName {
				return nil
			}
			return tx.renameDeviceCategory(ctx, oldName, c.Name)
		},
	})
}

// renameDeviceCategory moves devices, reminder rules, saved views and report schedules from one
// category name to another.
func (s *Store) renameDeviceCategory(ctx context.Context, from, to string) error {
	var ids []int64
	if err := s.db.WithContext(ctx).Model(&Device{}).Where("category = ?", from).Order("id").Pluck("id", &ids).Error; err != nil {
		return fmt.Errorf("rename category %s: %w", from, err)
	}
	err := s.db.WithContext(ctx).Exec("UPDATE devices SET category = ?, version = version + 1, updated_at = ? WHERE category = ?",
		to, s.now(), from).Error
	if err != nil {
		return s.translate("rename category "+from, err)
	}
	if err := s.db.WithContext(ctx).Exec("UPDATE reminder_rules SET category = ? WHERE category = ?", to, from).Error; err != nil {
		return s.translate("rename category "+from, err)
	}
	if err := s.renameCategoryInQueries(ctx, from, to); err != nil {
		return err
	}
	events := make([]AuditEvent, len(ids))
	for i, id := range ids {
		events[i] = AuditEvent{At: s.now(), Actor: ActorFrom(ctx), Action: ActionUpdate, Entity: "device", EntityID: id,
			Changes: Changes{"category": {Old: from, New: to}}}
	}
	if len(events) > 0 {
		if err := s.db.WithContext(ctx).CreateInBatches(events, 500).Error; err != nil {
			return fmt.Errorf("rename category %s: audit: %w", from, err)
		}
	}
	return nil
}

// DeleteCategory deletes a category no device uses; one in use is a conflict saying how many
// devices use it.
func (s *Store) DeleteCategory(ctx context.Context, id int64, version *int64) error {
	return deleteEntity(ctx, s, id, version, hooks[*Category]{
		inUse: func(tx *Store, id int64) error {
			var c Category
			if err := tx.db.Take(&c, id).Error; err != nil {
				return tx.translate(fmt.Sprintf("delete category %d", id), err)
			}
			var n int64
			if err := tx.db.Model(&Device{}).Where("category = ?", c.Name).Count(&n).Error; err != nil {
				return fmt.Errorf("delete category %d: %w", id, err)
			}
			if n > 0 {
				return &ConflictError{Message: fmt.Sprintf("category %q is used by %d devices; move them to another category first", c.Name, n)}
			}
			return nil
		},
	})
}

// ResolveCategory returns the stored name of the category name names (case-insensitively),
// or a field error listing the categories and how to add one.
func (s *Store) ResolveCategory(ctx context.Context, name string) (string, error) {
	set, err := s.Categories(ctx)
	if err != nil {
		return "", err
	}
	if c, ok := set.Find(name); ok {
		return c.Name, nil
	}
	return "", set.unknownCategory(name)
}

// checkDeviceCategory adds to err (the device's other field errors) the error of a category
// that names no category, and otherwise spells the device's category as the category does.
func (s *Store) checkDeviceCategory(d *Device, err error) error {
	fe := &FieldError{}
	if err != nil && !errors.As(err, &fe) {
		return err
	}
	if _, bad := fe.Fields["category"]; !bad && d.Category != "" {
		name, rerr := s.ResolveCategory(context.Background(), d.Category)
		var cfe *FieldError
		switch {
		case errors.As(rerr, &cfe):
			fe.Add("category", cfe.Fields["category"])
		case rerr != nil:
			return rerr
		default:
			d.Category = name
		}
	}
	return fe.OrNil()
}

// categoryKeptByUndo reports whether the undo of an import keeps a category the import
// created: devices the import did not create use it (theirs are deleted by then).
func (s *Store) categoryKeptByUndo(entity string, id int64) (bool, error) {
	if entity != "category" {
		return false, nil
	}
	var n int64
	err := s.db.Model(&Device{}).Where("category = (SELECT name FROM categories WHERE id = ?)", id).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("undo import: category %d: %w", id, err)
	}
	return n > 0, nil
}

// renameCategoryInQueries rewrites category=from to category=to in the stored query strings that
// filter by it (saved views, report schedules' parameters), so a view or a schedule of the
// renamed category goes on showing it instead of an empty list.
func (s *Store) renameCategoryInQueries(ctx context.Context, from, to string) error {
	for _, t := range []struct {
		table, column string
		versioned     bool // a schedule's edit form carries its version: a rewrite moves it on
	}{{"saved_views", "query", false}, {"report_schedules", "params", true}} {
		var rows []struct {
			ID    int64
			Query string
		}
		err := s.db.WithContext(ctx).Table(t.table).Select("id, "+t.column+" AS query").
			Where(t.column+" LIKE ?", "%category=%").Scan(&rows).Error
		if err != nil {
			return fmt.Errorf("rename category %s in %s: %w", from, t.table, err)
		}
		for _, r := range rows {
			q, err := url.ParseQuery(r.Query)
			if err != nil || q.Get("category") != from {
				continue
			}
			q.Set("category", to)
			set := map[string]any{t.column: q.Encode(), "updated_at": s.now()}
			if t.versioned {
				set["version"] = gorm.Expr("version + 1")
			}
			err = s.db.WithContext(ctx).Table(t.table).Where("id = ?", r.ID).Updates(set).Error
			if err != nil {
				return s.translate("rename category "+from+" in "+t.table, err)
			}
		}
	}
	return nil
}
