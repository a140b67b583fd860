package reports

import (
	"context"

	"itreg/models"
)

// RenewalsPage returns the renewals report (built with p) cut to one page: the items whose
// notice deadline falls in the window, limit of them after the first offset, in the report's
// order, with the report's columns and rows. The database sorts and cuts the page, so a page
// costs the same however many items fall due.
func RenewalsPage(ctx context.Context, st *models.Store, p Params, w models.DeadlineWindow, offset, limit int) (*Table, error) {
	r, _ := Lookup("renewals")
	keys, err := st.RenewalsDuePage(ctx, renewalFilter(p), p.AsOf, p.AsOf.AddDays(p.Within), w, offset, limit)
	if err != nil {
		return nil, err
	}
	return renewalsTable(ctx, st, r, p, keys), nil
}

// RenewalTotals counts the renewals report's items (built with p) and sums their next-term
// cost per currency, per bucket of notice deadline (models.RenewalsDueTotals): the figures of
// the report's rows, summed by the database.
func RenewalTotals(ctx context.Context, st *models.Store, p Params, upTo []models.Date) ([]models.RenewalDueTotal, error) {
	return st.RenewalsDueTotals(ctx, renewalFilter(p), p.AsOf, p.AsOf.AddDays(p.Within), upTo)
}

// renewalFilter is the renewals report's filter of p.
func renewalFilter(p Params) models.RenewalFilter {
	return models.RenewalFilter{VendorID: p.VendorID, BudgetLineID: p.BudgetLineID}
}
