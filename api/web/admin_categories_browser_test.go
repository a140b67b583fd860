package web_test

import (
	"context"
	"strings"
	"testing"

	"itreg/api/web/webtest"
	"itreg/models"
)

// TestBrowserCategories adds a category, gives it a device and tries to delete it, in real
// Chromium; a console error or CSP violation fails it. With ITREG_SCREENSHOTS=dir it
// photographs the list, a refused form and a category in use.
func TestBrowserCategories(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := models.WithActor(context.Background(), "test")
		srv.MustUser(t, "ana@example.com", "Ana Lima", "admin")
		b := webtest.MustBrowser(t)
		shoot := func(name string) {
			if t.Name() == "TestBrowserCategories/sqlite" {
				b.Screenshots(name)
			}
		}
		b.SignIn(srv.URL, "ana@example.com", webtest.Password)
		b.Open(srv.URL + "/admin")
		b.Click(`a[href="/admin/categories"]`)
		if h := b.Text("h1"); h != "Categories" {
			t.Fatalf("the admin page's link leads to %q", h)
		}
		b.Fill("#f-name", "Uninterruptible power supply")
		b.Fill("#f-lifetime_months", "many")
		b.Submit("#save-category")
		if msg := b.Text("#f-lifetime_months-error"); !strings.Contains(msg, "whole number") {
			t.Errorf("a lifetime of words says %q", msg)
		}
		shoot("categories-error")
		b.Fill("#f-lifetime_months", "96")
		b.Submit("#save-category")
		if !strings.Contains(b.Text("#categories"), "Uninterruptible power supply") {
			t.Fatal("the new category is not listed")
		}
		set, err := srv.Store.Categories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ups, _ := set.Find("uninterruptible power supply")
		for _, tag := range []string{"UPS-1", "UPS-2"} {
			if err := srv.Store.CreateDevice(ctx, &models.Device{AssetTag: models.StrPtr(tag), Category: ups.Name, Status: models.StatusDeployed}); err != nil {
				t.Fatal(err)
			}
		}
		b.Open(srv.URL + "/admin/categories")
		shoot("categories")
		b.Open(srv.URL + "/admin/categories/" + itoa(ups.ID) + "#category-form")
		if note := b.Text("#delete-note"); !strings.Contains(note, "2 devices") {
			t.Errorf("a category in use says %q", note)
		}
		shoot("category-in-use")
	})
}
