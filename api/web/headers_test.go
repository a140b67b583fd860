package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"itreg/api/web/webtest"
	"itreg/models/modeltest"
)

var nonceRe = regexp.MustCompile(`script-src 'nonce-([A-Za-z0-9+/=_-]+)'`)

// TestSecurityHeaders checks every page's headers, and that the CSP nonce is new on each
// request and carried by every script tag (so no other script can run).
func TestSecurityHeaders(t *testing.T) {
	srv := webtest.MustServer(t, "sqlite")
	srv.MustUser(t, "ana@example.com", "Ana", "editor")
	signedIn := srv.Client(t)
	signedIn.SignIn("ana@example.com", webtest.Password)
	anon := srv.Client(t)

	pages := []struct {
		name   string
		client *webtest.Client
		path   string
		status int
	}{
		{"sign-in", anon, "/sign-in", http.StatusOK},
		{"home", signedIn, "/", http.StatusOK},
		{"account", signedIn, "/account", http.StatusOK},
		{"not found", signedIn, "/no-such-page", http.StatusNotFound},
		{"set-password bad link", anon, "/set-password?token=nope", http.StatusGone},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			first, second := p.client.Get(p.path), p.client.Get(p.path)
			if first.Status != p.status {
				t.Fatalf("status %d, want %d", first.Status, p.status)
			}
			n1, n2 := cspNonce(t, first), cspNonce(t, second)
			if n1 == n2 {
				t.Errorf("the nonce %q did not change between requests", n1)
			}
			csp := first.Header.Get("Content-Security-Policy")
			for _, want := range []string{"frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "style-src 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %s", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
				t.Errorf("CSP allows unsafe code: %q", csp)
			}
			for h, want := range map[string]string{
				"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "Cache-Control": "no-store",
				"Content-Type": "text/html; charset=utf-8",
			} {
				if got := first.Header.Get(h); got != want {
					t.Errorf("%s = %q, want %q", h, got, want)
				}
			}
			scripts := first.Doc.Find("script")
			if scripts.Length() == 0 {
				t.Fatal("no script tag: the layout should load htmx and app.js")
			}
			scripts.Each(func(_ int, s *goquery.Selection) {
				if got, _ := s.Attr("nonce"); got != n1 {
					t.Errorf("script %v carries nonce %q, want the CSP's %q", s.AttrOr("src", "(inline)"), got, n1)
				}
			})
			assertNoInlineHandlers(t, first.Doc)
		})
	}
}

func cspNonce(t *testing.T, r *webtest.Response) string {
	t.Helper()
	m := nonceRe.FindStringSubmatch(r.Header.Get("Content-Security-Policy"))
	if m == nil {
		t.Fatalf("no nonce in CSP %q", r.Header.Get("Content-Security-Policy"))
	}
	return m[1]
}

// assertNoInlineHandlers fails on any on* attribute or style attribute: CSP would block them,
// and none belongs in our templates.
func assertNoInlineHandlers(t *testing.T, doc *goquery.Document) {
	t.Helper()
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") || a.Key == "style" {
				t.Errorf("<%s %s=%q>: inline handlers and styles are not allowed", goquery.NodeName(s), a.Key, a.Val)
			}
		}
	})
}

// TestStaticAssets checks that assets are linked by content hash, cached for a year, served
// compressed, and small: CSS and JavaScript together under 100 KB compressed.
func TestStaticAssets(t *testing.T) {
	srv := webtest.MustServer(t, "sqlite")
	c := srv.Client(t)
	page := c.Get("/sign-in")
	var urls []string
	page.Doc.Find(`link[rel="stylesheet"], script[src]`).Each(func(_ int, s *goquery.Selection) {
		urls = append(urls, s.AttrOr("href", s.AttrOr("src", "")))
	})
	if len(urls) < 3 {
		t.Fatalf("assets linked: %v, want the stylesheets and scripts", urls)
	}
	hashed := regexp.MustCompile(`^/static/[a-z.]+\.[0-9a-f]{8}\.(css|js)$`)
	total := 0
	for _, u := range urls {
		t.Run(u, func(t *testing.T) {
			if !hashed.MatchString(u) {
				t.Errorf("%s has no content hash", u)
			}
			r := c.Get(u, "Accept-Encoding: gzip")
			if r.Status != http.StatusOK {
				t.Fatalf("status %d", r.Status)
			}
			if got := r.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
				t.Errorf("Cache-Control %q", got)
			}
			if got := r.Header.Get("Content-Encoding"); got != "gzip" {
				t.Errorf("Content-Encoding %q, want gzip", got)
			}
			total += len(r.Body)
		})
	}
	if total == 0 || total > 100<<10 {
		t.Errorf("CSS and JavaScript weigh %d bytes compressed, want under 100 KB", total)
	}
	t.Logf("CSS and JavaScript: %d bytes compressed", total)
	if r := c.Get("/static/app.00000000.css"); r.Status != http.StatusNotFound {
		t.Errorf("an unknown hash answered %d, want 404", r.Status)
	}
}

// TestNotFoundPages: a page path answers the HTML 404 page, an API path the JSON error.
func TestNotFoundPages(t *testing.T) {
	srv := webtest.MustServer(t, modeltest.Dialects(t)[0])
	c := srv.Client(t)
	page := c.Get("/no-such-page")
	if page.Status != http.StatusNotFound || page.Doc == nil || page.Text("h1") != "Not found" {
		t.Errorf("page 404: status %d, h1 %q", page.Status, page.Text("h1"))
	}
	api := c.Get("/api/v1/no-such-endpoint")
	if api.Status != http.StatusNotFound || !strings.Contains(api.Header.Get("Content-Type"), "application/json") {
		t.Errorf("API 404: status %d, type %q", api.Status, api.Header.Get("Content-Type"))
	}
}
