// Package webtest is the test harness of the web application: the real router on a loopback
// HTTP server with a fresh store (SQLite and Postgres), people to sign in as, an HTTP client
// that keeps cookies and parses pages, and headless Chromium that fails a test on any console
// error or CSP violation. Page tests in api/web and later pages use it.
package webtest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"itreg/api"
	"itreg/api/web"
	"itreg/models"
	"itreg/models/modeltest"
)

// Password is the password MustUser gives everyone: long enough and not a common one.
const Password = "quiet harbour lantern 1987"

// Server is itreg's real router, web application included, on 127.0.0.1.
type Server struct {
	URL   string
	Store *models.Store
	App   *web.App
}

// ForEachDialect runs fn on a fresh server per database (SQLite; Postgres when configured,
// required in CI).
func ForEachDialect(t *testing.T, fn func(t *testing.T, srv *Server)) {
	for _, d := range modeltest.Dialects(t) {
		t.Run(d, func(t *testing.T) { fn(t, MustServer(t, d)) })
	}
}

// MustServer starts the real router on a loopback port over a fresh, migrated store of the
// dialect, and stops it when the test ends. Options adjust the web configuration.
func MustServer(tb testing.TB, dialect string, opts ...func(*web.Config)) *Server {
	tb.Helper()
	return MustServerOn(tb, modeltest.MustStore(tb, dialect), opts...)
}

// MustServerOn starts the real router over a store the caller has filled (a benchmark's large
// register), and stops it when the test ends.
func MustServerOn(tb testing.TB, st *models.Store, opts ...func(*web.Config)) *Server {
	tb.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := web.Config{Currency: "GBP", FiscalYearStart: 1, PasswordLogin: true, Version: "test", MaxUpload: 20 << 20}
	for _, o := range opts {
		o(&cfg)
	}
	app, err := web.New(st, cfg, log)
	if err != nil {
		tb.Fatalf("web.New: %v", err)
	}
	srv := &api.Server{Store: st, Log: log, Version: "test", Currency: "GBP", FiscalYearStart: 1,
		MaxUpload: cfg.MaxUpload, ImportJobBytes: cfg.ImportJobBytes, Web: app}
	hs := httptest.NewServer(srv.Router())
	tb.Cleanup(hs.Close)
	return &Server{URL: hs.URL, Store: st, App: app}
}

// MustUser invites a person and sets their password (Password) through the one-time link, as
// a person would; it returns the user.
func (s *Server) MustUser(tb testing.TB, email, name, role string) *models.User {
	tb.Helper()
	ctx := context.Background()
	u, link, err := s.Store.CreateUser(ctx, models.UserInput{Email: email, Name: name, Role: role})
	if err != nil {
		tb.Fatalf("create user %s: %v", email, err)
	}
	if _, _, err := s.Store.SetPasswordFromLink(ctx, LinkSecret(link), Password, models.ClientInfo{}); err != nil {
		tb.Fatalf("set password of %s: %v", email, err)
	}
	return u
}

// LinkSecret takes the secret out of a set-password link ("/set-password?token=..."), or
// returns what it is given when that is the bare secret.
func LinkSecret(link string) string {
	if !strings.Contains(link, "token=") {
		return link
	}
	u, err := url.Parse(link)
	if err != nil {
		return link
	}
	return u.Query().Get("token")
}
