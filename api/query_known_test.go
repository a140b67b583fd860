package api

import (
	"strings"
	"testing"
)

// TestUnknownListParameter checks that every list answers a parameter it does not take with
// 400 naming it and the ones it takes, and still answers the ones it takes.
func TestUnknownListParameter(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		cases := []struct {
			path, takes string
		}{
			{"/api/v1/vendors", "role"},
			{"/api/v1/devices", "status"},
			{"/api/v1/licences", "ends_before"},
			{"/api/v1/warranties", "active_on"},
			{"/api/v1/budget-lines", "fiscal_year"},
			{"/api/v1/audit-events", "entity"},
			{"/api/v1/imports", "status"},
		}
		for _, tc := range cases {
			t.Run(tc.path, func(t *testing.T) {
				w := a.do(req{Method: "GET", Path: tc.path + "?statuss=retired", Role: "admin"})
				wantError(t, w, 400, "bad_parameter", "statuss")
				if !strings.Contains(w.Body.String(), tc.takes) || !strings.Contains(w.Body.String(), "limit") {
					t.Errorf("the answer does not name what the list takes: %s", w.Body.String())
				}
				if w := a.do(req{Method: "GET", Path: tc.path + "?limit=5", Role: "admin"}); w.Code != 200 {
					t.Errorf("a parameter the list takes: %d %s", w.Code, w.Body.String())
				}
			})
		}
	})
}
