package webtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// recorder is a testing.TB that keeps the errors the harness reports instead of failing.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Helper() {}

// TestBrowserReportsProblems proves the harness catches what it promises: an inline script
// blocked by the CSP, a console.error, an uncaught exception and a missing stylesheet, and
// stays quiet on a clean page that answers 404 on purpose.
func TestBrowserReportsProblems(t *testing.T) {
	const csp = "default-src 'self'; script-src 'nonce-abc'; style-src 'self'"
	pages := map[string]string{
		"/clean":   `<!doctype html><title>ok</title><p>fine</p>`,
		"/inline":  `<!doctype html><title>x</title><script>document.title = "ran"</script>`,
		"/console": `<!doctype html><title>x</title><script nonce="abc">console.error("boom")</script>`,
		"/throw":   `<!doctype html><title>x</title><script nonce="abc">throw new Error("kaput")</script>`,
		"/missing": `<!doctype html><title>x</title><link rel="stylesheet" href="/nope.css">`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		if r.URL.Path == "/favicon.ico" {
			// Chromium asks for it on its own, at a time of its choosing; only the pages count.
			w.WriteHeader(http.StatusNoContent)
			return
		}
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Query().Get("status") == "404" {
			w.WriteHeader(http.StatusNotFound)
		}
		fmt.Fprint(w, body)
	}))
	defer srv.Close()

	tests := []struct {
		path string
		want string // a part of the one problem reported; "" for none
	}{
		{"/clean", ""},
		{"/clean?status=404", ""},
		{"/inline", "CSP violation"},
		{"/console", "boom"},
		{"/throw", "kaput"},
		{"/missing", "nope.css"},
	}
	// One browser for every case (starting Chromium is the slow part); Check after each page
	// hands that page's problems to the recorder, which is emptied before the next.
	rec := &recorder{TB: t}
	b := MustBrowser(rec)
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			b.Open(srv.URL + tt.path)
			// A round trip after the load lets the last events of the page arrive.
			_ = Eval[string](b, "document.title")
			b.Check()
			rec.mu.Lock()
			defer func() { rec.errors = nil; rec.mu.Unlock() }()
			if tt.want == "" {
				if len(rec.errors) != 0 {
					t.Errorf("a clean page reported %q", rec.errors)
				}
				return
			}
			found := false
			for _, e := range rec.errors {
				found = found || strings.Contains(e, tt.want)
			}
			if !found {
				t.Errorf("reported %q, want one containing %q", rec.errors, tt.want)
			}
		})
	}
}
