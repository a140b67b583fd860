package api

import (
	"net/http"
	"strings"
	"testing"
)

func TestVendorsAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		created := mustJSON[VendorResponse](t, a.do(req{Method: "POST", Path: "/api/v1/vendors", Role: "editor",
			Body: map[string]any{"name": "Dell", "roles": []string{"manufacturer"}}}), http.StatusCreated)
		if created.Name != "Dell" || created.Version != 1 {
			t.Fatalf("created %+v", created)
		}
		path := "/api/v1/vendors/" + itoa(int(created.ID))

		badInput := []errorCase{
			{"malformed JSON", req{Method: "POST", Path: "/api/v1/vendors", Role: "editor", Body: `{"name": `}, 400, "bad_request", ""},
			{"not an object", req{Method: "POST", Path: "/api/v1/vendors", Role: "editor", Body: `[1]`}, 400, "bad_request", ""},
			{"wrong type", req{Method: "POST", Path: "/api/v1/vendors", Role: "editor", Body: `{"name": 5}`}, 422, "validation_failed", "name"},
			{"unknown field", req{Method: "POST", Path: "/api/v1/vendors", Role: "editor", Body: `{"name": "x", "id": 7}`}, 422, "validation_failed", "id"},
			{"too long", req{Method: "POST", Path: "/api/v1/vendors", Role: "editor", Body: map[string]any{"name": strings.Repeat("x", 201)}}, 422,
				"validation_failed", "name"},
			{"bad role", req{Method: "POST", Path: "/api/v1/vendors", Role: "editor", Body: map[string]any{"name": "x", "roles": []string{"boss"}}}, 422,
				"validation_failed", "roles[0]"},
			{"duplicate name", req{Method: "POST", Path: "/api/v1/vendors", Role: "editor", Body: map[string]any{"name": "DELL"}}, 409, "conflict", "name"},
			{"no token", req{Method: "GET", Path: "/api/v1/vendors"}, 401, "unauthorized", ""},
			{"viewer writes", req{Method: "POST", Path: "/api/v1/vendors", Role: "viewer", Body: map[string]any{"name": "x"}}, 403, "forbidden", ""},
			{"feed token reads", req{Method: "GET", Path: "/api/v1/vendors", Role: "feed"}, 403, "forbidden", ""},
			{"wrong content type", req{Method: "POST", Path: "/api/v1/vendors", Role: "editor", Body: `{"name":"x"}`,
				Header: map[string]string{"Content-Type": "text/plain"}}, 415, "unsupported_media_type", ""},
			{"body too large", req{Method: "POST", Path: "/api/v1/vendors", Role: "editor", Body: `{"notes":"` + strings.Repeat("x", 1<<20) + `"}`}, 413,
				"too_large", ""},
			{"unknown sort", req{Method: "GET", Path: "/api/v1/vendors?sort=password", Role: "viewer"}, 400, "bad_parameter", "sort"},
			{"limit over 1000", req{Method: "GET", Path: "/api/v1/vendors?limit=1001", Role: "viewer"}, 400, "bad_parameter", "limit"},
			{"stale version", req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"website": "x"},
				Header: map[string]string{"If-Match": `"9"`}}, 412, "stale_version", ""},
			{"no version", req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"website": "x"}}, 428, "version_required", ""},
			{"missing record", req{Method: "GET", Path: "/api/v1/vendors/999", Role: "viewer"}, 404, "not_found", ""},
			{"non-numeric id", req{Method: "GET", Path: "/api/v1/vendors/abc", Role: "viewer"}, 404, "not_found", ""},
		}
		runErrorCases(t, a, badInput)

		t.Run("nothing was written by bad input", func(t *testing.T) {
			list := mustJSON[ListResponse[VendorResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/vendors", Role: "viewer"}), 200)
			if list.Total != 1 || list.Items[0].Version != 1 {
				t.Fatalf("list %+v", list)
			}
		})
		t.Run("patch with If-Match", func(t *testing.T) {
			w := a.do(req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"website": "https://dell.com"},
				Header: map[string]string{"If-Match": `"1"`}})
			got := mustJSON[VendorResponse](t, w, 200)
			if got.Website != "https://dell.com" || got.Version != 2 || got.Roles[0] != "manufacturer" || w.Header().Get("ETag") != `"2"` {
				t.Fatalf("patched %+v etag %s", got, w.Header().Get("ETag"))
			}
		})
		t.Run("put replaces with the version in the body", func(t *testing.T) {
			got := mustJSON[VendorResponse](t, a.do(req{Method: "PUT", Path: path, Role: "editor", Body: map[string]any{"name": "Dell Technologies",
				"version": 2}}), 200)
			if got.Name != "Dell Technologies" || got.Website != "" || got.Version != 3 {
				t.Fatalf("put %+v", got)
			}
		})
		t.Run("delete", func(t *testing.T) {
			if w := a.do(req{Method: "DELETE", Path: path, Role: "editor"}); w.Code != 204 {
				t.Fatalf("delete: %d %s", w.Code, w.Body.String())
			}
			wantError(t, a.do(req{Method: "GET", Path: path, Role: "viewer"}), 404, "not_found", "")
		})
	})
}
