package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"itreg/api/web/webtest"
	"itreg/models"
)

func TestVendorAndBudgetLinePages(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := models.WithActor(context.Background(), "test")
		ed, vi := recordClients(t, srv)

		r := ed.Post("/vendors", url.Values{"name": {"Dell"}, "roles": {"manufacturer, supplier"}, "support_email": {"help@dell.example"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create vendor: %d %s %s", r.Status, r.Text(".form-message"), r.Text(".field-error"))
		}
		vendorPath := r.Location
		r = ed.Post("/budget-lines", url.Values{"code": {"IT-HW"}, "name": {"Hardware"}, "fiscal_year": {"2026"}, "category": {"capex"},
			"allocated": {"50000"}, "allocated_currency": {"GBP"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create budget line: %d %s %s", r.Status, r.Text(".form-message"), r.Text(".field-error"))
		}
		linePath := r.Location
		mustCreateDevice(t, ed, deviceForm("manufacturer_id", itoa(idOf(t, vendorPath)), "budget_line_id", itoa(idOf(t, linePath))))
		mustCreateDevice(t, ed, deviceForm("asset_tag", "LT-2", "serial_number", "SN-2", "purchase_cost", "800", "purchase_cost_currency", "EUR",
			"supplier_id", itoa(idOf(t, vendorPath)), "budget_line_id", itoa(idOf(t, linePath))))

		t.Run("the vendor page shows spend by fiscal year", func(t *testing.T) {
			r := vi.Get(vendorPath)
			rows := r.Doc.Find("#spend-table tbody tr")
			if rows.Length() != 4 {
				t.Fatalf("%d fiscal years shown, want 4 (FY2024-FY2027)", rows.Length())
			}
			fy2024 := strings.Join(strings.Fields(rows.First().Text()), " ")
			for _, want := range []string{"FY2024", "800.00 EUR", "1200.00 GBP"} {
				if !strings.Contains(fy2024, want) {
					t.Errorf("FY2024 row %q lacks %q", fy2024, want)
				}
			}
			if got := strings.Join(strings.Fields(rows.Eq(2).Text()), " "); !strings.Contains(got, "FY2026 this year") {
				t.Errorf("this year's row reads %q", got)
			}
		})
		for _, path := range []string{vendorPath, linePath} {
			t.Run("the page lists what uses "+path, func(t *testing.T) {
				r := vi.Get(path)
				if r.Status != http.StatusOK || r.Doc.Find("#devices tbody tr").Length() != 2 {
					t.Fatalf("status %d, devices %q", r.Status, r.Text("#devices"))
				}
				if got := r.Text("#totals ul"); !strings.Contains(got, "800.00 EUR") || !strings.Contains(got, "1200.00 GBP") {
					t.Errorf("totals per currency %q", got)
				}
				if r.Has("#edit") || r.Has("#delete") {
					t.Error("a viewer sees edit buttons")
				}
			})
			t.Run("delete says what still uses "+path, func(t *testing.T) {
				r := ed.Post(path+"/delete", url.Values{"version": {"1"}})
				if r.Status != http.StatusConflict || !strings.Contains(r.Text("main"), "device") {
					t.Errorf("status %d: %q", r.Status, r.Text("main"))
				}
			})
			t.Run("a viewer gets 403 on every POST to "+path, func(t *testing.T) {
				for _, p := range []string{path, path + "/delete", path[:strings.LastIndex(path, "/")]} {
					if r := vi.Post(p, url.Values{"name": {"x"}, "version": {"1"}}); r.Status != http.StatusForbidden {
						t.Errorf("POST %s: %d", p, r.Status)
					}
				}
			})
		}

		t.Run("the vendor page lists what is up for renewal with the next term's cost", func(t *testing.T) {
			vid := idOf(t, vendorPath)
			soon, later := srv.Store.Today().AddMonths(6), srv.Store.Today().AddMonths(18)
			for _, l := range []models.Licence{
				{Product: "Soon", SupplierID: &vid, EndDate: soon, NoticeDays: 30, Cost: models.Money{Amount: 10000, Currency: "GBP"}, BillingPeriod: "monthly"},
				{Product: "Later", SupplierID: &vid, EndDate: later, Cost: models.Money{Amount: 5000, Currency: "GBP"}, BillingPeriod: "annual"},
			} {
				l.Type, l.Metric = "subscription", "per_user"
				must(t, srv.Store.CreateLicence(ctx, &l))
			}
			r := vi.Get(vendorPath)
			if got := r.Doc.Find("#renewals tbody tr").Length(); got != 1 || !strings.Contains(r.Text("#renewals"), "Soon") {
				t.Fatalf("renewals %q", r.Text("#renewals"))
			}
			if got := r.Text("#renewals strong"); got != "1200.00 GBP" {
				t.Errorf("next-term total %q, want a year of 100.00 monthly", got)
			}
		})

		t.Run("vendor field errors next to their fields", func(t *testing.T) {
			r := ed.Post("/vendors", url.Values{"name": {""}, "support_email": {"not an address"}})
			if r.Status != http.StatusUnprocessableEntity || r.Text("#f-name-error") == "" || r.Text("#f-support_email-error") == "" {
				t.Errorf("status %d: %q", r.Status, r.Text(".field-error"))
			}
			r = ed.Post("/budget-lines", url.Values{"code": {"X"}, "name": {"X"}, "fiscal_year": {"twenty"}, "category": {"capex"}})
			if r.Status != http.StatusUnprocessableEntity || r.Text("#f-fiscal_year-error") == "" {
				t.Errorf("status %d: %q", r.Status, r.Text(".field-error"))
			}
		})

		t.Run("a vendor nothing uses is deleted", func(t *testing.T) {
			v := &models.Vendor{Name: "Spare"}
			if err := srv.Store.CreateVendor(ctx, v); err != nil {
				t.Fatal(err)
			}
			if r := ed.Post("/vendors/"+itoa(v.ID)+"/delete", url.Values{"version": {itoa(v.Version)}}); r.Status != http.StatusSeeOther {
				t.Errorf("status %d: %q", r.Status, r.Text("main"))
			}
		})
	})
}
