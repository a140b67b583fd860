package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"itreg/api/web"
	"itreg/api/web/webtest"
	"itreg/models"
)

func TestSignIn(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		srv.MustUser(t, "ana@example.com", "Ana", "editor")

		t.Run("a page asks to sign in and comes back", func(t *testing.T) {
			c := srv.Client(t)
			r := c.Get("/account?tab=tokens")
			if r.Status != http.StatusSeeOther || r.Location != "/sign-in?next="+url.QueryEscape("/account?tab=tokens") {
				t.Fatalf("status %d to %q", r.Status, r.Location)
			}
			page := c.Get(r.Location)
			if got := page.Doc.Find(`input[name="next"]`).AttrOr("value", ""); got != "/account?tab=tokens" {
				t.Errorf("the form carries next=%q", got)
			}
			r = c.Post("/sign-in", url.Values{"email": {"ana@example.com"}, "password": {webtest.Password}, "next": {"/account?tab=tokens"}})
			if r.Status != http.StatusSeeOther || r.Location != "/account?tab=tokens" {
				t.Fatalf("sign-in: status %d to %q", r.Status, r.Location)
			}
			if got := c.Get("/account"); got.Status != http.StatusOK || !strings.Contains(got.Text(".who .me"), "Ana") {
				t.Errorf("after sign-in /account: status %d, header shows %q", got.Status, got.Text(".who .me"))
			}
		})

		t.Run("next= to another site is ignored", func(t *testing.T) {
			for _, next := range []string{"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"} {
				c := srv.Client(t)
				r := c.Post("/sign-in", url.Values{"email": {"ana@example.com"}, "password": {webtest.Password}, "next": {next}})
				if r.Status != http.StatusSeeOther || r.Location != "/" {
					t.Errorf("next=%q: status %d to %q, want / ", next, r.Status, r.Location)
				}
			}
		})

		t.Run("unknown e-mail and wrong password say the same", func(t *testing.T) {
			c := srv.Client(t)
			wrong := c.Post("/sign-in", url.Values{"email": {"ana@example.com"}, "password": {"not the password at all"}})
			unknown := c.Post("/sign-in", url.Values{"email": {"nobody@example.com"}, "password": {"not the password at all"}})
			for name, r := range map[string]*webtest.Response{"wrong password": wrong, "unknown e-mail": unknown} {
				if r.Status != http.StatusUnauthorized {
					t.Errorf("%s: status %d, want 401", name, r.Status)
				}
			}
			if wrong.Text(".form-message") == "" || wrong.Text(".form-message") != unknown.Text(".form-message") {
				t.Errorf("messages differ: %q vs %q", wrong.Text(".form-message"), unknown.Text(".form-message"))
			}
			if v := wrong.Doc.Find("#f-password").AttrOr("value", ""); v != "" {
				t.Errorf("the password came back in the form: %q", v)
			}
			if v := wrong.Doc.Find("#f-email").AttrOr("value", ""); v != "ana@example.com" {
				t.Errorf("the e-mail was not kept: %q", v)
			}
		})

		t.Run("empty fields are marked next to them", func(t *testing.T) {
			r := srv.Client(t).Post("/sign-in", url.Values{"email": {""}, "password": {""}})
			if r.Status != http.StatusUnprocessableEntity {
				t.Errorf("status %d, want 422", r.Status)
			}
			for _, f := range []string{"email", "password"} {
				if r.Text("#f-"+f+"-error") == "" || r.Doc.Find("#f-"+f).AttrOr("aria-invalid", "") != "true" {
					t.Errorf("%s: no error next to the field", f)
				}
			}
		})

		t.Run("repeated failures are throttled, with the wait in words", func(t *testing.T) {
			srv.MustUser(t, "bo@example.com", "Bo", "viewer")
			c := srv.Client(t)
			var r *webtest.Response
			for i := 0; i < 10; i++ {
				r = c.Post("/sign-in", url.Values{"email": {"bo@example.com"}, "password": {"wrong password " + string(rune('a'+i))}})
				if r.Status == http.StatusTooManyRequests {
					break
				}
			}
			if r.Status != http.StatusTooManyRequests {
				t.Fatalf("after 10 failures: status %d, want 429", r.Status)
			}
			if r.Header.Get("Retry-After") == "" || !strings.Contains(r.Text(".notice"), "Try again in ") {
				t.Errorf("Retry-After %q, notice %q", r.Header.Get("Retry-After"), r.Text(".notice"))
			}
		})

		t.Run("sign-out is a POST and ends the session", func(t *testing.T) {
			c := srv.Client(t)
			c.SignIn("ana@example.com", webtest.Password)
			if r := c.Get("/sign-out"); r.Status == http.StatusSeeOther || r.Status == http.StatusOK {
				t.Errorf("GET /sign-out answered %d", r.Status)
			}
			r := c.Post("/sign-out", nil)
			if r.Status != http.StatusSeeOther || r.Location != "/sign-in" {
				t.Fatalf("sign-out: %d to %q", r.Status, r.Location)
			}
			if r := c.Get("/"); r.Status != http.StatusSeeOther {
				t.Errorf("after sign-out / answered %d, want a redirect to sign in", r.Status)
			}
		})
	})
}

func TestSignInWithProvider(t *testing.T) {
	srv := webtest.MustServer(t, "sqlite", func(c *web.Config) { c.OIDCProvider = "Contoso"; c.PasswordLogin = false })
	r := srv.Client(t).Get("/sign-in?next=/renewals")
	if got := r.Text("#sign-in-oidc"); got != "Sign in with Contoso" {
		t.Errorf("button %q", got)
	}
	if href := r.Doc.Find("#sign-in-oidc").AttrOr("href", ""); href != "/auth/oidc/start?next=%2frenewals" {
		t.Errorf("button links to %q", href)
	}
	if r.Has("#f-password") {
		t.Error("password form shown with password sign-in turned off")
	}
}

func TestSetPassword(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := context.Background()
		_, link, err := srv.Store.CreateUser(ctx, models.UserInput{Email: "cy@example.com", Name: "Cy", Role: "viewer"})
		if err != nil {
			t.Fatal(err)
		}
		token := webtest.LinkSecret(link)
		c := srv.Client(t)
		page := c.Get("/set-password?token=" + url.QueryEscape(token))
		if page.Status != http.StatusOK || !strings.Contains(page.Text("main"), "cy@example.com") {
			t.Fatalf("status %d", page.Status)
		}
		r := c.Post("/set-password", url.Values{"token": {token}, "password": {"short"}, "confirm": {"short"}})
		if r.Status != http.StatusUnprocessableEntity || r.Text("#f-password-error") == "" {
			t.Errorf("a short password: status %d, error %q", r.Status, r.Text("#f-password-error"))
		}
		r = c.Post("/set-password", url.Values{"token": {token}, "password": {webtest.Password}, "confirm": {webtest.Password + "x"}})
		if r.Status != http.StatusUnprocessableEntity || r.Text("#f-confirm-error") == "" {
			t.Errorf("a mismatch: status %d, error %q", r.Status, r.Text("#f-confirm-error"))
		}
		r = c.Post("/set-password", url.Values{"token": {token}, "password": {webtest.Password}, "confirm": {webtest.Password}})
		if r.Status != http.StatusSeeOther || r.Location != "/" {
			t.Fatalf("set: status %d to %q", r.Status, r.Location)
		}
		if home := c.Get("/"); home.Status != http.StatusOK {
			t.Errorf("signed in after setting the password? / answered %d", home.Status)
		}
		for _, path := range []string{"/set-password?token=" + url.QueryEscape(token), "/set-password?token=itr_forged"} {
			used := srv.Client(t).Get(path)
			if used.Status != http.StatusGone || !strings.Contains(used.Text("main"), "Ask an administrator for a new link") {
				t.Errorf("%s: status %d, says %q", path, used.Status, used.Text("main"))
			}
		}
		again := srv.Client(t).Post("/set-password", url.Values{"token": {token}, "password": {webtest.Password}, "confirm": {webtest.Password}})
		if again.Status != http.StatusGone {
			t.Errorf("reusing the link: status %d, want 410", again.Status)
		}
	})
}
