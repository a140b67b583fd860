package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"itreg/api/web/webtest"
	"itreg/models"
)

// TestBrowserAccount walks a person through the pages in real Chromium: sign in, home, the
// search key, the account page, a name change, a token, sign out. Any console error or CSP
// violation on the way fails it. With ITREG_SCREENSHOTS=dir it photographs each page.
func TestBrowserAccount(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		srv.MustUser(t, "ana@example.com", "Ana Lima", "admin")
		b := webtest.MustBrowser(t)
		shots := t.Name() == "TestBrowserAccount/sqlite"
		shoot := func(name string) {
			if shots {
				b.Screenshots(name)
			}
		}

		b.Open(srv.URL + "/account")
		if loc := b.Location(); !strings.HasSuffix(loc, "/sign-in?next=%2Faccount") {
			t.Fatalf("not sent to sign in: %s", loc)
		}
		shoot("sign-in")
		b.Fill("#f-email", "ana@example.com")
		b.Fill("#f-password", "wrong password here")
		b.Submit("#sign-in")
		if msg := b.Text(".form-message"); !strings.Contains(msg, "not right") {
			t.Errorf("wrong password says %q", msg)
		}
		shoot("sign-in-error")
		b.Fill("#f-password", webtest.Password)
		b.Submit("#sign-in")
		if loc := b.Location(); loc != srv.URL+"/account" {
			t.Fatalf("after sign-in at %s, want /account", loc)
		}

		b.Click(`.sections a[href="/"]`)
		if h := b.Text("h1"); h != "Hello, Ana Lima" {
			t.Errorf("home says %q", h)
		}
		b.Press("/")
		if id := webtest.Eval[string](b, "document.activeElement && document.activeElement.id"); id != "global-search" {
			t.Errorf(`"/" focused %q, want the search box`, id)
		}
		// CDP's key event types the character even though the page cancelled it; a real key
		// press does not. Clear it before the screenshot.
		b.Fill("#global-search", "")
		b.Do("blur", webtest.Blur())
		shoot("home")

		b.Click(".who .me")
		if h := b.Text("h1"); h != "Your account" {
			t.Fatalf("account page says %q", h)
		}
		b.Fill("#f-name", "Ana Lima-Souza")
		b.Submit("#save-profile")
		if got := b.Text(".who .me"); got != "Ana Lima-Souza" {
			t.Errorf("header shows %q after the change", got)
		}
		if msg := b.Text(".flash-ok"); !strings.Contains(msg, "saved") {
			t.Errorf("flash %q", msg)
		}
		b.Fill("#f-token-name", "monthly export")
		b.Submit("#create-token")
		if secret := b.Text("#new-token"); !strings.HasPrefix(secret, "itr_") {
			t.Errorf("new token shows %q", secret)
		}
		shoot("account")

		b.Open(srv.URL + "/no-such-page")
		if h := b.Text("h1"); h != "Not found" {
			t.Errorf("404 page says %q", h)
		}
		shoot("not-found")

		b.Open(srv.URL + "/account")
		b.Submit(`form[action="/sign-out"] button`)
		if loc := b.Location(); loc != srv.URL+"/sign-in" {
			t.Errorf("after sign-out at %s", loc)
		}
		if msg := b.Text(".flash-ok"); !strings.Contains(msg, "signed out") {
			t.Errorf("flash %q", msg)
		}
		b.Open(srv.URL + "/")
		if loc := b.Location(); !strings.Contains(loc, "/sign-in") {
			t.Errorf("signed out, yet / stays at %s", loc)
		}

		_, link, err := srv.Store.CreateUser(context.Background(), models.UserInput{Email: "new@example.com", Name: "New Person", Role: "viewer"})
		if err != nil {
			t.Fatal(err)
		}
		b.Open(srv.URL + "/set-password?token=" + url.QueryEscape(webtest.LinkSecret(link)))
		shoot("set-password")
		b.Fill("#f-password", "a long enough phrase 2026")
		b.Fill("#f-confirm", "a long enough phrase 2026")
		b.Submit("#set-password")
		if h := b.Text("h1"); h != "Hello, New Person" {
			t.Errorf("after setting the password the page says %q", h)
		}
		b.Open(srv.URL + "/set-password?token=" + url.QueryEscape(webtest.LinkSecret(link)))
		if h := b.Text("h1"); h != "This link no longer works" {
			t.Errorf("a used link says %q", h)
		}
		shoot("link-gone")
	})
}
