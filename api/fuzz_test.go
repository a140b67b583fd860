package api

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// FuzzWriteBodies sends arbitrary bodies and query strings to the write and list endpoints:
// whatever arrives, the answer is never a 500.
func FuzzWriteBodies(f *testing.F) {
	for _, seed := range []struct{ path, body string }{
		{"/api/v1/devices", `{"asset_tag":"A1","category":"laptop","status":"deployed","purchase_cost":{"amount":"12.50","currency":"GBP"}}`},
		{"/api/v1/licences", `{"product":"Office","type":"subscription","metric":"per_user","seats":-1,"start_date":"2026-02-30"}`},
		{"/api/v1/warranties", `{"kind":"support","end_date":"2027-01-01","device_ids":[1,2,99999999999]}`},
		{"/api/v1/budget-lines", `{"code":"X","name":"Y","fiscal_year":1e400,"category":"capex"}`},
		{"/api/v1/vendors?sort=-name&limit=5&q=%25", `{"name":"\u0000"}`},
		{"/api/v1/devices?cursor=eyJzIjoiIn0&sort=purchase_date", `[]`},
	} {
		f.Add(seed.path, seed.body)
	}
	st := modeltest.MustStore(f, models.SQLite)
	srv := &Server{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "fuzz", Currency: "GBP", FiscalYearStart: 1, MaxUpload: 1 << 20}
	h := srv.Router()
	secret, _, err := st.CreateToken(f.Context(), "fuzz", models.RoleEditor)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path, body string) {
		if len(path) == 0 || path[0] != '/' {
			path = "/api/v1/devices" + path
		}
		for _, method := range []string{"POST", "GET"} {
			r, err := newFuzzRequest(method, path, body)
			if err != nil {
				return // not a URL a client could send
			}
			r.Header.Set("Authorization", "Bearer "+secret)
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code >= 500 {
				t.Fatalf("%s %s %q: %d %s", method, path, body, w.Code, w.Body.String())
			}
		}
	})
}

// newFuzzRequest builds a request, or fails for a path no HTTP client could send.
func newFuzzRequest(method, path, body string) (*http.Request, error) {
	return http.NewRequest(method, "http://itreg.test"+path, bytes.NewBufferString(body))
}
