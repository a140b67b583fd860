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

func TestCategoryPagesRoles(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		for _, u := range []struct{ email, role string }{{"ad@example.com", "admin"}, {"ed@example.com", "editor"}, {"vi@example.com", "viewer"}} {
			srv.MustUser(t, u.email, u.role, u.role)
		}
		tests := []struct {
			email, method, path string
			want                int
		}{
			{"ad@example.com", "GET", "/admin/categories", 200},
			{"ed@example.com", "GET", "/admin/categories", 200},
			{"vi@example.com", "GET", "/admin/categories", 403},
			{"vi@example.com", "POST", "/admin/categories", 403},
			{"vi@example.com", "POST", "/admin/categories/1", 403},
			{"vi@example.com", "POST", "/admin/categories/1/delete", 403},
			{"ed@example.com", "GET", "/admin/categories/999", 404},
		}
		for _, tt := range tests {
			t.Run(tt.email+" "+tt.method+" "+tt.path, func(t *testing.T) {
				c := srv.Client(t)
				c.SignIn(tt.email, webtest.Password)
				var r *webtest.Response
				if tt.method == "POST" {
					r = c.Post(tt.path, url.Values{"name": {"x"}, "class": {"other"}, "lifetime_months": {"12"}})
				} else {
					r = c.Get(tt.path)
				}
				if r.Status != tt.want {
					t.Errorf("status %d, want %d", r.Status, tt.want)
				}
			})
		}
	})
}

func TestCategoryPages(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := models.WithActor(context.Background(), "test")
		srv.MustUser(t, "ed@example.com", "Ed", "editor")
		c := srv.Client(t)
		c.SignIn("ed@example.com", webtest.Password)
		t.Run("bad input shows each error next to its field", func(t *testing.T) {
			for _, bad := range []struct{ field, value string }{{"lifetime_months", "soon"}, {"lifetime_months", "0"}, {"name", ""}, {"name", "a,b"},
				{"class", "toaster"}, {"name", "laptop"}} {
				form := url.Values{"name": {"KVM"}, "class": {"peripheral"}, "lifetime_months": {"60"}}
				form.Set(bad.field, bad.value)
				r := c.Post("/admin/categories", form)
				if r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusConflict {
					t.Errorf("%s=%q: status %d", bad.field, bad.value, r.Status)
				}
				if r.Text("#f-"+bad.field+"-error") == "" && r.Text(".form-message") == "" {
					t.Errorf("%s=%q: no error shown", bad.field, bad.value)
				}
			}
		})
		var created models.Category
		t.Run("create, listed escaped, offered on the device form", func(t *testing.T) {
			r := c.Post("/admin/categories", url.Values{"name": {hostile}, "class": {"peripheral"}, "lifetime_months": {"30"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("create: %d %q", r.Status, r.Text(".form-message"))
			}
			set, err := srv.Store.Categories(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var ok bool
			if created, ok = set.Find(hostile); !ok || created.LifetimeMonths != 30 || created.Class != "peripheral" {
				t.Fatalf("stored %+v %v", created, ok)
			}
			page := c.Get("/admin/categories")
			if !strings.Contains(page.Text("#categories"), hostile) || page.Has("#categories img") {
				t.Error("the category's name is not shown as text")
			}
			assertNoInlineHandlers(t, page.Doc)
			offered := func(s *goquery.Selection) bool {
				return s.FilterFunction(func(_ int, o *goquery.Selection) bool { return o.AttrOr("value", "") == hostile }).Length() == 1
			}
			if !offered(c.Get("/devices/new").Doc.Find(`#f-category option`)) {
				t.Error("the device form does not offer the new category")
			}
			if !offered(c.Get("/devices").Doc.Find(`select[name=category] option`)) {
				t.Error("the device list's filter does not offer the new category")
			}
		})
		t.Run("in use: delete refused, saying how many; rename carries to the device", func(t *testing.T) {
			d := &models.Device{AssetTag: models.StrPtr("K-1"), Category: hostile, Status: models.StatusDeployed}
			if err := srv.Store.CreateDevice(ctx, d); err != nil {
				t.Fatal(err)
			}
			edit := c.Get("/admin/categories/" + itoa(created.ID))
			if !strings.Contains(edit.Text("#delete-note"), "1 devices") || edit.Has("#delete-category") {
				t.Errorf("edit page of a category in use: note %q", edit.Text("#delete-note"))
			}
			r := c.Post("/admin/categories/"+itoa(created.ID)+"/delete", url.Values{"version": {itoa(created.Version)}})
			if r.Status != http.StatusConflict || !strings.Contains(r.Text(".form-message"), "used by 1 devices") {
				t.Errorf("delete in use: %d %q", r.Status, r.Text(".form-message"))
			}
			r = c.Post("/admin/categories/"+itoa(created.ID), url.Values{"name": {"KVM switch"}, "class": {"peripheral"}, "lifetime_months": {"36"},
				"version": {itoa(created.Version)}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("rename: %d %q", r.Status, r.Text(".form-message"))
			}
			got, err := srv.Store.GetDevice(ctx, d.ID)
			if err != nil || got.Category != "KVM switch" {
				t.Errorf("device category %q (%v) after the rename", got.Category, err)
			}
			if err := srv.Store.DeleteDevice(ctx, d.ID, nil); err != nil {
				t.Fatal(err)
			}
			if r := c.Post("/admin/categories/"+itoa(created.ID)+"/delete", url.Values{"version": {itoa(created.Version + 1)}}); r.Status != http.StatusSeeOther {
				t.Errorf("delete unused: %d %q", r.Status, r.Text(".form-message"))
			}
		})
	})
}
