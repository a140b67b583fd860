package api

import (
	"fmt"
	"net/http"
	"testing"
)

func TestSavedViewsAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		_, ana := mustPerson(t, a, "ana@example.com", "viewer")
		_, ben := mustPerson(t, a, "ben@example.com", "editor")
		as := func(secret string) map[string]string { return withCookie(secret, "Origin", "http://example.com") }
		create := func(secret string, body map[string]any) SavedViewResponse {
			t.Helper()
			return mustJSON[SavedViewResponse](t, a.do(req{Method: "POST", Path: "/api/v1/views", Body: body, Header: as(secret)}), http.StatusCreated)
		}
		mine := create(ana, map[string]any{"page": "devices", "name": "Laptops", "query": "category=laptop", "columns": []string{"asset_tag", "model"}})
		shared := create(ana, map[string]any{"page": "devices", "name": "Past EOL", "query": "in_service=true&eol_before=2026-11-22", "shared": true})
		w := a.do(req{Method: "PUT", Path: "/api/v1/views/default/devices", Body: map[string]any{"columns": []string{"asset_tag", "status"}}, Header: as(ana)})
		if d := mustJSON[SavedViewResponse](t, w, http.StatusOK); !d.Default || len(d.Columns) != 2 {
			t.Fatalf("default view %+v", d)
		}
		for _, tc := range []struct {
			name   string
			secret string
			want   string
		}{
			{"ana sees her own, default first", ana, "[ Laptops Past EOL]"},
			{"ben sees the shared one", ben, "[Past EOL]"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got := mustJSON[ListResponse[SavedViewResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/views?page=devices", Header: as(tc.secret)}), http.StatusOK)
				var names []string
				for _, v := range got.Items {
					names = append(names, v.Name)
				}
				if fmt.Sprint(names) != tc.want {
					t.Errorf("views %v, want %s", names, tc.want)
				}
			})
		}
		for _, tc := range []struct {
			name, method, path string
			header             map[string]string
			role               string
			body               any
			status             int
		}{
			{"duplicate name", "POST", "/api/v1/views", as(ana), "", map[string]any{"page": "devices", "name": "Laptops"}, http.StatusConflict},
			{"unknown page", "POST", "/api/v1/views", as(ana), "", map[string]any{"page": "x", "name": "y"}, http.StatusUnprocessableEntity},
			{"bad column", "PUT", "/api/v1/views/default/devices", as(ana), "", map[string]any{"columns": []string{"<script>"}}, http.StatusUnprocessableEntity},
			{"token without owner", "GET", "/api/v1/views", nil, "viewer", nil, http.StatusForbidden},
			{"no credentials", "GET", "/api/v1/views", nil, "", nil, http.StatusUnauthorized},
			{"ben may not delete ana's", "DELETE", fmt.Sprintf("/api/v1/views/%d", shared.ID), as(ben), "", nil, http.StatusNotFound},
			{"ana deletes hers", "DELETE", fmt.Sprintf("/api/v1/views/%d", mine.ID), as(ana), "", nil, http.StatusNoContent},
			{"gone", "DELETE", fmt.Sprintf("/api/v1/views/%d", mine.ID), as(ana), "", nil, http.StatusNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w := a.do(req{Method: tc.method, Path: tc.path, Header: tc.header, Role: tc.role, Body: tc.body})
				if w.Code != tc.status {
					t.Fatalf("status %d, want %d: %s", w.Code, tc.status, w.Body.String())
				}
			})
		}
	})
}
