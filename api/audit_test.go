package api

import (
	"net/http"
	"testing"
)

func TestAuditEventsAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		id := createVia(t, a, "/api/v1/vendors", map[string]any{"name": "Dell"})
		path := "/api/v1/vendors/" + itoa(int(id))
		mustJSON[VendorResponse](t, a.do(req{Method: "PATCH", Path: path, Role: "admin", Body: map[string]any{"website": "https://dell.com"},
			Header: map[string]string{"If-Match": `"1"`}}), 200)
		if w := a.do(req{Method: "DELETE", Path: path, Role: "editor"}); w.Code != http.StatusNoContent {
			t.Fatalf("delete: %d", w.Code)
		}
		cases := []struct {
			name, query string
			actions     []string
		}{
			{"all, newest first", "entity=vendor&entity_id=" + itoa(int(id)), []string{"delete", "update", "create"}},
			{"by action", "action=update", []string{"update"}},
			{"by actor", "actor=token:admin-user", []string{"update"}},
			{"another entity", "entity=device", nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				list := mustJSON[ListResponse[AuditEventResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/audit-events?" + tc.query, Role: "viewer"}), 200)
				if len(list.Items) != len(tc.actions) {
					t.Fatalf("events %+v", list.Items)
				}
				for i, e := range list.Items {
					if e.Action != tc.actions[i] || e.Entity != "vendor" || e.EntityID != id || e.At.IsZero() || e.Changes == nil {
						t.Fatalf("event %d: %+v", i, e)
					}
				}
			})
		}
		t.Run("update event holds old and new", func(t *testing.T) {
			list := mustJSON[ListResponse[AuditEventResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/audit-events?action=update", Role: "viewer"}), 200)
			ch := list.Items[0].Changes["website"]
			if ch.Old != "" || ch.New != "https://dell.com" || len(list.Items[0].Changes) != 1 {
				t.Fatalf("changes %+v", list.Items[0].Changes)
			}
		})
		t.Run("pages one at a time", func(t *testing.T) {
			first := mustJSON[ListResponse[AuditEventResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/audit-events?entity=vendor&limit=1", Role: "viewer"}), 200)
			second := mustJSON[ListResponse[AuditEventResponse]](t, a.do(req{Method: "GET",
				Path: "/api/v1/audit-events?entity=vendor&limit=1&cursor=" + first.Next, Role: "viewer"}), 200)
			if first.Total != 3 || first.Next == "" || len(second.Items) != 1 || second.Items[0].ID >= first.Items[0].ID {
				t.Fatalf("first %+v second %+v", first, second)
			}
		})
		bad := []errorCase{
			{"unknown action", req{Method: "GET", Path: "/api/v1/audit-events?action=drop", Role: "viewer"}, 400, "bad_parameter", "action"},
			{"bad entity id", req{Method: "GET", Path: "/api/v1/audit-events?entity_id=abc", Role: "viewer"}, 400, "bad_parameter", "entity_id"},
			{"unknown sort", req{Method: "GET", Path: "/api/v1/audit-events?sort=actor", Role: "viewer"}, 400, "bad_parameter", "sort"},
			{"limit over 1000", req{Method: "GET", Path: "/api/v1/audit-events?limit=1001", Role: "viewer"}, 400, "bad_parameter", "limit"},
			{"no token", req{Method: "GET", Path: "/api/v1/audit-events"}, 401, "unauthorized", ""},
			{"feed token", req{Method: "GET", Path: "/api/v1/audit-events", Role: "feed"}, 403, "forbidden", ""},
			{"not writable", req{Method: "POST", Path: "/api/v1/audit-events", Role: "admin", Body: map[string]any{}}, 405, "method_not_allowed", ""},
		}
		runErrorCases(t, a, bad)
	})
}
