package reports

import (
	"context"
	"fmt"

	"itreg/models"
)

// complianceReport describes the licence-compliance report.
func complianceReport() Report {
	return Report{
		Name:  "licence-compliance",
		Title: "Licence compliance",
		Description: "Per licence: seats bought and assigned, over-assigned seats (a compliance risk), " +
			"unused seats and what they cost per year.",
		Params: []string{"as_of", "vendor_id", "budget_line_id"},
		build:  buildCompliance,
	}
}

// seatPosition is a licence's seats compared with its assignments, and what they cost a year.
type seatPosition struct {
	over, unused    int64
	annual, perSeat models.Money // perSeat is blank without an annual cost or a seat count.
	unusedCost      models.Money // unusedCost is blank when perSeat is.
}

// seatsOf compares a licence's seats with its assignments. An unlimited licence (no seat
// count) is never over-assigned and has no unused seats. Costs per year: a monthly cost × 12,
// an annual cost as is, none for one-off; per seat = annual cost / seats, and the unused seats'
// cost = unused × annual cost / seats, each rounded once, half away from zero, to the minor unit.
func seatsOf(l *models.LicenceCompliance) seatPosition {
	p := seatPosition{annual: l.AnnualCost()}
	if l.Seats == nil {
		return p
	}
	seats := *l.Seats
	p.over = max(0, l.Assigned-seats)
	p.unused = max(0, seats-l.Assigned)
	if p.annual.IsZero() || seats == 0 {
		return p
	}
	cur := p.annual.Currency
	p.perSeat = models.Money{Amount: mulDivRound(p.annual.Amount, 1, seats), Currency: cur}
	p.unusedCost = models.Money{Amount: mulDivRound(p.annual.Amount, p.unused, seats), Currency: cur}
	return p
}

// buildCompliance builds the licence-compliance report.
func buildCompliance(ctx context.Context, st *models.Store, r Report, p Params) (*Table, error) {
	filter := models.ComplianceFilter{PublisherID: p.VendorID, BudgetLineID: p.BudgetLineID}
	t := &Table{
		Name:  r.Name,
		Title: fmt.Sprintf("Licence compliance as of %s", p.AsOf),
		Columns: []Column{
			{Key: "licence_id", Title: "Licence id", Type: Integer},
			{Key: "product", Title: "Product", Type: Text},
			{Key: "publisher", Title: "Publisher", Type: Text},
			{Key: "metric", Title: "Metric", Type: Text},
			{Key: "seats_bought", Title: "Seats bought", Type: Integer},
			{Key: "seats_assigned", Title: "Seats assigned", Type: Integer},
			{Key: "over_assigned", Title: "Over-assigned", Type: Integer},
			{Key: "unused", Title: "Unused seats", Type: Integer},
			{Key: "annual_cost", Title: "Cost per year", Type: MoneyCol},
			{Key: "cost_per_seat", Title: "Cost per seat per year", Type: MoneyCol, NoTotal: true},
			{Key: "unused_cost", Title: "Unused seats cost per year", Type: MoneyCol},
			{Key: "end_date", Title: "End date", Type: DateCol},
			{Key: "budget_line", Title: "Budget line", Type: Text},
		},
		Params: p.TableParams(r),
		Notes: []string{
			"Seats assigned counts the licence's seat assignments (to a device or a person) as they stand in the register. Seats bought is blank for an " +
				"unlimited licence, which is never over-assigned and has no unused seats.",
			"Over-assigned = assigned - bought when positive: a compliance risk; such rows are flagged over_assigned. Unused = bought - assigned when positive.",
			"Cost per year: a monthly cost × 12, an annual cost as is; a one-off cost has no yearly cost, so its per-seat and unused costs are blank.",
			"Cost per seat per year = cost per year / seats bought; unused seats cost per year = unused × cost per year / seats bought. Each is rounded " +
				"once, half away from zero, to the minor unit (1,000.00 a year for 3 seats, 2 unused: 333.33 per seat, 666.67 unused).",
			"Sorted by over-assigned seats (most first), then unused seats cost per year (highest amount first, compared in minor units whatever the " +
				"currency), then licence id.",
			"Every licence is listed whatever its end date; the end date shows which have ended.",
		},
		GeneratedAt: st.Now().UTC(),
	}
	lay := newLayout(t.Columns)
	t.Rows = func(yield func(Row, error) bool) {
		stopped := false
		err := st.EachLicenceCompliance(ctx, filter, func(l *models.LicenceCompliance) error {
			pos := seatsOf(l)
			var bought, unused any
			if l.Seats != nil {
				bought, unused = *l.Seats, pos.unused
			}
			line := ""
			if l.BudgetLineCode != "" {
				line = budgetLineLabel(l.BudgetLineCode, l.BudgetLineYear)
			}
			row := lay.row(
				col("licence_id", l.ID),
				col("product", l.Product),
				col("publisher", l.Publisher),
				col("metric", l.Metric),
				col("seats_bought", bought),
				col("seats_assigned", l.Assigned),
				col("over_assigned", pos.over),
				col("unused", unused),
				col("annual_cost", pos.annual),
				col("cost_per_seat", pos.perSeat),
				col("unused_cost", pos.unusedCost),
				col("end_date", l.EndDate),
				col("budget_line", line),
			)
			if pos.over > 0 {
				row.Flag = "over_assigned"
			}
			if !yield(row, nil) {
				stopped = true
				return models.ErrStopStream
			}
			return nil
		})
		if err != nil && !stopped {
			yield(Row{}, err)
		}
	}
	return t, nil
}
