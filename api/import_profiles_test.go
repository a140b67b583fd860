package api

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"itreg/importers"
)

func TestImportProfilesAPI(t *testing.T) {
	export := []byte("Kit,Made by,Kind\nK-1,Dell,Lappy\n")
	body := map[string]any{"name": "Kit list monthly", "kind": "devices", "columns": []string{"Kit", "Made by", "Kind"},
		"mapping":   map[string]string{"Kit": "asset_tag", "Made by": "manufacturer", "Kind": "category"},
		"value_map": map[string]map[string]string{"category": {"Lappy": "laptop"}}}
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		p := mustJSON[importers.Profile](t, a.do(req{Method: "POST", Path: "/api/v1/import-profiles", Role: "editor", Body: body}), http.StatusCreated)
		if p.ID == 0 || p.Version != 1 || p.Kind != "device" {
			t.Fatalf("profile %+v", p)
		}
		path := "/api/v1/import-profiles/" + strconv.FormatInt(p.ID, 10)
		bad := []struct {
			name         string
			r            req
			status       int
			code, detail string
		}{
			{"same name again", req{Method: "POST", Path: "/api/v1/import-profiles", Role: "editor", Body: body}, http.StatusConflict, "conflict", ""},
			{"value map to an unknown value", req{Method: "POST", Path: "/api/v1/import-profiles", Role: "editor",
				Body: map[string]any{"name": "x", "columns": []string{"Kit"}, "value_map": map[string]map[string]string{"status": {"Lappy": "lapdog"}}}},
				http.StatusUnprocessableEntity, "validation_failed", "lapdog"},
			{"stale update", req{Method: "PUT", Path: path, Role: "editor", Body: body, Header: map[string]string{"If-Match": `"9"`}},
				http.StatusPreconditionFailed, "stale_version", ""},
			{"viewer", req{Method: "GET", Path: "/api/v1/import-profiles", Role: "viewer"}, http.StatusForbidden, "forbidden", ""},
			{"missing", req{Method: "GET", Path: "/api/v1/import-profiles/999", Role: "editor"}, http.StatusNotFound, "not_found", ""},
		}
		for _, tc := range bad {
			t.Run(tc.name, func(t *testing.T) {
				w := a.do(tc.r)
				wantError(t, w, tc.status, tc.code, "")
				if !strings.Contains(w.Body.String(), tc.detail) {
					t.Fatalf("body %s does not say %q", w.Body.String(), tc.detail)
				}
			})
		}
		t.Run("a preview of a matching file uses it", func(t *testing.T) {
			res := mustJSON[importers.PreviewResult](t, a.previewUpload("editor", "kits.csv", export, nil), http.StatusOK)
			if res.Profile == nil || res.Profile.Message != "using profile Kit list monthly" || res.Sheets[0].Columns[2].Field != "category" {
				t.Fatalf("%+v %+v", res.Profile, res.Sheets)
			}
		})
		t.Run("a named profile whose columns are gone is not applied", func(t *testing.T) {
			res := mustJSON[importers.PreviewResult](t, a.previewUpload("editor", "kits.csv", []byte("Kit,Maker\nK-1,Dell\n"),
				map[string]string{"profile": "kit list MONTHLY"}), http.StatusOK)
			if res.Profile == nil || res.Profile.Applied || strings.Join(res.Profile.Missing, ",") != "Made by,Kind" {
				t.Fatalf("%+v", res.Profile)
			}
		})
		t.Run("an unknown profile name", func(t *testing.T) {
			wantError(t, a.previewUpload("editor", "kits.csv", export, map[string]string{"profile": "nope"}), http.StatusBadRequest, "bad_parameter", "profile")
		})
		t.Run("a large file queued as a job keeps the profile's choices", func(t *testing.T) {
			a.server.ImportJobBytes = 10
			defer func() { a.server.ImportJobBytes = 0 }()
			res := mustJSON[ImportResponse](t, a.upload("editor", "kits.csv", export, nil), http.StatusAccepted)
			if res.Profile == nil || !res.Profile.Applied {
				t.Fatalf("%+v", res.Profile)
			}
			run, err := a.store.GetImportRun(t.Context(), res.ID)
			if err != nil || !strings.Contains(run.Options, `"Kit":"asset_tag"`) {
				t.Fatalf("%v options %s", err, run.Options)
			}
		})
		t.Run("update and delete", func(t *testing.T) {
			body["notes"] = "monthly"
			w := a.do(req{Method: "PUT", Path: path, Role: "editor", Body: body, Header: map[string]string{"If-Match": `"1"`}})
			up := mustJSON[importers.Profile](t, w, http.StatusOK)
			if up.Version != 2 || up.Notes != "monthly" {
				t.Fatalf("%+v", up)
			}
			if w := a.do(req{Method: "DELETE", Path: path, Role: "editor"}); w.Code != http.StatusNoContent {
				t.Fatalf("delete: %d %s", w.Code, w.Body.String())
			}
		})
	})
}
