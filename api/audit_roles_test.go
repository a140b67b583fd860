package api

import (
	"strings"
	"testing"
)

// TestAuditEventsByRole checks that token events reach only admins, as /tokens does, and that
// no audit event carries a token's secret prefix.
func TestAuditEventsByRole(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		tok := mustJSON[NewTokenResponse](t, a.do(req{Method: "POST", Path: "/api/v1/tokens", Role: "admin",
			Body: map[string]any{"name": "ci-runner", "role": "editor"}}), 201)
		mustJSON[VendorResponse](t, a.do(req{Method: "POST", Path: "/api/v1/vendors", Role: "editor", Body: map[string]any{"name": "Dell"}}), 201)
		cases := []struct {
			role       string
			seesTokens bool
		}{
			{"viewer", false},
			{"editor", false},
			{"admin", true},
		}
		for _, tc := range cases {
			t.Run(tc.role, func(t *testing.T) {
				for _, path := range []string{"/api/v1/audit-events", "/api/v1/audit-events?entity=api_token"} {
					w := a.do(req{Method: "GET", Path: path, Role: tc.role})
					list := mustJSON[ListResponse[AuditEventResponse]](t, w, 200)
					tokens, vendors := 0, 0
					for _, ev := range list.Items {
						switch ev.Entity {
						case "api_token":
							tokens++
						case "vendor":
							vendors++
						}
					}
					if (tokens > 0) != tc.seesTokens {
						t.Errorf("%s: %d token events", path, tokens)
					}
					if path == "/api/v1/audit-events" && vendors == 0 {
						t.Errorf("%s: the vendor event is missing", path)
					}
					if strings.Contains(w.Body.String(), tok.Prefix) || strings.Contains(w.Body.String(), `"prefix"`) {
						t.Errorf("%s: a token prefix is in the audit trail: %s", path, w.Body.String())
					}
				}
			})
		}
	})
}
