package models

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// Renewal item kinds, as RenewalKey.Kind.
const (
	RenewalLicence  = "licence"
	RenewalWarranty = "warranty"
)

// RenewalFilter narrows the renewals report to one vendor (a licence's publisher or supplier,
// a warranty's provider) or one budget line; zero means all.
type RenewalFilter struct {
	VendorID, BudgetLineID int64
}

// RenewalKey is a licence or warranty falling due and its dates: the sort key of the renewals
// report. Deadline is the notice deadline (end date - notice days).
type RenewalKey struct {
	Kind     string
	ID       int64
	End      Date
	Deadline Date
}

// RenewalsDue returns the licences and warranties whose end date falls in from..to (both
// inclusive), ordered by notice deadline, end date, kind and id. Licences without an end date
// never fall due. Warranties are left out when every device they cover is out of service; a
// warranty or contract covering no device at all is kept (a site contract still renews).
// Deadlines are computed in Go; only the keys are held in memory, RenewalItems loads the rest.
func (s *Store) RenewalsDue(ctx context.Context, f RenewalFilter, from, to Date) ([]RenewalKey, error) {
	var out []RenewalKey
	for _, src := range s.renewalSources(ctx, f, from, to) {
		a := src.alias
		rows, err := src.q.Select(a + ".id, " + a + ".end_date, " + a + ".notice_days").Rows()
		if err != nil {
			return nil, fmt.Errorf("renewals due: %w", err)
		}
		for rows.Next() {
			k := RenewalKey{Kind: src.kind}
			var notice int
			if err := rows.Scan(&k.ID, &k.End, &notice); err != nil {
				rows.Close()
				return nil, fmt.Errorf("renewals due: %w", err)
			}
			k.Deadline = k.End.AddDays(-notice)
			out = append(out, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("renewals due: %w", err)
		}
	}
	slices.SortFunc(out, func(a, b RenewalKey) int {
		return cmp.Or(a.Deadline.Compare(b.Deadline), a.End.Compare(b.End), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// renewalSource is the query of one kind of item falling due, over the alias a.
type renewalSource struct {
	kind, alias string
	q           *gorm.DB
}

// renewalSources returns the queries of the licences (alias l) and warranties (alias w) whose
// end date falls in from..to: the one statement of what falls due, for the report's keys and
// the renewals page's totals and pages alike.
func (s *Store) renewalSources(ctx context.Context, f RenewalFilter, from, to Date) []renewalSource {
	lq := s.db.WithContext(ctx).Table("licences l").
		Where("l.end_date IS NOT NULL AND l.end_date >= ? AND l.end_date <= ?", from, to)
	if f.VendorID != 0 {
		lq = lq.Where("(l.publisher_id = ? OR l.supplier_id = ?)", f.VendorID, f.VendorID)
	}
	if f.BudgetLineID != 0 {
		lq = lq.Where("l.budget_line_id = ?", f.BudgetLineID)
	}
	wq := s.db.WithContext(ctx).Table("warranties w").
		Where("w.end_date >= ? AND w.end_date <= ?", from, to).
		Where(`(NOT EXISTS (SELECT 1 FROM warranty_devices wd WHERE wd.warranty_id = w.id)
	OR EXISTS (SELECT 1 FROM warranty_devices wd JOIN devices d ON d.id = wd.device_id
		WHERE wd.warranty_id = w.id AND d.status NOT IN ?))`, OutOfServiceStatuses)
	if f.VendorID != 0 {
		wq = wq.Where("w.provider_id = ?", f.VendorID)
	}
	if f.BudgetLineID != 0 {
		wq = wq.Where("w.budget_line_id = ?", f.BudgetLineID)
	}
	return []renewalSource{{RenewalLicence, "l", lq}, {RenewalWarranty, "w", wq}}
}

// RenewalItems loads the licences (with publisher, supplier, budget line and seats used) and
// warranties (with provider and budget line) named by the keys, at most a few thousand.
// Items deleted since the keys were read are absent from the maps.
func (s *Store) RenewalItems(ctx context.Context, keys []RenewalKey) (map[int64]*Licence, map[int64]*Warranty, error) {
	var lids, wids []int64
	for _, k := range keys {
		if k.Kind == RenewalLicence {
			lids = append(lids, k.ID)
		} else {
			wids = append(wids, k.ID)
		}
	}
	licences := make(map[int64]*Licence, len(lids))
	warranties := make(map[int64]*Warranty, len(wids))
	if len(lids) > 0 {
		var ls []Licence
		if err := s.licenceQuery(ctx).Where("licences.id IN ?", lids).Find(&ls).Error; err != nil {
			return nil, nil, fmt.Errorf("renewal licences: %w", err)
		}
		for i := range ls {
			licences[ls[i].ID] = &ls[i]
		}
	}
	if len(wids) > 0 {
		var ws []Warranty
		err := s.db.WithContext(ctx).Model(&Warranty{}).Preload("Provider").Preload("BudgetLine").
			Where("warranties.id IN ?", wids).Find(&ws).Error
		if err != nil {
			return nil, nil, fmt.Errorf("renewal warranties: %w", err)
		}
		for i := range ws {
			warranties[ws[i].ID] = &ws[i]
		}
	}
	return licences, warranties, nil
}
