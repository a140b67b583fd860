package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"itreg/models"
)

func TestRenewalDecisionsAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		ctx := models.WithActor(context.Background(), "test")
		l := &models.Licence{Product: "CAD", Type: "subscription", Metric: "per_user", EndDate: models.MustDate("2027-01-10")}
		if err := a.store.CreateLicence(ctx, l); err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/renewal-decisions/licence/%d", l.ID)
		t.Run("undecided at first", func(t *testing.T) {
			got := mustJSON[RenewalDecisionResponse](t, a.do(req{Method: "GET", Path: path, Role: "viewer"}), http.StatusOK)
			if got.Decision != "undecided" || got.Version != 0 || got.EndDate != l.EndDate || got.UpdatedAt != nil {
				t.Fatalf("got %+v", got)
			}
		})
		t.Run("editor decides", func(t *testing.T) {
			w := a.do(req{Method: "PUT", Path: path, Role: "editor", Body: map[string]any{
				"decision": "renegotiate", "owner": "Sam", "note": "<b>10%</b>", "version": 0}})
			got := mustJSON[RenewalDecisionResponse](t, w, http.StatusOK)
			if got.Decision != "renegotiate" || got.Version != 1 || got.Owner != "Sam" || w.Header().Get("ETag") != `"1"` {
				t.Fatalf("got %+v, ETag %s", got, w.Header().Get("ETag"))
			}
		})
		for _, tc := range []struct {
			name, method, path, role string
			body                     any
			header                   map[string]string
			status                   int
			code                     string
		}{
			{"viewer may not decide", "PUT", path, "viewer", map[string]any{"decision": "renew", "version": 1}, nil, http.StatusForbidden, "forbidden"},
			{"stale version", "PUT", path, "editor", map[string]any{"decision": "renew", "version": 0}, nil, http.StatusPreconditionFailed, ""},
			{"stale If-Match", "PUT", path, "editor", map[string]any{"decision": "renew"}, map[string]string{"If-Match": `"5"`}, http.StatusPreconditionFailed, ""},
			{"no version", "PUT", path, "editor", map[string]any{"decision": "renew"}, nil, http.StatusPreconditionRequired, ""},
			{"bad decision", "PUT", path, "editor", map[string]any{"decision": "maybe", "version": 1}, nil, http.StatusUnprocessableEntity, "validation_failed"},
			{"bad kind", "GET", fmt.Sprintf("/api/v1/renewal-decisions/device/%d", l.ID), "viewer", nil, nil, http.StatusNotFound, "not_found"},
			{"no such item", "GET", "/api/v1/renewal-decisions/warranty/4242", "viewer", nil, nil, http.StatusNotFound, "not_found"},
			{"bad id", "GET", "/api/v1/renewal-decisions/licence/abc", "viewer", nil, nil, http.StatusNotFound, "not_found"},
			{"malformed body", "PUT", path, "editor", "{", nil, http.StatusBadRequest, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w := a.do(req{Method: tc.method, Path: tc.path, Role: tc.role, Body: tc.body, Header: tc.header})
				if tc.code == "" {
					if w.Code != tc.status {
						t.Fatalf("status %d, want %d: %s", w.Code, tc.status, w.Body.String())
					}
					return
				}
				wantError(t, w, tc.status, tc.code, "")
			})
		}
		t.Run("If-Match carries the version", func(t *testing.T) {
			w := a.do(req{Method: "PUT", Path: path, Role: "editor", Body: map[string]any{"decision": "cancel"}, Header: map[string]string{"If-Match": `"1"`}})
			if got := mustJSON[RenewalDecisionResponse](t, w, http.StatusOK); got.Decision != "cancel" || got.Version != 2 {
				t.Fatalf("got %+v", got)
			}
		})
	})
}
