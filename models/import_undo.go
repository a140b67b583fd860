package models

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// UndoResult says what undoing an import did.
type UndoResult struct {
	ImportID int64 `json:"import_id"`
	Removed  int   `json:"removed"`  // records the import created, deleted again
	Restored int   `json:"restored"` // records the import updated, given their old values back
}

// undoOrder deletes what an import created so references go first: warranties (and their
// device links) and licences, then devices, the categories its value mapping created, budget
// lines and vendors.
var undoOrder = []string{"warranty", "licence", "device", "category", "budget_line", "vendor"}

// undoTables maps an audit entity to its table.
var undoTables = map[string]string{"warranty": "warranties", "licence": "licences", "device": "devices",
	"budget_line": "budget_lines", "vendor": "vendors", "category": "categories"}

// moneyKeys are the audit keys that hold an amount ("1234.50 GBP") in two columns.
var moneyKeys = map[string]bool{"purchase_cost": true, "cost": true, "allocated": true}

// nullableKeys are text audit keys whose column is NULL rather than "" when empty.
var nullableKeys = map[string]bool{"asset_tag": true, "serial_number": true, "reference": true}

// UndoImport undoes a committed import from its audit trail, in one transaction: the records
// it created are deleted, the records it updated get their old values back, and every change
// is audited by the context's actor ("<actor>: undo of import #id"). When any of its records
// changed since (an audit event by anyone else after the import's), nothing is changed and the
// *ConflictError names them. A dry run, an import that wrote nothing, or one undone already is
// refused too.
func (s *Store) UndoImport(ctx context.Context, id int64) (*UndoResult, error) {
	run, err := s.GetImportRun(ctx, id)
	if err != nil {
		return nil, err
	}
	if run.DryRun || run.Created+run.Updated == 0 {
		return nil, &FieldError{Fields: map[string]string{"id": fmt.Sprintf("import #%d wrote nothing, so there is nothing to undo", id)}}
	}
	importActor := fmt.Sprintf("import #%d", id)
	undoActor := fmt.Sprintf("%s: undo of import #%d", ActorFrom(ctx), id)
	res := &UndoResult{ImportID: id}
	// The import's locks: no import of these kinds runs while the undo checks and writes.
	err = s.WithImportTx(ctx, undoOrder, func(tx *Store) error {
		var undone int64
		if err := tx.db.Model(&AuditEvent{}).Where("actor LIKE ?", "%: undo of import #"+strconv.FormatInt(id, 10)).Count(&undone).Error; err != nil {
			return tx.translate("undo import", err)
		}
		if undone > 0 {
			return &ConflictError{Message: fmt.Sprintf("import #%d was undone already", id)}
		}
		var events []AuditEvent
		if err := tx.db.Where("actor = ?", importActor).Order("id").Find(&events).Error; err != nil {
			return tx.translate("undo import", err)
		}
		if len(events) == 0 {
			return &FieldError{Fields: map[string]string{"id": fmt.Sprintf("import #%d left no audit trail to undo", id)}}
		}
		if err := tx.changedSince(events, importActor); err != nil {
			return err
		}
		var audit []AuditRow
		for _, e := range slices.Backward(events) {
			if e.Action != ActionUpdate {
				continue
			}
			back, err := tx.restore(ctx, e)
			if err != nil {
				return err
			}
			audit = append(audit, AuditRow{Action: ActionUpdate, Table: undoTables[e.Entity], EntityID: e.EntityID, Changes: back})
			res.Restored++
		}
		for _, entity := range undoOrder {
			for _, e := range events {
				if e.Action != ActionCreate || e.Entity != entity {
					continue
				}
				if keep, err := tx.categoryKeptByUndo(entity, e.EntityID); err != nil || keep {
					if err != nil {
						return err
					}
					continue
				}
				if err := tx.db.Exec("DELETE FROM "+undoTables[entity]+" WHERE id = ?", e.EntityID).Error; err != nil {
					return fmt.Errorf("%s %d is used by records the import did not create: %w", entity, e.EntityID,
						tx.translate("undo import", err))
				}
				gone := Changes{}
				for k, c := range e.Changes {
					gone[k] = Change{Old: c.New}
				}
				audit = append(audit, AuditRow{Action: ActionDelete, Table: undoTables[entity], EntityID: e.EntityID, Changes: gone})
				res.Removed++
			}
		}
		return tx.BulkAudit(WithActor(ctx, undoActor), audit)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// changedSince fails naming the records of events that anyone changed after the import.
func (s *Store) changedSince(events []AuditEvent, importActor string) error {
	touched := map[string]bool{}
	for _, e := range events {
		touched[e.Entity+" "+strconv.FormatInt(e.EntityID, 10)] = true
	}
	var later []AuditEvent
	if err := s.db.Select("entity", "entity_id", "actor").Where("id > ? AND actor <> ?", events[len(events)-1].ID, importActor).
		Find(&later).Error; err != nil {
		return s.translate("undo import", err)
	}
	// A later import that was undone since, and the undo itself, left the record as this
	// import did: neither counts as a change.
	undone := map[string]bool{}
	for _, e := range later {
		if _, n, ok := strings.Cut(e.Actor, ": undo of import #"); ok {
			undone["import #"+n] = true
		}
	}
	var names []string
	for _, e := range later {
		if undone[e.Actor] || strings.Contains(e.Actor, ": undo of import #") {
			continue
		}
		k := e.Entity + " " + strconv.FormatInt(e.EntityID, 10)
		if touched[k] && !slices.Contains(names, k) {
			names = append(names, k)
		}
	}
	if len(names) == 0 {
		return nil
	}
	shown := names
	if len(shown) > 20 {
		shown = shown[:20]
	}
	msg := fmt.Sprintf("these records changed since the import, so it cannot be undone and nothing was changed: %s", strings.Join(shown, ", "))
	if len(names) > len(shown) {
		msg += fmt.Sprintf(" and %d more", len(names)-len(shown))
	}
	return &ConflictError{Message: msg}
}

// restore gives the record of an update event its old values and returns the changes made.
func (s *Store) restore(ctx context.Context, e AuditEvent) (Changes, error) {
	table := undoTables[e.Entity]
	set := map[string]any{}
	back := Changes{}
	for key, c := range e.Changes {
		back[key] = Change{Old: c.New, New: c.Old}
		switch {
		case key == "key":
			return nil, &ConflictError{Message: fmt.Sprintf("the import changed the key of %s %d, which the audit trail does not keep; "+
				"it cannot be undone", e.Entity, e.EntityID)}
		case key == "device_ids":
			if err := s.restoreDeviceLinks(e.EntityID, c.Old); err != nil {
				return nil, err
			}
		case moneyKeys[key]:
			amount, currency := int64(0), ""
			if text, _ := c.Old.(string); text != "" {
				num, code, _ := strings.Cut(text, " ")
				m, err := ParseMoney(num, code)
				if err != nil {
					return nil, fmt.Errorf("undo %s %d: %s %q: %w", e.Entity, e.EntityID, key, text, err)
				}
				amount, currency = m.Amount, m.Currency
			}
			set[key+"_amount"], set[key+"_currency"] = amount, currency
		default:
			set[key] = columnValue(key, c.Old)
		}
	}
	if len(set) > 0 {
		set["updated_at"], set["version"] = s.now(), gorm.Expr("version + 1")
		if err := s.db.WithContext(ctx).Table(table).Where("id = ?", e.EntityID).Updates(set).Error; err != nil {
			return nil, s.translate("undo import", err)
		}
	}
	return back, nil
}

// columnValue turns an audit trail value back into what its column stores.
func columnValue(key string, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if x == "" && (nullableKeys[key] || strings.HasSuffix(key, "_date") || key == "custom_fields") {
			return nil
		}
		return x
	case float64:
		if strings.HasSuffix(key, "_id") && x == 0 {
			return nil
		}
		return int64(x)
	}
	return v
}

// restoreDeviceLinks gives a warranty back the devices it covered.
func (s *Store) restoreDeviceLinks(warrantyID int64, old any) error {
	if err := s.db.Exec("DELETE FROM warranty_devices WHERE warranty_id = ?", warrantyID).Error; err != nil {
		return s.translate("undo import", err)
	}
	ids, _ := old.([]any)
	for _, v := range ids {
		if f, ok := v.(float64); ok {
			if err := s.db.Exec("INSERT INTO warranty_devices (warranty_id, device_id) VALUES (?, ?)", warrantyID, int64(f)).Error; err != nil {
				return s.translate("undo import", err)
			}
		}
	}
	return nil
}
