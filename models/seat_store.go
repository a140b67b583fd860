package models

import (
	"context"
	"fmt"
	"strings"
)

var seatSorts = map[string]SortField[LicenceSeat]{
	"assigned_on": {Expr: "COALESCE(licence_seats.assigned_on, '0001-01-01')", Key: func(s *LicenceSeat) any { return dateKey(s.AssignedOn) }},
	"assignee":    {Expr: "LOWER(licence_seats.assignee)", Key: func(s *LicenceSeat) any { return strings.ToLower(s.Assignee) }},
}

// ListSeats lists the seats of a licence, each with its device. An unknown licence is ErrNotFound.
func (s *Store) ListSeats(ctx context.Context, licenceID int64, page Page) (ListResult[LicenceSeat], error) {
	if err := s.db.WithContext(ctx).Select("id").Take(&Licence{}, licenceID).Error; err != nil {
		return ListResult[LicenceSeat]{}, s.translate(fmt.Sprintf("list seats of licence %d", licenceID), err)
	}
	q := s.db.Model(&LicenceSeat{}).Preload("Device").Where("licence_seats.licence_id = ?", licenceID)
	return listPage(ctx, s, q, "licence_seats", page, seatSorts, func(s *LicenceSeat) int64 { return s.ID })
}

// CreateSeat assigns a seat of seat.LicenceID to a device or a person. In one transaction it
// locks the licence row (Postgres; SQLite has one writer), checks the device exists, refuses
// the assignment when every seat of a limited licence is taken, inserts and audits, so two
// concurrent assignments of the last seat cannot both succeed. The seat's device is loaded.
func (s *Store) CreateSeat(ctx context.Context, seat *LicenceSeat) error {
	if err := seat.Validate(); err != nil {
		return err
	}
	op := fmt.Sprintf("assign a seat of licence %d", seat.LicenceID)
	err := s.WithTx(ctx, func(tx *Store) error {
		var lic Licence
		if err := tx.forUpdate().Select("id", "seats").Take(&lic, seat.LicenceID).Error; err != nil {
			return tx.translate(op, err)
		}
		if err := tx.validateWithRefs(seat, recordRef{"device_id", "devices", seat.DeviceID}); err != nil {
			return err
		}
		if lic.Seats != nil {
			used, err := tx.usedBy("licence_seats", lic.ID, "licence_id")
			if err != nil {
				return fmt.Errorf("%s: %w", op, err)
			}
			if used >= *lic.Seats {
				return &ConflictError{Message: fmt.Sprintf("all %d seats are assigned; free a seat or raise the licence's seats first", *lic.Seats),
					Fields: map[string]string{"seats": "all assigned"}}
			}
		}
		return createEntity(ctx, tx, seat, hooks[*LicenceSeat]{})
	})
	if err != nil {
		return err
	}
	return s.loadSeatDevice(ctx, seat)
}

// UpdateSeat applies change to a seat of the licence at the version the client saw. A seat of
// another licence is ErrNotFound; the seat cannot move to another licence. (The API changes
// only assigned_on and notes; a changed device that does not exist fails its foreign key.)
func (s *Store) UpdateSeat(ctx context.Context, licenceID, seatID, version int64, change func(*LicenceSeat) error) (*LicenceSeat, error) {
	if err := s.seatOf(ctx, licenceID, seatID); err != nil {
		return nil, err
	}
	seat, err := updateEntity(ctx, s, seatID, version, func(v *LicenceSeat) error {
		if err := change(v); err != nil {
			return err
		}
		v.LicenceID = licenceID
		return nil
	}, hooks[*LicenceSeat]{})
	if err != nil {
		return nil, err
	}
	return seat, s.loadSeatDevice(ctx, seat)
}

// DeleteSeat frees a seat of the licence, checking the version when given. A seat of another
// licence is ErrNotFound.
func (s *Store) DeleteSeat(ctx context.Context, licenceID, seatID int64, version *int64) error {
	if err := s.seatOf(ctx, licenceID, seatID); err != nil {
		return err
	}
	return deleteEntity(ctx, s, seatID, version, hooks[*LicenceSeat]{})
}

// seatOf answers ErrNotFound unless seatID is a seat of licenceID.
func (s *Store) seatOf(ctx context.Context, licenceID, seatID int64) error {
	var seat LicenceSeat
	err := s.db.WithContext(ctx).Select("id").Where("id = ? AND licence_id = ?", seatID, licenceID).Take(&seat).Error
	return s.translate(fmt.Sprintf("seat %d of licence %d", seatID, licenceID), err)
}

// loadSeatDevice loads the device a seat is assigned to, for responses.
func (s *Store) loadSeatDevice(ctx context.Context, seat *LicenceSeat) error {
	seat.Device = nil
	if seat.DeviceID == nil {
		return nil
	}
	var d Device
	if err := s.db.WithContext(ctx).Take(&d, *seat.DeviceID).Error; err != nil {
		return s.translate(fmt.Sprintf("load device %d of seat %d", *seat.DeviceID, seat.ID), err)
	}
	seat.Device = &d
	return nil
}
