package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"itreg/api/web/webtest"
	"itreg/models"
)

// TestBulkClear: "Clear it" empties a field on every chosen device, after the same preview;
// clearing a device's status, or giving a value and clearing it at once, is refused and changes
// nothing.
func TestBulkClear(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := context.Background()
		ds := mustDevices(t, srv.Store, 4)
		ed := signedIn(t, srv, "ed@example.com", models.RoleEditor)
		ids := func() []string {
			var out []string
			for _, d := range ds[:2] {
				got, _ := srv.Store.GetDevice(ctx, d.ID)
				out = append(out, strconv.FormatInt(got.ID, 10)+":"+strconv.FormatInt(got.Version, 10))
			}
			return out
		}

		for _, tc := range []struct {
			name string
			form url.Values
		}{
			{"a status cannot be cleared", url.Values{"clear": {"status"}}},
			{"a value and a clear of one field", url.Values{"set_location": {"Hull"}, "clear": {"location"}}},
			{"a budget line that is not a number", url.Values{"set_budget_line_id": {"IT-01"}}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.form["scope"], tc.form["id"], tc.form["apply"] = []string{"selected"}, ids(), []string{"1"}
				if r := ed.Post("/devices/bulk", tc.form); r.Status != http.StatusSeeOther {
					t.Fatalf("status %d", r.Status)
				}
				if got, _ := srv.Store.GetDevice(ctx, ds[0].ID); got.Version != ds[0].Version || got.Location != "Leeds" {
					t.Errorf("a refused bulk edit changed device %d: %q v%d", got.ID, got.Location, got.Version)
				}
			})
		}

		t.Run("clear the location of the ticked rows", func(t *testing.T) {
			r := ed.Post("/devices/bulk", url.Values{"scope": {"selected"}, "id": ids(), "clear": {"location"}, "set_department": {"Sales"}})
			if r.Status != http.StatusOK || r.Text("#bulk-count strong") != "2" {
				t.Fatalf("preview: %d %q", r.Status, r.Text("#bulk-count"))
			}
			apply := url.Values{}
			r.Doc.Find(`form[action="/devices/bulk"] input[type=hidden]`).Each(func(_ int, s *goquery.Selection) {
				apply.Add(s.AttrOr("name", ""), s.AttrOr("value", ""))
			})
			if apply.Get("clear") != "location" {
				t.Fatalf("the preview does not carry the clear to apply: %v", apply)
			}
			if r := ed.Post("/devices/bulk", apply); r.Status != http.StatusSeeOther {
				t.Fatalf("apply: %d", r.Status)
			}
			for i, d := range ds {
				got, _ := srv.Store.GetDevice(ctx, d.ID)
				cleared := i < 2
				if (got.Location == "") != cleared || (got.Department == "Sales") != cleared {
					t.Errorf("device %d: location %q, department %q", got.ID, got.Location, got.Department)
				}
			}
		})
	})
}
