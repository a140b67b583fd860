package importers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"itreg/importers"
	"itreg/importers/fields"
	"itreg/models"
	"itreg/models/modeltest"
)

// dataCentreRows reproduces the data-centre export of issue 10: 2,864 rows whose device types
// include blade chassis, PDUs, UPSs and storage arrays; a record status ("Asset Status") and,
// further right, a "Status" column saying whether the device is in production; 64 rows have
// neither an asset tag nor a serial number, so they must fail and say why.
func dataCentreRows() [][]string {
	types := []string{"Blade Chassis", "Power Distribution Unit", "UPS", "Storage Array", "Server", "Switch"}
	records := []string{"Active", "Active", "Active", "Retired"}
	envs := []string{"Production", "Non-Production", "Test", "Development", "Non-Production"}
	rows := [][]string{{"Asset Tag", "Serial Number", "Device Type", "Manufacturer", "Model", "Asset Status",
		"Location", "Purchase Date", "Status"}}
	for i := range 2864 {
		tag, serial := fmt.Sprintf("DC-%05d", i), fmt.Sprintf("SN%07d", i)
		if i%45 == 7 {
			tag, serial = "", ""
		}
		rows = append(rows, []string{tag, serial, types[i%len(types)], "Acme", "Model " + types[i%len(types)],
			records[i%len(records)], "Hall " + string(rune('A'+i%3)), "2021-06-01", envs[i%len(envs)]})
	}
	return rows
}

// warrantyTrackerRows reproduces the storage warranty tracker: 726 rows whose "Warranty" column
// holds YES/NO.
func warrantyTrackerRows() [][]string {
	rows := [][]string{{"Serial", "Manufacturer", "Model", "Warranty", "Warranty End"}}
	for i := range 726 {
		yes := "YES"
		if i%3 == 0 {
			yes = "NO"
		}
		rows = append(rows, []string{fmt.Sprintf("ST%06d", i), "NetStore", "NS-4000", yes, "2027-03-31"})
	}
	return rows
}

// officeRows reproduces the office workbook: a compound serial header and "Issued To".
func officeRows() [][]string {
	return [][]string{
		{"Office inventory", "", "", ""},
		{},
		{"Asset Tag", "Serial No / Service Tag", "Model", "Issued To"},
		{"OF-1", "5CG1234XYZ", "EliteBook 840", "Ana Lima"},
		{"OF-2", "5CG1234XZZ", "EliteBook 840", "Bo Chen"},
		{"OF-3", "C02XK1ABJHD2", "MacBook Pro", "Cy Dube"},
	}
}

func csvOf(rows [][]string) []byte {
	var b bytes.Buffer
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	return b.Bytes()
}

func importBytes(t *testing.T, st *models.Store, name string, data []byte, opt importers.Options) *importers.Result {
	t.Helper()
	res, err := importers.Import(context.Background(), st, name, bytes.NewReader(data), int64(len(data)), opt)
	if err != nil {
		t.Fatalf("Import(%s): %v", name, err)
	}
	return res
}

func TestRealWorldCasesOfIssue10(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		base := importers.Options{Currency: "USD", SkipInvalid: true, Kind: fields.KindDevice}
		t.Run("warranty tracker: a yes/no Warranty column is one finding", func(t *testing.T) {
			res := importBytes(t, st, "warranty-tracker.xlsx", workbook(t, map[string][][]string{"Tracker": warrantyTrackerRows()}), base)
			if res.Counts.Created < 700 || res.Counts.Failed != 0 {
				t.Fatalf("counts %+v, errors %v", res.Counts, res.Errors[:min(3, len(res.Errors))])
			}
			f := strings.Join(res.Sheets[0].Findings, "; ")
			if !strings.Contains(f, "`Warranty` holds YES/NO, not a number of months") || !strings.Contains(f, "map it or ignore it") {
				t.Fatalf("findings %q", f)
			}
		})
		t.Run("warranty tracker: an explicit mapping fails the rows as before", func(t *testing.T) {
			opt := base
			opt.DryRun, opt.Mapping = true, map[string]string{"Warranty": "warranty_months"}
			res := importBytes(t, st, "warranty-tracker.csv", csvOf(warrantyTrackerRows()), opt)
			if res.Counts.Failed != 726 || !strings.Contains(res.Errors[0].Message, "whole number") {
				t.Fatalf("counts %+v first error %+v", res.Counts, res.Errors[0])
			}
		})
		t.Run("office workbook: compound serial header and Issued To", func(t *testing.T) {
			res := importBytes(t, st, "office.xlsx", workbook(t, map[string][][]string{"Devices": officeRows()}), importers.Options{Kind: "devices"})
			if res.Status != models.ImportSucceeded || res.Counts.Created != 3 || len(res.Sheets[0].Unknown) != 0 {
				t.Fatalf("%s %+v unknown %v errors %v", res.Status, res.Counts, res.Sheets[0].Unknown, res.Errors)
			}
			d, err := st.FindDeviceByAssetTag(ctx, "OF-3")
			if err != nil {
				t.Fatal(err)
			}
			if d.SerialNumber == nil || *d.SerialNumber != "C02XK1ABJHD2" || d.AssignedTo != "Cy Dube" {
				t.Fatalf("device %+v", d)
			}
		})
		t.Run("data centre: two status columns settled by their values, types mapped", func(t *testing.T) {
			opt := base
			opt.ValueMap = map[string]map[string]string{"category": {"Blade Chassis": "server", "Power Distribution Unit": "other",
				"UPS": "other", "Storage Array": "server"}}
			res := importBytes(t, st, "datacentre.csv", csvOf(dataCentreRows()), opt)
			if res.Counts.Created < 2600 || res.Counts.Rows != 2864 {
				t.Fatalf("counts %+v %v", res.Counts, res.Errors[:3])
			}
			for _, e := range res.Errors {
				if e.Row == 0 || e.Message == "" {
					t.Fatalf("a rejected row must name its reason: %+v", e)
				}
			}
			ignored := strings.Join(res.Sheets[0].Ignored, "; ")
			if !strings.Contains(ignored, `"Asset Status" was read because its values are status values`) {
				t.Fatalf("the status conflict must be reported: %q", ignored)
			}
			count := func(f models.DeviceFilter) int64 {
				t.Helper()
				f.Q, f.Limit = "DC-", 1
				res, err := st.ListDevices(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				return res.Total
			}
			if n := count(models.DeviceFilter{Category: "server"}); n < 1350 { // blade chassis, storage arrays and servers: half the rows
				t.Fatalf("servers = %d: the value mapping was not applied", n)
			}
			if n := count(models.DeviceFilter{Status: "retired"}); n < 600 {
				t.Fatalf("retired = %d: the record status was not read", n)
			}
		})
	})
}

func TestValueMapToAnUnknownValueIsRefused(t *testing.T) {
	tests := []struct{ name, vm, want string }{
		{"unknown status", `{"status": {"Prod": "running"}}`, `"running", which is not a status`},
		{"not an enum field", `{"model": {"x": "y"}}`, `"model" is not a field with a fixed list of values`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := importers.ParseOptions(importers.Options{}, map[string]string{"value_map": tt.vm})
			var fe *models.FieldError
			if !errors.As(err, &fe) || !strings.Contains(fe.Fields["value_map"], tt.want) {
				t.Fatalf("err = %v, want a field error naming %q", err, tt.want)
			}
		})
	}
}
