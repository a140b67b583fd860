package reports

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"

	"itreg/models"
)

// renewalsReport describes the renewals report: licences and warranties whose end date falls within the horizon.
func renewalsReport() Report {
	return Report{
		Name:  "renewals",
		Title: "Renewals due",
		Description: "Licences and warranties or contracts whose end date falls within `within` days of as_of, " +
			"sorted by notice deadline, with days left to act, auto-renew, next-term cost, seats and budget line; " +
			"items whose notice deadline has passed are flagged. Also a calendar (ics).",
		Params:        []string{"as_of", "within", "vendor_id", "budget_line_id"},
		DefaultWithin: 90,
		Calendar:      true,
		build:         buildRenewals,
	}
}

// renewalsPage is how many items the renewals report loads per query.
const renewalsPage = 500

// renewalColumns are the renewals report's columns.
var renewalColumns = []Column{
	{Key: "kind", Title: "Kind", Type: Text},
	{Key: "item_id", Title: "Item", Type: Text},
	{Key: "name", Title: "Name", Type: Text},
	{Key: "vendor", Title: "Vendor", Type: Text},
	{Key: "end_date", Title: "End date", Type: DateCol},
	{Key: "notice_deadline", Title: "Notice deadline", Type: DateCol},
	{Key: "days_left", Title: "Days left to act", Type: Integer},
	{Key: "status", Title: "Status", Type: Text},
	{Key: "auto_renew", Title: "Auto-renew", Type: Bool},
	{Key: "next_term_cost", Title: "Next-term cost", Type: MoneyCol},
	{Key: "seats_used", Title: "Seats used", Type: Integer},
	{Key: "seats_bought", Title: "Seats bought", Type: Integer},
	{Key: "budget_line", Title: "Budget line", Type: Text},
}

// buildRenewals finds the items falling due (keys and dates only) and returns a table whose rows
// load them a page at a time in notice-deadline order.
func buildRenewals(ctx context.Context, st *models.Store, r Report, p Params) (*Table, error) {
	to := p.AsOf.AddDays(p.Within)
	keys, err := st.RenewalsDue(ctx, renewalFilter(p), p.AsOf, to)
	if err != nil {
		return nil, err
	}
	return renewalsTable(ctx, st, r, p, keys), nil
}

// renewalsTable is the renewals report's table over the given items, in their order.
func renewalsTable(ctx context.Context, st *models.Store, r Report, p Params, keys []models.RenewalKey) *Table {
	to := p.AsOf.AddDays(p.Within)
	return &Table{
		Name:        r.Name,
		Title:       fmt.Sprintf("Renewals ending %s to %s (as of %s)", p.AsOf, to, p.AsOf),
		Columns:     renewalColumns,
		Params:      p.TableParams(r),
		Notes:       RenewalNotes(p),
		GeneratedAt: st.Now().UTC(),
		Rows:        renewalRows(ctx, st, p.AsOf, keys),
		Calendar: &CalendarSpec{
			UIDKey:      "item_id",
			SummaryKeys: []string{"kind", "name"},
			Events:      []CalendarEvent{{DateKey: "notice_deadline", Label: "Notice deadline"}, {DateKey: "end_date", Label: "End date"}},
		},
	}
}

// renewalRows streams the items in key order, loading a page at a time.
func renewalRows(ctx context.Context, st *models.Store, asOf models.Date, keys []models.RenewalKey) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		for chunk := range slices.Chunk(keys, renewalsPage) {
			licences, warranties, err := st.RenewalItems(ctx, chunk)
			if err != nil {
				yield(Row{}, err)
				return
			}
			for _, k := range chunk {
				var (
					row Row
					ok  bool
				)
				if k.Kind == models.RenewalLicence {
					var l *models.Licence
					if l, ok = licences[k.ID]; ok {
						row = licenceRenewalRow(l)
					}
				} else {
					var w *models.Warranty
					if w, ok = warranties[k.ID]; ok {
						row = warrantyRenewalRow(w)
					}
				}
				if !ok {
					continue // deleted since the keys were read
				}
				setRenewalDates(&row, k, asOf)
				if !yield(row, nil) {
					return
				}
			}
		}
	}
}

// renewalLayout places the renewals report's cells by column key.
var renewalLayout = newLayout(renewalColumns)

// setRenewalDates fills the date columns, days left and status of a row, and flags it when
// the notice deadline has passed.
func setRenewalDates(r *Row, k models.RenewalKey, asOf models.Date) {
	renewalLayout.set(r, "end_date", k.End)
	renewalLayout.set(r, "notice_deadline", k.Deadline)
	renewalLayout.set(r, "days_left", int64(asOf.DaysUntil(k.Deadline)))
	renewalLayout.set(r, "status", "open")
	if k.Deadline.Before(asOf) {
		renewalLayout.set(r, "status", "notice passed")
		r.Flag = "notice_passed"
	}
}

// licenceRenewalRow builds a licence's row; setRenewalDates fills the dates.
func licenceRenewalRow(l *models.Licence) Row {
	name := l.Product
	if l.Reference != nil && *l.Reference != "" {
		name += " (" + *l.Reference + ")"
	}
	var seats any
	if l.Seats != nil {
		seats = *l.Seats
	}
	return renewalLayout.row(
		col("kind", "licence"),
		col("item_id", fmt.Sprintf("licence-%d", l.ID)),
		col("name", name),
		col("vendor", vendorName(l.Supplier, l.Publisher)),
		col("auto_renew", l.AutoRenew),
		col("next_term_cost", l.AnnualCost()),
		col("seats_used", l.SeatsUsed),
		col("seats_bought", seats),
		col("budget_line", budgetCode(l.BudgetLine)),
	)
}

// warrantyRenewalRow builds a warranty's row; setRenewalDates fills the dates.
func warrantyRenewalRow(w *models.Warranty) Row {
	var parts []string
	if w.Reference != nil && *w.Reference != "" {
		parts = append(parts, *w.Reference)
	}
	if w.ServiceLevel != "" {
		parts = append(parts, w.ServiceLevel)
	}
	name := strings.Join(parts, " ")
	if name == "" {
		name = fmt.Sprintf("%s %d", warrantyKindText(w.Kind), w.ID)
	}
	return renewalLayout.row(
		col("kind", warrantyKindText(w.Kind)),
		col("item_id", fmt.Sprintf("warranty-%d", w.ID)),
		col("name", name),
		col("vendor", vendorName(w.Provider)),
		col("auto_renew", w.AutoRenew),
		col("next_term_cost", w.Cost),
		col("budget_line", budgetCode(w.BudgetLine)),
	)
}

// warrantyKindText names a warranty kind as people say it.
func warrantyKindText(kind string) string {
	switch kind {
	case "manufacturer":
		return "manufacturer warranty"
	case "extended":
		return "extended warranty"
	case "support":
		return "support contract"
	}
	return kind
}

// vendorName returns the name of the first vendor given that is set.
func vendorName(vs ...*models.Vendor) string {
	for _, v := range vs {
		if v != nil {
			return v.Name
		}
	}
	return ""
}

// budgetCode returns a budget line's code, "" when none.
func budgetCode(b *models.BudgetLine) string {
	if b == nil {
		return ""
	}
	return b.Code
}

// RenewalNotes are the renewals report's notes: how the items are chosen and the dates and
// costs worked out.
func RenewalNotes(p Params) []string {
	to := p.AsOf.AddDays(p.Within)
	return []string{
		fmt.Sprintf("Listed: licences and warranties or contracts whose end date falls from as_of to as_of + %d days (%s), both included; licences "+
			"without an end date never fall due.", p.Within, to),
		"Warranties whose covered devices are all retired, disposed or lost are left out; warranties and contracts covering no device are kept.",
		"Notice deadline = end date - notice days; days left to act = notice deadline - as_of. Status 'notice passed' (flag notice_passed): the " +
			"deadline is before as_of while the end date is not.",
		"Vendor: a licence's supplier, else its publisher; a warranty's provider. Item is a stable id (licence-N, warranty-N).",
		"Next-term cost: for a licence billed annually its cost; monthly, 12 x its monthly cost (one year); one-off, blank (nothing to renew). For a " +
			"warranty or contract, its recorded cost for the term. Totals are per currency.",
		"Seats used is the number of seats assigned; seats bought is blank for licences without a seat limit.",
		"Ordered by notice deadline, then end date, kind and id.",
	}
}
