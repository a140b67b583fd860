package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"itreg/api/web"
	"itreg/api/web/webtest"
	"itreg/models"
)

func TestAdminRoles(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		for _, u := range []struct{ email, role string }{{"ad@example.com", "admin"}, {"ed@example.com", "editor"}, {"vi@example.com", "viewer"}} {
			srv.MustUser(t, u.email, u.role, u.role)
		}
		paths := []struct{ method, path string }{
			{"GET", "/admin"}, {"POST", "/admin/users"}, {"POST", "/admin/users/1/disable"}, {"POST", "/admin/users/1/enable"},
			{"POST", "/admin/users/1/reset"}, {"POST", "/admin/users/1/role"}, {"POST", "/admin/tokens"}, {"POST", "/admin/tokens/1/revoke"},
		}
		for _, who := range []string{"ed@example.com", "vi@example.com"} {
			c := srv.Client(t)
			c.SignIn(who, webtest.Password)
			for _, p := range paths {
				t.Run(who+" "+p.method+" "+p.path, func(t *testing.T) {
					var r *webtest.Response
					if p.method == "POST" {
						r = c.Post(p.path, url.Values{"email": {"x@example.com"}, "role": {"admin"}, "name": {"x"}})
					} else {
						r = c.Get(p.path)
					}
					if r.Status != http.StatusForbidden {
						t.Errorf("status %d, want 403", r.Status)
					}
				})
			}
			if c.Get("/").Has(`.sections a[href="/admin"]`) {
				t.Errorf("%s sees the Admin link", who)
			}
		}
		c := srv.Client(t)
		c.SignIn("ad@example.com", webtest.Password)
		if r := c.Get("/admin"); r.Status != http.StatusOK || !r.Has(`.sections a[href="/admin"][aria-current="page"]`) {
			t.Errorf("admin: status %d", r.Status)
		}
		if r := c.Post("/admin/users", url.Values{"email": {"x@example.com"}, "role": {"viewer"}}, "Sec-Fetch-Site: cross-site",
			"Origin: https://evil.example"); r.Status != http.StatusForbidden {
			t.Errorf("cross-site invite: status %d", r.Status)
		}
		if users, _ := srv.Store.ListUsers(context.Background()); len(users) != 3 {
			t.Errorf("%d users after refused posts, want 3", len(users))
		}
	})
}

// userRow finds the people table's row of an e-mail address.
func userRow(r *webtest.Response, email string) *goquery.Selection {
	return r.Doc.Find("#users tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.TrimSpace(s.Find(".email").Text()) == email
	})
}

func TestAdminPeople(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := context.Background()
		me := srv.MustUser(t, "ad@example.com", "Ada", "admin")
		c := srv.Client(t)
		c.SignIn("ad@example.com", webtest.Password)

		var newID int64
		t.Run("invite shows the set-password link once", func(t *testing.T) {
			r := c.Post("/admin/users", url.Values{"email": {"bo@example.com"}, "name": {hostile}, "role": {"editor"}, "landing": {"finance"}})
			if r.Status != http.StatusCreated {
				t.Fatalf("status %d: %q", r.Status, r.Text(".form-message"))
			}
			link := r.Text("#new-link")
			if !strings.Contains(link, "/set-password?token=") {
				t.Fatalf("link %q", link)
			}
			u, err := srv.Store.CheckSetPasswordLink(ctx, webtest.LinkSecret(link))
			if err != nil || u.Email != "bo@example.com" || u.Role != models.RoleEditor {
				t.Fatalf("the link does not work: %v %v", u, err)
			}
			newID = u.ID
			again := c.Get("/admin")
			if again.Has("#new-link") {
				t.Error("the link is shown again")
			}
			row := userRow(again, "bo@example.com")
			if !strings.Contains(row.Find(".name").Text(), hostile) || again.Has("img") {
				t.Errorf("the name is not shown as text: %q", row.Find(".name").Text())
			}
			assertNoInlineHandlers(t, again.Doc)
			if row.Find("td[data-label='Last sign-in']").Text() != "never" {
				t.Errorf("last sign-in %q", row.Find("td[data-label='Last sign-in']").Text())
			}
		})

		t.Run("a bad invitation is shown next to its field", func(t *testing.T) {
			r := c.Post("/admin/users", url.Values{"email": {"not an address"}, "role": {"viewer"}})
			if r.Status != http.StatusUnprocessableEntity || r.Text("#f-invite-email-error") == "" {
				t.Errorf("status %d, error %q", r.Status, r.Text("#f-invite-email-error"))
			}
		})

		id := itoa(newID)
		t.Run("change role", func(t *testing.T) {
			r := c.Post("/admin/users/"+id+"/role", url.Values{"role": {"viewer"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("status %d", r.Status)
			}
			if u, _ := srv.Store.GetUser(ctx, newID); u.Role != models.RoleViewer {
				t.Errorf("role %s", u.Role)
			}
			if r := c.Post("/admin/users/"+id+"/role", url.Values{"role": {"feed"}}); r.Status != http.StatusBadRequest {
				t.Errorf("a feed role: status %d", r.Status)
			}
			if r := c.Post("/admin/users/"+itoa(me.ID)+"/role", url.Values{"role": {"viewer"}}); r.Status != http.StatusForbidden {
				t.Errorf("own role: status %d", r.Status)
			}
		})

		t.Run("disable, enable, and not oneself", func(t *testing.T) {
			if r := c.Post("/admin/users/"+id+"/disable", nil); r.Status != http.StatusSeeOther {
				t.Fatalf("disable: %d", r.Status)
			}
			page := c.Get("/admin")
			if !strings.Contains(userRow(page, "bo@example.com").Text(), "disabled") || !strings.Contains(page.Text(".flash-ok"), "disabled") {
				t.Errorf("row %q", userRow(page, "bo@example.com").Text())
			}
			if r := c.Post("/admin/users/"+id+"/enable", nil); r.Status != http.StatusSeeOther {
				t.Fatalf("enable: %d", r.Status)
			}
			if u, _ := srv.Store.GetUser(ctx, newID); u.Disabled {
				t.Error("still disabled")
			}
			if r := c.Post("/admin/users/"+itoa(me.ID)+"/disable", nil); r.Status != http.StatusForbidden {
				t.Errorf("disable oneself: %d", r.Status)
			}
			if r := c.Post("/admin/users/424242/disable", nil); r.Status != http.StatusNotFound {
				t.Errorf("unknown user: %d", r.Status)
			}
		})

		t.Run("reset password shows a new link", func(t *testing.T) {
			r := c.Post("/admin/users/"+id+"/reset", nil)
			if r.Status != http.StatusOK || !strings.Contains(r.Text("#new-link-notice"), "bo@example.com") {
				t.Fatalf("status %d, notice %q", r.Status, r.Text("#new-link-notice"))
			}
			if _, err := srv.Store.CheckSetPasswordLink(ctx, webtest.LinkSecret(r.Text("#new-link"))); err != nil {
				t.Errorf("the reset link does not work: %v", err)
			}
		})
	})
}

func TestAdminTokensAndConfig(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := context.Background()
		srv.MustUser(t, "ad@example.com", "Ada", "admin")
		ed := srv.MustUser(t, "ed@example.com", "Ed", "editor")
		if _, _, err := srv.Store.CreateUserToken(ctx, "ed's export", models.RoleViewer, &ed.ID); err != nil {
			t.Fatal(err)
		}
		c := srv.Client(t)
		c.SignIn("ad@example.com", webtest.Password)

		r := c.Post("/admin/tokens", url.Values{"name": {"nightly"}, "role": {"editor"}})
		if r.Status != http.StatusCreated || !strings.HasPrefix(r.Text("#new-token"), "itr_") {
			t.Fatalf("create: status %d, secret %q", r.Status, r.Text("#new-token"))
		}
		secret := r.Text("#new-token")
		page := c.Get("/admin")
		if strings.Contains(page.Body, secret) {
			t.Error("the secret is shown again")
		}
		rows := page.Doc.Find("#all-tokens tbody tr")
		if rows.Length() != 2 || !strings.Contains(rows.Text(), "ed@example.com") || !strings.Contains(rows.Text(), "ad@example.com") {
			t.Fatalf("tokens %q", rows.Text())
		}
		action := rows.First().Find("form").AttrOr("action", "")
		if r := c.Post(action, nil); r.Status != http.StatusSeeOther {
			t.Fatalf("revoke %s: %d", action, r.Status)
		}
		if !strings.Contains(c.Get("/admin").Text("#all-tokens"), "revoked") {
			t.Error("the revoked token is not marked")
		}
		if r := c.Post("/admin/tokens", url.Values{"name": {""}, "role": {"viewer"}}); r.Status != http.StatusUnprocessableEntity ||
			r.Text("#f-token-name-error") == "" {
			t.Errorf("empty name: %d %q", r.Status, r.Text("#f-token-name-error"))
		}

		cfg := page.Text("#config")
		for _, want := range []string{"January", "GBP", "20 MB", "off", "laptop"} {
			if !strings.Contains(cfg, want) {
				t.Errorf("configuration lacks %q: %q", want, cfg)
			}
		}
		if page.Has("#config form") || page.Has("#config input") {
			t.Error("the configuration is not read only")
		}
	})
	t.Run("single sign-on shows as on", func(t *testing.T) {
		srv := webtest.MustServer(t, "sqlite", func(c *web.Config) { c.OIDCProvider = "Entra ID"; c.FiscalYearStart = 4 })
		srv.MustUser(t, "ad@example.com", "Ada", "admin")
		c := srv.Client(t)
		c.SignIn("ad@example.com", webtest.Password)
		cfg := c.Get("/admin").Text("#config")
		if !strings.Contains(cfg, "on (Entra ID)") || !strings.Contains(cfg, "April") {
			t.Errorf("configuration %q", cfg)
		}
	})
}
