package importers_test

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"itreg/importers"
	"itreg/models"
	"itreg/models/modeltest"
)

func TestWriteTemplate(t *testing.T) {
	var buf bytes.Buffer
	if err := importers.WriteTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	f := mustOpenXLSX(t, bytes.NewReader(buf.Bytes()))
	t.Run("sheets", func(t *testing.T) {
		want := []string{"Vendors", "Budget Lines", "Devices", "Licences", "Warranties", importers.ReadMeSheet}
		if got := f.GetSheetList(); !reflect.DeepEqual(got, want) {
			t.Fatalf("sheets %v, want %v", got, want)
		}
		if got := f.GetSheetName(f.GetActiveSheetIndex()); got != importers.ReadMeSheet {
			t.Errorf("opens on %q", got)
		}
	})
	t.Run("headers and example rows", func(t *testing.T) {
		cells := []struct{ sheet, cell, want string }{
			{"Devices", "A1", "Asset Tag"}, {"Devices", "A2", "LAP-0001"}, {"Devices", "L2", "2026-01-15"},
			{"Devices", "M2", "1,249.00"}, {"Licences", "K2", "Yes"}, {"Warranties", "M2", "LAP-0001"},
			{"Vendors", "A1", "Name"}, {"Budget Lines", "A2", "IT-HW"}, {importers.ReadMeSheet, "A1", "itreg import template"},
		}
		for _, c := range cells {
			if got, _ := f.GetCellValue(c.sheet, c.cell); got != c.want {
				t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, got, c.want)
			}
		}
	})
	t.Run("drop-down lists", func(t *testing.T) {
		cases := []struct {
			sheet, sqref string
			values       []string
		}{
			{"Devices", "D2:D5001", models.DeviceCategories},
			{"Devices", "G2:G5001", models.DeviceStatuses},
			{"Licences", "E2:E5001", models.LicenceTypes},
			{"Licences", "K2:K5001", []string{"Yes", "No"}},
			{"Budget Lines", "D2:D5001", models.BudgetCategories},
			{"Warranties", "B2:B5001", models.WarrantyKinds},
		}
		for _, c := range cases {
			t.Run(c.sheet+"!"+c.sqref, func(t *testing.T) {
				dvs, err := f.GetDataValidations(c.sheet)
				if err != nil {
					t.Fatal(err)
				}
				want := `"` + strings.Join(c.values, ",") + `"`
				for _, dv := range dvs {
					if dv.Sqref == c.sqref {
						if dv.Type != "list" || dv.Formula1 != want {
							t.Errorf("type %s formula %s, want list %s", dv.Type, dv.Formula1, want)
						}
						return
					}
				}
				t.Errorf("no drop-down on %s", c.sqref)
			})
		}
	})
	t.Run("imports cleanly", func(t *testing.T) {
		modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
			res, err := importers.Import(context.Background(), st, "template.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()),
				importers.Options{Currency: "GBP"})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != models.ImportSucceeded || res.Counts != (importers.Counts{Rows: 5, Created: 5}) {
				t.Fatalf("status %s counts %+v errors %+v", res.Status, res.Counts, res.Errors)
			}
		})
	})
}
