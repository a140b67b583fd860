package api

import (
	"encoding/base64"
	"net/url"
	"testing"

	"itreg/models"
)

// TestHostileQueries sends what a client could put in a query string; each is a 400 naming the
// parameter, never a 500, on both databases.
func TestHostileQueries(t *testing.T) {
	cursor := func(json string) string { return url.QueryEscape(base64.RawURLEncoding.EncodeToString([]byte(json))) }
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		for i := range 3 {
			tag := []string{"A-1", "A-2", "A-3"}[i]
			mustJSON[DeviceResponse](t, a.do(req{Method: "POST", Path: "/api/v1/devices", Role: "editor",
				Body: map[string]any{"asset_tag": tag, "category": "laptop", "status": "deployed", "purchase_date": "2025-01-0" + string(rune('1'+i))}}), 201)
		}
		cases := []errorCase{
			{"NUL in q", req{Method: "GET", Path: "/api/v1/devices?q=%00", Role: "viewer"}, 400, "bad_parameter", "q"},
			{"invalid UTF-8 in a filter", req{Method: "GET", Path: "/api/v1/devices?department=%ff", Role: "viewer"}, 400, "bad_parameter", "department"},
			{"NUL in an audit filter", req{Method: "GET", Path: "/api/v1/audit-events?entity=%00", Role: "viewer"}, 400, "bad_parameter", "entity"},
			{"NUL in a report filter", req{Method: "GET", Path: "/api/v1/reports/end-of-life?department=%00", Role: "viewer"}, 400, "bad_parameter", "department"},
			{"limit zero", req{Method: "GET", Path: "/api/v1/devices?limit=0", Role: "viewer"}, 400, "bad_parameter", "limit"},
			{"sort by nothing", req{Method: "GET", Path: "/api/v1/devices?sort=-", Role: "viewer"}, 400, "bad_parameter", "sort"},
			{"cursor holding an object", req{Method: "GET",
				Path: "/api/v1/devices?sort=purchase_date&cursor=" + cursor(`{"s":"purchase_date","v":{"a":1},"i":1}`), Role: "viewer"}, 400, "bad_parameter", "cursor"},
			{"cursor holding a list", req{Method: "GET", Path: "/api/v1/devices?sort=purchase_date&cursor=" + cursor(`{"s":"purchase_date","v":[1,2],"i":1}`),
				Role: "viewer"}, 400, "bad_parameter", "cursor"},
			{"cursor holding a non-date", req{Method: "GET",
				Path: "/api/v1/devices?sort=purchase_date&cursor=" + cursor(`{"s":"purchase_date","v":"garbage","i":1}`), Role: "viewer"}, 400, "bad_parameter", "cursor"},
			{"cursor holding year zero", req{Method: "GET",
				Path: "/api/v1/devices?sort=purchase_date&cursor=" + cursor(`{"s":"purchase_date","v":"0000-01-01","i":1}`),
				Role: "viewer"}, 400, "bad_parameter", "cursor"},
			{"cursor holding a NUL", req{Method: "GET", Path: "/api/v1/devices?sort=hostname&cursor=" + cursor(`{"s":"hostname","v":"a\u0000b","i":1}`),
				Role: "viewer"}, 400, "bad_parameter", "cursor"},
			{"cursor holding text for a number", req{Method: "GET",
				Path: "/api/v1/devices?sort=purchase_cost&cursor=" + cursor(`{"s":"purchase_cost","v":"x","i":1}`), Role: "viewer"}, 400, "bad_parameter", "cursor"},
			{"cursor that is not base64", req{Method: "GET", Path: "/api/v1/devices?cursor=%21%21", Role: "viewer"}, 400, "bad_parameter", "cursor"},
			{"a date before year 1", req{Method: "GET", Path: "/api/v1/warranties?active_on=0000-01-01", Role: "viewer"}, 400, "bad_parameter", "active_on"},
			{"as_of far out", req{Method: "GET", Path: "/api/v1/reports/renewals?as_of=9999-12-31", Role: "viewer"}, 400, "bad_parameter", "as_of"},
		}
		runErrorCases(t, a, cases)
		t.Run("a genuine cursor still pages", func(t *testing.T) {
			first := mustJSON[ListResponse[DeviceResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/devices?sort=purchase_date&limit=2", Role: "viewer"}), 200)
			next := mustJSON[ListResponse[DeviceResponse]](t, a.do(req{Method: "GET",
				Path: "/api/v1/devices?sort=purchase_date&limit=2&cursor=" + url.QueryEscape(first.Next), Role: "viewer"}), 200)
			if len(first.Items) != 2 || len(next.Items) != 1 || models.Str(next.Items[0].AssetTag) != "A-3" || next.Total != 3 {
				t.Fatalf("first %+v next %+v", first, next)
			}
		})
	})
}

func TestAttachment(t *testing.T) {
	cases := map[string]string{
		"itreg-renewals-2026-11-22.xlsx": `attachment; filename="itreg-renewals-2026-11-22.xlsx"`,
		"Inventar Ärzte-errors.xlsx":     `attachment; filename*=utf-8''Inventar%20%C3%84rzte-errors.xlsx`,
		`a"b\c.xlsx`:                     `attachment; filename="a\"b\\c.xlsx"`,
	}
	for name, want := range cases {
		if got := attachment(name); got != want {
			t.Errorf("attachment(%q) = %s, want %s", name, got, want)
		}
	}
}
