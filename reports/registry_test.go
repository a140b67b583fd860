package reports

import (
	"errors"
	"net/url"
	"slices"
	"testing"

	"itreg/models"
)

// TestParseParams checks defaults, each parameter and each kind of bad value.
func TestParseParams(t *testing.T) {
	r := Report{Name: "t", Params: []string{"as_of", "within", "fiscal_year", "department", "category", "vendor_id", "budget_line_id"}, DefaultWithin: 90}
	onlyAsOf := Report{Name: "u", Params: []string{"as_of"}}
	defaults := Params{AsOf: models.MustDate("2026-11-22"), FiscalYearStart: 4, Currency: "GBP"}
	tests := []struct {
		name    string
		r       Report
		q       url.Values
		want    Params
		badName string // the parameter a ParamError names; "" = no error
	}{
		// As of 2026-11-22 with April fiscal years, the fiscal year is FY2027 (Apr 2026 - Mar 2027).
		{"defaults", r, url.Values{}, Params{AsOf: defaults.AsOf, Within: 90, FiscalYear: 2027, FiscalYearStart: 4, Currency: "GBP"}, ""},
		{"every parameter", r, url.Values{"as_of": {"2024-02-29"}, "within": {"0"}, "fiscal_year": {"2030"}, "department": {" Finance "},
			"category": {"laptop"}, "vendor_id": {"7"}, "budget_line_id": {"9"}},
			Params{AsOf: models.MustDate("2024-02-29"), Within: 0, FiscalYear: 2030, FiscalYearStart: 4, Currency: "GBP",
				Department: "Finance", Category: "laptop", VendorID: 7, BudgetLineID: 9}, ""},
		// 2024-02-29 with April fiscal years is in FY2024 (Apr 2023 - Mar 2024).
		{"fiscal year follows as_of", r, url.Values{"as_of": {"2024-02-29"}}, Params{AsOf: models.MustDate("2024-02-29"), Within: 90, FiscalYear: 2024,
			FiscalYearStart: 4, Currency: "GBP"}, ""},
		{"largest horizon", r, url.Values{"within": {"3650"}}, Params{AsOf: defaults.AsOf, Within: 3650, FiscalYear: 2027, FiscalYearStart: 4, Currency: "GBP"}, ""},
		{"other query parameters are ignored", onlyAsOf, url.Values{"format": {"csv"}, "token": {"x"}, "colour": {"blue"}},
			Params{AsOf: defaults.AsOf, FiscalYear: 2027, FiscalYearStart: 4, Currency: "GBP"}, ""},
		{"a report parameter the report does not take", onlyAsOf, url.Values{"vendor_id": {"7"}}, Params{}, "vendor_id"},
		{"not a date", r, url.Values{"as_of": {"22/11/2026"}}, Params{}, "as_of"},
		{"no such day", r, url.Values{"as_of": {"2026-02-29"}}, Params{}, "as_of"},
		{"negative horizon", r, url.Values{"within": {"-1"}}, Params{}, "within"},
		{"huge horizon", r, url.Values{"within": {"3651"}}, Params{}, "within"},
		{"horizon not a number", r, url.Values{"within": {"1e3"}}, Params{}, "within"},
		{"fiscal year too early", r, url.Values{"fiscal_year": {"1989"}}, Params{}, "fiscal_year"},
		{"fiscal year too late", r, url.Values{"fiscal_year": {"2201"}}, Params{}, "fiscal_year"},
		{"vendor not an id", r, url.Values{"vendor_id": {"acme"}}, Params{}, "vendor_id"},
		{"budget line zero", r, url.Values{"budget_line_id": {"0"}}, Params{}, "budget_line_id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseParams(tc.r, tc.q, defaults)
			if tc.badName != "" {
				var pe *models.ParamError
				if !errors.As(err, &pe) || pe.Param != tc.badName || !errors.Is(err, models.ErrBadParam) {
					t.Fatalf("error %v, want a ParamError naming %s", err, tc.badName)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
	t.Run("no as_of at all", func(t *testing.T) {
		var pe *models.ParamError
		if _, err := ParseParams(r, nil, Params{}); !errors.As(err, &pe) || pe.Param != "as_of" {
			t.Errorf("error %v, want a ParamError naming as_of", err)
		}
	})
}

// TestRegistry checks that every report is registered once, sorted, usable and documented.
func TestRegistry(t *testing.T) {
	all := All()
	names := Names()
	if !slices.IsSorted(names) || len(names) != len(all) {
		t.Fatalf("names %v not sorted or not matching All", names)
	}
	for _, want := range []string{"end-of-life", "renewals", "warranty-coverage"} {
		t.Run(want, func(t *testing.T) {
			r, ok := Lookup(want)
			if !ok {
				t.Fatal("not registered")
			}
			if r.Title == "" || r.Description == "" || !r.Uses("as_of") || !r.Uses("within") || r.DefaultWithin <= 0 {
				t.Errorf("incomplete: %+v", r)
			}
			if got := r.Formats(); slices.Contains(got, "ics") != r.Calendar || !slices.Contains(got, "xlsx") {
				t.Errorf("formats %v with calendar %v", got, r.Calendar)
			}
		})
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("found an unregistered report")
	}
	t.Run("the catalogue names each report once and builds every one", func(t *testing.T) {
		seen := map[string]bool{}
		for _, r := range catalogue() {
			if r.Name == "" || r.build == nil {
				t.Errorf("report %q has no name or no build function", r.Name)
			}
			if seen[r.Name] {
				t.Errorf("report %q listed twice", r.Name)
			}
			seen[r.Name] = true
			if got, ok := Lookup(r.Name); !ok || got.Name != r.Name {
				t.Errorf("Lookup(%q) = %q, %v", r.Name, got.Name, ok)
			}
		}
		if len(seen) != len(all) {
			t.Errorf("All lists %d reports, the catalogue %d", len(all), len(seen))
		}
	})
	t.Run("table params", func(t *testing.T) {
		r, _ := Lookup("renewals")
		p := Params{AsOf: models.MustDate("2026-11-22"), Within: 30, VendorID: 4}
		got := p.TableParams(r)
		want := []Param{{"as_of", "2026-11-22"}, {"within", "30"}, {"vendor_id", "4"}, {"budget_line_id", "all"}}
		if !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}
