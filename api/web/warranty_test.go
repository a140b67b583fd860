package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"itreg/api/web/webtest"
)

func TestWarrantyPages(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ed, vi := recordClients(t, srv)
		mustCreateDevice(t, ed, deviceForm())
		mustCreateDevice(t, ed, deviceForm("asset_tag", "LT-0002", "serial_number", "SN-2"))
		mustCreateDevice(t, ed, deviceForm("asset_tag", "PH-0001", "serial_number", "SN-3", "category", "phone"))
		r := ed.Post("/warranties", url.Values{"kind": {"support"}, "reference": {"SUP-1"}, "end_date": {"2030-12-31"}, "start_date": {"2020-01-01"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %s %s", r.Status, r.Text(".form-message"), r.Text(".field-error"))
		}
		path := r.Location

		t.Run("the end date is required, next to its field", func(t *testing.T) {
			r := ed.Post("/warranties", url.Values{"kind": {"support"}, "reference": {"SUP-2"}})
			if r.Status != http.StatusUnprocessableEntity || r.Text("#f-end_date-error") == "" {
				t.Errorf("status %d %q", r.Status, r.Text(".field-error"))
			}
		})

		t.Run("add devices by a filter", func(t *testing.T) {
			r := ed.Post(path+"/devices", url.Values{"category": {"laptop"}, "version": {"1"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("status %d %q", r.Status, r.Text("main"))
			}
			page := vi.Get(path)
			if page.Doc.Find("#devices tbody tr").Length() != 2 || page.Has(".remove") || page.Has("#add-devices") {
				t.Errorf("devices %q", page.Text("#devices"))
			}
			first := page.Doc.Find("#devices tbody a").First().AttrOr("href", "")
			if dev := vi.Get(first); !strings.Contains(dev.Text("#cover"), "Covered today") {
				t.Errorf("the device page does not show the cover: %q", dev.Text("#cover"))
			}
		})

		t.Run("an empty or unmatched filter says so", func(t *testing.T) {
			for _, form := range []url.Values{{"version": {"2"}}, {"q": {"nothing-like-this"}, "version": {"2"}}} {
				if r := ed.Post(path+"/devices", form); r.Status != http.StatusUnprocessableEntity || r.Text("#f-add-q-error") == "" {
					t.Errorf("%v: status %d %q", form, r.Status, r.Text("#devices"))
				}
			}
		})

		t.Run("remove one device", func(t *testing.T) {
			page := ed.Get(path)
			action := page.Doc.Find("#devices form.inline").First().AttrOr("action", "")
			version := page.Doc.Find("#devices form.inline input[name=version]").First().AttrOr("value", "")
			if r := ed.Post(action, url.Values{"version": {version}}); r.Status != http.StatusSeeOther {
				t.Fatalf("remove %s: %d", action, r.Status)
			}
			if page := ed.Get(path); page.Doc.Find("#devices tbody tr").Length() != 1 {
				t.Errorf("after remove: %q", page.Text("#devices"))
			}
		})

		t.Run("viewers get 403 on every POST", func(t *testing.T) {
			for _, p := range []string{"/warranties", path, path + "/delete", path + "/devices", path + "/devices/1/remove"} {
				if r := vi.Post(p, url.Values{"category": {"phone"}, "version": {"3"}}); r.Status != http.StatusForbidden {
					t.Errorf("POST %s: %d", p, r.Status)
				}
			}
		})

		t.Run("a warranty is deleted with its links", func(t *testing.T) {
			if r := ed.Post(path+"/delete", url.Values{"version": {"3"}}); r.Status != http.StatusSeeOther {
				t.Errorf("status %d %q", r.Status, r.Text("main"))
			}
		})
	})
}
