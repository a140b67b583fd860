package reports

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"itreg/models"
)

// opsRegister is the small register the end-of-life, renewals and warranty-coverage tests
// share. Reports run as of modeltest.Clock, 2026-11-22. Devices (category lifetimes: laptop
// 48 months, server 60, phone 36, monitor 72, desktop 60):
//
//	LAP-1  laptop   Finance     deployed  bought 2022-02-28  GBP 1200.00  hostname "=SUM(1,2)", assignee "@alice"
//	LAP-2  laptop   Finance     deployed  bought 2020-02-29 (a leap day), own lifetime 84 months, EUR 900.00
//	SRV-1  server   IT          in_repair bought 2023-01-15, end of support 2027-03-31, GBP 5000.00
//	DSK-1  desktop  IT          retired   bought 2019-01-01 (out of service: never reported)
//	PHN-1  phone    Sales       deployed  bought 2024-11-22, no cost
//	PHN-2  phone    Sales       deployed  bought 2024-11-21, no cost
//	MON-1  monitor  IT          in_stock  no purchase date, no end of support
//	LAP-4  laptop   Operations  ordered   bought 2022-11-22, GBP 1000.00
//
// Warranties: W1 manufacturer on LAP-1 2022-02-28..2025-02-28; W2 support (Acme Support,
// "SUP-2 Gold") on SRV-1 2026-01-01..2027-01-31, notice 30, GBP 2000.00; W3 extended on
// LAP-4 2026-12-01..2029-11-30; W4 manufacturer on PHN-2 ..2026-12-15 (no cost); W5 extended
// (Acme Support) on PHN-2 ..2027-06-30; W6 extended on DSK-1 only ..2027-01-15; W7 support
// covering no device ..2027-02-01, notice 90, USD 500.00, auto-renew.
//
// Licences: L1 "Office 365" (publisher Microsoft, supplier Reseller Ltd) monthly GBP 12.50,
// ends 2027-01-31, notice 30, 10 seats of which 3 assigned, auto-renew; L2 "Creative Cloud"
// (publisher Adobe) annual EUR 600.00, ends 2026-12-10, notice 60, unlimited seats, 1
// assigned; L3 "Perpetual Tool" one_off GBP 300.00 ends 2027-02-20, notice 0; L4 ends
// 2027-02-21; L5 ended 2026-11-21; L6 has no end date.
type opsRegister struct {
	vendors  map[string]int64
	devices  map[string]int64
	licences map[string]int64
}

// newOpsRegister creates the register through the store's methods.
func newOpsRegister(t *testing.T, st *models.Store) *opsRegister {
	t.Helper()
	ctx := context.Background()
	r := &opsRegister{vendors: map[string]int64{}, devices: map[string]int64{}, licences: map[string]int64{}}
	for _, name := range []string{"Dell", "Microsoft", "Reseller Ltd", "Adobe", "Acme Support"} {
		v := &models.Vendor{Name: name, Roles: models.StringList{"manufacturer", "supplier", "service_provider"}}
		if err := st.CreateVendor(ctx, v); err != nil {
			t.Fatalf("vendor %s: %v", name, err)
		}
		r.vendors[name] = v.ID
	}
	bl := &models.BudgetLine{Code: "IT-HW", Name: "Hardware", FiscalYear: 2027, Category: "capex", Allocated: opsMoney("100000.00 GBP")}
	if err := st.CreateBudgetLine(ctx, bl); err != nil {
		t.Fatalf("budget line: %v", err)
	}
	sw := &models.BudgetLine{Code: "IT-SW", Name: "Software", FiscalYear: 2027, Category: "opex", Allocated: opsMoney("50000.00 GBP")}
	if err := st.CreateBudgetLine(ctx, sw); err != nil {
		t.Fatalf("budget line: %v", err)
	}
	dell := r.vendors["Dell"]
	lifetime84 := 84
	devices := []models.Device{
		{AssetTag: ptr("LAP-1"), SerialNumber: ptr("S1"), Hostname: "=SUM(1,2)", AssignedTo: "@alice", Category: "laptop", Status: "deployed",
			Department: "Finance", Model: "Latitude " +
				"5420", ManufacturerID: &dell, PurchaseDate: models.MustDate("2022-02-28"), PurchaseCost: opsMoney("1200.00 GBP"), BudgetLineID: &bl.ID},
		{AssetTag: ptr("LAP-2"), Category: "laptop", Status: "deployed", Department: "Finance", PurchaseDate: models.MustDate("2020-02-29"),
			LifetimeMonths: &lifetime84, PurchaseCost: opsMoney("900.00 EUR")},
		{AssetTag: ptr("SRV-1"), Category: "server", Status: "in_repair", Department: "IT", PurchaseDate: models.MustDate("2023-01-15"),
			EOLDate: models.MustDate("2027-03-31"), PurchaseCost: opsMoney("5000.00 GBP")},
		{AssetTag: ptr("DSK-1"), Category: "desktop", Status: "retired", Department: "IT", PurchaseDate: models.MustDate("2019-01-01")},
		{AssetTag: ptr("PHN-1"), Category: "phone", Status: "deployed", Department: "Sales", PurchaseDate: models.MustDate("2024-11-22")},
		{AssetTag: ptr("PHN-2"), Category: "phone", Status: "deployed", Department: "Sales", PurchaseDate: models.MustDate("2024-11-21")},
		{AssetTag: ptr("MON-1"), Category: "monitor", Status: "in_stock", Department: "IT"},
		{AssetTag: ptr("LAP-4"), Category: "laptop", Status: "ordered", Department: "Operations", PurchaseDate: models.MustDate("2022-11-22"),
			PurchaseCost: opsMoney("1000.00 GBP")},
	}
	for i := range devices {
		d := &devices[i]
		if err := st.CreateDevice(ctx, d); err != nil {
			t.Fatalf("device %s: %v", *d.AssetTag, err)
		}
		r.devices[*d.AssetTag] = d.ID
	}
	acme := r.vendors["Acme Support"]
	warranties := []models.Warranty{
		{Kind: "manufacturer", ProviderID: &dell, StartDate: models.MustDate("2022-02-28"), EndDate: models.MustDate("2025-02-28"),
			DeviceIDs: []int64{r.devices["LAP-1"]}},
		{Kind: "support", ProviderID: &acme, Reference: ptr("SUP-2"), ServiceLevel: "Gold", StartDate: models.MustDate("2026-01-01"),
			EndDate: models.MustDate("2027-01-31"), NoticeDays: 30, Cost: opsMoney("2000.00 GBP"), BudgetLineID: &sw.ID, DeviceIDs: []int64{r.devices["SRV-1"]}},
		{Kind: "extended", ProviderID: &dell, StartDate: models.MustDate("2026-12-01"), EndDate: models.MustDate("2029-11-30"),
			DeviceIDs: []int64{r.devices["LAP-4"]}},
		{Kind: "manufacturer", ProviderID: &dell, EndDate: models.MustDate("2026-12-15"), DeviceIDs: []int64{r.devices["PHN-2"]}},
		{Kind: "extended", ProviderID: &acme, EndDate: models.MustDate("2027-06-30"), DeviceIDs: []int64{r.devices["PHN-2"]}},
		{Kind: "extended", ProviderID: &dell, EndDate: models.MustDate("2027-01-15"), DeviceIDs: []int64{r.devices["DSK-1"]}},
		{Kind: "support", ProviderID: &acme, Reference: ptr("SITE-7"), EndDate: models.MustDate("2027-02-01"), NoticeDays: 90, Cost: opsMoney("500.00 USD"),
			AutoRenew: true},
	}
	for i := range warranties {
		if err := st.CreateWarranty(ctx, &warranties[i]); err != nil {
			t.Fatalf("warranty %d: %v", i+1, err)
		}
	}
	ms, adobe, reseller := r.vendors["Microsoft"], r.vendors["Adobe"], r.vendors["Reseller Ltd"]
	ten := int64(10)
	licences := []struct {
		key   string
		l     models.Licence
		seats int
	}{
		{"L1", models.Licence{Product: "Office 365", Reference: ptr("EA-1"), PublisherID: &ms, SupplierID: &reseller, Type: "subscription",
			Metric: "per_user", Seats: &ten, EndDate: models.MustDate("2027-01-31"), NoticeDays: 30, Cost: opsMoney("12.50 " +
				"GBP"), BillingPeriod: "monthly", AutoRenew: true, BudgetLineID: &sw.ID}, 3},
		{"L2", models.Licence{Product: "Creative Cloud", PublisherID: &adobe, Type: "subscription", Metric: "per_user",
			EndDate: models.MustDate("2026-12-10"), NoticeDays: 60, Cost: opsMoney("600.00 EUR"), BillingPeriod: "annual"}, 1},
		{"L3", models.Licence{Product: "Perpetual Tool", Type: "perpetual", Metric: "site", EndDate: models.MustDate("2027-02-20"),
			Cost: opsMoney("300.00 GBP"), BillingPeriod: "one_off"}, 0},
		{"L4", models.Licence{Product: "Later Tool", Type: "subscription", Metric: "site", EndDate: models.MustDate("2027-02-21")}, 0},
		{"L5", models.Licence{Product: "Ended Tool", Type: "subscription", Metric: "site", EndDate: models.MustDate("2026-11-21")}, 0},
		{"L6", models.Licence{Product: "Open Ended", Type: "subscription", Metric: "site"}, 0},
	}
	for _, x := range licences {
		l := x.l
		if err := st.CreateLicence(ctx, &l); err != nil {
			t.Fatalf("licence %s: %v", x.key, err)
		}
		r.licences[x.key] = l.ID
		for i := range x.seats {
			if err := st.CreateSeat(ctx, &models.LicenceSeat{LicenceID: l.ID, Assignee: fmt.Sprintf("user%d@example.com", i+1)}); err != nil {
				t.Fatalf("seat of %s: %v", x.key, err)
			}
		}
	}
	return r
}

// opsMoney parses "1200.00 GBP".
func opsMoney(s string) models.Money {
	amount, code, _ := strings.Cut(s, " ")
	m, err := models.ParseMoney(amount, code)
	if err != nil {
		panic(err)
	}
	return m
}

// opsBuild builds a registered report with the query over the test clock's day.
func opsBuild(t *testing.T, st *models.Store, name string, q url.Values, fyStart int) *Table {
	t.Helper()
	r, ok := Lookup(name)
	if !ok {
		t.Fatalf("report %s not registered", name)
	}
	p, err := ParseParams(r, q, Params{AsOf: st.Today(), Currency: "GBP", FiscalYearStart: fyStart})
	if err != nil {
		t.Fatalf("params: %v", err)
	}
	tbl, err := r.Build(context.Background(), st, p)
	if err != nil {
		t.Fatalf("build %s: %v", name, err)
	}
	return tbl
}

// opsRows collects a table's rows as text, one line a row: cells joined by " | " (dates
// YYYY-MM-DD, money "1200.00 GBP", percent with four decimals, blank for nil), a leading "S "
// for subtotal rows and the flag in brackets at the end.
func opsRows(t *testing.T, tbl *Table) []string {
	t.Helper()
	rows, err := tbl.Collect()
	if err != nil {
		t.Fatalf("rows: %v", err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		cells := make([]string, len(tbl.Columns))
		for j := range cells {
			if j >= len(r.Cells) || r.Cells[j] == nil {
				continue
			}
			switch v := r.Cells[j].(type) {
			case float64:
				cells[j] = fmt.Sprintf("%.4f", v)
			default:
				cells[j] = fmt.Sprint(v)
			}
		}
		line := strings.Join(cells, " | ")
		if r.Subtotal {
			line = "S " + line
		}
		if r.Flag != "" {
			line += " [" + r.Flag + "]"
		}
		out[i] = line
	}
	return out
}

// opsCheckRows compares rows line by line and shows both lists on a mismatch.
func opsCheckRows(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") == strings.Join(want, "\n") {
		return
	}
	t.Errorf("rows differ\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
}
