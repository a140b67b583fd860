package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"itreg/api/web/webtest"
	"itreg/models"
)

// TestRecordPagesEscape stores hostile text in every displayed text field of every kind and
// checks each record page, form and history shows it as text.
func TestRecordPagesEscape(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := models.WithActor(context.Background(), hostile)
		ed, vi := recordClients(t, srv)
		st := srv.Store
		v := &models.Vendor{Name: hostile, Website: hostile, SupportPhone: hostile, AccountNumber: hostile, Record: models.Record{Notes: hostile}}
		must(t, st.CreateVendor(ctx, v))
		b := &models.BudgetLine{Code: hostile, Name: hostile, FiscalYear: 2026, Category: "capex", CostCentre: hostile, Owner: hostile,
			Record: models.Record{Notes: hostile}}
		must(t, st.CreateBudgetLine(ctx, b))
		d := &models.Device{AssetTag: models.StrPtr(hostile), SerialNumber: models.StrPtr(hostile), Hostname: hostile, Category: "laptop",
			Status: "deployed", Model: hostile, AssignedTo: hostile, Department: hostile, CostCentre: hostile, Location: hostile,
			OrderNumber: hostile, InvoiceNumber: hostile, Record: models.Record{Notes: hostile}, ManufacturerID: &v.ID, SupplierID: &v.ID, BudgetLineID: &b.ID,
			CustomFields: models.JSONMap{hostile: hostile}}
		must(t, st.CreateDevice(ctx, d))
		l := &models.Licence{Product: hostile, Reference: models.StrPtr(hostile), Type: "subscription", Metric: "per_user", Key: hostile,
			OrderNumber: hostile, Record: models.Record{Notes: hostile}, PublisherID: &v.ID, BudgetLineID: &b.ID}
		must(t, st.CreateLicence(ctx, l))
		must(t, st.CreateSeat(ctx, &models.LicenceSeat{LicenceID: l.ID, DeviceID: &d.ID}))
		must(t, st.CreateSeat(ctx, &models.LicenceSeat{LicenceID: l.ID, Assignee: hostile}))
		w := &models.Warranty{Kind: "support", Reference: models.StrPtr(hostile), ServiceLevel: hostile, EndDate: models.MustDate("2030-01-01"),
			Record: models.Record{Notes: hostile}, ProviderID: &v.ID, BudgetLineID: &b.ID, DeviceIDs: []int64{d.ID}}
		must(t, st.CreateWarranty(ctx, w))
		if _, err := st.UpdateDevice(ctx, d.ID, d.Version, func(d *models.Device) error { d.Location = hostile + "2"; return nil }); err != nil {
			t.Fatal(err)
		}

		pages := []string{"/devices/" + itoa(d.ID), "/licences/" + itoa(l.ID), "/warranties/" + itoa(w.ID), "/vendors/" + itoa(v.ID),
			"/budget-lines/" + itoa(b.ID)}
		for _, p := range pages {
			for name, c := range map[string]*webtest.Client{"editor": ed, "viewer": vi} {
				paths := []string{p}
				if name == "editor" {
					paths = append(paths, p+"/edit")
				}
				for _, path := range paths {
					t.Run(name+" "+path, func(t *testing.T) {
						r := c.Get(path)
						if r.Status != http.StatusOK {
							t.Fatalf("status %d", r.Status)
						}
						assertEscaped(t, r)
					})
				}
			}
		}
	})
}

// assertEscaped checks a page carries the hostile text as text and nothing it would run.
func assertEscaped(t *testing.T, r *webtest.Response) {
	t.Helper()
	if r.Has("main img") {
		t.Error("an <img> element made it into the page")
	}
	r.Doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if _, ok := s.Attr("src"); !ok {
			t.Errorf("an inline script made it into the page: %q", s.Text())
		}
	})
	assertNoInlineHandlers(t, r.Doc)
	text := r.Text("main")
	r.Doc.Find("main input, main textarea").Each(func(_ int, s *goquery.Selection) { text += s.AttrOr("value", "") })
	if !strings.Contains(text, hostile) {
		t.Errorf("the hostile text does not show as text")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
