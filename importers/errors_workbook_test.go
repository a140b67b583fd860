package importers_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"itreg/importers"
	"itreg/models"
	"itreg/models/modeltest"
)

const badCSV = `Asset Tag,Category,Status,Purchase Cost
C-1,laptop,deployed,100
C-2,laptop,sleeping,=1+1
C-3,kettle,deployed,5
`

func TestErrorWorkbookFixAndUploadAgain(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		name := "inventory [2024]: exported from the old tool.csv"
		opt := importers.Options{Currency: "GBP"}
		res, err := importers.Import(ctx, st, name, strings.NewReader(badCSV), int64(len(badCSV)), opt)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != models.ImportInvalid || res.Counts.Failed != 2 {
			t.Fatalf("status %s counts %+v", res.Status, res.Counts)
		}
		res.Errors = append(res.Errors, importers.RowError{Sheet: "Elsewhere", Message: "a sheet-wide problem"})
		var buf bytes.Buffer
		if err := importers.WriteErrorWorkbook(&buf, name, strings.NewReader(badCSV), int64(len(badCSV)), res, opt); err != nil {
			t.Fatal(err)
		}
		f := mustOpenXLSX(t, bytes.NewReader(buf.Bytes()))
		sheets := f.GetSheetList()
		if len(sheets) != 2 || len([]rune(sheets[0])) > 31 || strings.ContainsAny(sheets[0], "[]:") || sheets[1] != importers.HowToFixSheet {
			t.Fatalf("sheets %q", sheets)
		}
		data := sheets[0]
		t.Run("cells", func(t *testing.T) {
			cells := []struct{ cell, want string }{
				{"A1", "Asset Tag"}, {"E1", importers.ErrorsHeader}, {"A2", "C-2"}, {"C2", "sleeping"}, {"D2", "=1+1"},
				{"A3", "C-3"}, {"B3", "kettle"}, {"A4", ""},
			}
			for _, c := range cells {
				if got, _ := f.GetCellValue(data, c.cell); got != c.want {
					t.Errorf("%s = %q, want %q", c.cell, got, c.want)
				}
			}
			if formula, _ := f.GetCellFormula(data, "D2"); formula != "" {
				t.Errorf("D2 became the formula %q", formula)
			}
			for cell, want := range map[string]string{"E2": "Status:", "E3": "Category:"} {
				if got, _ := f.GetCellValue(data, cell); !strings.HasPrefix(got, want) {
					t.Errorf("%s = %q, want it to start with %q", cell, got, want)
				}
			}
			rows, _ := f.GetRows(importers.HowToFixSheet)
			text := ""
			for _, r := range rows {
				text += strings.Join(r, " ") + "\n"
			}
			if !strings.Contains(text, "Elsewhere: a sheet-wide problem") || !strings.Contains(text, "Errors column is ignored") {
				t.Errorf("How to fix says %q", text)
			}
		})
		t.Run("fixed and uploaded again", func(t *testing.T) {
			f.SetCellStr(data, "C2", "in stock")
			f.SetCellStr(data, "D2", "2")
			f.SetCellStr(data, "B3", "other")
			fixed, err := f.WriteToBuffer()
			if err != nil {
				t.Fatal(err)
			}
			again, err := importers.Import(ctx, st, "fixed.xlsx", bytes.NewReader(fixed.Bytes()), int64(fixed.Len()), opt)
			if err != nil {
				t.Fatal(err)
			}
			if again.Status != models.ImportSucceeded || again.Counts != (importers.Counts{Rows: 2, Created: 2}) {
				t.Fatalf("status %s counts %+v errors %+v sheets %+v", again.Status, again.Counts, again.Errors, again.Sheets)
			}
			for _, s := range again.Sheets {
				if len(s.Unknown) != 0 {
					t.Errorf("sheet %s reports unknown columns %v", s.Name, s.Unknown)
				}
			}
		})
	})
}

// TestErrorWorkbookKeepsTheCurrencyAFormatShowed: an amount whose cell format showed euros in
// the original file still shows euros in the error workbook, so the fixed file imports in EUR.
func TestErrorWorkbookKeepsTheCurrencyAFormatShowed(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		src := excelize.NewFile()
		euro := `[$€-407]#,##0.00`
		style, err := src.NewStyle(&excelize.Style{CustomNumFmt: &euro})
		if err != nil {
			t.Fatal(err)
		}
		src.SetSheetRow("Sheet1", "A1", &[]any{"Asset Tag", "Category", "Status", "Purchase Cost"})
		src.SetSheetRow("Sheet1", "A2", &[]any{"E-1", "laptop", "sleeping", 1234.5})
		src.SetCellStyle("Sheet1", "D2", "D2", style)
		orig, err := src.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		opt := importers.Options{Currency: "GBP"}
		res, err := importers.Import(ctx, st, "devices.xlsx", bytes.NewReader(orig.Bytes()), int64(orig.Len()), opt)
		if err != nil || res.Status != models.ImportInvalid {
			t.Fatalf("%v %+v", err, res)
		}
		var buf bytes.Buffer
		if err := importers.WriteErrorWorkbook(&buf, "devices.xlsx", bytes.NewReader(orig.Bytes()), int64(orig.Len()), res, opt); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		f.SetCellStr(f.GetSheetList()[0], "C2", "deployed")
		fixed, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		res, err = importers.Import(ctx, st, "fixed.xlsx", bytes.NewReader(fixed.Bytes()), int64(fixed.Len()), opt)
		if err != nil || res.Status != models.ImportSucceeded {
			t.Fatalf("%v %+v", err, res)
		}
		d, err := st.FindDeviceByAssetTag(ctx, "E-1")
		if err != nil || d.PurchaseCost != (models.Money{Amount: 123450, Currency: "EUR"}) {
			t.Fatalf("device %+v, %v", d, err)
		}
	})
}
