package reports

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func TestLicenceComplianceReport(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		r := newFinRegister(t, st)
		ms, adobe := r.vendor("Microsoft"), r.vendor("Adobe")
		sw := r.line("SW-27", "Software", 2027, "opex", "5000.00 GBP")
		seats := func(n int64) *int64 { return &n }
		office := r.licence(models.Licence{Product: "Office", PublisherID: &ms, Seats: seats(3),
			Cost: finMoney("1000.00 GBP"), BillingPeriod: "annual", EndDate: finDate("2027-03-31"), BudgetLineID: sw})
		r.seats(office, 1)
		acrobat := r.licence(models.Licence{Product: "Acrobat", PublisherID: &adobe, Seats: seats(2),
			Cost: finMoney("15.50 USD"), BillingPeriod: "monthly"})
		r.seats(acrobat, 4)
		visio := r.licence(models.Licence{Product: "Visio", Type: "perpetual", PublisherID: &ms, Seats: seats(5),
			Cost: finMoney("300.00 GBP"), BillingPeriod: "one_off"})
		rooms := r.licence(models.Licence{Product: "Teams Rooms", Metric: "site", PublisherID: &ms,
			Cost: finMoney("500.00 GBP"), BillingPeriod: "annual"})
		r.seats(rooms, 7)
		project := r.licence(models.Licence{Product: "Project", PublisherID: &ms, Seats: seats(7),
			Cost: finMoney("10.05 GBP"), BillingPeriod: "monthly"})
		r.seats(project, 4)
		zero := r.licence(models.Licence{Product: "=Zero seats", PublisherID: &adobe, Seats: seats(0),
			Cost: finMoney("100.00 GBP"), BillingPeriod: "annual"})
		r.seats(zero, 1)

		// Columns: id|product|publisher|metric|bought|assigned|over|unused|cost per year|
		// per seat|unused cost|end date|budget line. Sorted by over-assigned desc, unused
		// cost desc (minor units), id.
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		want := []string{
			// 4 assigned of 2: over by 2. 15.50 x 12 = 186.00 a year, 93.00 a seat, no unused.
			id(acrobat) + "|Acrobat|Adobe|per_user|2|4|2|0|186.00 USD|93.00 USD|0.00 USD|||!over_assigned",
			// 1 assigned of 0 seats: over by 1; no seats to share the cost, so no per-seat cost.
			id(zero) + "|=Zero seats|Adobe|per_user|0|1|1|0|100.00 GBP|||||!over_assigned",
			// 1 of 3: 2 unused. 1000.00 / 3 = 333.333 -> 333.33 a seat; unused 2 x 1000.00 / 3
			// = 666.667 -> 666.67 (rounded once, not 2 x 333.33).
			id(office) + "|Office|Microsoft|per_user|3|1|0|2|1000.00 GBP|333.33 GBP|666.67 GBP|2027-03-31|SW-27 (FY2027)",
			// 4 of 7: 3 unused. 10.05 x 12 = 120.60; / 7 = 17.2286 -> 17.23; 3 x 120.60 / 7 =
			// 51.6857 -> 51.69.
			id(project) + "|Project|Microsoft|per_user|7|4|0|3|120.60 GBP|17.23 GBP|51.69 GBP||",
			// One-off: no yearly cost, so its 5 unused seats cost nothing a year.
			id(visio) + "|Visio|Microsoft|per_user|5|0|0|5|||||",
			// Unlimited: never over-assigned, no unused seats, no per-seat cost.
			id(rooms) + "|Teams Rooms|Microsoft|site||7|0||500.00 GBP||||",
		}
		tbl := opsBuild(t, st, "licence-compliance", url.Values{}, 1)
		if tbl.Title != "Licence compliance as of 2026-11-22" {
			t.Errorf("title = %q", tbl.Title)
		}
		opsCheckRows(t, finRows(t, tbl), want)

		t.Run("publisher filter", func(t *testing.T) {
			got := finRows(t, opsBuild(t, st, "licence-compliance", url.Values{"vendor_id": {id(adobe)}}, 1))
			opsCheckRows(t, got, want[:2])
		})
		t.Run("budget line filter", func(t *testing.T) {
			got := finRows(t, opsBuild(t, st, "licence-compliance", url.Values{"budget_line_id": {id(*sw)}}, 1))
			opsCheckRows(t, got, want[2:3])
		})
		t.Run("csv neutralises formulas", func(t *testing.T) {
			out := string(render(t, opsBuild(t, st, "licence-compliance", url.Values{}, 1), "csv"))
			if want := ",'=Zero seats,"; !strings.Contains(out, want) {
				t.Errorf("csv has no %q:\n%s", want, out)
			}
		})
	})
}

func TestLicenceComplianceLargeAmounts(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		r := newFinRegister(t, st)
		seats := int64(2_000_000_000)
		// 1,000,000,000.00 GBP (the largest amount) a month for two billion seats, none
		// assigned: the sort key's product (seats x cost x 12 = 2.4e21) is far beyond a
		// BIGINT, yet the report builds; the yearly cost is 12 x 1e11 = 1.2e12 minor units,
		// 600 (6.00) a seat, all of it unused.
		big := r.licence(models.Licence{Product: "Huge", Seats: &seats,
			Cost: models.Money{Amount: models.MaxMinorAmount, Currency: "GBP"}, BillingPeriod: "monthly"})
		small := r.licence(models.Licence{Product: "Small", Seats: &seats,
			Cost: finMoney("1.00 GBP"), BillingPeriod: "annual"})
		got := finRows(t, opsBuild(t, st, "licence-compliance", url.Values{}, 1))
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		want := []string{
			id(big) + "|Huge||per_user|2000000000|0|0|2000000000|12000000000.00 GBP|6.00 GBP|12000000000.00 GBP||",
			// 1.00 / two billion seats rounds to 0.00 a seat; all unused: 1.00.
			id(small) + "|Small||per_user|2000000000|0|0|2000000000|1.00 GBP|0.00 GBP|1.00 GBP||",
		}
		opsCheckRows(t, got, want)
	})
}
