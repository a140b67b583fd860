package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"itreg/models"
)

func TestBudgetLinesAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		w := a.do(req{Method: "POST", Path: "/api/v1/budget-lines", Role: "editor", Body: map[string]any{
			"code": "IT-HW", "name": "Hardware", "fiscal_year": 2026, "category": "capex", "owner": "CFO",
			"allocated": map[string]any{"amount": "50000.5", "currency": "GBP"}}})
		line := mustJSON[BudgetLineResponse](t, w, http.StatusCreated)
		path := "/api/v1/budget-lines/" + itoa(int(line.ID))
		t.Run("create answers the line with money as a decimal string", func(t *testing.T) {
			if line.Code != "IT-HW" || line.FiscalYear != 2026 || line.Version != 1 || w.Header().Get("Location") != path {
				t.Fatalf("created %+v", line)
			}
			if !strings.Contains(w.Body.String(), `"allocated":{"amount":"50000.50","currency":"GBP"}`) {
				t.Fatalf("money shape: %s", w.Body.String())
			}
		})

		post := func(body any) req {
			return req{Method: "POST", Path: "/api/v1/budget-lines", Role: "editor", Body: body}
		}
		valid := func(extra map[string]any) map[string]any {
			m := map[string]any{"code": "NEW", "name": "New", "fiscal_year": 2026, "category": "opex"}
			for k, v := range extra {
				m[k] = v
			}
			return m
		}
		badInput := []errorCase{
			{"malformed JSON", post(`{"code": "X"`), 400, "bad_request", ""},
			{"wrong type", post(valid(map[string]any{"fiscal_year": "2026"})), 422, "validation_failed", "fiscal_year"},
			{"unknown field", post(valid(map[string]any{"spent": 1})), 422, "validation_failed", "spent"},
			{"missing code", post(valid(map[string]any{"code": ""})), 422, "validation_failed", "code"},
			{"code too long", post(valid(map[string]any{"code": strings.Repeat("C", 101)})), 422, "validation_failed", "code"},
			{"control characters in code", post(valid(map[string]any{"code": "A\tB"})), 422, "validation_failed", "code"},
			{"year out of range", post(valid(map[string]any{"fiscal_year": 20260})), 422, "validation_failed", "fiscal_year"},
			{"unknown category", post(valid(map[string]any{"category": "misc"})), 422, "validation_failed", "category"},
			{"negative allocation", post(valid(map[string]any{"allocated": map[string]any{"amount": "-10", "currency": "GBP"}})), 422, "validation_failed", "allocated"},
			{"unknown currency", post(valid(map[string]any{"allocated": map[string]any{"amount": "10", "currency": "ABC"}})), 422, "validation_failed", "allocated"},
			{"lower-case currency", post(valid(map[string]any{"allocated": map[string]any{"amount": "10", "currency": "gbp"}})), 422, "validation_failed", "allocated"},
			{"money as a bare number", post(valid(map[string]any{"allocated": 10})), 422, "validation_failed", "allocated"},
			{"duplicate code in the year", post(valid(map[string]any{"code": "IT-HW"})), 409, "conflict", "code"},
			{"unknown sort", req{Method: "GET", Path: "/api/v1/budget-lines?sort=allocated", Role: "viewer"}, 400, "bad_parameter", "sort"},
			{"limit over 1000", req{Method: "GET", Path: "/api/v1/budget-lines?limit=5000", Role: "viewer"}, 400, "bad_parameter", "limit"},
			{"bad fiscal year filter", req{Method: "GET", Path: "/api/v1/budget-lines?fiscal_year=FY26", Role: "viewer"}, 400, "bad_parameter", "fiscal_year"},
			{"body too large", post(`{"notes":"` + strings.Repeat("x", 1<<20+1) + `"}`), 413, "too_large", ""},
			{"wrong content type", req{Method: "POST", Path: "/api/v1/budget-lines", Role: "editor", Body: "code=X",
				Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, 415, "unsupported_media_type", ""},
			{"no token", req{Method: "GET", Path: "/api/v1/budget-lines"}, 401, "unauthorized", ""},
			{"viewer writes", req{Method: "PATCH", Path: path, Role: "viewer", Body: map[string]any{"owner": "x"},
				Header: map[string]string{"If-Match": `"1"`}}, 403, "forbidden", ""},
			{"stale If-Match", req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"owner": "CEO"},
				Header: map[string]string{"If-Match": `"2"`}}, 412, "stale_version", ""},
		}
		runErrorCases(t, a, badInput)
		t.Run("bad input changed nothing", func(t *testing.T) {
			got := mustJSON[BudgetLineResponse](t, a.do(req{Method: "GET", Path: path, Role: "viewer"}), 200)
			if got.Owner != "CFO" || got.Version != 1 {
				t.Fatalf("after bad input %+v", got)
			}
		})
		t.Run("the same code in another year is fine", func(t *testing.T) {
			createVia(t, a, "/api/v1/budget-lines", valid(map[string]any{"code": "IT-HW", "fiscal_year": 2027}))
		})
		t.Run("patch then put", func(t *testing.T) {
			got := mustJSON[BudgetLineResponse](t, a.do(req{Method: "PATCH", Path: path, Role: "editor", Body: map[string]any{"owner": "CEO",
				"allocated": map[string]any{"amount": "60000", "currency": "GBP"}}, Header: map[string]string{"If-Match": `"1"`}}), 200)
			if got.Owner != "CEO" || got.Allocated.Decimal() != "60000.00" || got.Name != "Hardware" || got.Version != 2 {
				t.Fatalf("patched %+v", got)
			}
			got = mustJSON[BudgetLineResponse](t, a.do(req{Method: "PUT", Path: path, Role: "editor", Body: map[string]any{"code": "IT-HW",
				"name": "Hardware refresh", "fiscal_year": 2026, "category": "capex", "version": 2}}), 200)
			if got.Name != "Hardware refresh" || got.Owner != "" || !got.Allocated.IsZero() || got.Version != 3 {
				t.Fatalf("put %+v", got)
			}
		})
		t.Run("audit events hold old and new values", func(t *testing.T) {
			list := mustJSON[ListResponse[AuditEventResponse]](t, a.do(req{Method: "GET",
				Path: "/api/v1/audit-events?entity=budget_line&entity_id=" + itoa(int(line.ID)) + "&action=update", Role: "viewer"}), 200)
			if len(list.Items) != 2 {
				t.Fatalf("events %+v", list)
			}
			if ch := list.Items[1].Changes["allocated"]; ch.Old != "50000.50 GBP" || ch.New != "60000.00 GBP" || list.Items[1].Actor != "token:editor-user" {
				t.Fatalf("patch event %+v", list.Items[1])
			}
		})
		t.Run("a line in use is not deleted, and the answer says by what", func(t *testing.T) {
			createVia(t, a, "/api/v1/devices", map[string]any{"asset_tag": "D-1", "category": "laptop", "budget_line_id": line.ID})
			ctx := context.Background()
			lic := models.Licence{Product: "Office", Type: "subscription", Metric: "per_user", BudgetLineID: &line.ID}
			if err := a.store.CreateLicence(ctx, &lic); err != nil {
				t.Fatal(err)
			}
			w := a.do(req{Method: "DELETE", Path: path, Role: "editor"})
			wantError(t, w, 409, "conflict", "")
			if !strings.Contains(w.Body.String(), "1 devices, 1 licences") {
				t.Fatalf("message: %s", w.Body.String())
			}
		})
		t.Run("an unused line is deleted", func(t *testing.T) {
			id := createVia(t, a, "/api/v1/budget-lines", valid(map[string]any{"code": "TEMP"}))
			p := "/api/v1/budget-lines/" + itoa(int(id))
			if w := a.do(req{Method: "DELETE", Path: p, Role: "editor"}); w.Code != 204 {
				t.Fatalf("delete: %d %s", w.Code, w.Body.String())
			}
			wantError(t, a.do(req{Method: "GET", Path: p, Role: "viewer"}), 404, "not_found", "")
		})
	})
}

func TestBudgetLinesAPIListing(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		for _, b := range []map[string]any{
			{"code": "IT-HW", "name": "Hardware", "fiscal_year": 2025, "category": "capex"},
			{"code": "IT-HW", "name": "Hardware", "fiscal_year": 2026, "category": "capex"},
			{"code": "IT-SW", "name": "Software 100%", "fiscal_year": 2026, "category": "opex"},
			{"code": "FAC_1", "name": "Facilities", "fiscal_year": 2027, "category": "opex"},
		} {
			createVia(t, a, "/api/v1/budget-lines", b)
		}
		wantTotal[BudgetLineResponse](t, a, "/api/v1/budget-lines", []totalCase{
			{"all", "", 4},
			{"fiscal year", "fiscal_year=2026", 2},
			{"category", "category=opex", 2},
			{"q percent", "q=" + url.QueryEscape("%"), 1},
			{"q underscore", "q=_", 1},
			{"q injection", "q=" + url.QueryEscape("' OR 1=1 --"), 0},
		})
		t.Run("keyset pages by fiscal year, newest first", func(t *testing.T) {
			var years []int
			for _, l := range listAllPages[BudgetLineResponse](t, a, "/api/v1/budget-lines?limit=1&sort=-fiscal_year", 5) {
				years = append(years, l.FiscalYear)
			}
			if len(years) != 4 || years[0] != 2027 || years[3] != 2025 {
				t.Fatalf("years %v", years)
			}
		})
	})
}
