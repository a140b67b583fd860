package reports

import (
	"context"
	"fmt"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestVendorSpend works out a vendor's spend per fiscal year (calendar years, as of 22 Nov 2026)
// by hand: what is paid to the vendor counts (a device's supplier, or its manufacturer when it
// has no supplier; a licence's supplier, or its publisher; a contract's provider), each
// charge dated as the budget report dates it, spent up to as_of and forecast after.
func TestVendorSpend(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		r := newFinRegister(t, st)
		a, b := r.vendor("Acme"), r.vendor("Other")
		ids := []int64{
			r.device("laptop", "deployed", "2026-03-10", "1000.00 GBP", nil, 0), // supplied by Acme
			r.device("laptop", "deployed", "2025-06-01", "500.00 GBP", nil, 0),  // made by Acme, no supplier
			r.device("laptop", "deployed", "2026-04-01", "9999.00 GBP", nil, 0), // made by Acme, supplied by Other
		}
		set := func(id int64, supplier, maker *int64) {
			d, err := st.GetDevice(context.Background(), id)
			r.must(err)
			_, err = st.UpdateDevice(context.Background(), id, d.Version, func(d *models.Device) error {
				d.SupplierID, d.ManufacturerID = supplier, maker
				return nil
			})
			r.must(err)
		}
		set(ids[0], &a, nil)
		set(ids[1], nil, &a)
		set(ids[2], &b, &a)
		// Billed annually from 1 Feb 2026, not auto-renewing but in force: renews on 1 Feb 2027.
		r.licence(models.Licence{Product: "CAD", SupplierID: &a, PublisherID: &b, BillingPeriod: models.BillingAnnual,
			StartDate: finDate("2026-02-01"), EndDate: finDate("2027-01-31"), Cost: finMoney("1200.00 GBP")})
		r.licence(models.Licence{Product: "Not Acme's", PublisherID: &a, SupplierID: &b, BillingPeriod: models.BillingAnnual,
			StartDate: finDate("2026-02-01"), EndDate: finDate("2027-01-31"), Cost: finMoney("7777.00 GBP")})
		// Charged on its start, after as_of; renews on 15 Dec 2027.
		r.warranty(models.Warranty{Kind: "support", ProviderID: &a, StartDate: finDate("2026-12-15"), EndDate: finDate("2027-12-14"),
			Cost: finMoney("300.00 EUR")})
		r.warranty(models.Warranty{Kind: "support", ProviderID: &b, StartDate: finDate("2026-12-15"), EndDate: finDate("2027-12-14"),
			Cost: finMoney("50.00 EUR")})

		got, err := VendorSpend(context.Background(), st, a, []int{2025, 2026, 2027}, 1, models.MustDate("2026-11-22"))
		r.must(err)
		want := []string{
			"FY2025 2025-01-01..2025-12-31 spent [500.00 GBP] forecast [] devices 1 licences 0 contracts 0",
			"FY2026 2026-01-01..2026-12-31 spent [2200.00 GBP] forecast [300.00 EUR] devices 1 licences 1 contracts 1",
			"FY2027 2027-01-01..2027-12-31 spent [] forecast [300.00 EUR 1200.00 GBP] devices 0 licences 1 contracts 1",
		}
		if len(got) != len(want) {
			t.Fatalf("%d years, want %d", len(got), len(want))
		}
		for i, y := range got {
			line := fmt.Sprintf("FY%d %s..%s spent %v forecast %v devices %d licences %d contracts %d",
				y.FiscalYear, y.First, y.Last, y.Spent, y.Forecast, y.Devices, y.Licences, y.Covers)
			if line != want[i] {
				t.Errorf("got  %s\nwant %s", line, want[i])
			}
		}
	})
}
