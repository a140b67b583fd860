package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// insertDevice adds a device row directly, so these tests need no device API.
func insertDevice(t *testing.T, a *testAPI, tag, hostname string) int64 {
	t.Helper()
	d := &models.Device{AssetTag: &tag, SerialNumber: models.StrPtr("SN-" + tag), Hostname: hostname,
		Category: models.CategoryLaptop, Status: models.StatusDeployed}
	if err := a.store.CreateDevice(context.Background(), d); err != nil {
		t.Fatalf("insert device %s: %v", tag, err)
	}
	return d.ID
}

// auditOf returns the audit events of one record, newest first.
func auditOf(t *testing.T, a *testAPI, entity string, id int64) []models.AuditEvent {
	t.Helper()
	res, err := a.store.ListAuditEvents(context.Background(), models.AuditFilter{Entity: entity, EntityID: id})
	if err != nil {
		t.Fatal(err)
	}
	return res.Items
}

func ifMatch(v int64) map[string]string { return map[string]string{"If-Match": fmt.Sprintf(`"%d"`, v)} }

const secretKey = "ABCDE-FGHIJ-KLMNO-PQRST"

// maskedKey is secretKey as lists and reads show it.
const maskedKey = "••••QRST"

func TestLicencesAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		pub := mustJSON[VendorResponse](t, a.do(req{Method: "POST", Path: "/api/v1/vendors", Role: "editor", Body: map[string]any{"name": "Adobe"}}), 201)
		body := map[string]any{
			"product": "Creative Cloud", "publisher_id": pub.ID, "reference": "VIP-42", "type": "subscription",
			"metric": "per_user", "seats": 2, "key": secretKey, "start_date": "2026-01-01", "end_date": "2026-12-31",
			"notice_days": 30, "cost": map[string]any{"amount": "5400.00", "currency": "GBP"}, "billing_period": "annual",
		}
		w := a.do(req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: body})
		lic := mustJSON[LicenceResponse](t, w, 201)
		if lic.Publisher != "Adobe" || lic.Key != maskedKey || *lic.Seats != 2 || *lic.SeatsAvailable != 2 ||
			lic.NoticeDeadline != models.MustDate("2026-12-01") || lic.Cost.Decimal() != "5400.00" || w.Header().Get("Location") == "" {
			t.Fatalf("created %+v", lic)
		}
		path := fmt.Sprintf("/api/v1/licences/%d", lic.ID)

		t.Run("every role sees the key masked", func(t *testing.T) {
			for role, want := range map[string]string{"viewer": maskedKey, "editor": maskedKey, "admin": maskedKey} {
				got := mustJSON[LicenceResponse](t, a.do(req{Method: "GET", Path: path, Role: role}), 200)
				list := mustJSON[ListResponse[LicenceResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/licences", Role: role}), 200)
				if got.Key != want || list.Items[0].Key != want {
					t.Errorf("%s sees %q and %q, want %q", role, got.Key, list.Items[0].Key, want)
				}
			}
		})

		bad := func(field string, v any) map[string]any {
			b := map[string]any{"product": "X", "type": "perpetual", "metric": "site"}
			b[field] = v
			return b
		}
		badInput := []errorCase{
			{"malformed JSON", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: `{"product": `}, 400, "bad_request", ""},
			{"seats of the wrong type", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: bad("seats", "ten")}, 422, "validation_failed", "seats"},
			{"unknown field", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: bad("seats_used", 3)}, 422, "validation_failed", "seats_used"},
			{"negative money", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: bad("cost", map[string]any{"amount": "-1.00",
				"currency": "GBP"})}, 422, "validation_failed", "cost"},
			{"unknown currency", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: bad("cost", map[string]any{"amount": "1.00",
				"currency": "XYZ"})}, 422, "validation_failed", "cost"},
			{"end before start", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: map[string]any{"product": "X", "type": "perpetual",
				"metric": "site", "start_date": "2027-01-01", "end_date": "2026-01-01"}}, 422, "validation_failed", "end_date"},
			{"seats below zero", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: bad("seats", -1)}, 422, "validation_failed", "seats"},
			{"notice days negative", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: bad("notice_days", -5)}, 422, "validation_failed",
				"notice_days"},
			{"product too long", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: bad("product", strings.Repeat("p", 201))}, 422,
				"validation_failed", "product"},
			{"reference too long", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: bad("reference", strings.Repeat("r", 101))}, 422,
				"validation_failed", "reference"},
			{"bad type", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: bad("type", "forever")}, 422, "validation_failed", "type"},
			{"bad date", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: bad("end_date", "31/12/2026")}, 422, "validation_failed", "end_date"},
			{"duplicate reference per publisher", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: map[string]any{"product": "Acrobat",
				"publisher_id": pub.ID, "reference": "VIP-42", "type": "perpetual", "metric": "site"}}, 409, "conflict", "reference"},
			{"publisher that does not exist", req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: bad("publisher_id", 999)}, 422,
				"validation_failed", "publisher_id"},
			{"budget line that does not exist", req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"budget_line_id": 999},
				Header: ifMatch(1)}, 422, "validation_failed", "budget_line_id"},
			{"viewer writes", req{Method: "POST", Path: "/api/v1/licences", Role: "viewer", Body: bad("notes", "x")}, 403, "forbidden", ""},
			{"viewer deletes", req{Method: "DELETE", Path: path, Role: "viewer"}, 403, "forbidden", ""},
			{"stale If-Match", req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"product": "Renamed"}, Header: ifMatch(9)}, 412,
				"stale_version", ""},
			{"stale delete", req{Method: "DELETE", Path: path, Role: "editor", Header: ifMatch(9)}, 412, "stale_version", ""},
			{"patch below zero seats", req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"seats": -2}, Header: ifMatch(1)}, 422,
				"validation_failed", "seats"},
			{"patch a bad billing period", req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"billing_period": "weekly"},
				Header: ifMatch(1)}, 422, "validation_failed", "billing_period"},
			{"patch clears the product", req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"product": ""}, Header: ifMatch(1)}, 422,
				"validation_failed", "product"},
			{"unknown sort", req{Method: "GET", Path: "/api/v1/licences?sort=key", Role: "viewer"}, 400, "bad_parameter", "sort"},
			{"bad ends_before", req{Method: "GET", Path: "/api/v1/licences?ends_before=soon", Role: "viewer"}, 400, "bad_parameter", "ends_before"},
			{"bad metric filter", req{Method: "GET", Path: "/api/v1/licences?metric=per_cpu", Role: "viewer"}, 400, "bad_parameter", "metric"},
			{"missing licence", req{Method: "GET", Path: "/api/v1/licences/999", Role: "viewer"}, 404, "not_found", ""},
		}
		for _, tc := range badInput {
			t.Run(tc.name, func(t *testing.T) {
				w := a.do(tc.r)
				wantError(t, w, tc.status, tc.code, tc.field)
				if strings.Contains(w.Body.String(), secretKey) {
					t.Fatalf("the key leaks into an error: %s", w.Body.String())
				}
			})
		}
		t.Run("bad input changed nothing", func(t *testing.T) {
			list := mustJSON[ListResponse[LicenceResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/licences", Role: "viewer"}), 200)
			if list.Total != 1 || list.Items[0].Version != 1 || list.Items[0].Product != "Creative Cloud" {
				t.Fatalf("list %+v", list)
			}
			if evs := auditOf(t, a, "licence", lic.ID); len(evs) != 1 || evs[0].Action != "create" {
				t.Fatalf("audit %+v", evs)
			}
		})
		t.Run("patch keeps the key, makes seats unlimited, audits without the key", func(t *testing.T) {
			w := a.do(req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"seats": -1, "notes": "renewed"}, Header: ifMatch(1)})
			got := mustJSON[LicenceResponse](t, w, 200)
			if got.Seats != nil || got.SeatsAvailable != nil || got.Key != maskedKey || got.Version != 2 || w.Header().Get("ETag") != `"2"` {
				t.Fatalf("patched %+v", got)
			}
			evs := auditOf(t, a, "licence", lic.ID)
			if len(evs) != 2 || evs[0].Changes["seats"].Old != float64(2) || evs[0].Changes["seats"].New != nil {
				t.Fatalf("audit %+v", evs)
			}
		})
		t.Run("put replaces, with the version in the body", func(t *testing.T) {
			b := map[string]any{"product": "Creative Cloud Pro", "publisher_id": pub.ID, "reference": "VIP-42", "type": "subscription",
				"metric": "per_device", "key": "NEW-KEY-0000-1111", "version": 2}
			got := mustJSON[LicenceResponse](t, a.do(req{Method: "PUT", Path: path, Role: "editor", Body: b}), 200)
			if got.Product != "Creative Cloud Pro" || got.Cost.Currency != "" || got.EndDate.String() != "" || got.NoticeDeadline.String() != "" || got.Version != 3 {
				t.Fatalf("put %+v", got)
			}
			evs := auditOf(t, a, "licence", lic.ID)
			if s := fmt.Sprint(evs[0].Changes); strings.Contains(s, "NEW-KEY") || strings.Contains(s, secretKey) || evs[0].Changes["key"].New == nil {
				t.Fatalf("audit must note the key changed without showing it: %s", s)
			}
		})
		t.Run("delete removes the seats and audits", func(t *testing.T) {
			dev := insertDevice(t, a, "LT-1", "lt-1")
			mustJSON[SeatResponse](t, a.do(req{Method: "POST", Path: path + "/seats", Role: "editor", Body: map[string]any{"device_id": dev}}), 201)
			if w := a.do(req{Method: "DELETE", Path: path, Role: "editor", Header: ifMatch(3)}); w.Code != 204 {
				t.Fatalf("delete: %d %s", w.Code, w.Body.String())
			}
			wantError(t, a.do(req{Method: "GET", Path: path + "/seats", Role: "viewer"}), 404, "not_found", "")
			if n := modeltest.Count(t, a.store, "licence_seats"); n != 0 {
				t.Fatalf("%d seats left", n)
			}
			if evs := auditOf(t, a, "licence", lic.ID); evs[0].Action != "delete" {
				t.Fatalf("audit %+v", evs[0])
			}
		})
	})
}

func TestLicencesAPIListing(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		for i, end := range []string{"", "2027-02-01", "", "2026-12-15", "2027-02-01"} {
			b := map[string]any{"product": fmt.Sprintf("Tool %d", i), "type": "subscription", "metric": "per_user", "order_number": fmt.Sprintf("PO-%d", i)}
			if end != "" {
				b["end_date"] = end
			}
			mustJSON[LicenceResponse](t, a.do(req{Method: "POST", Path: "/api/v1/licences", Role: "editor", Body: b}), 201)
		}
		mustJSON[LicenceResponse](t, a.do(req{Method: "POST", Path: "/api/v1/licences", Role: "editor",
			Body: map[string]any{"product": "50% off_Suite", "type": "perpetual", "metric": "site", "key": "KEY%_"}}), 201)

		t.Run("keyset pages by end date, NULL end dates first", func(t *testing.T) {
			var got []string
			for _, it := range listAllPages[LicenceResponse](t, a, "/api/v1/licences?sort=end_date&limit=2", 10) {
				got = append(got, it.Product)
			}
			want := "Tool 0,Tool 2,50% off_Suite,Tool 3,Tool 1,Tool 4"
			if strings.Join(got, ",") != want {
				t.Fatalf("order %v, want %s", got, want)
			}
		})
		wantTotal[LicenceResponse](t, a, "/api/v1/licences", []totalCase{
			{"percent is literal", "q=%25", 1},
			{"underscore is literal", "q=f_S", 1},
			{"underscore alone", "q=_", 1},
			{"order number", "q=po-4", 1},
			{"the key is never searched", "q=KEY", 0},
			{"type", "type=perpetual", 1},
			{"ends before", "ends_before=2027-01-01", 1},
			{"sorted by seats", "sort=-seats", 6},
		})
	})
}

// TestLicenceKeyNeverLogged sends keys, good and bad, and checks the log never holds one.
func TestLicenceKeyNeverLogged(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		prev := slog.Default()
		slog.SetDefault(log)
		defer slog.SetDefault(prev)
		srv := *a.server
		srv.Log = log
		h := srv.Router()
		send := func(method, path, body string) int {
			r := httptest.NewRequest(method, path, strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Authorization", "Bearer "+a.tokens["editor"])
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			io.Copy(io.Discard, w.Body)
			return w.Code
		}
		codes := []int{
			send("POST", "/api/v1/licences", `{"product":"A","type":"perpetual","metric":"site","key":"`+secretKey+`"}`),
			send("POST", "/api/v1/licences", `{"product":"B","type":"perpetual","metric":"site","key":"`+secretKey+`\u0007"}`),
			send("POST", "/api/v1/licences", `{"product":"C","type":"perpetual","metric":"site","key":"`+secretKey+`"`),
			send("GET", "/api/v1/licences", ""),
		}
		if fmt.Sprint(codes) != "[201 422 400 200]" {
			t.Fatalf("statuses %v", codes)
		}
		if logs.Len() == 0 || strings.Contains(logs.String(), "FGHIJ") {
			t.Fatalf("log holds the key (or nothing was logged):\n%s", logs.String())
		}
		if w := a.do(req{Method: "GET", Path: "/api/v1/licences", Role: "viewer"}); strings.Contains(w.Body.String(), "FGHIJ") {
			t.Fatalf("viewer response holds the key: %s", w.Body.String())
		}
	})
}
