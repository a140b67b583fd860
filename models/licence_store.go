package models

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// LicenceFilter selects licences for a list.
type LicenceFilter struct {
	Type         string // subscription, perpetual
	Metric       string // per_user, per_device, site, concurrent, per_core
	PublisherID  int64
	SupplierID   int64
	BudgetLineID int64
	DeviceID     int64  // with a seat assigned to this device
	EndsBefore   Date   // end date strictly before this day (licences without an end date never match)
	Q            string // text in product, reference, order number (never the key)
	RenewalWindow
	OverAssigned bool // more seats assigned than bought
	Page
}

// unlimitedSeatsKey is where licences without a seat limit sort among counted ones: after any
// real count, and small enough to survive a JSON cursor exactly.
const unlimitedSeatsKey = int64(1) << 52

// seatsUsedColumn counts a licence's seats in the same query that loads it (no query per row).
const seatsUsedColumn = "(SELECT COUNT(*) FROM licence_seats s WHERE s.licence_id = licences.id) AS seats_used"

var licenceSorts = map[string]SortField[Licence]{
	"product":    {Expr: "LOWER(licences.product)", Key: func(l *Licence) any { return strings.ToLower(l.Product) }},
	"end_date":   {Expr: "COALESCE(licences.end_date, '0001-01-01')", Key: func(l *Licence) any { return dateKey(l.EndDate) }},
	"start_date": {Expr: "COALESCE(licences.start_date, '0001-01-01')", Key: func(l *Licence) any { return dateKey(l.StartDate) }},
	"cost":       {Expr: "licences.cost_amount", Key: func(l *Licence) any { return l.Cost.Amount }},
	"seats": {Expr: fmt.Sprintf("COALESCE(licences.seats, %d)", unlimitedSeatsKey), Key: func(l *Licence) any {
		if l.Seats == nil {
			return unlimitedSeatsKey
		}
		return *l.Seats
	}},
}

// licenceQuery selects licences with their seat count and the names a response shows.
func (s *Store) licenceQuery(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Model(&Licence{}).Select("licences.*, " + seatsUsedColumn).
		Preload("Publisher").Preload("Supplier").Preload("BudgetLine")
}

// ListLicences lists licences matching f, each with its publisher, supplier, budget line and
// the number of seats assigned.
func (s *Store) ListLicences(ctx context.Context, f LicenceFilter) (ListResult[Licence], error) {
	q := s.licenceWhere(s.licenceQuery(ctx), f)
	return listPage(ctx, s, q, "licences", f.Page, licenceSorts, func(l *Licence) int64 { return l.ID })
}

// licenceWhere adds the filters of f (not its page) to a query over the licences table: the
// one place a licence list's matches are defined, for lists and tiles alike.
func (s *Store) licenceWhere(q *gorm.DB, f LicenceFilter) *gorm.DB {
	q = whereSet(q, eq{"licences.type", f.Type}, eq{"licences.metric", f.Metric},
		eq{"licences.publisher_id", f.PublisherID}, eq{"licences.supplier_id", f.SupplierID}, eq{"licences.budget_line_id", f.BudgetLineID})
	if f.DeviceID != 0 {
		q = q.Where("licences.id IN (SELECT licence_id FROM licence_seats WHERE device_id = ?)", f.DeviceID)
	}
	if !f.EndsBefore.IsZero() {
		q = q.Where("licences.end_date < ?", f.EndsBefore)
	}
	q = searchText(q, f.Q, "licences.product", "licences.reference", "licences.order_number")
	q = s.licenceStateWhere(q, f)
	return q
}

// GetLicence loads one licence with its publisher, supplier, budget line and seat count.
func (s *Store) GetLicence(ctx context.Context, id int64) (*Licence, error) {
	var l Licence
	if err := s.licenceQuery(ctx).Where("licences.id = ?", id).Take(&l).Error; err != nil {
		return nil, s.translate(fmt.Sprintf("get licence %d", id), err)
	}
	return &l, nil
}

// FindLicence finds a licence by its natural key: publisher (nil for none) and reference.
func (s *Store) FindLicence(ctx context.Context, publisherID *int64, reference string) (*Licence, error) {
	var l Licence
	pub := int64(0)
	if publisherID != nil {
		pub = *publisherID
	}
	err := s.licenceQuery(ctx).Where("COALESCE(licences.publisher_id, 0) = ? AND licences.reference = ?", pub, reference).Take(&l).Error
	if err != nil {
		return nil, s.translate("find licence by reference", err)
	}
	return &l, nil
}

// CreateLicence stores a new licence. A publisher, supplier or budget line that does not exist
// is an invalid field; a reference already used with the same publisher is a conflict.
func (s *Store) CreateLicence(ctx context.Context, l *Licence) error {
	return createEntity(ctx, s, l, licenceHooks)
}

// UpdateLicence applies change to the licence at the version the client saw, with the checks
// of CreateLicence.
func (s *Store) UpdateLicence(ctx context.Context, id, version int64, change func(*Licence) error) (*Licence, error) {
	return updateEntity(ctx, s, id, version, change, licenceHooks)
}

// licenceHooks check that the records a licence refers to exist.
var licenceHooks = hooks[*Licence]{validate: func(tx *Store, l *Licence) error {
	return tx.validateWithRefs(l,
		recordRef{"publisher_id", "vendors", l.PublisherID},
		recordRef{"supplier_id", "vendors", l.SupplierID},
		recordRef{"budget_line_id", "budget_lines", l.BudgetLineID})
}}

// DeleteLicence deletes a licence; its seat assignments go with it (ON DELETE CASCADE).
func (s *Store) DeleteLicence(ctx context.Context, id int64, version *int64) error {
	return deleteEntity(ctx, s, id, version, licenceHooks)
}
