package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"itreg/models"
)

func TestDevicesAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		dell := createVia(t, a, "/api/v1/vendors", map[string]any{"name": "Dell"})
		line := createVia(t, a, "/api/v1/budget-lines", map[string]any{"code": "IT-HW", "name": "Hardware", "fiscal_year": 2026, "category": "capex"})
		w := a.do(req{Method: "POST", Path: "/api/v1/devices", Role: "editor", Body: map[string]any{
			"asset_tag": "IT-0001", "serial_number": "SN1", "hostname": "fin-lt-01", "category": "laptop",
			"manufacturer_id": dell, "supplier_id": dell, "budget_line_id": line, "model": "Latitude 7440",
			"status": "deployed", "department": "Finance", "purchase_date": "2024-02-29",
			"purchase_cost": map[string]any{"amount": "1299.00", "currency": "GBP"},
			"custom_fields": map[string]string{"colour": "grey"},
		}})
		dev := mustJSON[DeviceResponse](t, w, http.StatusCreated)
		path := "/api/v1/devices/" + itoa(int(dev.ID))
		t.Run("create answers the full device", func(t *testing.T) {
			if w.Header().Get("Location") != path || w.Header().Get("ETag") != `"1"` {
				t.Errorf("location %q etag %q", w.Header().Get("Location"), w.Header().Get("ETag"))
			}
			if dev.Manufacturer != "Dell" || dev.Supplier != "Dell" || dev.BudgetLine != "IT-HW" || *dev.ManufacturerID != dell {
				t.Errorf("references %+v", dev)
			}
			if dev.PurchaseCost.String() != "1299.00 GBP" || dev.CustomFields["colour"] != "grey" || dev.Version != 1 {
				t.Errorf("fields %+v", dev)
			}
			if dev.LifetimeMonths != 48 || !dev.LifetimeDefaulted || dev.EndOfLife.String() != "2028-02-29" {
				t.Errorf("leap-day purchase + 48 months: lifetime %d defaulted %v end of life %s", dev.LifetimeMonths, dev.LifetimeDefaulted, dev.EndOfLife)
			}
			if dev.UnderWarranty || !dev.WarrantyEnd.IsZero() {
				t.Errorf("warranty %v %s", dev.UnderWarranty, dev.WarrantyEnd)
			}
			if !strings.Contains(w.Body.String(), `"purchase_cost":{"amount":"1299.00","currency":"GBP"}`) {
				t.Errorf("money shape: %s", w.Body.String())
			}
		})

		long := strings.Repeat("x", 201)
		post := func(body any) req { return req{Method: "POST", Path: "/api/v1/devices", Role: "editor", Body: body} }
		dev2 := func(extra map[string]any) map[string]any {
			m := map[string]any{"asset_tag": "NEW-1", "category": "desktop"}
			for k, v := range extra {
				m[k] = v
			}
			return m
		}
		badInput := []errorCase{
			{"malformed JSON", post(`{"asset_tag": `), 400, "bad_request", ""},
			{"wrong type", post(`{"asset_tag": "X", "category": 5}`), 422, "validation_failed", "category"},
			{"wrong type for an id", post(`{"asset_tag": "X", "category": "laptop", "manufacturer_id": "dell"}`), 422, "validation_failed", "manufacturer_id"},
			{"unknown field", post(dev2(map[string]any{"owner": "me"})), 422, "validation_failed", "owner"},
			{"negative money", post(dev2(map[string]any{"purchase_cost": map[string]any{"amount": "-1.00", "currency": "GBP"}})), 422, "validation_failed",
				"purchase_cost"},
			{"unknown currency", post(dev2(map[string]any{"purchase_cost": map[string]any{"amount": "1.00", "currency": "XXY"}})), 422, "validation_failed",
				"purchase_cost"},
			{"too many decimals", post(dev2(map[string]any{"purchase_cost": map[string]any{"amount": "1.001", "currency": "GBP"}})), 422, "validation_failed",
				"purchase_cost"},
			{"bad date", post(dev2(map[string]any{"purchase_date": "29/02/2024"})), 422, "validation_failed", "purchase_date"},
			{"hostname too long", post(dev2(map[string]any{"hostname": long})), 422, "validation_failed", "hostname"},
			{"asset tag too long", post(dev2(map[string]any{"asset_tag": strings.Repeat("A", 101)})), 422, "validation_failed", "asset_tag"},
			{"control characters in an asset tag", post(dev2(map[string]any{"asset_tag": "IT\u00010002"})), 422, "validation_failed", "asset_tag"},
			{"newline in a serial", post(dev2(map[string]any{"serial_number": "S\nN"})), 422, "validation_failed", "serial_number"},
			{"lifetime 0", post(dev2(map[string]any{"lifetime_months": 0})), 422, "validation_failed", "lifetime_months"},
			{"unknown category", post(dev2(map[string]any{"category": "toaster"})), 422, "validation_failed", "category"},
			{"neither asset tag nor serial", post(map[string]any{"category": "laptop"}), 422, "validation_failed", "asset_tag"},
			{"missing manufacturer", post(dev2(map[string]any{"manufacturer_id": 9999})), 422, "validation_failed", "manufacturer_id"},
			{"missing supplier", post(dev2(map[string]any{"supplier_id": 9999})), 422, "validation_failed", "supplier_id"},
			{"missing budget line", post(dev2(map[string]any{"budget_line_id": 9999})), 422, "validation_failed", "budget_line_id"},
			{"duplicate asset tag", post(map[string]any{"asset_tag": "IT-0001", "category": "laptop"}), 409, "conflict", "asset_tag"},
			{"duplicate serial of the manufacturer", post(map[string]any{"serial_number": "SN1", "manufacturer_id": dell, "category": "laptop"}), 409,
				"conflict", "serial_number"},
			{"unknown sort", req{Method: "GET", Path: "/api/v1/devices?sort=notes", Role: "viewer"}, 400, "bad_parameter", "sort"},
			{"limit over 1000", req{Method: "GET", Path: "/api/v1/devices?limit=1001", Role: "viewer"}, 400, "bad_parameter", "limit"},
			{"unknown status filter", req{Method: "GET", Path: "/api/v1/devices?status=lost-ish", Role: "viewer"}, 400, "bad_parameter", "status"},
			{"bad id filter", req{Method: "GET", Path: "/api/v1/devices?manufacturer_id=x", Role: "viewer"}, 400, "bad_parameter", "manufacturer_id"},
			{"foreign cursor", req{Method: "GET", Path: "/api/v1/devices?cursor=abc", Role: "viewer"}, 400, "bad_parameter", "cursor"},
			{"body too large", post(`{"notes":"` + strings.Repeat("x", 1<<20) + `"}`), 413, "too_large", ""},
			{"wrong content type", req{Method: "POST", Path: "/api/v1/devices", Role: "editor", Body: `{"asset_tag":"x"}`,
				Header: map[string]string{"Content-Type": "text/csv"}}, 415, "unsupported_media_type", ""},
			{"no token", req{Method: "GET", Path: "/api/v1/devices"}, 401, "unauthorized", ""},
			{"viewer writes", req{Method: "POST", Path: "/api/v1/devices", Role: "viewer", Body: dev2(nil)}, 403, "forbidden", ""},
			{"viewer deletes", req{Method: "DELETE", Path: path, Role: "viewer"}, 403, "forbidden", ""},
			{"stale If-Match", req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"location": "Leeds"},
				Header: map[string]string{"If-Match": `"7"`}}, 412, "stale_version", ""},
			{"stale version in a PUT body", req{Method: "PUT", Path: path, Role: "editor", Body: map[string]any{"asset_tag": "IT-0001", "category": "laptop",
				"version": 3}}, 412, "stale_version", ""},
			{"missing device", req{Method: "GET", Path: "/api/v1/devices/424242", Role: "viewer"}, 404, "not_found", ""},
		}
		runErrorCases(t, a, badInput)
		t.Run("bad input changed nothing", func(t *testing.T) {
			list := mustJSON[ListResponse[DeviceResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/devices", Role: "viewer"}), 200)
			if list.Total != 1 || list.Items[0].Version != 1 || list.Items[0].Location != "" {
				t.Fatalf("list %+v", list)
			}
		})

		t.Run("computed end of life", func(t *testing.T) {
			cases := []struct {
				name string
				body map[string]any
				want string
			}{
				{"purchase + category lifetime", map[string]any{"purchase_date": "2024-02-29"}, "2028-02-29"},
				{"own lifetime clamps to month end", map[string]any{"purchase_date": "2024-02-29", "lifetime_months": 12}, "2025-02-28"},
				{"earlier manufacturer end of support wins", map[string]any{"purchase_date": "2024-02-29", "eol_date": "2027-06-30"}, "2027-06-30"},
				{"later end of support loses", map[string]any{"purchase_date": "2024-02-29", "eol_date": "2030-01-01"}, "2028-02-29"},
				{"end of support alone", map[string]any{"eol_date": "2027-06-30"}, "2027-06-30"},
				{"nothing known", map[string]any{}, ""},
			}
			for i, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					body := map[string]any{"asset_tag": "EOL-" + itoa(i), "category": "laptop"}
					for k, v := range tc.body {
						body[k] = v
					}
					got := mustJSON[DeviceResponse](t, a.do(post(body)), http.StatusCreated)
					if got.EndOfLife.String() != tc.want {
						t.Fatalf("end of life %q, want %q", got.EndOfLife, tc.want)
					}
					if _, own := tc.body["lifetime_months"]; got.LifetimeDefaulted == own {
						t.Fatalf("lifetime_defaulted %v", got.LifetimeDefaulted)
					}
				})
			}
		})

		t.Run("under warranty follows the warranty rows", func(t *testing.T) {
			ctx := context.Background()
			cases := []struct {
				name, start, end string
				covered          bool
			}{
				{"expired", "2022-01-01", "2025-12-31", false},
				{"current", "2025-01-01", "2027-03-31", true},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					w := models.Warranty{Kind: "extended", StartDate: models.MustDate(tc.start), EndDate: models.MustDate(tc.end),
						DeviceIDs: []int64{dev.ID}}
					if err := a.store.CreateWarranty(ctx, &w); err != nil {
						t.Fatal(err)
					}
					got := mustJSON[DeviceResponse](t, a.do(req{Method: "GET", Path: path, Role: "viewer"}), 200)
					if got.UnderWarranty != tc.covered || got.WarrantyEnd.String() != tc.end {
						t.Fatalf("under_warranty %v until %s, want %v until %s", got.UnderWarranty, got.WarrantyEnd, tc.covered, tc.end)
					}
					list := mustJSON[ListResponse[DeviceResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/devices?q=IT-0001", Role: "viewer"}), 200)
					if len(list.Items) != 1 || list.Items[0].UnderWarranty != tc.covered {
						t.Fatalf("list %+v", list.Items)
					}
				})
			}
		})

		t.Run("patch changes only what it carries, empty string and 0 clear", func(t *testing.T) {
			w := a.do(req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"location": "Leeds", "hostname": "", "supplier_id": 0},
				Header: map[string]string{"If-Match": `"1"`}})
			got := mustJSON[DeviceResponse](t, w, 200)
			if got.Location != "Leeds" || got.Hostname != "" || got.SupplierID != nil || got.Supplier != "" || got.Manufacturer != "Dell" ||
				got.Version != 2 || w.Header().Get("ETag") != `"2"` {
				t.Fatalf("patched %+v", got)
			}
			if got.PurchaseCost.String() != "1299.00 GBP" || got.CustomFields["colour"] != "grey" {
				t.Fatalf("untouched fields changed: %+v", got)
			}
		})
		t.Run("patch with an invalid value changes nothing", func(t *testing.T) {
			wantError(t, a.do(req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"lifetime_months": 0, "location": "York"},
				Header: map[string]string{"If-Match": `"2"`}}), 422, "validation_failed", "lifetime_months")
			wantError(t, a.do(req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"budget_line_id": 777},
				Header: map[string]string{"If-Match": `"2"`}}), 422, "validation_failed", "budget_line_id")
			got := mustJSON[DeviceResponse](t, a.do(req{Method: "GET", Path: path, Role: "viewer"}), 200)
			if got.Location != "Leeds" || got.Version != 2 {
				t.Fatalf("after a rejected patch %+v", got)
			}
		})
		t.Run("put replaces every field", func(t *testing.T) {
			got := mustJSON[DeviceResponse](t, a.do(req{Method: "PUT", Path: path, Role: "editor", Body: map[string]any{"asset_tag": "IT-0001",
				"category": "laptop", "status": "in_repair", "version": 2}}), 200)
			if got.Status != "in_repair" || got.ManufacturerID != nil || !got.PurchaseCost.IsZero() || len(got.CustomFields) != 0 || got.Version != 3 {
				t.Fatalf("put %+v", got)
			}
		})

		t.Run("audit events record each change with the actor", func(t *testing.T) {
			list := mustJSON[ListResponse[AuditEventResponse]](t, a.do(req{Method: "GET",
				Path: "/api/v1/audit-events?entity=device&entity_id=" + itoa(int(dev.ID)), Role: "viewer"}), 200)
			if list.Total != 3 {
				t.Fatalf("want 3 events, got %+v", list)
			}
			create, patch := list.Items[2], list.Items[1]
			if create.Action != "create" || create.Actor != "token:editor-user" || create.Changes["asset_tag"].New != "IT-0001" ||
				create.Changes["asset_tag"].Old != nil {
				t.Errorf("create event %+v", create)
			}
			if ch := patch.Changes["location"]; patch.Action != "update" || ch.Old != "" || ch.New != "Leeds" {
				t.Errorf("patch event %+v", patch)
			}
			if _, ok := patch.Changes["purchase_cost"]; ok {
				t.Errorf("patch event lists an unchanged field: %+v", patch.Changes)
			}
		})

		t.Run("a device holding a licence seat is not deleted", func(t *testing.T) {
			ctx := context.Background()
			id := createVia(t, a, "/api/v1/devices", map[string]any{"asset_tag": "SEATED", "category": "laptop"})
			lic := models.Licence{Product: "Office", Type: "subscription", Metric: "per_device"}
			if err := a.store.CreateLicence(ctx, &lic); err != nil {
				t.Fatal(err)
			}
			if err := a.store.CreateSeat(ctx, &models.LicenceSeat{LicenceID: lic.ID, DeviceID: &id}); err != nil {
				t.Fatal(err)
			}
			w := a.do(req{Method: "DELETE", Path: "/api/v1/devices/" + itoa(int(id)), Role: "editor"})
			wantError(t, w, 409, "conflict", "")
			if !strings.Contains(w.Body.String(), "1 licence seats") {
				t.Fatalf("message does not say how many seats: %s", w.Body.String())
			}
		})
		t.Run("delete with a stale version, then delete", func(t *testing.T) {
			wantError(t, a.do(req{Method: "DELETE", Path: path, Role: "editor", Header: map[string]string{"If-Match": `"1"`}}), 412, "stale_version", "")
			if w := a.do(req{Method: "DELETE", Path: path, Role: "editor", Header: map[string]string{"If-Match": `"3"`}}); w.Code != 204 {
				t.Fatalf("delete: %d %s", w.Code, w.Body.String())
			}
			wantError(t, a.do(req{Method: "GET", Path: path, Role: "viewer"}), 404, "not_found", "")
			list := mustJSON[ListResponse[AuditEventResponse]](t, a.do(req{Method: "GET",
				Path: "/api/v1/audit-events?entity=device&action=delete&entity_id=" + itoa(int(dev.ID)), Role: "viewer"}), 200)
			if len(list.Items) != 1 || list.Items[0].Changes["asset_tag"].Old != "IT-0001" || list.Items[0].Changes["asset_tag"].New != nil {
				t.Fatalf("delete event %+v", list.Items)
			}
		})
	})
}

func TestDevicesAPIConcurrentDuplicate(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		codes := make([]int, 2)
		var wg sync.WaitGroup
		for i := range codes {
			wg.Go(func() {
				codes[i] = a.do(req{Method: "POST", Path: "/api/v1/devices", Role: "editor", Body: `{"asset_tag": "RACE-1", "category": "laptop"}`}).Code
			})
		}
		wg.Wait()
		if !(codes[0] == 201 && codes[1] == 409 || codes[0] == 409 && codes[1] == 201) {
			t.Fatalf("want one 201 and one 409, got %v", codes)
		}
		list := mustJSON[ListResponse[DeviceResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/devices?q=RACE", Role: "viewer"}), 200)
		if list.Total != 1 {
			t.Fatalf("%d devices stored", list.Total)
		}
	})
}

func TestDevicesAPIListing(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		acme := createVia(t, a, "/api/v1/vendors", map[string]any{"name": "Acme"})
		bodies := []map[string]any{
			{"asset_tag": "L-1", "category": "laptop", "status": "deployed", "department": "Finance", "hostname": "100%_done", "manufacturer_id": acme},
			{"asset_tag": "L-2", "category": "laptop", "status": "in_stock", "department": "IT", "assigned_to": "Ann O'Neil"},
			{"asset_tag": "S-1", "category": "server", "status": "deployed", "location": "DC1", "purchase_date": "2023-05-01"},
			{"serial_number": "ONLY-SERIAL", "category": "monitor", "status": "retired", "purchase_date": "2021-01-01"},
			{"asset_tag": "P-1", "category": "phone", "status": "deployed", "department": "Finance", "purchase_cost": map[string]any{"amount": "10", "currency": "JPY"}},
		}
		for _, b := range bodies {
			createVia(t, a, "/api/v1/devices", b)
		}
		wantTotal[DeviceResponse](t, a, "/api/v1/devices", []totalCase{
			{"all", "", 5},
			{"status", "status=deployed", 3},
			{"status and category", "status=deployed&category=laptop", 1},
			{"department", "department=finance", 2},
			{"location", "location=DC1", 1},
			{"manufacturer", "manufacturer_id=" + itoa(int(acme)), 1},
			{"q percent", "q=" + url.QueryEscape("%"), 1},
			{"q underscore", "q=_", 1},
			{"q quote", "q=" + url.QueryEscape("o'neil"), 1},
			{"q injection", "q=" + url.QueryEscape("' OR 1=1 --"), 0},
		})
		t.Run("keyset pages through every device once, in order", func(t *testing.T) {
			var dates []string
			for _, d := range listAllPages[DeviceResponse](t, a, "/api/v1/devices?limit=2&sort=-purchase_date", 5) {
				dates = append(dates, d.PurchaseDate.String())
			}
			if strings.Join(dates, ",") != "2023-05-01,2021-01-01,,," {
				t.Fatalf("dates in order %q", dates)
			}
		})
		t.Run("JPY has no minor unit", func(t *testing.T) {
			list := mustJSON[ListResponse[DeviceResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/devices?q=P-1", Role: "viewer"}), 200)
			if list.Items[0].PurchaseCost.Decimal() != "10" {
				t.Fatalf("cost %+v", list.Items[0].PurchaseCost)
			}
		})
	})
}
