package api

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"itreg/models"
)

func TestCommitADryRunOnce(t *testing.T) {
	csv := []byte("Asset Tag,Serial Number,Category\nC-1,S-1,laptop\nC-2,S-2,monitor\n")
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		dry := mustJSON[ImportResponse](t, a.upload("editor", "d.csv", csv, map[string]string{"dry_run": "true"}), http.StatusOK)
		real := mustJSON[ImportResponse](t, a.upload("editor", "d.csv", []byte("Asset Tag,Category\nR-1,laptop\n"), nil), http.StatusCreated)
		commit := func(id int64) string { return importPath(id) + "/commit" }
		t.Run("the first commit imports the file", func(t *testing.T) {
			res := mustJSON[ImportResponse](t, a.do(req{Method: "POST", Path: commit(dry.ID), Role: "editor"}), http.StatusCreated)
			if res.DryRun || res.Counts.Created != 2 || res.ID == dry.ID {
				t.Fatalf("%+v", res.Result)
			}
		})
		bad := []struct {
			name         string
			path, role   string
			status       int
			code, detail string
		}{
			{"the second commit is refused", commit(dry.ID), "editor", http.StatusConflict, "conflict", "committed already"},
			{"an import that is no dry run", commit(real.ID), "editor", http.StatusUnprocessableEntity, "validation_failed", "no dry run"},
			{"a missing import", commit(999), "editor", http.StatusNotFound, "not_found", ""},
			{"a viewer", commit(dry.ID), "viewer", http.StatusForbidden, "forbidden", ""},
		}
		for _, tc := range bad {
			t.Run(tc.name, func(t *testing.T) {
				w := a.do(req{Method: "POST", Path: tc.path, Role: tc.role})
				wantError(t, w, tc.status, tc.code, "")
				if !strings.Contains(w.Body.String(), tc.detail) {
					t.Fatalf("body %s does not say %q", w.Body.String(), tc.detail)
				}
			})
		}
		t.Run("nothing was imported twice", func(t *testing.T) {
			if n := a.deviceTotal(); n != 3 {
				t.Fatalf("devices = %d, want 3", n)
			}
		})
		t.Run("undo: refused naming an edited record, then done once", func(t *testing.T) {
			list := mustJSON[ListResponse[ImportSummary]](t, a.do(req{Method: "GET", Path: "/api/v1/imports?limit=1", Role: "editor"}), http.StatusOK)
			committed := list.Items[0].ID
			d, err := a.store.FindDeviceByAssetTag(t.Context(), "C-1")
			if err != nil {
				t.Fatal(err)
			}
			w := a.do(req{Method: "PATCH", Path: "/api/v1/devices/" + strconv.FormatInt(d.ID, 10), Role: "editor",
				Body: map[string]any{"location": "Leeds", "version": d.Version}})
			if w.Code != http.StatusOK {
				t.Fatalf("edit: %d %s", w.Code, w.Body.String())
			}
			w = a.do(req{Method: "POST", Path: importPath(committed) + "/undo", Role: "editor"})
			wantError(t, w, http.StatusConflict, "conflict", "")
			if !strings.Contains(w.Body.String(), "device "+strconv.FormatInt(d.ID, 10)) || a.deviceTotal() != 3 {
				t.Fatalf("%s devices %d", w.Body.String(), a.deviceTotal())
			}
			w = a.do(req{Method: "POST", Path: importPath(real.ID) + "/undo", Role: "editor"})
			if res := mustJSON[models.UndoResult](t, w, http.StatusOK); res.Removed != 1 || a.deviceTotal() != 2 {
				t.Fatalf("%+v devices %d", res, a.deviceTotal())
			}
			wantError(t, a.do(req{Method: "POST", Path: importPath(real.ID) + "/undo", Role: "editor"}), http.StatusConflict, "conflict", "")
			wantError(t, a.do(req{Method: "POST", Path: importPath(dry.ID) + "/undo", Role: "editor"}), http.StatusUnprocessableEntity, "validation_failed", "")
		})
	})
}
