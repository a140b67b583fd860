package models_test

import (
	"errors"
	"net/url"
	"reflect"
	"testing"

	"itreg/models"
)

// TestParseFiltersRoundTrip checks a filter's Query (a home tile's link) parses back to the
// same filter, so the tile opens exactly its list in the API and in the browser.
func TestParseFiltersRoundTrip(t *testing.T) {
	in, day := true, models.Date{Year: 2026, Month: 12, Day: 31}
	t.Run("devices", func(t *testing.T) {
		want := models.DeviceFilter{Status: "deployed", Category: "laptop", Department: "Finance", Location: "Leeds", AssignedTo: "Ana",
			ManufacturerID: 3, SupplierID: 4, BudgetLineID: 5, Q: "lt-", DeviceStateFilter: models.DeviceStateFilter{InService: &in,
				EOLFrom: day, EOLBefore: day.AddDays(1), UncoveredOn: day}}
		got, err := models.ParseDeviceFilter(want.Query())
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, %v", got, err)
		}
	})
	t.Run("licences", func(t *testing.T) {
		want := models.LicenceFilter{Type: "subscription", Metric: "per_user", PublisherID: 1, SupplierID: 2, BudgetLineID: 3, EndsBefore: day,
			Q: "365", RenewalWindow: models.RenewalWindow{NoticeFrom: day, NoticeBefore: day.AddDays(30), EndsFrom: day}, OverAssigned: true}
		got, err := models.ParseLicenceFilter(want.Query())
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, %v", got, err)
		}
	})
	t.Run("warranties", func(t *testing.T) {
		want := models.WarrantyFilter{Kind: "support", ProviderID: 1, BudgetLineID: 2, DeviceID: 3, EndsBefore: day, ActiveOn: day, Q: "x",
			RenewalWindow: models.RenewalWindow{NoticeBefore: day}, Renewable: true}
		got, err := models.ParseWarrantyFilter(want.Query())
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, %v", got, err)
		}
	})
}

func TestParseFiltersRefuseBadValues(t *testing.T) {
	tests := []struct {
		name, query, param string
		parse              func(url.Values) error
	}{
		{"device status", "status=flying", "status", devices},
		{"device id", "manufacturer_id=-1", "manufacturer_id", devices},
		{"device bool", "in_service=yes", "in_service", devices},
		{"device date", "eol_before=2026-13-01", "eol_before", devices},
		{"limit", "limit=1001", "limit", devices},
		{"licence metric", "metric=per_planet", "metric", func(v url.Values) error { _, err := models.ParseLicenceFilter(v); return err }},
		{"warranty flag", "renewable=1", "renewable", func(v url.Values) error { _, err := models.ParseWarrantyFilter(v); return err }},
		{"vendor role", "role=x", "role", func(v url.Values) error { _, err := models.ParseVendorFilter(v); return err }},
		{"budget year", "fiscal_year=20260", "fiscal_year", func(v url.Values) error { _, err := models.ParseBudgetLineFilter(v); return err }},
		{"budget category first", "category=x&fiscal_year=abc", "category",
			func(v url.Values) error { _, err := models.ParseBudgetLineFilter(v); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.query)
			var pe *models.ParamError
			if err := tt.parse(v); !errors.As(err, &pe) || pe.Param != tt.param {
				t.Errorf("error %v, want a ParamError on %s", err, tt.param)
			}
		})
	}
}

func devices(v url.Values) error { _, err := models.ParseDeviceFilter(v); return err }

func TestParseDeviceSelection(t *testing.T) {
	for _, tt := range []struct {
		name, query string
		ok          bool
	}{
		{"filter with paging ignored", "status=deployed&limit=5&cursor=x&sort=hostname", true},
		{"misspelt parameter", "stat=deployed", false},
		{"not a query", "%zz", false},
		{"bad value", "status=flying", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := models.ParseDeviceSelection(tt.query)
			if (err == nil) != tt.ok {
				t.Fatalf("error %v", err)
			}
			if tt.ok && (f.Status != "deployed" || f.Page != (models.Page{})) {
				t.Errorf("filter %+v", f)
			}
		})
	}
}
