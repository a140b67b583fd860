package models

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"gorm.io/gorm"
)

// renewalItemTables maps a renewal item's kind to its table.
var renewalItemTables = map[string]string{RenewalLicence: "licences", RenewalWarranty: "warranties"}

// itemEndDate reads the current end date of a licence or warranty: ErrNotFound when there is
// no such item, a field error when a licence has no end date (nothing to renew).
func (s *Store) itemEndDate(ctx context.Context, item RenewalItem) (Date, error) {
	table, ok := renewalItemTables[item.Kind]
	if !ok {
		return Date{}, fmt.Errorf("renewal item kind %q: must be licence or warranty: %w", item.Kind, ErrNotFound)
	}
	var rows []struct{ EndDate Date }
	if err := s.db.WithContext(ctx).Table(table).Select("end_date").Where("id = ?", item.ID).Scan(&rows).Error; err != nil {
		return Date{}, fmt.Errorf("read %s %d: %w", item.Kind, item.ID, err)
	}
	if len(rows) == 0 {
		return Date{}, fmt.Errorf("%s %d: %w", item.Kind, item.ID, ErrNotFound)
	}
	if rows[0].EndDate.IsZero() {
		return Date{}, &FieldError{Fields: map[string]string{"end_date": "the " + item.Kind + " has no end date, so there is no renewal to decide"}}
	}
	return rows[0].EndDate, nil
}

// storedDecision loads the decision row of an item through q, or nil.
func storedDecision(q *gorm.DB, item RenewalItem) (*RenewalDecision, error) {
	var d RenewalDecision
	err := q.Where("item_kind = ? AND item_id = ?", item.Kind, item.ID).Take(&d).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read renewal decision: %w", err)
	}
	return &d, nil
}

// undecided is the decision shown for an item with none recorded for its end date.
func undecided(item RenewalItem, end Date) *RenewalDecision {
	return &RenewalDecision{ItemKind: item.Kind, ItemID: item.ID, EndDate: end, Decision: DecisionUndecided}
}

// GetRenewalDecision returns the decision shown for an item: the one recorded for its current
// end date, else an undecided one at version 0.
func (s *Store) GetRenewalDecision(ctx context.Context, item RenewalItem) (*RenewalDecision, error) {
	end, err := s.itemEndDate(ctx, item)
	if err != nil {
		return nil, err
	}
	d, err := storedDecision(s.db.WithContext(ctx), item)
	if err != nil {
		return nil, err
	}
	if d == nil || d.EndDate != end {
		return undecided(item, end), nil
	}
	return d, nil
}

// SetRenewalDecision records a decision for the item's current end date, at the version of the
// decision the person saw (0 when none was shown: none recorded, or one for an earlier end
// date), with an audit event in the same transaction. A stale version is ErrStale; nothing is
// written when nothing changes.
func (s *Store) SetRenewalDecision(ctx context.Context, item RenewalItem, version int64, in RenewalDecisionInput) (*RenewalDecision, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *RenewalDecision
	err := s.WithTx(ctx, func(tx *Store) error {
		end, err := tx.itemEndDate(ctx, item)
		if err != nil {
			return err
		}
		cur, err := storedDecision(tx.forUpdate(), item)
		if err != nil {
			return err
		}
		shown := int64(0)
		if cur != nil && cur.EndDate == end {
			shown = cur.Version
		}
		if version != shown {
			return fmt.Errorf("renewal decision for %s %d: you sent version %d, it is at version %d: %w", item.Kind, item.ID, version, shown, ErrStale)
		}
		if cur == nil {
			d := &RenewalDecision{ItemKind: item.Kind, ItemID: item.ID, EndDate: end, Decision: in.Decision, Owner: in.Owner, Note: in.Note, Version: 1}
			if err := tx.db.Create(d).Error; err != nil {
				return tx.translate("create renewal decision", err)
			}
			out = d
			return tx.writeAudit(ctx, ActionCreate, d.TableName(), d.ID, Diff(nil, d.AuditFields()))
		}
		before := cur.AuditFields()
		next := *cur
		next.EndDate, next.Decision, next.Owner, next.Note = end, in.Decision, in.Owner, in.Note
		changes := Diff(before, next.AuditFields())
		out = cur
		if len(changes) == 0 {
			return nil
		}
		next.Version, next.UpdatedAt = cur.Version+1, tx.now()
		res := tx.db.Model(&RenewalDecision{}).Where("id = ? AND version = ?", cur.ID, cur.Version).Updates(map[string]any{
			"end_date": next.EndDate, "decision": next.Decision, "owner": next.Owner, "note": next.Note,
			"version": next.Version, "updated_at": next.UpdatedAt})
		if res.Error != nil {
			return tx.translate("update renewal decision", res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("update renewal decision: %w", ErrStale)
		}
		out = &next
		return tx.writeAudit(ctx, ActionUpdate, next.TableName(), next.ID, changes)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RenewalDecisions returns the decisions shown for the given items (as RenewalsDue returns
// them, with their current end dates): those recorded for that end date. Items without one are
// absent. One query per thousand items.
func (s *Store) RenewalDecisions(ctx context.Context, items []RenewalKey) (map[RenewalItem]RenewalDecision, error) {
	out := make(map[RenewalItem]RenewalDecision, len(items))
	ends := make(map[RenewalItem]Date, len(items))
	byKind := map[string][]int64{}
	for _, k := range items {
		it := RenewalItem{Kind: k.Kind, ID: k.ID}
		ends[it] = k.End
		byKind[k.Kind] = append(byKind[k.Kind], k.ID)
	}
	for _, kind := range slices.Sorted(maps.Keys(byKind)) {
		for chunk := range slices.Chunk(byKind[kind], idBatch) {
			var rows []RenewalDecision
			if err := s.db.WithContext(ctx).Where("item_kind = ? AND item_id IN ?", kind, chunk).Find(&rows).Error; err != nil {
				return nil, fmt.Errorf("renewal decisions: %w", err)
			}
			for _, d := range rows {
				if end, ok := ends[d.Item()]; ok && end == d.EndDate {
					out[d.Item()] = d
				}
			}
		}
	}
	return out, nil
}
