package api

import (
	"net/http"
	"strings"
	"testing"

	"itreg/models"
)

func TestTokensAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		forbidden := []struct {
			name string
			r    req
		}{
			{"editor lists", req{Method: "GET", Path: "/api/v1/tokens", Role: "editor"}},
			{"viewer lists", req{Method: "GET", Path: "/api/v1/tokens", Role: "viewer"}},
			{"editor creates", req{Method: "POST", Path: "/api/v1/tokens", Role: "editor", Body: map[string]any{"name": "x", "role": "admin"}}},
			{"editor revokes", req{Method: "DELETE", Path: "/api/v1/tokens/1", Role: "editor"}},
		}
		for _, tc := range forbidden {
			t.Run(tc.name, func(t *testing.T) { wantError(t, a.do(tc.r), 403, "forbidden", "") })
		}
		t.Run("no token", func(t *testing.T) {
			wantError(t, a.do(req{Method: "GET", Path: "/api/v1/tokens"}), 401, "unauthorized", "")
		})
		bad := []struct {
			name   string
			body   any
			status int
			code   string
			field  string
		}{
			{"unknown role", map[string]any{"name": "x", "role": "root"}, 422, "validation_failed", "role"},
			{"missing name", map[string]any{"role": "viewer"}, 422, "validation_failed", "name"},
			{"control characters in name", map[string]any{"name": "a\x07b", "role": "viewer"}, 422, "validation_failed", "name"},
			{"unknown field", map[string]any{"name": "x", "role": "viewer", "hash": "abc"}, 422, "validation_failed", "hash"},
			{"malformed JSON", `{"name":`, 400, "bad_request", ""},
		}
		for _, tc := range bad {
			t.Run(tc.name, func(t *testing.T) {
				wantError(t, a.do(req{Method: "POST", Path: "/api/v1/tokens", Role: "admin", Body: tc.body}), tc.status, tc.code, tc.field)
			})
		}

		w := a.do(req{Method: "POST", Path: "/api/v1/tokens", Role: "admin", Body: map[string]any{"name": "ci", "role": "viewer"}})
		tok := mustJSON[NewTokenResponse](t, w, http.StatusCreated)
		t.Run("create shows the secret once", func(t *testing.T) {
			if !strings.HasPrefix(tok.Token, "itr_") || tok.Prefix != tok.Token[:10] || tok.Role != "viewer" || tok.Revoked {
				t.Fatalf("created %+v", tok)
			}
			if w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("cache-control %q", w.Header().Get("Cache-Control"))
			}
		})
		t.Run("the new token works with its role", func(t *testing.T) {
			a.tokens["ci"] = tok.Token
			mustJSON[ListResponse[DeviceResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/devices", Role: "ci"}), 200)
			wantError(t, a.do(req{Method: "POST", Path: "/api/v1/vendors", Role: "ci", Body: map[string]any{"name": "x"}}), 403, "forbidden", "")
		})
		t.Run("the list never shows secrets or hashes", func(t *testing.T) {
			w := a.do(req{Method: "GET", Path: "/api/v1/tokens", Role: "admin"})
			list := mustJSON[ListResponse[TokenResponse]](t, w, 200)
			if list.Total != int64(len(models.Roles)+1) || list.Items[0].Name != "ci" {
				t.Fatalf("list %+v", list)
			}
			for _, secret := range []string{tok.Token, models.HashToken(tok.Token), "hash"} {
				if strings.Contains(w.Body.String(), secret) {
					t.Fatalf("list shows %q: %s", secret, w.Body.String())
				}
			}
		})
		t.Run("revoke", func(t *testing.T) {
			p := "/api/v1/tokens/" + itoa(int(tok.ID))
			if w := a.do(req{Method: "DELETE", Path: p, Role: "admin"}); w.Code != 204 {
				t.Fatalf("revoke: %d %s", w.Code, w.Body.String())
			}
			wantError(t, a.do(req{Method: "GET", Path: "/api/v1/devices", Role: "ci"}), 401, "unauthorized", "")
			wantError(t, a.do(req{Method: "DELETE", Path: p, Role: "admin"}), 404, "not_found", "")
			wantError(t, a.do(req{Method: "DELETE", Path: "/api/v1/tokens/abc", Role: "admin"}), 404, "not_found", "")
			list := mustJSON[ListResponse[TokenResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/tokens", Role: "admin"}), 200)
			if !list.Items[0].Revoked || list.Items[0].RevokedAt == nil {
				t.Fatalf("revoked token listed as %+v", list.Items[0])
			}
		})
		t.Run("the audit trail records create and revoke, never the secret", func(t *testing.T) {
			w := a.do(req{Method: "GET", Path: "/api/v1/audit-events?entity=api_token&entity_id=" + itoa(int(tok.ID)), Role: "admin"})
			evs := mustJSON[ListResponse[AuditEventResponse]](t, w, 200)
			if evs.Total != 2 || evs.Items[0].Action != "update" || evs.Items[1].Action != "create" ||
				evs.Items[1].Actor != "token:admin-user" || evs.Items[1].Changes["role"].New != "viewer" {
				t.Fatalf("audit events %s", w.Body.String())
			}
			if strings.Contains(w.Body.String(), tok.Token) || strings.Contains(w.Body.String(), models.HashToken(tok.Token)) {
				t.Fatalf("the audit trail shows the secret: %s", w.Body.String())
			}
		})
	})
}
