package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"itreg/api/web/webtest"
)

// hostile is stored in fields that pages display: it must show as text and never run.
const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`

func TestEscaping(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		srv.MustUser(t, "eve@example.com", hostile, "editor")
		c := srv.Client(t)
		c.SignIn("eve@example.com", webtest.Password)
		if r := c.Post("/account/tokens", url.Values{"name": {hostile}, "role": {"viewer"}}); r.Status != http.StatusCreated {
			t.Fatalf("create token: %d", r.Status)
		}
		for _, path := range []string{"/", "/account"} {
			t.Run(path, func(t *testing.T) {
				r := c.Get(path)
				if r.Status != http.StatusOK {
					t.Fatalf("status %d", r.Status)
				}
				if r.Has("img") {
					t.Error("an <img> element made it into the page")
				}
				r.Doc.Find("script").Each(func(_ int, s *goquery.Selection) {
					if _, ok := s.Attr("src"); !ok {
						t.Errorf("an inline script made it into the page: %q", s.Text())
					}
				})
				assertNoInlineHandlers(t, r.Doc)
				if !strings.Contains(r.Text(".who .me"), hostile) {
					t.Errorf("the name does not show as text: %q", r.Text(".who .me"))
				}
			})
		}
		if r := c.Get("/account"); !strings.Contains(r.Text("#tokens table"), hostile) {
			t.Errorf("the token's name does not show as text")
		}
	})
}

func TestAccount(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := context.Background()
		u := srv.MustUser(t, "ana@example.com", "Ana", "editor")
		c := srv.Client(t)
		c.SignIn("ana@example.com", webtest.Password)

		t.Run("change name and landing view", func(t *testing.T) {
			r := c.Post("/account", url.Values{"name": {"Ana Lima"}, "landing": {"procurement"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("status %d: %s", r.Status, r.Text(".form-message"))
			}
			page := c.Get("/account")
			if page.Text(".flash-ok") == "" || page.Doc.Find("#f-name").AttrOr("value", "") != "Ana Lima" {
				t.Errorf("flash %q, name %q", page.Text(".flash-ok"), page.Doc.Find("#f-name").AttrOr("value", ""))
			}
			if got := page.Doc.Find("#f-landing option[selected]").AttrOr("value", ""); got != "procurement" {
				t.Errorf("landing %q", got)
			}
			if home := c.Get("/"); !strings.Contains(home.Text("main"), "Procurement view") {
				t.Errorf("home does not follow the landing view: %q", home.Text("main p.muted"))
			}
		})

		t.Run("a bad landing view is shown next to its field", func(t *testing.T) {
			r := c.Post("/account", url.Values{"name": {"Ana"}, "landing": {"space"}})
			if r.Status != http.StatusUnprocessableEntity || r.Text("#f-landing-error") == "" {
				t.Errorf("status %d, error %q", r.Status, r.Text("#f-landing-error"))
			}
		})

		t.Run("create a token: the secret shows once", func(t *testing.T) {
			r := c.Post("/account/tokens", url.Values{"name": {"monthly export"}, "role": {"viewer"}})
			secret := r.Text("#new-token")
			if r.Status != http.StatusCreated || !strings.HasPrefix(secret, "itr_") {
				t.Fatalf("status %d, secret %q", r.Status, secret)
			}
			if tok, err := srv.Store.Authenticate(ctx, secret); err != nil || tok.Name != "monthly export" {
				t.Errorf("the shown secret does not authenticate: %v", err)
			}
			again := c.Get("/account")
			if again.Has("#new-token") || strings.Contains(again.Body, secret) {
				t.Error("the secret is shown a second time")
			}
			if !strings.Contains(again.Text("#tokens table"), "monthly export") {
				t.Error("the token is not listed")
			}
		})

		t.Run("revoke a token", func(t *testing.T) {
			toks, err := srv.Store.ListUserTokens(ctx, u.ID)
			if err != nil || len(toks) == 0 {
				t.Fatalf("tokens: %v %d", err, len(toks))
			}
			r := c.Post("/account/tokens/"+itoa(toks[0].ID)+"/revoke", nil)
			if r.Status != http.StatusSeeOther {
				t.Fatalf("status %d", r.Status)
			}
			left, _ := srv.Store.ListUserTokens(ctx, u.ID)
			for _, tk := range left {
				if tk.ID == toks[0].ID && tk.RevokedAt == nil {
					t.Error("the token is still live")
				}
			}
		})

		t.Run("change password keeps this session and ends the others", func(t *testing.T) {
			other := srv.Client(t)
			other.SignIn("ana@example.com", webtest.Password)
			bad := c.Post("/account/password", url.Values{"current_password": {"wrong wrong wrong"}, "password": {"a new long passphrase 77"},
				"confirm": {"a new long passphrase 77"}})
			if bad.Status != http.StatusUnprocessableEntity || bad.Text("#f-current_password-error") == "" {
				t.Errorf("wrong current password: status %d, error %q", bad.Status, bad.Text("#f-current_password-error"))
			}
			r := c.Post("/account/password", url.Values{"current_password": {webtest.Password}, "password": {"a new long passphrase 77"},
				"confirm": {"a new long passphrase 77"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("status %d: %s %s", r.Status, r.Text(".form-message"), r.Text(".field-error"))
			}
			if r := c.Get("/account"); r.Status != http.StatusOK {
				t.Errorf("this session ended: %d", r.Status)
			}
			if r := other.Get("/account"); r.Status != http.StatusSeeOther {
				t.Errorf("the other session lives on: %d", r.Status)
			}
		})

		t.Run("revoke another session, then sign out everywhere", func(t *testing.T) {
			other := srv.Client(t)
			other.SignIn("ana@example.com", "a new long passphrase 77")
			page := c.Get("/account")
			forms := page.Doc.Find(`#sessions form[action$="/revoke"]`)
			if forms.Length() != 1 {
				t.Fatalf("%d revoke buttons, want 1 (not for this browser)", forms.Length())
			}
			action, _ := forms.Attr("action")
			if r := c.Post(action, nil); r.Status != http.StatusSeeOther {
				t.Fatalf("revoke: %d", r.Status)
			}
			if r := other.Get("/"); r.Status != http.StatusSeeOther {
				t.Errorf("the revoked session lives on: %d", r.Status)
			}
			if r := c.Post("/account/sessions/end-all", nil); r.Status != http.StatusSeeOther || r.Location != "/sign-in" {
				t.Fatalf("end-all: %d to %q", r.Status, r.Location)
			}
			if r := c.Get("/"); r.Status != http.StatusSeeOther {
				t.Errorf("signed out everywhere, yet / answered %d", r.Status)
			}
		})

		t.Run("another person's session cannot be revoked", func(t *testing.T) {
			srv.MustUser(t, "bo@example.com", "Bo", "viewer")
			bo := srv.Client(t)
			bo.SignIn("bo@example.com", webtest.Password)
			c.SignIn("ana@example.com", "a new long passphrase 77")
			boID := mustUserID(t, srv, "bo@example.com")
			sessions, _ := srv.Store.ListSessions(ctx, boID)
			if len(sessions) == 0 {
				t.Fatal("Bo has no session")
			}
			if r := c.Post("/account/sessions/"+itoa(sessions[0].ID)+"/revoke", nil); r.Status != http.StatusNotFound {
				t.Errorf("status %d, want 404", r.Status)
			}
			if r := bo.Get("/"); r.Status != http.StatusOK {
				t.Errorf("Bo was signed out: %d", r.Status)
			}
		})
	})
}

// TestRoleGating: a viewer's form offers no role above viewer, and posting one anyway is a 403
// that creates nothing.
func TestRoleGating(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		v := srv.MustUser(t, "vi@example.com", "Vi", "viewer")
		c := srv.Client(t)
		c.SignIn("vi@example.com", webtest.Password)
		page := c.Get("/account")
		if page.Has(`#f-token-role option[value="admin"]`) || page.Has(`#f-token-role option[value="editor"]`) {
			t.Error("the viewer's form offers a role above viewer")
		}
		if page.Has(`.sections a[href="/admin"]`) {
			t.Error("a viewer sees the Admin section")
		}
		for _, role := range []string{"admin", "editor"} {
			r := c.Post("/account/tokens", url.Values{"name": {"escalate"}, "role": {role}})
			if r.Status != http.StatusForbidden || r.Doc == nil || r.Text("h1") != "Not allowed" {
				t.Errorf("role %s: status %d, h1 %q", role, r.Status, r.Text("h1"))
			}
		}
		if toks, _ := srv.Store.ListUserTokens(context.Background(), v.ID); len(toks) != 0 {
			t.Errorf("%d tokens created", len(toks))
		}
	})
}

// TestCrossSiteRequests: a form posted from another site with a valid session cookie is
// refused with 403 and changes nothing.
func TestCrossSiteRequests(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		srv.MustUser(t, "ana@example.com", "Ana", "editor")
		c := srv.Client(t)
		c.SignIn("ana@example.com", webtest.Password)
		attacks := []struct {
			name   string
			header []string
		}{
			{"Sec-Fetch-Site cross-site", []string{"Sec-Fetch-Site: cross-site", "Origin: https://evil.example"}},
			{"old browser: Origin only", []string{"Sec-Fetch-Site:", "Origin: https://evil.example"}},
		}
		for _, a := range attacks {
			t.Run(a.name, func(t *testing.T) {
				for _, post := range []struct {
					path string
					form url.Values
				}{
					{"/account", url.Values{"name": {"Pwned"}, "landing": {"finance"}}},
					{"/account/tokens", url.Values{"name": {"stolen"}, "role": {"editor"}}},
					{"/account/sessions/end-all", nil},
					{"/sign-out", nil},
					{"/sign-in", url.Values{"email": {"ana@example.com"}, "password": {webtest.Password}}},
				} {
					r := c.Post(post.path, post.form, a.header...)
					if r.Status != http.StatusForbidden {
						t.Errorf("POST %s: status %d, want 403", post.path, r.Status)
					}
				}
				u, err := srv.Store.FindUserByEmail(context.Background(), "ana@example.com")
				if err != nil || u.Name != "Ana" {
					t.Errorf("the name changed: %v %q", err, u.Name)
				}
				if toks, _ := srv.Store.ListUserTokens(context.Background(), u.ID); len(toks) != 0 {
					t.Errorf("%d tokens created", len(toks))
				}
				if r := c.Get("/account"); r.Status != http.StatusOK {
					t.Errorf("the session ended: %d", r.Status)
				}
			})
		}
	})
}

func mustUserID(t *testing.T, srv *webtest.Server, email string) int64 {
	t.Helper()
	u, err := srv.Store.FindUserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
