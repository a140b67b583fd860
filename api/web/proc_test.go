package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"itreg/api/web/webtest"
	"itreg/models"
)

// procRegister is a small register for the home, renewals, budget and report pages: a vendor
// whose name is markup, a licence and a contract falling due, a budget line of this fiscal
// year and devices charged to it (the test store's today is 22 Nov 2026).
type procRegister struct {
	vendor  *models.Vendor
	licence *models.Licence
	line    *models.BudgetLine
}

const hostileName = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`

func mustProcRegister(tb testing.TB, st *models.Store) *procRegister {
	tb.Helper()
	ctx := models.WithActor(context.Background(), "test")
	r := &procRegister{}
	r.vendor = &models.Vendor{Name: hostileName, Roles: models.StringList{"supplier"}}
	if err := st.CreateVendor(ctx, r.vendor); err != nil {
		tb.Fatalf("create vendor: %v", err)
	}
	r.line = &models.BudgetLine{Code: "IT-HW", Name: "Hardware", FiscalYear: 2026, Category: "capex",
		Allocated: models.Money{Amount: 1000000, Currency: "GBP"}}
	if err := st.CreateBudgetLine(ctx, r.line); err != nil {
		tb.Fatalf("create budget line: %v", err)
	}
	seats := int64(5)
	r.licence = &models.Licence{Product: "Office suite", Type: "subscription", Metric: "per_user", Seats: &seats,
		EndDate: models.MustDate("2027-01-31"), NoticeDays: 60, AutoRenew: true, SupplierID: &r.vendor.ID,
		Cost: models.Money{Amount: 240000, Currency: "GBP"}, BillingPeriod: "annual", BudgetLineID: &r.line.ID}
	if err := st.CreateLicence(ctx, r.licence); err != nil {
		tb.Fatalf("create licence: %v", err)
	}
	w := &models.Warranty{Kind: "support", Reference: models.StrPtr("SUP-1"), EndDate: models.MustDate("2027-06-30"), NoticeDays: 90,
		Cost: models.Money{Amount: 50000, Currency: "GBP"}, ProviderID: &r.vendor.ID}
	if err := st.CreateWarranty(ctx, w); err != nil {
		tb.Fatalf("create warranty: %v", err)
	}
	for i, d := range []struct{ status, bought string }{{"deployed", "2019-02-01"}, {"deployed", "2026-03-01"}, {"in_stock", "2026-05-01"}} {
		tag := fmt.Sprintf("LT-%03d", i+1)
		dev := &models.Device{AssetTag: &tag, Category: "laptop", Status: d.status, Model: "ThinkPad T14",
			PurchaseDate: models.MustDate(d.bought), PurchaseCost: models.Money{Amount: 120000, Currency: "GBP"}, BudgetLineID: &r.line.ID}
		if err := st.CreateDevice(ctx, dev); err != nil {
			tb.Fatalf("create device: %v", err)
		}
	}
	return r
}

func TestProcurementPages(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		reg := mustProcRegister(t, srv.Store)
		viewer, editor := signedIn(t, srv, "viewer@example.com", models.RoleViewer), signedIn(t, srv, "editor@example.com", models.RoleEditor)

		pages := []struct{ path, want string }{
			{"/?view=it", "#tile-status_deployed"},
			{"/?view=procurement", "#tile-notice_60"},
			{"/?view=finance", "#budget-lines meter"},
			{"/renewals", "#licence-" + fmt.Sprint(reg.licence.ID)},
			{"/end-of-life", "section.quarter"},
			{"/end-of-life?group=department", "section.quarter"},
			{"/budget", "#budget a[href='/budget-lines/" + fmt.Sprint(reg.line.ID) + "']"},
			{"/budget?fiscal_year=2025", "#budget"},
			{"/depreciation", "table"},
			{"/reports", "#report-budget form"},
			{"/reports/renewals", "table.report tbody tr"},
			{"/reports/budget?fiscal_year=2026", "table.report"},
			{"/search?q=office", "#hits-licence a[href='/licences/" + fmt.Sprint(reg.licence.ID) + "']"},
		}
		for _, role := range []struct {
			name string
			c    *webtest.Client
		}{{"viewer", viewer}, {"editor", editor}} {
			for _, p := range pages {
				t.Run(role.name+" "+p.path, func(t *testing.T) {
					r := role.c.Get(p.path)
					if r.Status != http.StatusOK || !r.Has(p.want) {
						t.Fatalf("status %d, has %s: %v; main: %.300s", r.Status, p.want, r.Has(p.want), r.Text("main"))
					}
				})
			}
		}

		t.Run("bad parameters are a 400 page, not a 500", func(t *testing.T) {
			for _, p := range []string{"/budget?fiscal_year=abc", "/reports/renewals?within=-4", "/end-of-life?within=99999"} {
				if r := viewer.Get(p); r.Status != http.StatusBadRequest {
					t.Errorf("%s: status %d", p, r.Status)
				}
			}
			if r := viewer.Get("/reports/nope"); r.Status != http.StatusNotFound {
				t.Errorf("unknown report: status %d", r.Status)
			}
		})

		t.Run("every home figure equals the total of the API list it links to", func(t *testing.T) {
			n := 0
			for _, view := range []string{"it", "procurement"} {
				r := viewer.Get("/?view=" + view)
				r.Doc.Find(".figure").Each(func(_ int, fig *goquery.Selection) {
					want := fig.Find(".figure-main").AttrOr("data-count", "")
					links := fig.Find(".figure-lists a")
					hrefs := []string{}
					if links.Length() == 0 {
						hrefs = append(hrefs, fig.Find(".figure-main").AttrOr("href", ""))
					}
					links.Each(func(_ int, a *goquery.Selection) { hrefs = append(hrefs, a.AttrOr("href", "")) })
					var total int64
					for _, h := range hrefs {
						total += apiTotal(t, viewer, h)
					}
					if fmt.Sprint(total) != want {
						t.Errorf("%s figure %s shows %s, its lists total %d (%v)", view, fig.AttrOr("id", ""), want, total, hrefs)
					}
					n++
				})
			}
			if n < 8 {
				t.Errorf("only %d figures checked", n)
			}
		})

		t.Run("a vendor name with markup is shown as text", func(t *testing.T) {
			r := viewer.Get("/renewals")
			if strings.Contains(r.Body, "<script>alert") || strings.Contains(r.Body, "<img src=x") {
				t.Fatal("the vendor's name reached the page as markup")
			}
			if !strings.Contains(r.Text("main"), hostileName) {
				t.Errorf("the vendor's name is not shown")
			}
			s := viewer.Get("/search?q=" + url.QueryEscape("<script>"))
			if strings.Contains(s.Body, "<script>alert") || s.Text("#hits-vendor a") != hostileName {
				t.Errorf("search hit %q", s.Text("#hits-vendor a"))
			}
		})

		item := fmt.Sprintf("/renewals/licence/%d/decision", reg.licence.ID)
		t.Run("a viewer sees no decision form and may not post one", func(t *testing.T) {
			if viewer.Get("/renewals").Has("form.decision") {
				t.Error("viewer sees the decision form")
			}
			r := viewer.Post(item, url.Values{"version": {"0"}, "decision": {"renew"}})
			if r.Status != http.StatusForbidden {
				t.Errorf("status %d, want 403", r.Status)
			}
		})

		t.Run("a cross-site decision is refused", func(t *testing.T) {
			r := editor.Post(item, url.Values{"version": {"0"}, "decision": {"cancel"}}, "Sec-Fetch-Site: cross-site", "Origin: https://evil.example")
			if r.Status != http.StatusForbidden {
				t.Errorf("status %d, want 403", r.Status)
			}
		})

		t.Run("an editor records a decision; a stale one is refused and says so", func(t *testing.T) {
			r := editor.Post(item, url.Values{"version": {"0"}, "decision": {"renegotiate"}, "owner": {"Procurement"}, "note": {"ask for 10% off"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("status %d: %s", r.Status, r.Text("#decision-problem"))
			}
			page := editor.Get("/renewals")
			row := fmt.Sprintf("#licence-%d", reg.licence.ID)
			if got := page.Text(row + " .badge"); got != "Renegotiate" || !strings.Contains(page.Text(row), "ask for 10% off") {
				t.Errorf("decision shown %q; row %q", got, page.Text(row))
			}
			if !strings.Contains(page.Text(row+" .words"), "ends 31 Jan 2027; 60 days' notice; decide by 2 Dec 2026; renews automatically") {
				t.Errorf("words %q", page.Text(row+" .words"))
			}
			stale := editor.Post(item, url.Values{"version": {"0"}, "decision": {"cancel"}})
			if stale.Status != http.StatusConflict || stale.Text("#decision-problem") == "" || stale.Text(row+" .badge") != "Renegotiate" {
				t.Errorf("stale: status %d, problem %q, badge %q", stale.Status, stale.Text("#decision-problem"), stale.Text(row+" .badge"))
			}
			bad := editor.Post(item, url.Values{"version": {"1"}, "decision": {"maybe"}})
			if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Text("#decision-problem"), "decision") {
				t.Errorf("bad decision: status %d, %q", bad.Status, bad.Text("#decision-problem"))
			}
		})

		t.Run("the feed token button shows a working feed URL once", func(t *testing.T) {
			r := viewer.Post("/renewals/feed-token", url.Values{})
			feed := r.Text("#feed-url code")
			if r.Status != http.StatusOK || !strings.Contains(feed, "/api/v1/reports/renewals.ics?token=") {
				t.Fatalf("status %d, feed %q", r.Status, feed)
			}
			u, err := url.Parse(feed)
			if err != nil {
				t.Fatal(err)
			}
			cal := srv.Client(t).Get(u.RequestURI())
			if cal.Status != http.StatusOK || !strings.Contains(cal.Body, "BEGIN:VCALENDAR") {
				t.Errorf("feed: status %d %.100s", cal.Status, cal.Body)
			}
			if viewer.Get("/renewals").Has("#feed-url") {
				t.Error("the feed URL is shown again")
			}
		})

		t.Run("downloads stream the report's renderer", func(t *testing.T) {
			for _, f := range []struct{ format, ctype string }{{"xlsx", "spreadsheetml"}, {"csv", "text/csv"}, {"json", "json"}} {
				r := viewer.Get("/reports/budget/download?fiscal_year=2026&format=" + f.format)
				if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), f.ctype) ||
					!strings.Contains(r.Header.Get("Content-Disposition"), "itreg-budget") {
					t.Errorf("%s: status %d, %s, %s", f.format, r.Status, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
				}
			}
			if r := viewer.Get("/reports/budget/download?format=ics"); r.Status != http.StatusBadRequest {
				t.Errorf("budget as ics: status %d", r.Status)
			}
		})
	})
}

// apiTotal fetches the JSON list behind a page link (/devices?x -> /api/v1/devices?x) with the
// client's session and returns its total.
func apiTotal(tb testing.TB, c *webtest.Client, href string) int64 {
	tb.Helper()
	r := c.Get("/api/v1" + href)
	var body struct {
		Total int64 `json:"total"`
	}
	if r.Status != http.StatusOK || json.Unmarshal([]byte(r.Body), &body) != nil {
		tb.Fatalf("GET /api/v1%s: status %d %.200s", href, r.Status, r.Body)
	}
	return body.Total
}
