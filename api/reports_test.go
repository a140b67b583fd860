package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"

	"itreg/models"
)

// reportRegister adds what the report endpoint tests read, as of 2026-11-22 (the test clock):
// a laptop bought 2022-02-28 (end of life 2026-02-28, overdue) whose hostname and assignee
// look like formulas, and a licence ending 2027-01-31 with 30 days' notice (deadline 2027-01-01).
func reportRegister(t *testing.T, a *testAPI) {
	t.Helper()
	ctx := context.Background()
	tag := "LAP-1"
	d := &models.Device{AssetTag: &tag, Hostname: `=HYPERLINK("http://evil.example","x")`, AssignedTo: "+1-555",
		Category: "laptop", Status: "deployed", PurchaseDate: models.MustDate("2022-02-28"),
		PurchaseCost: models.Money{Amount: 120000, Currency: "GBP"}}
	if err := a.store.CreateDevice(ctx, d); err != nil {
		t.Fatal(err)
	}
	l := &models.Licence{Product: "@Office", Type: "subscription", Metric: "per_user", EndDate: models.MustDate("2027-01-31"),
		NoticeDays: 30, Cost: models.Money{Amount: 1250, Currency: "GBP"}, BillingPeriod: "monthly"}
	if err := a.store.CreateLicence(ctx, l); err != nil {
		t.Fatal(err)
	}
}

func TestReportsList(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		got := mustJSON[ReportList](t, a.do(req{Method: "GET", Path: "/api/v1/reports", Role: models.RoleViewer}), http.StatusOK)
		byName := map[string]ReportInfo{}
		for _, r := range got.Items {
			byName[r.Name] = r
		}
		tests := []struct {
			name, formats, params string
			within                int
		}{
			{"end-of-life", "json,csv,xlsx", "as_of,within,department,category", 365},
			{"renewals", "json,csv,xlsx,ics", "as_of,within,vendor_id,budget_line_id", 90},
			{"warranty-coverage", "json,csv,xlsx", "as_of,within,department,category", 90},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r, ok := byName[tc.name]
				if !ok {
					t.Fatalf("not listed in %+v", got.Items)
				}
				if strings.Join(r.Formats, ",") != tc.formats || strings.Join(r.Params, ",") != tc.params || r.DefaultWithin != tc.within || r.Title == "" ||
					r.Description == "" {
					t.Errorf("listed as %+v", r)
				}
			})
		}
		wantError(t, a.do(req{Method: "GET", Path: "/api/v1/reports"}), http.StatusUnauthorized, "unauthorized", "")
	})
}

func TestReportDownloads(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		reportRegister(t, a)
		tests := []struct {
			name, path, contentType, file, contains string
		}{
			{"json by default", "/api/v1/reports/renewals", "application/json", "itreg-renewals-2026-11-22.json", `"item_id":"licence-1"`},
			{"csv", "/api/v1/reports/renewals?format=csv", "text/csv; charset=utf-8", "itreg-renewals-2026-11-22.csv", "licence-1"},
			{"xlsx", "/api/v1/reports/renewals?format=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
				"itreg-renewals-2026-11-22.xlsx", "PK"},
			{"ics", "/api/v1/reports/renewals?format=ics", "text/calendar; charset=utf-8", "itreg-renewals-2026-11-22.ics", "BEGIN:VCALENDAR"},
			{"as_of names the file", "/api/v1/reports/end-of-life?format=csv&as_of=2027-01-05&within=10", "text/csv; charset=utf-8",
				"itreg-end-of-life-2027-01-05.csv", "LAP-1"},
			{"coverage", "/api/v1/reports/warranty-coverage?format=csv&department=", "text/csv; charset=utf-8", "itreg-warranty-coverage-2026-11-22.csv",
				"All devices in service"},
			{"query parameters of no report are ignored", "/api/v1/reports/renewals?colour=blue", "application/json", "itreg-renewals-2026-11-22.json", "licence-1"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				w := a.do(req{Method: "GET", Path: tc.path, Role: models.RoleViewer})
				if w.Code != http.StatusOK {
					t.Fatalf("status %d: %s", w.Code, w.Body.String())
				}
				if got := w.Header().Get("Content-Type"); got != tc.contentType {
					t.Errorf("content type %q, want %q", got, tc.contentType)
				}
				if got, want := w.Header().Get("Content-Disposition"), `attachment; filename="`+tc.file+`"`; got != want {
					t.Errorf("content disposition %q, want %q", got, want)
				}
				if !strings.Contains(w.Body.String(), tc.contains) {
					t.Errorf("body lacks %q: %.300s", tc.contains, w.Body.String())
				}
			})
		}
	})
}

func TestReportErrors(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		tests := []struct {
			name, path, role string
			status           int
			code, field      string
			mention          string
		}{
			{"unknown report", "/api/v1/reports/nope", models.RoleViewer, http.StatusNotFound, "not_found", "", "end-of-life, licence-compliance, renewals"},
			{"unknown format", "/api/v1/reports/renewals?format=pdf", models.RoleViewer, http.StatusBadRequest, "bad_parameter", "format", "json, csv, xlsx, ics"},
			{"ics without dates", "/api/v1/reports/end-of-life?format=ics", models.RoleViewer, http.StatusBadRequest, "bad_parameter", "format", "json, csv, xlsx"},
			{"bad date", "/api/v1/reports/renewals?as_of=2026-13-01", models.RoleViewer, http.StatusBadRequest, "bad_parameter", "as_of", "as_of"},
			{"negative horizon", "/api/v1/reports/end-of-life?within=-3", models.RoleViewer, http.StatusBadRequest, "bad_parameter", "within", "within"},
			{"huge horizon", "/api/v1/reports/warranty-coverage?within=99999999999999999999", models.RoleViewer, http.StatusBadRequest, "bad_parameter",
				"within", "within"},
			{"a filter the report does not take", "/api/v1/reports/budget?department=Sales", models.RoleViewer, http.StatusBadRequest, "bad_parameter",
				"department", "it takes as_of, fiscal_year"},
			{"bad vendor", "/api/v1/reports/renewals?vendor_id=-2", models.RoleViewer, http.StatusBadRequest, "bad_parameter", "vendor_id", "vendor_id"},
			{"no token", "/api/v1/reports/renewals", "", http.StatusUnauthorized, "unauthorized", "", ""},
			{"feed token as bearer", "/api/v1/reports/renewals", models.RoleFeed, http.StatusForbidden, "forbidden", "", "feed"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				w := a.do(req{Method: "GET", Path: tc.path, Role: tc.role})
				wantError(t, w, tc.status, tc.code, tc.field)
				if !strings.Contains(w.Body.String(), tc.mention) {
					t.Errorf("message lacks %q: %s", tc.mention, w.Body.String())
				}
				if cd := w.Header().Get("Content-Disposition"); cd != "" {
					t.Errorf("an error carries Content-Disposition %q", cd)
				}
			})
		}
	})
}

func TestRenewalsFeed(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		reportRegister(t, a)
		feed := a.tokens[models.RoleFeed]
		ok := []struct {
			name, path, role string
		}{
			{"feed token in the query", "/api/v1/reports/renewals.ics?token=" + feed, ""},
			{"viewer bearer", "/api/v1/reports/renewals.ics", models.RoleViewer},
			{"feed token with parameters", "/api/v1/reports/renewals.ics?within=365&token=" + feed, ""},
		}
		for _, tc := range ok {
			t.Run(tc.name, func(t *testing.T) {
				w := a.do(req{Method: "GET", Path: tc.path, Role: tc.role})
				if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "text/calendar; charset=utf-8" {
					t.Fatalf("status %d, type %q: %s", w.Code, w.Header().Get("Content-Type"), w.Body.String())
				}
				cal, err := ics.ParseCalendar(bytes.NewReader(w.Body.Bytes()))
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]string{}
				for _, e := range cal.Events() {
					start, _ := e.GetAllDayStartAt()
					got[e.Id()] = start.Format("2006-01-02")
				}
				if got["licence-1-notice_deadline@itreg"] != "2027-01-01" || got["licence-1-end_date@itreg"] != "2027-01-31" || len(got) != 2 {
					t.Errorf("events %v, want the notice deadline 2027-01-01 and end date 2027-01-31", got)
				}
			})
		}
		bad := []struct {
			name, path, role string
			status           int
			code             string
		}{
			{"no token", "/api/v1/reports/renewals.ics", "", http.StatusUnauthorized, "unauthorized"},
			{"unknown token", "/api/v1/reports/renewals.ics?token=itr_nope", "", http.StatusUnauthorized, "unauthorized"},
			{"bad parameter", "/api/v1/reports/renewals.ics?within=5000&token=" + feed, "", http.StatusBadRequest, "bad_parameter"},
			{"feed token reads no devices", "/api/v1/devices", models.RoleFeed, http.StatusForbidden, "forbidden"},
			{"feed token reads no other report", "/api/v1/reports/end-of-life", models.RoleFeed, http.StatusForbidden, "forbidden"},
			{"feed token in the query elsewhere", "/api/v1/devices?token=" + feed, "", http.StatusUnauthorized, "unauthorized"},
			{"feed token in the query on the report", "/api/v1/reports/renewals?format=ics&token=" + feed, "", http.StatusUnauthorized, "unauthorized"},
			{"viewer token in the query", "/api/v1/reports/renewals.ics?token=" + a.tokens[models.RoleViewer], "", http.StatusForbidden, "forbidden"},
			{"admin token in the query", "/api/v1/reports/renewals.ics?token=" + a.tokens[models.RoleAdmin], "", http.StatusForbidden, "forbidden"},
		}
		for _, tc := range bad {
			t.Run(tc.name, func(t *testing.T) {
				wantError(t, a.do(req{Method: "GET", Path: tc.path, Role: tc.role}), tc.status, tc.code, "")
			})
		}
	})
}

// TestReportFormulaText checks that register text starting with = + or @ stays text: quoted
// with a leading apostrophe in CSV, a string cell (never a formula) in XLSX.
func TestReportFormulaText(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		reportRegister(t, a)
		t.Run("csv", func(t *testing.T) {
			w := a.do(req{Method: "GET", Path: "/api/v1/reports/end-of-life?format=csv", Role: models.RoleViewer})
			if w.Code != http.StatusOK {
				t.Fatalf("status %d", w.Code)
			}
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(w.Body.String(), "\ufeff"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			// Row 0 is the header; row 1 the laptop; columns 2 hostname, 5 assigned to.
			if len(rows) < 2 || rows[1][0] != "LAP-1" || rows[1][2] != `'=HYPERLINK("http://evil.example","x")` || rows[1][5] != "'+1-555" {
				t.Errorf("rows %q", rows)
			}
			w = a.do(req{Method: "GET", Path: "/api/v1/reports/renewals?format=csv", Role: models.RoleViewer})
			if !strings.Contains(w.Body.String(), "'@Office") {
				t.Errorf("licence name not neutralised: %s", w.Body.String())
			}
		})
		t.Run("xlsx", func(t *testing.T) {
			w := a.do(req{Method: "GET", Path: "/api/v1/reports/end-of-life?format=xlsx", Role: models.RoleViewer})
			f, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for ref, want := range map[string]string{"C3": `=HYPERLINK("http://evil.example","x")`, "F3": "+1-555"} {
				v, _ := f.GetCellValue("end-of-life", ref)
				formula, _ := f.GetCellFormula("end-of-life", ref)
				typ, _ := f.GetCellType("end-of-life", ref)
				if v != want || formula != "" || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
					t.Errorf("%s = %q (formula %q, type %v), want the text %q", ref, v, formula, typ, want)
				}
			}
		})
	})
}

func TestReportsOpenAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		doc := mustJSON[map[string]any](t, a.do(req{Method: "GET", Path: "/api/v1/openapi.json"}), http.StatusOK)
		paths, _ := doc["paths"].(map[string]any)
		for _, p := range []string{"/reports", "/reports/{name}", "/reports/renewals.ics"} {
			if _, ok := paths[p].(map[string]any)["get"]; !ok {
				t.Errorf("OpenAPI lacks GET %s", p)
			}
		}
	})
}
