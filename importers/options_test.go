package importers_test

import (
	"errors"
	"reflect"
	"testing"

	"itreg/importers"
	"itreg/importers/fields"
	"itreg/models"
)

func TestParseOptions(t *testing.T) {
	base := importers.Options{Actor: "cli", Currency: "GBP", FiscalYearStart: 4}
	cases := []struct {
		name   string
		values map[string]string
		want   importers.Options
		param  string // the option a *models.ParamError names; "" for success
	}{
		{name: "nothing keeps the base", values: map[string]string{"kind": " ", "currency": ""}, want: base},
		{name: "every option", values: map[string]string{"kind": "Devices", "dry_run": "true", "skip_invalid": "1", "keep_unknown": "true",
			"date_order": "dmy", "currency": "eur", "mapping": `{"S/N": "serial_number"}`, "fiscal_year": "2026"},
			want: importers.Options{Actor: "cli", Currency: "EUR", FiscalYearStart: 4, Kind: fields.KindDevice, DryRun: true, SkipInvalid: true,
				KeepUnknown: true, DateOrder: fields.DMY, Mapping: map[string]string{"S/N": "serial_number"}, FiscalYear: 2026}},
		{name: "bad kind", values: map[string]string{"kind": "gadget"}, param: "kind"},
		{name: "bad boolean", values: map[string]string{"dry_run": "maybe"}, param: "dry_run"},
		{name: "bad date order", values: map[string]string{"date_order": "dym"}, param: "date_order"},
		{name: "bad currency", values: map[string]string{"currency": "ZZZ"}, param: "currency"},
		{name: "mapping not JSON", values: map[string]string{"mapping": "{S/N: serial"}, param: "mapping"},
		{name: "mapping to a system field", values: map[string]string{"mapping": `{"Kit": "id"}`}, param: "mapping"},
		{name: "bad fiscal year", values: map[string]string{"fiscal_year": "26x"}, param: "fiscal_year"},
		{name: "unknown option", values: map[string]string{"colour": "red"}, param: "colour"},
		{name: "match by serial, empty cells keep", values: map[string]string{"match_by": "Serial_Number", "empty_cells": "keep"},
			want: importers.Options{Actor: "cli", Currency: "GBP", FiscalYearStart: 4, MatchBy: importers.MatchSerial, KeepBlank: true}},
		{name: "empty cells clear", values: map[string]string{"empty_cells": "clear", "match_by": "asset_tag"},
			want: importers.Options{Actor: "cli", Currency: "GBP", FiscalYearStart: 4, MatchBy: importers.MatchAssetTag}},
		{name: "bad match key", values: map[string]string{"match_by": "hostname"}, param: "match_by"},
		{name: "bad empty cells", values: map[string]string{"empty_cells": "ignore"}, param: "empty_cells"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := importers.ParseOptions(base, c.values)
			if c.param == "" {
				if err != nil || !reflect.DeepEqual(got, c.want) {
					t.Fatalf("got %+v, %v; want %+v", got, err, c.want)
				}
				return
			}
			var pe *models.ParamError
			if !errors.As(err, &pe) || pe.Param != c.param || !errors.Is(err, models.ErrBadParam) {
				t.Fatalf("error %v, want a ParamError on %s", err, c.param)
			}
			if !reflect.DeepEqual(got, base) {
				t.Errorf("a bad option changed the options: %+v", got)
			}
		})
	}
}

func TestKindOptionAcceptsSingularAndPlural(t *testing.T) {
	tests := []struct{ in, want string }{
		{"device", "device"}, {"devices", "device"}, {"Devices", "device"}, {"DEVICE", "device"},
		{"Licences", "licence"}, {"licenses", "licence"}, {"WARRANTIES", "warranty"}, {"Vendors", "vendor"},
		{"budget_lines", "budget_line"}, {"Budget Line", "budget_line"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			opt, err := importers.ParseOptions(importers.Options{}, map[string]string{"kind": tt.in})
			if err != nil || opt.Kind != tt.want {
				t.Fatalf("kind %q -> %q, %v; want %q", tt.in, opt.Kind, err, tt.want)
			}
		})
	}
}
