package api

import (
	"fmt"
	"itreg/models"
	"net/http"
	"strings"
	"testing"
)

// TestMaskKey pins the mask: at most the last four characters, never more than a third.
func TestMaskKey(t *testing.T) {
	cases := []struct{ key, want string }{
		{"", ""},
		{"AB", "••••"},
		{"ABC", "••••C"},
		{"ABCDEFGH", "••••GH"},
		{"ABCDEFGHI", "••••GHI"},
		{"ABCDEFGHIJKL", "••••IJKL"},
		{secretKey, maskedKey},
		{"ÀÉÎÕÜ-ÀÉÎÕÜ", "••••ÎÕÜ"},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			got := models.MaskKey(tc.key)
			if got != tc.want {
				t.Fatalf("models.MaskKey(%q) = %q, want %q", tc.key, got, tc.want)
			}
			shown := len([]rune(strings.TrimPrefix(got, "••••")))
			if n := len([]rune(tc.key)); shown > 4 || shown*3 > n {
				t.Fatalf("mask of %d characters shows %d", n, shown)
			}
		})
	}
}

// TestLicenceKeyReveal checks that the key is read in clear only through the reveal route, by
// editors and admins, and that each reveal is audited without the key.
func TestLicenceKeyReveal(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		lic := mustJSON[LicenceResponse](t, a.do(req{Method: "POST", Path: "/api/v1/licences", Role: "editor",
			Body: map[string]any{"product": "Office", "type": "perpetual", "metric": "site", "key": secretKey}}), 201)
		path := fmt.Sprintf("/api/v1/licences/%d/key/reveal", lic.ID)
		cases := []struct {
			name, role, path string
			status           int
		}{
			{"viewer may not", "viewer", path, http.StatusForbidden},
			{"editor reveals", "editor", path, http.StatusOK},
			{"admin reveals", "admin", path, http.StatusOK},
			{"no such licence", "editor", "/api/v1/licences/999999/key/reveal", http.StatusNotFound},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				w := a.do(req{Method: "POST", Path: tc.path, Role: tc.role})
				if w.Code != tc.status {
					t.Fatalf("status %d, want %d: %s", w.Code, tc.status, w.Body.String())
				}
				if tc.status == http.StatusOK {
					if got := mustJSON[LicenceKey](t, w, 200); got.Key != secretKey || got.ID != lic.ID {
						t.Fatalf("revealed %+v", got)
					}
					if w.Header().Get("Cache-Control") != "no-store" {
						t.Errorf("a revealed key may be cached: Cache-Control %q", w.Header().Get("Cache-Control"))
					}
				} else if strings.Contains(w.Body.String(), secretKey) {
					t.Fatalf("the key leaks: %s", w.Body.String())
				}
			})
		}
		t.Run("audited", func(t *testing.T) {
			evs := auditOf(t, a, "licence", lic.ID)
			var reveals []string
			for _, ev := range evs {
				if ev.Action == "reveal" {
					reveals = append(reveals, ev.Actor)
				}
				if s := fmt.Sprint(ev.Changes); strings.Contains(s, secretKey) {
					t.Errorf("audit event holds the key: %s", s)
				}
			}
			if len(reveals) != 2 || !strings.Contains(reveals[0]+reveals[1], "editor") || !strings.Contains(reveals[0]+reveals[1], "admin") {
				t.Fatalf("reveal events by %v, want the editor's and the admin's", reveals)
			}
		})
	})
}
