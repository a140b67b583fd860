package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"itreg/api/web/webtest"
	"itreg/models"
)

// recordClients signs in an editor and a viewer.
func recordClients(t *testing.T, srv *webtest.Server) (editor, viewer *webtest.Client) {
	t.Helper()
	srv.MustUser(t, "ed@example.com", "Ed", "editor")
	srv.MustUser(t, "vi@example.com", "Vi", "viewer")
	editor, viewer = srv.Client(t), srv.Client(t)
	editor.SignIn("ed@example.com", webtest.Password)
	viewer.SignIn("vi@example.com", webtest.Password)
	return editor, viewer
}

// deviceForm is a valid device form; extra pairs override fields.
func deviceForm(extra ...string) url.Values {
	v := url.Values{"asset_tag": {"LT-0001"}, "serial_number": {"SN-1"}, "category": {"laptop"}, "status": {"deployed"},
		"purchase_date": {"2024-01-15"}, "purchase_cost": {"1200.00"}, "purchase_cost_currency": {"GBP"}, "assigned_to": {"Ana"}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v
}

// mustCreateDevice posts the device form and returns the new device's path.
func mustCreateDevice(t *testing.T, c *webtest.Client, form url.Values) string {
	t.Helper()
	r := c.Post("/devices", form)
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/devices/") {
		t.Fatalf("create: status %d, location %q: %s %s", r.Status, r.Location, r.Text(".form-message"), r.Text(".field-error"))
	}
	return r.Location
}

func TestDevicePages(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := models.WithActor(context.Background(), "test")
		ed, vi := recordClients(t, srv)
		vendor := &models.Vendor{Name: "Lenovo"}
		if err := srv.Store.CreateVendor(ctx, vendor); err != nil {
			t.Fatal(err)
		}
		path := mustCreateDevice(t, ed, deviceForm("manufacturer_id", itoa(vendor.ID)))

		t.Run("the record page shows fields, links, money and life", func(t *testing.T) {
			r := ed.Get(path)
			if r.Status != http.StatusOK {
				t.Fatalf("status %d", r.Status)
			}
			if got := r.Text("h1"); !strings.Contains(got, "LT-0001") {
				t.Errorf("heading %q", got)
			}
			if href := r.Doc.Find(`#details a[href="/vendors/` + itoa(vendor.ID) + `"]`).Text(); href != "Lenovo" {
				t.Errorf("manufacturer link %q", href)
			}
			if eol := r.Text("#end-of-life"); !strings.Contains(eol, "15 Jan 2028") {
				t.Errorf("end of life %q", eol)
			}
			if bv := r.Text("#book-value"); !strings.HasSuffix(bv, "GBP") {
				t.Errorf("book value %q", bv)
			}
			if !strings.Contains(r.Text("#cover"), "Not covered today") || r.Doc.Find("#cover .gaps li").Length() != 1 {
				t.Errorf("cover %q", r.Text("#cover"))
			}
			if !strings.Contains(r.Text("#history"), "Create") {
				t.Errorf("history %q", r.Text("#history"))
			}
			if !r.Has("#edit") || !r.Has("form[data-confirm] #delete") {
				t.Error("an editor sees no edit or delete button")
			}
		})

		t.Run("a viewer sees no buttons and gets 403 on every POST and form", func(t *testing.T) {
			r := vi.Get(path)
			if r.Status != http.StatusOK || r.Has("#edit") || r.Has("#delete") {
				t.Errorf("status %d, buttons shown", r.Status)
			}
			for _, get := range []string{"/devices/new", path + "/edit"} {
				if r := vi.Get(get); r.Status != http.StatusForbidden {
					t.Errorf("GET %s: %d", get, r.Status)
				}
			}
			for _, post := range []string{"/devices", path, path + "/delete"} {
				if r := vi.Post(post, deviceForm("asset_tag", "VI-1", "version", "1")); r.Status != http.StatusForbidden {
					t.Errorf("POST %s: %d", post, r.Status)
				}
			}
		})

		t.Run("field errors show next to their fields", func(t *testing.T) {
			for _, tc := range []struct {
				name, field string
				form        url.Values
			}{
				{"duplicate asset tag", "", deviceForm()},
				{"no tag and no serial", "asset_tag", deviceForm("asset_tag", "", "serial_number", "")},
				{"bad category", "category", deviceForm("asset_tag", "X-1", "category", "toaster")},
				{"bad date", "purchase_date", deviceForm("asset_tag", "X-2", "purchase_date", "31/01/2024")},
				{"bad amount", "purchase_cost", deviceForm("asset_tag", "X-3", "purchase_cost", "12.345")},
				{"unknown vendor", "manufacturer_id", deviceForm("asset_tag", "X-4", "manufacturer_id", "999999")},
				{"lifetime out of range", "lifetime_months", deviceForm("asset_tag", "X-5", "lifetime_months", "0")},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := ed.Post("/devices", tc.form)
					if r.Status != http.StatusUnprocessableEntity {
						t.Fatalf("status %d", r.Status)
					}
					if tc.field == "" {
						if r.Text(".form-message")+r.Text(".field-error") == "" {
							t.Error("no message")
						}
						return
					}
					if r.Text("#f-"+tc.field+"-error") == "" {
						t.Errorf("no error next to %s: %q / %q", tc.field, r.Text(".form-message"), r.Text(".field-error"))
					}
					if got := r.Doc.Find("#f-asset_tag").AttrOr("value", ""); got != tc.form.Get("asset_tag") {
						t.Errorf("the typed asset tag was lost: %q", got)
					}
				})
			}
		})

		t.Run("edit saves and the history shows old and new side by side", func(t *testing.T) {
			form := ed.Get(path + "/edit")
			version := form.Doc.Find(`input[name="version"]`).AttrOr("value", "")
			if form.Status != http.StatusOK || version != "1" || form.Doc.Find("#f-manufacturer_id option[selected]").Text() != "Lenovo" {
				t.Fatalf("edit form: status %d, version %q", form.Status, version)
			}
			r := ed.Post(path, deviceForm("version", version, "location", "Leeds", "manufacturer_id", itoa(vendor.ID)))
			if r.Status != http.StatusSeeOther {
				t.Fatalf("status %d: %s", r.Status, r.Text(".form-message"))
			}
			page := ed.Get(path)
			row := page.Doc.Find("#history tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
				return strings.TrimSpace(s.Find("td").First().Text()) == "Location"
			})
			if row.Find("td.old").Text() != "" || row.Find("td.new").Text() != "Leeds" {
				t.Errorf("history row %q", row.Text())
			}
		})

		t.Run("a stale edit shows the other change and re-applies on purpose", func(t *testing.T) {
			other := srv.Client(t)
			other.SignIn("ed@example.com", webtest.Password)
			mine := ed.Get(path+"/edit").Doc.Find(`input[name="version"]`).AttrOr("value", "")
			if r := other.Post(path, deviceForm("version", mine, "location", "York")); r.Status != http.StatusSeeOther {
				t.Fatalf("the other save: %d", r.Status)
			}
			r := ed.Post(path, deviceForm("version", mine, "location", "Hull"))
			if r.Status != http.StatusConflict {
				t.Fatalf("stale save: status %d", r.Status)
			}
			stale := r.Text("#stale")
			if !strings.Contains(stale, "York") || !strings.Contains(stale, "Hull") {
				t.Errorf("the conflict table does not show both values: %q", stale)
			}
			if got := r.Doc.Find("#f-location").AttrOr("value", ""); got != "Hull" {
				t.Errorf("the typed value was lost: %q", got)
			}
			d, _ := srv.Store.GetDevice(ctx, idOf(t, path))
			if d.Location != "York" {
				t.Errorf("the stale save overwrote: %q", d.Location)
			}
			again := r.Doc.Find(`input[name="version"]`).AttrOr("value", "")
			if r := ed.Post(path, deviceForm("version", again, "location", "Hull")); r.Status != http.StatusSeeOther {
				t.Fatalf("re-apply: %d", r.Status)
			}
			if d, _ := srv.Store.GetDevice(ctx, idOf(t, path)); d.Location != "Hull" {
				t.Errorf("re-apply did not save: %q", d.Location)
			}
		})

		t.Run("delete refused while a seat is held, then deleted", func(t *testing.T) {
			lic := &models.Licence{Product: "Office", Type: "subscription", Metric: "per_device"}
			if err := srv.Store.CreateLicence(ctx, lic); err != nil {
				t.Fatal(err)
			}
			id := idOf(t, path)
			seat := &models.LicenceSeat{LicenceID: lic.ID, DeviceID: &id}
			if err := srv.Store.CreateSeat(ctx, seat); err != nil {
				t.Fatal(err)
			}
			if page := ed.Get(path); !strings.Contains(page.Text("#licences"), "Office") {
				t.Errorf("licences %q", page.Text("#licences"))
			}
			d, _ := srv.Store.GetDevice(ctx, id)
			r := ed.Post(path+"/delete", url.Values{"version": {itoa(d.Version)}})
			if r.Status != http.StatusConflict || !strings.Contains(r.Text("main"), "licence seat") {
				t.Fatalf("status %d: %q", r.Status, r.Text("main"))
			}
			if err := srv.Store.DeleteSeat(ctx, lic.ID, seat.ID, nil); err != nil {
				t.Fatal(err)
			}
			if r := ed.Post(path+"/delete", url.Values{"version": {itoa(d.Version)}}); r.Status != http.StatusSeeOther {
				t.Fatalf("delete: %d", r.Status)
			}
			if r := ed.Get(path); r.Status != http.StatusNotFound {
				t.Errorf("after delete: %d", r.Status)
			}
		})

		t.Run("cross-site POSTs are refused", func(t *testing.T) {
			r := ed.Post("/devices", deviceForm("asset_tag", "CS-1"), "Sec-Fetch-Site: cross-site", "Origin: https://evil.example")
			if r.Status != http.StatusForbidden {
				t.Errorf("status %d", r.Status)
			}
		})
	})
}

// idOf reads the id at the end of a record path.
func idOf(t *testing.T, path string) int64 {
	t.Helper()
	i := strings.LastIndex(path, "/")
	var id int64
	for _, ch := range path[i+1:] {
		id = id*10 + int64(ch-'0')
	}
	return id
}
