package api

import (
	"net/http"
	"testing"
)

// TestSecurityHeaders checks nosniff on every response and no-store on every /api response:
// successes, errors, unknown routes and wrong methods, downloads and unauthenticated answers.
func TestSecurityHeaders(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		cases := []struct {
			name   string
			r      req
			status int
		}{
			{"healthz", req{Method: "GET", Path: "/healthz"}, http.StatusOK},
			{"readyz", req{Method: "GET", Path: "/readyz"}, http.StatusOK},
			{"unknown outside api", req{Method: "GET", Path: "/nowhere"}, http.StatusNotFound},
			{"openapi", req{Method: "GET", Path: "/api/v1/openapi.json"}, http.StatusOK},
			{"list", req{Method: "GET", Path: "/api/v1/vendors", Role: "viewer"}, http.StatusOK},
			{"no token", req{Method: "GET", Path: "/api/v1/licences"}, http.StatusUnauthorized},
			{"forbidden", req{Method: "GET", Path: "/api/v1/tokens", Role: "viewer"}, http.StatusForbidden},
			{"unknown api route", req{Method: "GET", Path: "/api/v1/nothing", Role: "viewer"}, http.StatusNotFound},
			{"wrong method", req{Method: "PUT", Path: "/api/v1/vendors", Role: "admin"}, http.StatusMethodNotAllowed},
			{"bad body", req{Method: "POST", Path: "/api/v1/vendors", Role: "admin", Body: "{"}, http.StatusBadRequest},
			{"report download", req{Method: "GET", Path: "/api/v1/reports/renewals?format=csv", Role: "viewer"}, http.StatusOK},
			{"audit", req{Method: "GET", Path: "/api/v1/audit-events", Role: "admin"}, http.StatusOK},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				w := a.do(tc.r)
				if w.Code != tc.status {
					t.Fatalf("status %d, want %d: %s", w.Code, tc.status, w.Body.String())
				}
				if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
					t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
				}
				if len(tc.r.Path) >= 5 && tc.r.Path[:5] == "/api/" {
					if got := w.Header().Get("Cache-Control"); got != "no-store" {
						t.Errorf("Cache-Control = %q, want no-store", got)
					}
				}
			})
		}
	})
}
