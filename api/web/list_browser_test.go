package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"itreg/api/web/webtest"
	"itreg/models"
)

// mustRegister stores a small register of every listed kind, so the list pages look as they
// would in use: vendors, budget lines, devices with references, licences and warranties.
func mustRegister(tb testing.TB, st *models.Store) {
	tb.Helper()
	ctx := models.WithActor(context.Background(), "test")
	must := func(what string, err error) {
		if err != nil {
			tb.Fatalf("create %s: %v", what, err)
		}
	}
	dell := &models.Vendor{Name: "Dell Technologies", Roles: models.StringList{"manufacturer"}, Website: "https://dell.com",
		SupportEmail: "support@dell.example"}
	must("vendor", st.CreateVendor(ctx, dell))
	cdw := &models.Vendor{Name: "CDW UK", Roles: models.StringList{"supplier", "reseller"}, AccountNumber: "CDW-4411"}
	must("vendor", st.CreateVendor(ctx, cdw))
	ms := &models.Vendor{Name: "Microsoft", Roles: models.StringList{"manufacturer", "service_provider"}}
	must("vendor", st.CreateVendor(ctx, ms))
	bl := &models.BudgetLine{Code: "IT-HW-26", Name: "End-user hardware", FiscalYear: 2026, Category: "capex", CostCentre: "CC-IT",
		Owner: "Ana Lima", Allocated: models.Money{Amount: 12000000, Currency: "GBP"}}
	must("budget line", st.CreateBudgetLine(ctx, bl))
	must("budget line", st.CreateBudgetLine(ctx, &models.BudgetLine{Code: "IT-SW-26", Name: "Software subscriptions", FiscalYear: 2026,
		Category: "opex", Owner: "Sam Reid", Allocated: models.Money{Amount: 8500000, Currency: "GBP"}}))
	people := []string{"Ana Lima", "Sam Reid", "Priya Shah", "Tom Berg", ""}
	for i := range 14 {
		tag := fmt.Sprintf("LT-%04d", 1001+i)
		serial := fmt.Sprintf("5CG%06d", 310000+i*37)
		d := &models.Device{AssetTag: &tag, SerialNumber: &serial, Hostname: fmt.Sprintf("lon-lt-%03d", 1+i), Category: "laptop",
			ManufacturerID: &dell.ID, SupplierID: &cdw.ID, BudgetLineID: &bl.ID, Model: "Latitude 7440", Status: models.StatusDeployed,
			AssignedTo: people[i%len(people)], Department: "Finance", Location: "London",
			PurchaseDate: models.Date{Year: 2023, Month: 3, Day: 1 + i}, PurchaseCost: models.Money{Amount: 129900, Currency: "GBP"}}
		if i%4 == 3 {
			d.Status, d.AssignedTo, d.Location = models.StatusInStock, "", "Leeds store room"
		}
		must("device", st.CreateDevice(ctx, d))
		if i%3 == 0 {
			ref := fmt.Sprintf("DELL-PS-%d", 7700+i)
			must("warranty", st.CreateWarranty(ctx, &models.Warranty{ProviderID: &dell.ID, Kind: "manufacturer", Reference: &ref,
				ServiceLevel: "ProSupport NBD", StartDate: d.PurchaseDate, EndDate: models.Date{Year: 2026, Month: 3, Day: 1 + i},
				Cost: models.Money{Amount: 8900, Currency: "GBP"}, DeviceIDs: []int64{d.ID}}))
		}
	}
	seats := int64(250)
	ref := "EA-88120"
	must("licence", st.CreateLicence(ctx, &models.Licence{Product: "Microsoft 365 E3", PublisherID: &ms.ID, SupplierID: &cdw.ID,
		Reference: &ref, Type: "subscription", Metric: "per_user", Seats: &seats, Key: "SECRET-KEY-NEVER-LISTED",
		StartDate: models.Date{Year: 2025, Month: 7, Day: 1}, EndDate: models.Date{Year: 2026, Month: 6, Day: 30}, NoticeDays: 60,
		Cost: models.Money{Amount: 8460000, Currency: "GBP"}, BillingPeriod: models.BillingAnnual}))
	must("licence", st.CreateLicence(ctx, &models.Licence{Product: "Visio Plan 2", PublisherID: &ms.ID, Type: "perpetual",
		Metric: "per_device", Cost: models.Money{Amount: 42000, Currency: "GBP"}, BillingPeriod: models.BillingOneOff}))
}

// TestBrowserLists walks the device list in Chromium: filter, sort, page, save a view and find
// it in a second browser, bulk edit two devices. It photographs every list page.
func TestBrowserLists(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		mustRegister(t, srv.Store)
		srv.MustUser(t, "ana@example.com", "Ana Lima", models.RoleEditor)
		b := webtest.MustBrowser(t)
		shots := strings.HasSuffix(t.Name(), "/sqlite")
		b.SignIn(srv.URL, "ana@example.com", webtest.Password)

		b.Open(srv.URL + "/devices?limit=5")
		if got := b.Text("#list-total strong"); got != "14" {
			t.Fatalf("total %q, want 14", got)
		}
		webtest.Eval[string](b, `document.querySelector("#f-status").value = "deployed"`)
		// Filtering, sorting and paging swap the list in place (htmx) and keep the state in the URL.
		webtest.Eval[bool](b, `window.loadedOnce = true`)
		b.Swap("#apply-filters")
		if got := b.Text("#list-total strong"); got != "11" {
			t.Errorf("filtered total %q, want 11", got)
		}
		if loc := b.Location(); !strings.Contains(loc, "status=deployed") {
			t.Errorf("the address bar says %s after filtering", loc)
		}
		b.Swap(`a.sort[data-sort="hostname"]`)
		b.Swap(`a.sort[data-sort="hostname"]`)
		if first := b.Text("table.list-table tbody tr:first-child td:nth-child(4)"); first != "lon-lt-014" {
			t.Errorf("sorted descending by hostname, the first row says %q", first)
		}
		b.Swap("#next-page")
		if got := b.Text("#list-range"); got != "Showing 6–10 of 11" {
			t.Errorf("second page says %q", got)
		}
		if !webtest.Eval[bool](b, `window.loadedOnce === true`) {
			t.Error("filtering, sorting or paging loaded the whole page again")
		}
		if loc := b.Location(); !strings.Contains(loc, "sort=-hostname") || !strings.Contains(loc, "cursor=") {
			t.Errorf("the address bar says %s on the second page", loc)
		}
		// An error answer to a swap is shown, as a plain link would show it.
		webtest.Eval[bool](b, `(function () {
			var nav = document.querySelector("nav.pager"), a = document.createElement("a");
			a.id = "bad-page"; a.href = "/devices?cursor=not-a-cursor"; a.textContent = "bad";
			nav.appendChild(a); htmx.process(nav); return true;
		})()`)
		b.Swap("#bad-page")
		if h := b.Text("#main h1"); h == "" || strings.Contains(h, "Devices") {
			t.Errorf("a bad cursor shows %q", h)
		}
		if shots {
			b.Open(srv.URL + "/devices")
			b.Screenshots("list-devices")
			for _, p := range []string{"licences", "warranties", "vendors", "budget-lines"} {
				b.Open(srv.URL + "/" + p)
				b.Screenshots("list-" + p)
			}
		}
		b.Open(srv.URL + "/devices?status=deployed&sort=-hostname&limit=5")

		webtest.Eval[bool](b, `document.querySelector("#views").open = true`)
		b.Fill("#view-name", "Deployed laptops")
		webtest.Eval[bool](b, `document.querySelector("#view-shared").checked = true`)
		b.Submit("#save-view")
		if got := b.Text(".flash"); !strings.Contains(got, "Deployed laptops") {
			t.Errorf("after saving the view the page says %q", got)
		}
		other := webtest.MustBrowser(t)
		other.SignIn(srv.URL, "ana@example.com", webtest.Password)
		other.Open(srv.URL + "/devices")
		webtest.Eval[bool](other, `document.querySelector("#views").open = true`)
		if got := other.Text("a.saved-view"); got != "Deployed laptops" {
			t.Fatalf("the second browser lists the view %q", got)
		}
		other.Click("a.saved-view")
		if got := other.Text("#list-total strong"); got != "11" {
			t.Errorf("the saved view lists %q devices, want 11", got)
		}

		webtest.Eval[bool](b, `(document.querySelectorAll("input[name=id]")[0].click(), document.querySelectorAll("input[name=id]")[1].click(), true)`)
		b.Fill("#set-location", "Manchester")
		b.Submit("#bulk-preview")
		if got := b.Text("#bulk-count strong"); got != "2" {
			t.Fatalf("the preview says %q devices change", got)
		}
		if shots {
			b.Screenshots("list-bulk-preview")
		}
		b.Submit("#bulk-apply")
		if got := b.Text(".flash"); !strings.Contains(got, "Changed 2 of 2") {
			t.Errorf("after the bulk edit the page says %q", got)
		}
		b.Open(srv.URL + "/devices?location=manchester")
		if got := b.Text("#list-total strong"); got != "2" {
			t.Errorf("%s devices in Manchester, want 2", got)
		}
	})
}
