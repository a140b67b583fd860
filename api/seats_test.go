package api

import (
	"fmt"
	"strings"
	"testing"
)

func TestSeatsAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		newLicence := func(product string, seats any) string {
			t.Helper()
			l := mustJSON[LicenceResponse](t, a.do(req{Method: "POST", Path: "/api/v1/licences", Role: "editor",
				Body: map[string]any{"product": product, "type": "subscription", "metric": "per_device", "seats": seats}}), 201)
			return fmt.Sprintf("/api/v1/licences/%d", l.ID)
		}
		lic, unlimited := newLicence("Endpoint AV", 2), newLicence("Browser", nil)
		d1, d2 := insertDevice(t, a, "PC-1", "pc-1.corp"), insertDevice(t, a, "PC-2", "pc-2.corp")

		w := a.do(req{Method: "POST", Path: lic + "/seats", Role: "editor", Body: map[string]any{"device_id": d1, "notes": "imaged"}})
		seat := mustJSON[SeatResponse](t, w, 201)
		if *seat.AssetTag != "PC-1" || seat.Hostname != "pc-1.corp" || seat.AssignedOn.String() != "2026-11-22" || w.Header().Get("Location") == "" {
			t.Fatalf("seat %+v", seat)
		}
		seatPath := fmt.Sprintf("%s/seats/%d", lic, seat.ID)
		for _, body := range []map[string]any{{"device_id": d1}, {"assignee": "Bo"}} {
			mustJSON[SeatResponse](t, a.do(req{Method: "POST", Path: unlimited + "/seats", Role: "editor", Body: body}), 201)
		}
		mustJSON[SeatResponse](t, a.do(req{Method: "POST", Path: lic + "/seats", Role: "editor", Body: map[string]any{"assignee": "Ann Lee",
			"assigned_on": "2026-10-01"}}), 201)

		cases := []errorCase{
			{"beyond the seats bought", req{Method: "POST", Path: lic + "/seats", Role: "editor", Body: map[string]any{"device_id": d2}}, 409, "conflict", "seats"},
			{"the same device twice", req{Method: "POST", Path: unlimited + "/seats", Role: "editor", Body: map[string]any{"device_id": d1}}, 409, "conflict",
				"device_id"},
			{"the same person twice", req{Method: "POST", Path: unlimited + "/seats", Role: "editor", Body: map[string]any{"assignee": "Bo"}}, 409, "conflict",
				"assignee"},
			{"a device that does not exist", req{Method: "POST", Path: unlimited + "/seats", Role: "editor", Body: map[string]any{"device_id": 999}}, 422,
				"validation_failed", "device_id"},
			{"nobody", req{Method: "POST", Path: unlimited + "/seats", Role: "editor", Body: map[string]any{"notes": "x"}}, 422, "validation_failed", "assignee"},
			{"assignee too long", req{Method: "POST", Path: unlimited + "/seats", Role: "editor", Body: map[string]any{"assignee": strings.Repeat("a", 201)}},
				422, "validation_failed", "assignee"},
			{"device id of the wrong type", req{Method: "POST", Path: unlimited + "/seats", Role: "editor", Body: map[string]any{"device_id": "PC-1"}}, 422,
				"validation_failed", "device_id"},
			{"malformed JSON", req{Method: "POST", Path: unlimited + "/seats", Role: "editor", Body: `{"assignee"`}, 400, "bad_request", ""},
			{"a licence that does not exist", req{Method: "POST", Path: "/api/v1/licences/999/seats", Role: "editor", Body: map[string]any{"assignee": "Cy"}},
				404, "not_found", ""},
			{"viewer assigns", req{Method: "POST", Path: unlimited + "/seats", Role: "viewer", Body: map[string]any{"assignee": "Cy"}}, 403, "forbidden", ""},
			{"a seat under another licence's id", req{Method: "PATCH", Path: fmt.Sprintf("%s/seats/%d", unlimited, seat.ID), Role: "editor",
				Body: map[string]any{"notes": "x"}, Header: ifMatch(1)}, 404, "not_found", ""},
			{"delete a seat under another licence's id", req{Method: "DELETE", Path: fmt.Sprintf("%s/seats/%d", unlimited, seat.ID), Role: "editor"}, 404,
				"not_found", ""},
			{"stale seat version", req{Method: "PATCH", Path: seatPath, Role: "editor", Body: map[string]any{"notes": "x"}, Header: ifMatch(5)}, 412,
				"stale_version", ""},
			{"patch cannot move the device", req{Method: "PATCH", Path: seatPath, Role: "editor", Body: map[string]any{"device_id": d2}, Header: ifMatch(1)},
				422, "validation_failed", "device_id"},
		}
		runErrorCases(t, a, cases)
		t.Run("the over-limit message names the seats", func(t *testing.T) {
			e := mustJSON[ErrorBody](t, a.do(req{Method: "POST", Path: lic + "/seats", Role: "editor", Body: map[string]any{"assignee": "Dee"}}), 409)
			if !strings.HasPrefix(e.Error.Message, "all 2 seats are assigned") {
				t.Fatalf("message %q", e.Error.Message)
			}
		})
		t.Run("licence shows seats used and available", func(t *testing.T) {
			l := mustJSON[LicenceResponse](t, a.do(req{Method: "GET", Path: lic, Role: "viewer"}), 200)
			u := mustJSON[LicenceResponse](t, a.do(req{Method: "GET", Path: unlimited, Role: "viewer"}), 200)
			if l.SeatsUsed != 2 || *l.SeatsAvailable != 0 || u.SeatsUsed != 2 || u.SeatsAvailable != nil {
				t.Fatalf("licence %+v, unlimited %+v", l, u)
			}
		})
		t.Run("list carries the device", func(t *testing.T) {
			list := mustJSON[ListResponse[SeatResponse]](t, a.do(req{Method: "GET", Path: lic + "/seats?sort=assigned_on", Role: "viewer"}), 200)
			if list.Total != 2 || list.Items[0].Assignee != "Ann Lee" || *list.Items[1].AssetTag != "PC-1" || list.Items[1].Hostname != "pc-1.corp" {
				t.Fatalf("list %+v", list)
			}
		})
		t.Run("patch the date and notes", func(t *testing.T) {
			w := a.do(req{Method: "PATCH", Path: seatPath, Role: "editor", Body: map[string]any{"assigned_on": "2026-11-02", "notes": "re-imaged"}, Header: ifMatch(1)})
			got := mustJSON[SeatResponse](t, w, 200)
			if got.AssignedOn.String() != "2026-11-02" || got.Notes != "re-imaged" || got.Version != 2 || *got.AssetTag != "PC-1" || w.Header().Get("ETag") != `"2"` {
				t.Fatalf("patched %+v", got)
			}
		})
		t.Run("free a seat, then the next assignment fits", func(t *testing.T) {
			wantError(t, a.do(req{Method: "DELETE", Path: seatPath, Role: "editor", Header: ifMatch(1)}), 412, "stale_version", "")
			if w := a.do(req{Method: "DELETE", Path: seatPath, Role: "editor", Header: ifMatch(2)}); w.Code != 204 {
				t.Fatalf("delete: %d %s", w.Code, w.Body.String())
			}
			mustJSON[SeatResponse](t, a.do(req{Method: "POST", Path: lic + "/seats", Role: "editor", Body: map[string]any{"device_id": d2}}), 201)
		})
		t.Run("each change is audited", func(t *testing.T) {
			evs := auditOf(t, a, "licence_seat", seat.ID)
			var actions []string
			for _, e := range evs {
				actions = append(actions, e.Action+" by "+e.Actor)
			}
			if strings.Join(actions, ",") != "delete by token:editor-user,update by token:editor-user,create by token:editor-user" {
				t.Fatalf("audit %v", actions)
			}
		})
	})
}
