package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// testAPI is the real router on a fresh store, with a token per role.
type testAPI struct {
	t      *testing.T
	store  *models.Store
	server *Server
	h      http.Handler
	tokens map[string]string // role -> secret
}

func newTestAPI(t *testing.T, dialect string) *testAPI {
	t.Helper()
	st := modeltest.MustStore(t, dialect)
	srv := &Server{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test",
		Currency: "GBP", FiscalYearStart: 1, MaxUpload: 20 << 20}
	a := &testAPI{t: t, store: st, server: srv, h: srv.Router(), tokens: map[string]string{}}
	for _, role := range models.Roles {
		secret, _, err := st.CreateToken(context.Background(), role+"-user", role)
		if err != nil {
			t.Fatal(err)
		}
		a.tokens[role] = secret
	}
	return a
}

// forEachAPI runs fn per dialect with a fresh API.
func forEachAPI(t *testing.T, fn func(t *testing.T, a *testAPI)) {
	for _, d := range modeltest.Dialects(t) {
		t.Run(d, func(t *testing.T) { fn(t, newTestAPI(t, d)) })
	}
}

// req describes a request; Body may be a string (sent as is) or a value (sent as JSON).
type req struct {
	Method, Path, Role string
	Body               any
	Header             map[string]string
}

func (a *testAPI) do(r req) *httptest.ResponseRecorder {
	a.t.Helper()
	var body io.Reader
	switch b := r.Body.(type) {
	case nil:
	case string:
		body = bytes.NewBufferString(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			a.t.Fatal(err)
		}
		body = bytes.NewReader(j)
	}
	hr := httptest.NewRequest(r.Method, r.Path, body)
	if body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.Role != "" {
		hr.Header.Set("Authorization", "Bearer "+a.tokens[r.Role])
	}
	for k, v := range r.Header {
		hr.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	a.h.ServeHTTP(w, hr)
	return w
}

// mustJSON decodes a response body, failing the test on a wrong status.
func mustJSON[T any](t *testing.T, w *httptest.ResponseRecorder, status int) T {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d: %s", w.Code, status, w.Body.String())
	}
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %s: %v", w.Body.String(), err)
	}
	return v
}

// wantError checks the one error shape, its status, code and (when given) a field.
func wantError(t *testing.T, w *httptest.ResponseRecorder, status int, code, field string) {
	t.Helper()
	e := mustJSON[ErrorBody](t, w, status)
	if e.Error.Code != code {
		t.Errorf("code %q, want %q (%s)", e.Error.Code, code, w.Body.String())
	}
	if field != "" && e.Error.Fields[field] == "" {
		t.Errorf("field %q not named in %s", field, w.Body.String())
	}
	for _, leak := range []string{"SELECT", "INSERT", "goroutine", "pq:", "SQLSTATE", "sqlite"} {
		if bytes.Contains(w.Body.Bytes(), []byte(leak)) {
			t.Errorf("response leaks %q: %s", leak, w.Body.String())
		}
	}
}
