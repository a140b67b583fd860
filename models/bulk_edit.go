package models

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// MaxBulkEdit is the most records one bulk edit changes: beyond it a person narrows the filter.
const MaxBulkEdit = 10_000

// DeviceSelection names the devices a bulk edit changes: the given ids, or every device the
// filter matches (its page ignored). Versions optionally holds the version the person saw
// per id; a device at another version makes the whole edit stale, as a single edit would be.
type DeviceSelection struct {
	IDs      []int64
	Filter   *DeviceFilter
	Versions map[int64]int64
}

// BulkResult says what a bulk edit matched and changed (or, in a preview, would change).
type BulkResult struct {
	Matched    int
	Changed    int
	ChangedIDs []int64 // in id order
	Preview    bool
}

// errPreview rolls a preview's transaction back after it has done everything a real run does.
var errPreview = errors.New("bulk edit preview")

// BulkUpdateDevices applies patch to every selected device in one transaction, each change
// through the same path as a single edit (validation, references, version check, one audit
// event per changed device). With preview set it does all of that and rolls back, so the count
// it reports is exactly what a real run would change. An invalid result for any device fails
// the whole edit, naming the device.
func (s *Store) BulkUpdateDevices(ctx context.Context, sel DeviceSelection, patch DeviceUpdate, preview bool) (BulkResult, error) {
	res := BulkResult{Preview: preview}
	if patch.IsEmpty() {
		return res, &FieldError{Fields: map[string]string{"set": "names no field to change"}}
	}
	if (sel.Filter == nil) == (len(sel.IDs) == 0) {
		return res, &FieldError{Fields: map[string]string{"ids": "give either ids or a filter"}}
	}
	err := s.WithTx(ctx, func(tx *Store) error {
		current, err := tx.selectedVersions(ctx, sel)
		if err != nil {
			return err
		}
		res.Matched = len(current)
		ids := slices.Sorted(maps.Keys(current))
		for _, id := range ids {
			version := current[id]
			if v, ok := sel.Versions[id]; ok {
				version = v
			}
			d, err := updateEntity(ctx, tx, id, version, func(d *Device) error { patch.Apply(d); return nil }, deviceHooks)
			if err != nil {
				return bulkError(id, err)
			}
			if d.Version != version {
				res.Changed++
				res.ChangedIDs = append(res.ChangedIDs, id)
			}
		}
		if preview {
			return errPreview
		}
		return nil
	})
	if err != nil && !errors.Is(err, errPreview) {
		return BulkResult{Preview: preview}, err
	}
	if res.ChangedIDs == nil {
		res.ChangedIDs = []int64{}
	}
	return res, nil
}

// selectedVersions returns the id and version of every selected device (at most MaxBulkEdit);
// ids that name no device are an invalid selection.
func (s *Store) selectedVersions(ctx context.Context, sel DeviceSelection) (map[int64]int64, error) {
	var rows []struct{ ID, Version int64 }
	q := s.db.WithContext(ctx).Model(&Device{}).Select("devices.id, devices.version")
	if sel.Filter != nil {
		q = s.deviceWhere(q, *sel.Filter).Order("devices.id").Limit(MaxBulkEdit + 1)
		if err := q.Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("bulk edit: select devices: %w", err)
		}
		if len(rows) > MaxBulkEdit {
			return nil, &FieldError{Fields: map[string]string{"filter": fmt.Sprintf("matches more than %d devices; narrow it", MaxBulkEdit)}}
		}
	} else {
		ids := slices.Compact(slices.Sorted(slices.Values(sel.IDs)))
		if len(ids) > MaxBulkEdit {
			return nil, &FieldError{Fields: map[string]string{"ids": fmt.Sprintf("more than %d devices; edit fewer at once", MaxBulkEdit)}}
		}
		for chunk := range slices.Chunk(ids, idBatch) {
			var part []struct{ ID, Version int64 }
			if err := s.db.WithContext(ctx).Model(&Device{}).Select("id, version").Where("id IN ?", chunk).Scan(&part).Error; err != nil {
				return nil, fmt.Errorf("bulk edit: select devices: %w", err)
			}
			rows = append(rows, part...)
		}
		if len(rows) != len(ids) {
			found := map[int64]bool{}
			for _, r := range rows {
				found[r.ID] = true
			}
			for _, id := range ids {
				if !found[id] {
					return nil, &FieldError{Fields: map[string]string{"ids": fmt.Sprintf("no device with id %d", id)}}
				}
			}
		}
	}
	out := make(map[int64]int64, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Version
	}
	return out, nil
}

// bulkError names the device an error of a bulk edit is about, keeping its kind (invalid
// fields, stale version, conflict) so the API answers with the same status as a single edit.
func bulkError(id int64, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		out := &FieldError{}
		for f, msg := range fe.Fields {
			out.Add(f, fmt.Sprintf("device %d: %s", id, msg))
		}
		return out
	}
	return fmt.Errorf("device %d: %w", id, err)
}
