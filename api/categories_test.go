package api

import (
	"net/http"
	"strings"
	"testing"
)

func TestCategoriesAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		list := mustJSON[ListResponse[CategoryResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/categories", Role: "viewer"}), 200)
		if list.Total != 11 || list.Items[0].Name != "laptop" || list.Items[0].Lifetime != 48 || *list.Items[0].Devices != 0 {
			t.Fatalf("seeded list %+v", list.Items)
		}
		created := mustJSON[CategoryResponse](t, a.do(req{Method: "POST", Path: "/api/v1/categories", Role: "editor",
			Body: map[string]any{"name": "UPS", "class": "other", "lifetime_months": 96}}), http.StatusCreated)
		if created.Name != "UPS" || created.Lifetime != 96 || created.Version != 1 {
			t.Fatalf("created %+v", created)
		}
		path := "/api/v1/categories/" + itoa(int(created.ID))
		dev := mustJSON[DeviceResponse](t, a.do(req{Method: "POST", Path: "/api/v1/devices", Role: "editor",
			Body: map[string]any{"asset_tag": "UPS-1", "category": "ups", "status": "deployed"}}), http.StatusCreated)
		if dev.Category != "UPS" {
			t.Errorf("device category %q, want the category's spelling", dev.Category)
		}
		runErrorCases(t, a, []errorCase{
			{"duplicate name", req{Method: "POST", Path: "/api/v1/categories", Role: "editor",
				Body: map[string]any{"name": "ups", "class": "other", "lifetime_months": 12}}, 409, "conflict", "name"},
			{"class off the list", req{Method: "POST", Path: "/api/v1/categories", Role: "editor",
				Body: map[string]any{"name": "KVM", "class": "kvm", "lifetime_months": 12}}, 422, "validation_failed", "class"},
			{"no lifetime", req{Method: "POST", Path: "/api/v1/categories", Role: "editor",
				Body: map[string]any{"name": "KVM", "class": "other"}}, 422, "validation_failed", "lifetime_months"},
			{"name too long", req{Method: "POST", Path: "/api/v1/categories", Role: "editor",
				Body: map[string]any{"name": strings.Repeat("x", 101), "class": "other", "lifetime_months": 12}}, 422, "validation_failed", "name"},
			{"viewer writes", req{Method: "POST", Path: "/api/v1/categories", Role: "viewer",
				Body: map[string]any{"name": "KVM", "class": "other", "lifetime_months": 12}}, 403, "forbidden", ""},
			{"feed token reads", req{Method: "GET", Path: "/api/v1/categories", Role: "feed"}, 403, "forbidden", ""},
			{"delete in use", req{Method: "DELETE", Path: path, Role: "editor"}, 409, "conflict", ""},
			{"device of no category", req{Method: "POST", Path: "/api/v1/devices", Role: "editor",
				Body: map[string]any{"asset_tag": "T-1", "category": "Toaster", "status": "deployed"}}, 422, "validation_failed", "category"},
			{"missing record", req{Method: "GET", Path: "/api/v1/categories/999", Role: "viewer"}, 404, "not_found", ""},
		})
		t.Run("delete in use names the count", func(t *testing.T) {
			w := a.do(req{Method: "DELETE", Path: path, Role: "editor"})
			if w.Code != 409 || !strings.Contains(w.Body.String(), "used by 1 devices") {
				t.Fatalf("%d %s", w.Code, w.Body.String())
			}
		})
		t.Run("rename carries to the devices", func(t *testing.T) {
			got := mustJSON[CategoryResponse](t, a.do(req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"name": "UPS unit"},
				Header: map[string]string{"If-Match": `"1"`}}), 200)
			if got.Name != "UPS unit" || got.Version != 2 {
				t.Fatalf("patched %+v", got)
			}
			d := mustJSON[DeviceResponse](t, a.do(req{Method: "GET", Path: "/api/v1/devices/" + itoa(int(dev.ID)), Role: "viewer"}), 200)
			if d.Category != "UPS unit" {
				t.Errorf("device category %q after the rename", d.Category)
			}
			l := mustJSON[ListResponse[CategoryResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/categories", Role: "viewer"}), 200)
			if last := l.Items[len(l.Items)-1]; last.Name != "UPS unit" || *last.Devices != 1 {
				t.Errorf("list after the rename: %+v", last)
			}
			f := mustJSON[ListResponse[DeviceResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/devices?category=UPS+unit", Role: "viewer"}), 200)
			if f.Total != 1 {
				t.Errorf("filter by the new name: %d devices", f.Total)
			}
		})
	})
}
