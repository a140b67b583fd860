package api

import (
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"itreg/models"
)

func TestWarrantiesAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		var devs []int64
		for i := range 3 {
			devs = append(devs, insertDevice(t, a, fmt.Sprintf("SRV-%d", i), ""))
		}
		prov := mustJSON[VendorResponse](t, a.do(req{Method: "POST", Path: "/api/v1/vendors", Role: "editor", Body: map[string]any{"name": "HPE"}}), 201)
		body := map[string]any{"provider_id": prov.ID, "kind": "support", "reference": "CP-77", "service_level": "4h on-site",
			"start_date": "2026-01-01", "end_date": "2026-12-31", "notice_days": 60, "auto_renew": true,
			"cost": map[string]any{"amount": "3000", "currency": "EUR"}, "device_ids": []int64{devs[2], devs[0], devs[1], devs[0]}}
		w := mustJSON[WarrantyResponse](t, a.do(req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: body}), 201)
		if w.Provider != "HPE" || !reflect.DeepEqual(coveredIDs(t, a, w), devs) || w.DeviceCount != 3 || len(w.Devices) != 3 ||
			w.Devices[0].AssetTag != "SRV-0" || w.Devices[0].SerialNumber != "SN-SRV-0" || !w.Active || w.DaysLeft != 39 ||
			w.NoticeDeadline.String() != "2026-11-01" || w.Cost.Decimal() != "3000.00" {
			t.Fatalf("created %+v", w)
		}
		path := fmt.Sprintf("/api/v1/warranties/%d", w.ID)

		bad := func(field string, v any) map[string]any {
			b := map[string]any{"kind": "manufacturer", "end_date": "2027-01-01"}
			b[field] = v
			return b
		}
		cases := []errorCase{
			{"malformed JSON", req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: `{"kind":`}, 400, "bad_request", ""},
			{"no end date", req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: map[string]any{"kind": "lease"}}, 422, "validation_failed",
				"end_date"},
			{"end before start", req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: bad("start_date", "2027-06-01")}, 422,
				"validation_failed", "end_date"},
			{"bad kind", req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: bad("kind", "forever")}, 422, "validation_failed", "kind"},
			{"notice days negative", req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: bad("notice_days", -1)}, 422, "validation_failed",
				"notice_days"},
			{"negative money", req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: bad("cost", map[string]any{"amount": "-3",
				"currency": "EUR"})}, 422, "validation_failed", "cost"},
			{"unknown currency", req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: bad("cost", map[string]any{"amount": "3",
				"currency": "eur"})}, 422, "validation_failed", "cost"},
			{"service level too long", req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: bad("service_level", strings.Repeat("s", 201))},
				422, "validation_failed", "service_level"},
			{"device ids of the wrong type", req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: bad("device_ids", "SRV-0")}, 422,
				"validation_failed", "device_ids"},
			{"devices that do not exist", req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: bad("device_ids", []int64{devs[0], 998})}, 422,
				"validation_failed", "device_ids"},
			{"provider that does not exist", req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: bad("provider_id", 999)}, 422,
				"validation_failed", "provider_id"},
			{"unknown field", req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: bad("active", true)}, 422, "validation_failed", "active"},
			{"duplicate reference per provider", req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: map[string]any{"kind": "support",
				"provider_id": prov.ID, "reference": "CP-77", "end_date": "2027-01-01"}}, 409, "conflict", "reference"},
			{"viewer writes", req{Method: "PATCH", Path: path, Role: "viewer", Body: map[string]any{"notes": "x"}, Header: ifMatch(1)}, 403, "forbidden", ""},
			{"stale If-Match", req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"device_ids": []int64{devs[0]}}, Header: ifMatch(4)}, 412,
				"stale_version", ""},
			{"bad active_on", req{Method: "GET", Path: "/api/v1/warranties?active_on=today", Role: "viewer"}, 400, "bad_parameter", "active_on"},
			{"unknown sort", req{Method: "GET", Path: "/api/v1/warranties?sort=device_ids", Role: "viewer"}, 400, "bad_parameter", "sort"},
		}
		runErrorCases(t, a, cases)
		t.Run("bad input changed nothing", func(t *testing.T) {
			got := mustJSON[WarrantyResponse](t, a.do(req{Method: "GET", Path: path, Role: "viewer"}), 200)
			list := mustJSON[ListResponse[WarrantyResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/warranties", Role: "viewer"}), 200)
			if got.Version != 1 || !reflect.DeepEqual(coveredIDs(t, a, got), devs) || list.Total != 1 || !reflect.DeepEqual(coveredIDs(t, a, list.Items[0]), devs) {
				t.Fatalf("got %+v, list %+v", got, list)
			}
		})
		t.Run("three devices updated to two: join rows and one audit event", func(t *testing.T) {
			got := mustJSON[WarrantyResponse](t, a.do(req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"device_ids": []int64{devs[1],
				devs[2]}}, Header: ifMatch(1)}), 200)
			if !reflect.DeepEqual(coveredIDs(t, a, got), devs[1:]) || got.DeviceCount != 2 || got.Devices[0].AssetTag != "SRV-1" || got.Version != 2 {
				t.Fatalf("patched %+v", got)
			}
			evs := auditOf(t, a, "warranty", w.ID)
			if len(evs) != 2 || evs[0].Action != "update" || len(evs[0].Changes) != 1 {
				t.Fatalf("audit %+v", evs)
			}
			ch := evs[0].Changes["device_ids"]
			if fmt.Sprint(ch.Old) != fmt.Sprint(toFloats(devs)) || fmt.Sprint(ch.New) != fmt.Sprint(toFloats(devs[1:])) {
				t.Fatalf("device_ids change %+v", ch)
			}
			list := mustJSON[ListResponse[WarrantyResponse]](t, a.do(req{Method: "GET", Path: fmt.Sprintf("/api/v1/warranties?device_id=%d", devs[0]),
				Role: "viewer"}), 200)
			if list.Total != 0 {
				t.Fatalf("still listed for the dropped device: %+v", list)
			}
		})
		t.Run("put with the version in the body clears the devices", func(t *testing.T) {
			got := mustJSON[WarrantyResponse](t, a.do(req{Method: "PUT", Path: path, Role: "editor", Body: map[string]any{"kind": "support",
				"end_date": "2026-11-01", "version": 2}}), 200)
			if len(coveredIDs(t, a, got)) != 0 || got.Devices == nil || got.DeviceCount != 0 || got.Active || got.DaysLeft != -21 || got.Provider != "" {
				t.Fatalf("put %+v", got)
			}
		})
		t.Run("delete", func(t *testing.T) {
			if w := a.do(req{Method: "DELETE", Path: path, Role: "editor"}); w.Code != 204 {
				t.Fatalf("delete: %d %s", w.Code, w.Body.String())
			}
			wantError(t, a.do(req{Method: "GET", Path: path, Role: "viewer"}), 404, "not_found", "")
			if evs := auditOf(t, a, "warranty", w.ID); len(evs) != 4 || evs[0].Action != "delete" {
				t.Fatalf("audit %+v", evs)
			}
		})
	})
}

func toFloats(ids []int64) []float64 {
	out := make([]float64, len(ids))
	for i, id := range ids {
		out[i] = float64(id)
	}
	return out
}

func TestWarrantiesAPIListing(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		var many []int64
		for i := range 105 {
			many = append(many, insertDevice(t, a, fmt.Sprintf("DSK-%03d", i), ""))
		}
		for i, r := range []struct{ kind, ref, start, end string }{
			{"support", "SLA_1", "2026-01-01", "2027-06-30"},
			{"manufacturer", "MFR-100%", "", "2026-11-01"},
			{"lease", "LSE-1", "2026-12-01", "2029-11-30"},
			{"extended", "EXT-1", "", "2027-06-30"},
		} {
			b := map[string]any{"kind": r.kind, "reference": r.ref, "end_date": r.end}
			if r.start != "" {
				b["start_date"] = r.start
			}
			if i == 0 {
				b["device_ids"] = many
			}
			mustJSON[WarrantyResponse](t, a.do(req{Method: "POST", Path: "/api/v1/warranties", Role: "editor", Body: b}), 201)
		}
		t.Run("a contract's embedded devices are capped", func(t *testing.T) {
			list := mustJSON[ListResponse[WarrantyResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/warranties?q=sla_", Role: "viewer"}), 200)
			w := list.Items[0]
			if list.Total != 1 || w.DeviceCount != 105 || len(w.Devices) != maxEmbeddedDevices || len(coveredIDs(t, a, w)) != 105 ||
				w.Devices[99].AssetTag != "DSK-099" {
				t.Fatalf("total %d, count %d, %d devices embedded", list.Total, w.DeviceCount, len(w.Devices))
			}
		})
		t.Run("its audit event shows the device list's count and first 100", func(t *testing.T) {
			w := mustJSON[ListResponse[WarrantyResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/warranties?q=sla_", Role: "viewer"}), 200).Items[0]
			evs := mustJSON[ListResponse[AuditEventResponse]](t, a.do(req{Method: "GET",
				Path: fmt.Sprintf("/api/v1/audit-events?entity=warranty&entity_id=%d", w.ID), Role: "viewer"}), 200)
			shown, ok := evs.Items[0].Changes["device_ids"].New.(map[string]any)
			if len(evs.Items) != 1 || !ok || shown["count"] != float64(105) || len(shown["first"].([]any)) != models.MaxShownListItems {
				t.Fatalf("device_ids shown as %#v", evs.Items[0].Changes["device_ids"].New)
			}
			if stored := auditOf(t, a, "warranty", w.ID)[0].Changes["device_ids"].New.([]any); len(stored) != 105 {
				t.Fatalf("the stored event keeps %d ids, want all 105 (undo needs them)", len(stored))
			}
		})
		cases := []struct {
			query string
			want  string
		}{
			{"sort=end_date&limit=2", "MFR-100%,SLA_1"},
			{"sort=-end_date", "LSE-1,EXT-1,SLA_1,MFR-100%"},
			{"active_on=2026-11-22&sort=kind", "EXT-1,SLA_1"},
			{"ends_before=2026-11-22", "MFR-100%"},
			{"kind=lease", "LSE-1"},
			{"q=%25", "MFR-100%"},
			{"q=_", "SLA_1"},
			{fmt.Sprintf("device_id=%d", many[104]), "SLA_1"},
		}
		for _, tc := range cases {
			t.Run(tc.query, func(t *testing.T) {
				list := mustJSON[ListResponse[WarrantyResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/warranties?" + tc.query, Role: "viewer"}), 200)
				var got []string
				for _, w := range list.Items {
					got = append(got, *w.Reference)
				}
				if strings.Join(got, ",") != tc.want {
					t.Fatalf("got %v, want %s", got, tc.want)
				}
			})
		}
		t.Run("keyset pages by end date cover each warranty once", func(t *testing.T) {
			var got []string
			for _, w := range listAllPages[WarrantyResponse](t, a, "/api/v1/warranties?sort=end_date&limit=1", 10) {
				got = append(got, *w.Reference)
			}
			if strings.Join(got, ",") != "MFR-100%,SLA_1,EXT-1,LSE-1" {
				t.Fatalf("pages %v", got)
			}
		})
	})
}

// coveredIDs follows a warranty's devices_url through every page and returns the device ids.
func coveredIDs(t *testing.T, a *testAPI, w WarrantyResponse) []int64 {
	t.Helper()
	ids := []int64{}
	for path := w.DevicesURL + "&limit=50"; ; {
		page := mustJSON[ListResponse[DeviceResponse]](t, a.do(req{Method: "GET", Path: path, Role: "viewer"}), 200)
		for _, d := range page.Items {
			ids = append(ids, d.ID)
		}
		if page.Next == "" {
			slices.Sort(ids)
			return ids
		}
		path = w.DevicesURL + "&limit=50&cursor=" + url.QueryEscape(page.Next)
	}
}
