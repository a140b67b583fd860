package reports

import (
	"context"

	"itreg/models"
)

// VendorYear is what the organisation spends with one vendor in one fiscal year, per currency,
// counted as the budget report counts spend: devices bought in the year and the licence and
// contract charges the year schedules (scheduleCharges), spent when dated on or before as_of
// and forecast after it.
type VendorYear struct {
	FiscalYear       int
	First, Last      models.Date // the fiscal year's first and last days
	Spent, Forecast  []models.Money
	Devices          int64 // devices bought from the vendor in the year
	Licences, Covers int   // licences and contracts with a charge in the year
}

// VendorSpend returns the vendor's spend in each of the fiscal years (models.SpendScope says
// which records count as paid to it).
func VendorSpend(ctx context.Context, st *models.Store, vendorID int64, years []int, fyStart int, asOf models.Date) ([]VendorYear, error) {
	scope := models.SpendScope{VendorID: vendorID}
	out := make([]VendorYear, 0, len(years))
	for _, fy := range years {
		y := VendorYear{FiscalYear: fy}
		y.First, y.Last = models.FiscalYearBounds(fy, fyStart)
		spent, forecast := models.Totals{}, models.Totals{}
		book := func(on models.Date, m models.Money) bool {
			if m.IsZero() || on.Before(y.First) || on.After(y.Last) {
				return false
			}
			if on.After(asOf) {
				forecast.Add(m)
			} else {
				spent.Add(m)
			}
			return true
		}
		err := st.EachPurchaseDay(ctx, y.First, y.Last, scope, func(pd models.PurchaseDay) error {
			if book(pd.Date, pd.Cost) {
				y.Devices += pd.Devices
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		err = st.EachCostItem(ctx, y.First, y.Last, asOf, scope, func(it models.CostItem) error {
			charged := false
			scheduleCharges(it, asOf, y.First, y.Last, func(on models.Date, _ bool) {
				charged = book(on, it.Cost) || charged
			})
			switch {
			case !charged:
			case it.Kind == "licence":
				y.Licences++
			default:
				y.Covers++
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		y.Spent, y.Forecast = spent.List(), forecast.List()
		out = append(out, y)
	}
	return out, nil
}
