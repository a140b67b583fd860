package models

import (
	"context"
	"fmt"
	"slices"
)

// ReminderScope is what a rule watches: its scope and filters.
type ReminderScope struct {
	Scope        string
	VendorID     *int64
	BudgetLineID *int64
	Category     string
	MinCost      Money
}

// ScopeOf returns a rule's scope.
func (r *ReminderRule) ScopeOf() ReminderScope {
	return ReminderScope{r.Scope, r.VendorID, r.BudgetLineID, r.Category, r.MinCost}
}

// ReminderItem is a licence or warranty a reminder is about, with what the message says.
type ReminderItem struct {
	Kind        string // licence or warranty
	ID          int64
	Name        string
	Vendor      string
	End         Date
	NoticeDays  int
	AutoRenew   bool
	Cost        Money // the next term's cost (zero when unknown or one-off)
	BudgetLine  string
	BudgetOwner string
}

// Anchor is the date reminders count back from: the notice deadline when the item has a
// notice period, else its end date.
func (it ReminderItem) Anchor() Date { return it.End.AddDays(-it.NoticeDays) }

// Ref names the item as "licence-12".
func (it ReminderItem) Ref() string { return fmt.Sprintf("%s-%d", it.Kind, it.ID) }

// ReminderItems returns the items in scope that have not ended by today and whose anchor date
// falls on or before today + horizon days: every item a rule with that furthest stage must
// plan for. Warranties whose covered devices are all out of service are left out, as in the
// renewals report. With a minimum cost, only items costing at least that in the same currency
// are kept.
func (s *Store) ReminderItems(ctx context.Context, sc ReminderScope, today Date, horizon int) ([]ReminderItem, error) {
	anchor := "date(%s.end_date, '-' || %s.notice_days || ' days') <= ?"
	if s.dialect == Postgres {
		anchor = "(%s.end_date - %s.notice_days) <= CAST(? AS DATE)"
	}
	last := today.AddDays(horizon)
	var keys []RenewalKey
	if sc.Scope != ScopeWarranties && sc.Category == "" {
		q := s.db.WithContext(ctx).Table("licences l").Select("l.id").
			Where("l.end_date IS NOT NULL AND l.end_date >= ?", today).Where(fmt.Sprintf(anchor, "l", "l"), last)
		if sc.VendorID != nil {
			q = q.Where("(l.publisher_id = ? OR l.supplier_id = ?)", *sc.VendorID, *sc.VendorID)
		}
		if sc.BudgetLineID != nil {
			q = q.Where("l.budget_line_id = ?", *sc.BudgetLineID)
		}
		var ids []int64
		if err := q.Order("l.id").Pluck("l.id", &ids).Error; err != nil {
			return nil, s.translate("reminder licences", err)
		}
		for _, id := range ids {
			keys = append(keys, RenewalKey{Kind: RenewalLicence, ID: id})
		}
	}
	if sc.Scope != ScopeLicences {
		q := s.db.WithContext(ctx).Table("warranties w").
			Where("w.end_date >= ?", today).Where(fmt.Sprintf(anchor, "w", "w"), last).
			Where(`(NOT EXISTS (SELECT 1 FROM warranty_devices wd WHERE wd.warranty_id = w.id)
	OR EXISTS (SELECT 1 FROM warranty_devices wd JOIN devices d ON d.id = wd.device_id
		WHERE wd.warranty_id = w.id AND d.status NOT IN ?))`, OutOfServiceStatuses)
		if sc.VendorID != nil {
			q = q.Where("w.provider_id = ?", *sc.VendorID)
		}
		if sc.BudgetLineID != nil {
			q = q.Where("w.budget_line_id = ?", *sc.BudgetLineID)
		}
		if sc.Category != "" {
			q = q.Where(`EXISTS (SELECT 1 FROM warranty_devices wd JOIN devices d ON d.id = wd.device_id
	WHERE wd.warranty_id = w.id AND d.category = ?)`, sc.Category)
		}
		var ids []int64
		if err := q.Order("w.id").Pluck("w.id", &ids).Error; err != nil {
			return nil, s.translate("reminder warranties", err)
		}
		for _, id := range ids {
			keys = append(keys, RenewalKey{Kind: RenewalWarranty, ID: id})
		}
	}
	var out []ReminderItem
	for chunk := range slices.Chunk(keys, 500) {
		licences, warranties, err := s.RenewalItems(ctx, chunk)
		if err != nil {
			return nil, err
		}
		for _, k := range chunk {
			var it ReminderItem
			if l, ok := licences[k.ID]; ok && k.Kind == RenewalLicence {
				it = licenceReminderItem(l)
			} else if w, ok := warranties[k.ID]; ok && k.Kind == RenewalWarranty {
				it = warrantyReminderItem(w)
			} else {
				continue // deleted since the ids were read
			}
			if !sc.MinCost.IsZero() && (it.Cost.Currency != sc.MinCost.Currency || it.Cost.Amount < sc.MinCost.Amount) {
				continue
			}
			out = append(out, it)
		}
	}
	return out, nil
}

func licenceReminderItem(l *Licence) ReminderItem {
	name := l.Product
	if l.Reference != nil && *l.Reference != "" {
		name += " (" + *l.Reference + ")"
	}
	it := ReminderItem{Kind: RenewalLicence, ID: l.ID, Name: name, End: l.EndDate, NoticeDays: l.NoticeDays, AutoRenew: l.AutoRenew}
	switch l.BillingPeriod { // the next year's cost, as the renewals report counts it
	case "annual":
		it.Cost = l.Cost
	case "monthly":
		it.Cost = Money{Amount: 12 * l.Cost.Amount, Currency: l.Cost.Currency}
	}
	for _, v := range []*Vendor{l.Supplier, l.Publisher} {
		if v != nil && it.Vendor == "" {
			it.Vendor = v.Name
		}
	}
	if l.BudgetLine != nil {
		it.BudgetLine, it.BudgetOwner = l.BudgetLine.Code, l.BudgetLine.Owner
	}
	return it
}

func warrantyReminderItem(w *Warranty) ReminderItem {
	name := fmt.Sprintf("%s warranty %d", w.Kind, w.ID)
	if w.Kind == "support" {
		name = fmt.Sprintf("support contract %d", w.ID)
	}
	if w.Reference != nil && *w.Reference != "" {
		name = *w.Reference
		if w.ServiceLevel != "" {
			name += " " + w.ServiceLevel
		}
	}
	it := ReminderItem{Kind: RenewalWarranty, ID: w.ID, Name: name, End: w.EndDate, NoticeDays: w.NoticeDays, AutoRenew: w.AutoRenew, Cost: w.Cost}
	if w.Provider != nil {
		it.Vendor = w.Provider.Name
	}
	if w.BudgetLine != nil {
		it.BudgetLine, it.BudgetOwner = w.BudgetLine.Code, w.BudgetLine.Owner
	}
	return it
}

// ReminderItem loads one licence or warranty as a reminder describes it.
func (s *Store) ReminderItem(ctx context.Context, kind string, id int64) (*ReminderItem, error) {
	licences, warranties, err := s.RenewalItems(ctx, []RenewalKey{{Kind: kind, ID: id}})
	if err != nil {
		return nil, err
	}
	var it ReminderItem
	if l, ok := licences[id]; ok && kind == RenewalLicence {
		it = licenceReminderItem(l)
	} else if w, ok := warranties[id]; ok && kind == RenewalWarranty {
		it = warrantyReminderItem(w)
	} else {
		return nil, fmt.Errorf("%s %d: %w", kind, id, ErrNotFound)
	}
	return &it, nil
}
