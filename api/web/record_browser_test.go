package web_test

import (
	"context"
	"strings"
	"testing"

	"itreg/api/web/webtest"
	"itreg/models"
)

// recordRegister loads a small, realistic register through the store: vendors, a budget line,
// a covered laptop and a licence with seats, for the record pages' browser test and screenshots.
func recordRegister(t *testing.T, st *models.Store) (deviceID, licenceID, warrantyID, vendorID, lineID int64) {
	t.Helper()
	ctx := models.WithActor(context.Background(), "ana@example.com")
	dell := &models.Vendor{Name: "Dell Technologies", Roles: models.StringList{"manufacturer", "supplier"}, Website: "https://dell.example",
		SupportEmail: "support@dell.example", AccountNumber: "ACC-88213"}
	ms := &models.Vendor{Name: "Microsoft", Roles: models.StringList{"manufacturer"}}
	must(t, st.CreateVendor(ctx, dell))
	must(t, st.CreateVendor(ctx, ms))
	line := &models.BudgetLine{Code: "IT-HW-26", Name: "End-user hardware", FiscalYear: 2026, Category: "capex", Owner: "Ana Lima",
		Allocated: models.Money{Amount: 12000000, Currency: "GBP"}}
	must(t, st.CreateBudgetLine(ctx, line))
	d := &models.Device{AssetTag: models.StrPtr("LT-00421"), SerialNumber: models.StrPtr("5CG1234XYZ"), Hostname: "lt-00421.corp",
		Category: "laptop", Status: "deployed", ManufacturerID: &dell.ID, Model: "Latitude 7440", AssignedTo: "Priya Shah",
		Department: "Finance", Location: "Leeds, 3rd floor", PurchaseDate: models.MustDate("2023-04-03"),
		PurchaseCost: models.Money{Amount: 149900, Currency: "GBP"}, SupplierID: &dell.ID, OrderNumber: "PO-2023-0117",
		BudgetLineID: &line.ID, Record: models.Record{Notes: "Docking station issued with it."}}
	must(t, st.CreateDevice(ctx, d))
	for _, tag := range []string{"LT-00422", "LT-00423"} {
		must(t, st.CreateDevice(ctx, &models.Device{AssetTag: models.StrPtr(tag), Category: "laptop", Status: "deployed", ManufacturerID: &dell.ID,
			Model: "Latitude 7440", SupplierID: &dell.ID, PurchaseDate: models.MustDate("2024-02-01"), BudgetLineID: &line.ID,
			PurchaseCost: models.Money{Amount: 139900, Currency: "GBP"}}))
	}
	w := &models.Warranty{Kind: "manufacturer", ProviderID: &dell.ID, Reference: models.StrPtr("DW-778120"), ServiceLevel: "NBD on-site",
		StartDate: models.MustDate("2023-04-03"), EndDate: models.MustDate("2025-04-02"), DeviceIDs: []int64{d.ID}}
	must(t, st.CreateWarranty(ctx, w))
	ext := &models.Warranty{Kind: "extended", ProviderID: &dell.ID, Reference: models.StrPtr("DX-100"), ServiceLevel: "4h on-site",
		StartDate: models.MustDate("2025-06-01"), EndDate: models.MustDate("2028-04-02"), DeviceIDs: []int64{d.ID},
		Cost: models.Money{Amount: 21000, Currency: "GBP"}, BudgetLineID: &line.ID, NoticeDays: 60}
	must(t, st.CreateWarranty(ctx, ext))
	l := &models.Licence{Product: "Microsoft 365 E3", PublisherID: &ms.ID, Reference: models.StrPtr("EA-5521"), Type: "subscription",
		Metric: "per_user", Seats: func() *int64 { n := int64(25); return &n }(), Key: "M365-XXXX-YYYY-ZZZZ-4821",
		StartDate: models.MustDate("2025-04-01"), EndDate: models.MustDate("2027-03-31"), AutoRenew: true, NoticeDays: 90,
		Cost: models.Money{Amount: 1080000, Currency: "GBP"}, BillingPeriod: "annual", BudgetLineID: &line.ID}
	must(t, st.CreateLicence(ctx, l))
	must(t, st.CreateSeat(ctx, &models.LicenceSeat{LicenceID: l.ID, Assignee: "Tom Baker", AssignedOn: models.MustDate("2025-04-02")}))
	return d.ID, l.ID, ext.ID, dell.ID, line.ID
}

// TestBrowserRecords walks an editor through the record pages in Chromium: create a device,
// edit it, lose a race with a second browser and re-apply, assign a seat, delete the device.
// With ITREG_SCREENSHOTS=dir it photographs each page.
func TestBrowserRecords(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		srv.MustUser(t, "ana@example.com", "Ana Lima", "editor")
		deviceID, licenceID, warrantyID, vendorID, lineID := recordRegister(t, srv.Store)
		b := webtest.MustBrowser(t)
		shots := strings.HasSuffix(t.Name(), "/sqlite")
		shoot := func(name string) {
			if shots {
				b.Screenshots(name)
			}
		}
		b.SignIn(srv.URL, "ana@example.com", webtest.Password)

		b.Open(srv.URL + "/devices/" + itoa(deviceID))
		if h := b.Text("h1"); !strings.Contains(h, "LT-00421") {
			t.Fatalf("device page says %q", h)
		}
		shoot("record-device")
		for _, p := range []string{"/licences/" + itoa(licenceID), "/warranties/" + itoa(warrantyID), "/vendors/" + itoa(vendorID),
			"/budget-lines/" + itoa(lineID)} {
			b.Open(srv.URL + p)
			shoot("record-" + strings.Split(p, "/")[1])
		}

		b.Open(srv.URL + "/devices/new")
		b.Submit("#save")
		if msg := b.Text("#f-asset_tag-error"); msg == "" {
			t.Errorf("an empty device shows no error next to the asset tag")
		}
		shoot("record-device-new-errors")
		b.Fill("#f-asset_tag", "LT-09999")
		b.Fill("#f-model", "ThinkPad T14")
		b.Fill("#f-purchase_date", "01022026")
		b.Fill("#f-purchase_cost", "1099.00")
		b.Submit("#save")
		if h := b.Text("h1"); !strings.Contains(h, "LT-09999") {
			t.Fatalf("after create: %q at %s", h, b.Location())
		}
		path := b.Location()

		b.Click("#edit")
		b.Fill("#f-location", "Leeds")
		b.Submit("#save")
		if got := b.Text("#details"); !strings.Contains(got, "Leeds") {
			t.Errorf("edit did not save: %q", got)
		}

		// A second person opens the same device and saves first.
		b.Click("#edit")
		other := webtest.MustBrowser(t)
		other.SignIn(srv.URL, "ana@example.com", webtest.Password)
		other.Open(path + "/edit")
		other.Fill("#f-location", "York")
		other.Submit("#save")
		b.Fill("#f-location", "Hull")
		b.Submit("#save")
		if stale := b.Text("#stale"); !strings.Contains(stale, "York") || !strings.Contains(stale, "Hull") {
			t.Errorf("the stale save does not show both: %q", stale)
		}
		shoot("record-device-stale")
		b.Submit("#save")
		if got := b.Text("#details"); !strings.Contains(got, "Hull") {
			t.Errorf("re-apply did not save: %q", got)
		}
		b.Do("history", webtest.Blur())
		if got := b.Text("#history"); !strings.Contains(got, "York") {
			t.Errorf("history does not show the other change: %q", got)
		}

		b.Open(srv.URL + "/licences/" + itoa(licenceID))
		b.Fill("#f-seat-device", "LT-09999")
		b.Submit("#assign")
		if got := b.Text("#seats"); !strings.Contains(got, "LT-09999") {
			t.Errorf("seat not assigned: %q", got)
		}

		// The device holds a seat now: the delete says so; release it, then delete.
		webtest.Eval[bool](b, "window.confirm = function () { return true; }, true")
		b.Open(path)
		webtest.Eval[bool](b, "window.confirm = function () { return true; }, true")
		b.Submit("#delete")
		if got := b.Text("main"); !strings.Contains(got, "licence seat") {
			t.Errorf("delete refusal says %q", got)
		}
		shoot("record-device-delete-refused")
		b.Open(srv.URL + "/licences/" + itoa(licenceID))
		webtest.Eval[bool](b, "window.confirm = function () { return true; }, true")
		b.Submit("#seats tr:has(a[href='" + strings.TrimPrefix(path, srv.URL) + "']) .release")
		if got := b.Text("main"); !strings.Contains(got, "released") {
			t.Fatalf("release: %q", got)
		}
		b.Open(path)
		webtest.Eval[bool](b, "window.confirm = function () { return true; }, true")
		b.Submit("#delete")
		b.Open(path)
		if h := b.Text("h1"); h != "Not found" {
			t.Errorf("after delete the device page says %q", h)
		}
	})
}
