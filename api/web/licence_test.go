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

func TestLicencePages(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := context.Background()
		ed, vi := recordClients(t, srv)
		mustCreateDevice(t, ed, deviceForm())
		r := ed.Post("/licences", url.Values{"product": {"Office 365"}, "type": {"subscription"}, "metric": {"per_user"}, "seats": {"2"},
			"key": {"AAAA-BBBB-CCCC-9876"}, "end_date": {"2027-03-31"}, "notice_days": {"90"}, "cost": {"1200"}, "cost_currency": {"GBP"},
			"billing_period": {"annual"}, "auto_renew": {"yes"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %s %s", r.Status, r.Text(".form-message"), r.Text(".field-error"))
		}
		path := r.Location

		t.Run("the key is masked for everyone; an editor reveals it, audited", func(t *testing.T) {
			for who, c := range map[string]*webtest.Client{"viewer": vi, "editor": ed} {
				page := c.Get(path)
				if got := page.Text("#licence-key"); got != "••••9876" {
					t.Errorf("%s sees %q", who, got)
				}
				if strings.Contains(page.Body, "AAAA-BBBB") || strings.Contains(c.Get(path+"/edit").Body, "AAAA-BBBB") {
					t.Errorf("the key is somewhere in the %s's pages", who)
				}
			}
			if vi.Get(path).Doc.Find("#reveal-key").Length() != 0 {
				t.Error("a viewer is offered the reveal button")
			}
			if r := vi.Post(path+"/key/reveal", nil); r.Status != http.StatusForbidden {
				t.Errorf("viewer reveal: %d, want 403", r.Status)
			}
			r := ed.Post(path+"/key/reveal", nil)
			if got := r.Text("#licence-key"); r.Status != http.StatusOK || got != "AAAA-BBBB-CCCC-9876" {
				t.Errorf("editor reveal: %d %q", r.Status, got)
			}
			if !strings.Contains(ed.Get(path).Text("#history"), "reveal") {
				t.Error("the reveal is not in the licence's history")
			}
			if got := ed.Get(path).Text("#licence-key"); got != "••••9876" {
				t.Errorf("after the reveal the page shows %q again, want it masked", got)
			}
		})

		t.Run("assign seats to a device and a person; over-assignment shows", func(t *testing.T) {
			for _, form := range []url.Values{{"device": {"lt-0001"}}, {"assignee": {"Bo"}}} {
				if r := ed.Post(path+"/seats", form); r.Status != http.StatusSeeOther {
					t.Fatalf("assign %v: %d %s %s", form, r.Status, r.Text(".form-message"), r.Text(".field-error"))
				}
			}
			// Seats bought can drop below those assigned (a renewal for fewer): the page says so.
			edit := ed.Get(path + "/edit")
			form := url.Values{}
			edit.Doc.Find("form.record-form input, form.record-form select").Each(func(_ int, s *goquery.Selection) {
				v := s.AttrOr("value", "")
				if s.Is("select") {
					v = s.Find("option[selected]").AttrOr("value", "")
				}
				form.Set(s.AttrOr("name", ""), v)
			})
			form.Set("seats", "1")
			if r := ed.Post(path, form); r.Status != http.StatusSeeOther {
				t.Fatalf("lower seats: %d %s %s", r.Status, r.Text(".form-message"), r.Text(".field-error"))
			}
			page := vi.Get(path)
			if page.Doc.Find("#seats tbody tr").Length() != 2 || !page.Has("#over-assigned") {
				t.Errorf("seats %q", page.Text("#seats"))
			}
			if page.Has(".release") || page.Has("#assign") {
				t.Error("a viewer sees seat buttons")
			}
		})

		t.Run("an unknown device is an error next to its field", func(t *testing.T) {
			r := ed.Post(path+"/seats", url.Values{"device": {"NOPE"}})
			if r.Status != http.StatusUnprocessableEntity || r.Text("#f-seat-device-error") == "" {
				t.Errorf("status %d: %q %q", r.Status, r.Text(".form-message"), r.Text(".field-error"))
			}
			r = ed.Post(path+"/seats", url.Values{})
			if r.Status != http.StatusUnprocessableEntity || r.Text("#f-seat-assignee-error") == "" {
				t.Errorf("empty: status %d: %q", r.Status, r.Text(".form-message"))
			}
		})

		t.Run("viewers get 403 on seat POSTs", func(t *testing.T) {
			for _, p := range []string{path + "/seats", path + "/seats/1/release", path, path + "/delete"} {
				if r := vi.Post(p, url.Values{"assignee": {"x"}, "version": {"1"}}); r.Status != http.StatusForbidden {
					t.Errorf("POST %s: %d", p, r.Status)
				}
			}
		})

		t.Run("release a seat", func(t *testing.T) {
			seats, err := srv.Store.ListSeats(ctx, idOf(t, path), models.Page{})
			if err != nil || len(seats.Items) != 2 {
				t.Fatalf("seats %v %d", err, len(seats.Items))
			}
			s := seats.Items[0]
			if r := ed.Post(path+"/seats/"+itoa(s.ID)+"/release", url.Values{"version": {itoa(s.Version)}}); r.Status != http.StatusSeeOther {
				t.Fatalf("release: %d", r.Status)
			}
			if page := ed.Get(path); page.Doc.Find("#seats tbody tr").Length() != 1 || page.Has("#over-assigned") {
				t.Errorf("after release: %q", page.Text("#seats"))
			}
		})

		t.Run("a bad seats cursor is a 400, not a 500", func(t *testing.T) {
			if r := ed.Get(path + "?seats=garbage"); r.Status != http.StatusBadRequest {
				t.Errorf("status %d", r.Status)
			}
		})
	})
}
