package importers_test

import (
	"bytes"
	"context"
	"testing"

	"itreg/importers"
	"itreg/importers/fields"
	"itreg/models"
	"itreg/models/modeltest"
)

// TestMatchByAndEmptyCells imports a register, then a second file under each choice of the
// key that finds stored devices and of what an empty cell does, and checks the devices.
func TestMatchByAndEmptyCells(t *testing.T) {
	const first = "Asset Tag,Serial Number,Manufacturer,Model,Location,Notes\nA-1,SN1,Dell,Latitude,London,spare charger\nA-2,SN2,Dell,OptiPlex,Leeds,\n"
	cases := []struct {
		name      string
		second    string
		opt       importers.Options
		counts    [3]int // created, updated, failed
		tag       string // the device to read afterwards
		location  string
		notes     string
		errColumn string // the column of the one row error, "" for none
	}{
		{name: "empty cells clear by default", second: "Asset Tag,Serial Number,Manufacturer,Model,Location,Notes\nA-1,SN1,Dell,Latitude,,\n",
			counts: [3]int{0, 1, 0}, tag: "A-1", location: "", notes: ""},
		{name: "empty cells keep", second: "Asset Tag,Serial Number,Manufacturer,Model,Location,Notes\nA-1,SN1,Dell,Latitude,,\n",
			opt: importers.Options{KeepBlank: true}, counts: [3]int{0, 0, 0}, tag: "A-1", location: "London", notes: "spare charger"},
		{name: "a filled cell still changes with keep", second: "Asset Tag,Serial Number,Manufacturer,Model,Location,Notes\nA-1,SN1,Dell,Latitude,Paris,\n",
			opt: importers.Options{KeepBlank: true}, counts: [3]int{0, 1, 0}, tag: "A-1", location: "Paris", notes: "spare charger"},
		{name: "match by serial retags the device", second: "Asset Tag,Serial Number,Manufacturer,Location\nNEW-1,SN1,Dell,Bristol\n",
			opt: importers.Options{MatchBy: importers.MatchSerial}, counts: [3]int{0, 1, 0}, tag: "NEW-1", location: "Bristol", notes: "spare charger"},
		{name: "match by asset tag makes a new device and refuses the serial", second: "Asset Tag,Serial Number,Manufacturer,Location\nNEW-1,SN1,Dell,Bristol\n",
			opt: importers.Options{MatchBy: importers.MatchAssetTag}, counts: [3]int{0, 0, 1}, tag: "A-1", location: "London", notes: "spare charger",
			errColumn: "Serial Number"},
		{name: "match by serial refuses a tag another device has", second: "Asset Tag,Serial Number,Manufacturer,Location\nA-2,SN1,Dell,Bristol\n",
			opt: importers.Options{MatchBy: importers.MatchSerial}, counts: [3]int{0, 0, 1}, tag: "A-1", location: "London", notes: "spare charger",
			errColumn: "Asset Tag"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
				ctx := context.Background()
				if _, err := st.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				base := importers.Options{Currency: "GBP", DateOrder: fields.DMY}
				if res := run(t, st, "first.csv", first, base); res.Counts.Created != 2 {
					t.Fatalf("first import: %+v %+v", res.Counts, res.Errors)
				}
				opt := c.opt
				opt.Currency, opt.DateOrder, opt.SkipInvalid = "GBP", fields.DMY, true
				res := run(t, st, "second.csv", c.second, opt)
				if got := [3]int{res.Counts.Created, res.Counts.Updated, res.Counts.Failed}; got != c.counts {
					t.Fatalf("created, updated, failed = %v, want %v (%+v)", got, c.counts, res.Errors)
				}
				if c.errColumn != "" && (len(res.Errors) != 1 || res.Errors[0].Column != c.errColumn) {
					t.Fatalf("errors %+v, want one in %s", res.Errors, c.errColumn)
				}
				d, err := st.FindDeviceByAssetTag(ctx, c.tag)
				if err != nil {
					t.Fatal(err)
				}
				if d.Location != c.location || d.Notes != c.notes {
					t.Errorf("%s: location %q notes %q, want %q %q", c.tag, d.Location, d.Notes, c.location, c.notes)
				}
				if n := modeltest.Count(t, st, "devices"); n != 2 {
					t.Errorf("devices = %d, want 2", n)
				}
			})
		})
	}
}

// TestMatchOptionsKeptByTheRun checks a dry run keeps the new options for its commit.
func TestMatchOptionsKeptByTheRun(t *testing.T) {
	run := &models.ImportRun{Options: importers.StoredOptions(importers.Options{MatchBy: importers.MatchSerial, KeepBlank: true})}
	opt, err := importers.OptionsOf(run)
	if err != nil || opt.MatchBy != importers.MatchSerial || !opt.KeepBlank {
		t.Fatalf("OptionsOf = %+v, %v", opt, err)
	}
}

// TestCustomMappingTarget keeps one column as a custom field by mapping it to "custom", while
// another unknown column stays out (KeepUnknown is off).
func TestCustomMappingTarget(t *testing.T) {
	const file = "Asset Tag,Rack,Colour\nA-1,R12,grey\n"
	for _, key := range []string{"Rack", "B"} {
		opt := importers.Options{Currency: "GBP", Mapping: map[string]string{key: importers.MapCustom}}
		res := mustPreview(t, "d.csv", []byte(file), opt)
		if c := column(t, res.Sheets[0], "Rack"); !c.Custom || c.Field != "" {
			t.Errorf("mapped by %q: Rack %+v", key, c)
		}
		if c := column(t, res.Sheets[0], "Colour"); c.Custom {
			t.Errorf("mapped by %q: Colour kept too", key)
		}
		if got := res.Sheets[0].Unmapped; len(got) != 1 || got[0] != "Colour" {
			t.Errorf("mapped by %q: unmapped %q", key, got)
		}
	}
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		res := run(t, st, "d.csv", file, importers.Options{Currency: "GBP", Mapping: map[string]string{"rack": importers.MapCustom}})
		if res.Counts.Created != 1 {
			t.Fatalf("%+v %+v", res.Counts, res.Errors)
		}
		d, err := st.FindDeviceByAssetTag(ctx, "A-1")
		if err != nil || d.CustomFields["Rack"] != "R12" || d.CustomFields["Colour"] != "" {
			t.Fatalf("%v %+v", err, d.CustomFields)
		}
	})
}

// TestSheetMapping maps each sheet of a workbook by its own headers: a mapping naming a header
// of one sheet would be an error in the other.
func TestSheetMapping(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		book := workbook(t, map[string][][]string{
			"Devices":  {{"Asset Tag", "Kit colour", "Serial Number"}, {"S-1", "grey", "SN-S1"}},
			"Licences": {{"Title", "Seats"}, {"Office", "10"}},
		})
		opt := importers.Options{Currency: "GBP", SheetMapping: map[string]map[string]string{
			"devices":  {"Kit colour": importers.MapCustom},
			"Licences": {"Title": "product"},
		}}
		res, err := importers.Import(ctx, st, "book.xlsx", bytes.NewReader(book), int64(len(book)), opt)
		if err != nil || res.Counts.Created != 2 || len(res.Errors) != 0 {
			t.Fatalf("%v %+v %+v", err, res.Counts, res.Errors)
		}
		d, err := st.FindDeviceByAssetTag(ctx, "S-1")
		if err != nil || d.CustomFields["Kit colour"] != "grey" {
			t.Fatalf("%v %+v", err, d)
		}
		stored := importers.StoredOptions(opt)
		back, err := importers.OptionsOf(&models.ImportRun{Options: stored})
		if err != nil || back.SheetMapping["Licences"]["Title"] != "product" {
			t.Fatalf("kept options %+v, %v", back.SheetMapping, err)
		}
	})
}
