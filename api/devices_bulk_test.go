package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"itreg/models"
)

func TestDeviceBulkAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		ctx := models.WithActor(context.Background(), "test")
		var ids []int64
		for i, status := range []string{"deployed", "deployed", "in_stock"} {
			d := &models.Device{AssetTag: models.StrPtr(fmt.Sprintf("K%d", i)), Category: "laptop", Status: status}
			if err := a.store.CreateDevice(ctx, d); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
		}
		for _, tc := range []struct {
			name            string
			role            string
			body            any
			status          int
			matched, change int
		}{
			{"preview by filter", "editor", map[string]any{"filter": "status=deployed&sort=-hostname", "set": map[string]any{"location": "Leeds"}, "preview": true},
				http.StatusOK, 2, 2},
			{"by filter", "editor", map[string]any{"filter": "status=deployed", "set": map[string]any{"location": "Leeds"}}, http.StatusOK, 2, 2},
			{"by ids", "editor", map[string]any{"ids": ids, "set": map[string]any{"location": "Leeds", "lifetime_months": 36}}, http.StatusOK, 3, 3},
			{"viewer refused", "viewer", map[string]any{"ids": ids, "set": map[string]any{"location": "York"}}, http.StatusForbidden, 0, 0},
			{"stale version", "editor", map[string]any{"ids": ids[:1], "versions": map[string]int64{fmt.Sprint(ids[0]): 1}, "set": map[string]any{"location": "York"}},
				http.StatusPreconditionFailed, 0, 0},
			{"misspelt filter", "editor", map[string]any{"filter": "stauts=deployed", "set": map[string]any{"location": "York"}}, http.StatusUnprocessableEntity, 0, 0},
			{"bad filter value", "editor", map[string]any{"filter": "status=broken", "set": map[string]any{"location": "York"}}, http.StatusBadRequest, 0, 0},
			{"bad set value", "editor", map[string]any{"ids": ids, "set": map[string]any{"status": "broken"}}, http.StatusUnprocessableEntity, 0, 0},
			{"nothing set", "editor", map[string]any{"ids": ids, "set": map[string]any{}}, http.StatusUnprocessableEntity, 0, 0},
			{"no selection", "editor", map[string]any{"set": map[string]any{"location": "York"}}, http.StatusUnprocessableEntity, 0, 0},
			{"bad versions key", "editor", map[string]any{"ids": ids, "versions": map[string]int64{"x": 1}, "set": map[string]any{"location": "York"}},
				http.StatusUnprocessableEntity, 0, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w := a.do(req{Method: "POST", Path: "/api/v1/devices/bulk", Role: tc.role, Body: tc.body})
				if tc.status != http.StatusOK {
					if w.Code != tc.status {
						t.Fatalf("status %d, want %d: %s", w.Code, tc.status, w.Body.String())
					}
					return
				}
				got := mustJSON[BulkResponse](t, w, http.StatusOK)
				if got.Matched != tc.matched || got.Changed != tc.change {
					t.Errorf("got %+v, want matched %d changed %d", got, tc.matched, tc.change)
				}
			})
		}
		t.Run("what changed", func(t *testing.T) {
			for i, want := range []string{"Leeds/v3", "Leeds/v3", "Leeds/v2"} {
				d := mustJSON[DeviceResponse](t, a.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/devices/%d", ids[i]), Role: "viewer"}), http.StatusOK)
				if got := fmt.Sprintf("%s/v%d", d.Location, d.Version); got != want || d.LifetimeMonths != 36 {
					t.Errorf("device %d: %s lifetime %d, want %s", i, got, d.LifetimeMonths, want)
				}
			}
		})
	})
}
