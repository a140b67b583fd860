package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"itreg/api/web"
	"itreg/api/web/webtest"
)

func TestWebhookPages(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := context.Background()
		srv.MustUser(t, "ad@example.com", "Ada", "admin")
		srv.MustUser(t, "ed@example.com", "Ed", "editor")
		admin := srv.Client(t)
		admin.SignIn("ad@example.com", webtest.Password)
		editor := srv.Client(t)
		editor.SignIn("ed@example.com", webtest.Password)
		good := url.Values{"name": {hostile}, "url": {"https://hooks.example.com/itreg"}, "format": {"slack"}, "notes": {hostile}}

		t.Run("only administrators see or change endpoints", func(t *testing.T) {
			for _, r := range []*webtest.Response{editor.Get("/admin/webhooks"), editor.Post("/admin/webhooks", good),
				editor.Post("/admin/webhooks/1/delete", url.Values{"version": {"1"}})} {
				if r.Status != http.StatusForbidden {
					t.Errorf("editor: status %d, want 403", r.Status)
				}
			}
			if eps, _ := srv.Store.ListWebhookEndpoints(ctx); len(eps) != 0 {
				t.Fatalf("an editor's post made %d endpoints", len(eps))
			}
		})
		t.Run("bad input is shown next to its field and writes nothing", func(t *testing.T) {
			for _, tc := range []struct {
				name, field string
				change      func(url.Values)
			}{
				{"no name", "name", func(v url.Values) { v.Set("name", "") }},
				{"not an address", "url", func(v url.Values) { v.Set("url", "hooks") }},
				{"a loopback address", "url", func(v url.Values) { v.Set("url", "http://127.0.0.1:9000/hook") }},
				{"a password in the address", "url", func(v url.Values) { v.Set("url", "https://u:p@hooks.example.com/") }},
				{"an unknown format", "format", func(v url.Values) { v.Set("format", "pager") }},
			} {
				t.Run(tc.name, func(t *testing.T) {
					form := url.Values{}
					for k, v := range good {
						form[k] = v
					}
					tc.change(form)
					r := admin.Post("/admin/webhooks", form)
					if r.Status != http.StatusUnprocessableEntity || r.Text("#f-"+tc.field+"-error") == "" {
						t.Fatalf("status %d, %s error %q, message %q", r.Status, tc.field, r.Text("#f-"+tc.field+"-error"), r.Text(".form-message"))
					}
					if r.Has("#new-webhook-secret") {
						t.Error("a refused endpoint shows a secret")
					}
				})
			}
			if eps, _ := srv.Store.ListWebhookEndpoints(ctx); len(eps) != 0 {
				t.Fatalf("refused posts made %d endpoints", len(eps))
			}
		})
		t.Run("create shows the secret once; turn off, on, delete", func(t *testing.T) {
			r := admin.Post("/admin/webhooks", good)
			secret := r.Text("#new-webhook-secret")
			if r.Status != http.StatusCreated || !strings.HasPrefix(secret, "whsec_") {
				t.Fatalf("status %d, secret %q, message %q", r.Status, secret, r.Text(".form-message"))
			}
			eps, _ := srv.Store.ListWebhookEndpoints(ctx)
			if len(eps) != 1 || eps[0].Secret != secret || eps[0].Format != "slack" || !eps[0].Enabled || eps[0].Name != hostile {
				t.Fatalf("stored %+v", eps)
			}
			e := eps[0]
			page := admin.Get("/admin/webhooks")
			if page.Has("#new-webhook-secret") || strings.Contains(page.Body, secret) {
				t.Error("the secret is shown again")
			}
			if !strings.Contains(page.Text("#webhooks"), hostile) || page.Has("#webhooks img") {
				t.Error("the endpoint's name is not shown as text")
			}
			assertNoInlineHandlers(t, page.Doc)
			version := url.Values{"version": {itoa(e.Version)}}
			if r := admin.Post("/admin/webhooks/"+itoa(e.ID)+"/disable", version); r.Status != http.StatusSeeOther {
				t.Fatalf("turn off: %d", r.Status)
			}
			off, _ := srv.Store.GetWebhookEndpoint(ctx, e.ID)
			if off.Enabled || !strings.Contains(off.DisabledReason, "Ada") {
				t.Fatalf("after turning off: %+v", off)
			}
			if r := admin.Post("/admin/webhooks/"+itoa(e.ID)+"/enable", version); r.Status != http.StatusConflict {
				t.Errorf("turning on at the old version: %d, want 409", r.Status)
			}
			if r := admin.Post("/admin/webhooks/"+itoa(e.ID)+"/enable", url.Values{"version": {itoa(off.Version)}}); r.Status != http.StatusSeeOther {
				t.Fatalf("turn on: %d", r.Status)
			}
			on, _ := srv.Store.GetWebhookEndpoint(ctx, e.ID)
			if !on.Enabled || on.DisabledReason != "" {
				t.Fatalf("after turning on: %+v", on)
			}
			if r := admin.Post("/admin/webhooks/"+itoa(e.ID)+"/delete", url.Values{"version": {"x"}}); r.Status != http.StatusBadRequest {
				t.Errorf("delete without a version: %d, want 400", r.Status)
			}
			if r := admin.Post("/admin/webhooks/"+itoa(e.ID)+"/delete", url.Values{"version": {itoa(on.Version)}}); r.Status != http.StatusSeeOther {
				t.Fatalf("delete: %d", r.Status)
			}
			if eps, _ := srv.Store.ListWebhookEndpoints(ctx); len(eps) != 0 {
				t.Fatalf("%d endpoints left", len(eps))
			}
		})
	})
}

// TestWebhookPrivateAllowed: with ITREG_WEBHOOK_ALLOW_PRIVATE the page takes a loopback address.
func TestWebhookPrivateAllowed(t *testing.T) {
	srv := webtest.MustServer(t, "sqlite", func(c *web.Config) { c.AllowPrivateWebhooks = true })
	srv.MustUser(t, "ad@example.com", "Ada", "admin")
	c := srv.Client(t)
	c.SignIn("ad@example.com", webtest.Password)
	r := c.Post("/admin/webhooks", url.Values{"name": {"Local receiver"}, "url": {"http://127.0.0.1:9000/hook"}, "format": {"standard"}})
	if r.Status != http.StatusCreated {
		t.Fatalf("status %d, url error %q", r.Status, r.Text("#f-url-error"))
	}
}
