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

// colWidthByHeader returns the width of the column headed header in row 1 of a sheet.
func colWidthByHeader(t *testing.T, f *excelize.File, sheet, header string) float64 {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("rows of %s: %v", sheet, err)
	}
	for i, h := range rows[0] {
		if h == header {
			col, _ := excelize.ColumnNumberToName(i + 1)
			w, err := f.GetColWidth(sheet, col)
			if err != nil {
				t.Fatal(err)
			}
			return w
		}
	}
	t.Fatalf("%s has no column %q: %q", sheet, header, rows[0])
	return 0
}

// columnWidthCases are the widths export and template columns must have, by header.
var columnWidthCases = []struct {
	sheet, header string
	min, max      float64
}{
	{"Vendors", "Roles", 24, 40},           // "manufacturer, supplier" ran into Website
	{"Vendors", "Website", 22, 40},         // https://www.salesforce.com
	{"Vendors", "Notes", 40, 60},           // notes are the longest text
	{"Devices", "Asset Tag", 12, 30},       // header and tag
	{"Devices", "Purchase Date", 15, 20},   // the bold header is wider than the date
	{"Devices", "Purchase Cost", 14, 20},   // £1,234,567.89
	{"Devices", "Currency", 10, 12},        // a three-letter code needs no 18 characters
	{"Licences", "Auto Renew", 10, 14},     // Yes or No
	{"Licences", "Billing Period", 16, 20}, // an enum
}

// checkColumnWidths checks the columnWidthCases in an export or template workbook.
func checkColumnWidths(t *testing.T, f *excelize.File) {
	for _, tc := range columnWidthCases {
		t.Run(tc.sheet+"/"+tc.header, func(t *testing.T) {
			if w := colWidthByHeader(t, f, tc.sheet, tc.header); w < tc.min || w > tc.max {
				t.Errorf("width = %v, want %v..%v", w, tc.min, tc.max)
			}
		})
	}
}

func TestTemplateColumnWidths(t *testing.T) {
	var buf bytes.Buffer
	if err := importers.WriteTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	f := mustOpenXLSX(t, bytes.NewReader(buf.Bytes()))
	checkColumnWidths(t, f)
	t.Run("read me wraps on a page", func(t *testing.T) {
		if w, _ := f.GetColWidth(importers.ReadMeSheet, "A"); w > 90 {
			t.Errorf("read me column width = %v, wider than a portrait page", w)
		}
		long := 0
		rows, _ := f.GetRows(importers.ReadMeSheet)
		for i, row := range rows {
			if len(row) == 0 || len(row[0]) < 120 {
				continue
			}
			long++
			if s := styleOf(t, f, importers.ReadMeSheet, "A", i+1); s.Alignment == nil || !s.Alignment.WrapText {
				t.Errorf("read me row %d does not wrap", i+1)
			}
			if h, _ := f.GetRowHeight(importers.ReadMeSheet, i+1); h < 30 {
				t.Errorf("read me row %d height = %v, too short for two lines", i+1, h)
			}
		}
		if long == 0 {
			t.Fatal("no long read me line to check")
		}
	})
}

func TestExportColumnWidths(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		seedRegister(t, st)
		var buf bytes.Buffer
		if err := importers.Export(context.Background(), st, &buf, importers.ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		f := mustOpenXLSX(t, bytes.NewReader(buf.Bytes()))
		checkColumnWidths(t, f)
	})
}

// styleOf returns the style of a cell.
func styleOf(t *testing.T, f *excelize.File, sheet, col string, row int) *excelize.Style {
	t.Helper()
	ref, err := excelize.JoinCellName(col, row)
	if err != nil {
		t.Fatal(err)
	}
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestErrorWorkbookLayout(t *testing.T) {
	const csv = "Asset Tag,Category,Status,Purchase Date,Notes\n" +
		"C-1,laptop,sleeping,2026-01-15,A rather long note about where this laptop was last seen in the building\n" +
		"C-2,kettle,dozing,2026-13-45,x\n"
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		opt := importers.Options{Currency: "GBP"}
		res, err := importers.Import(context.Background(), st, "bad.csv", strings.NewReader(csv), int64(len(csv)), opt)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := importers.WriteErrorWorkbook(&buf, "bad.csv", strings.NewReader(csv), int64(len(csv)), res, opt); err != nil {
			t.Fatal(err)
		}
		f := mustOpenXLSX(t, bytes.NewReader(buf.Bytes()))
		data := f.GetSheetList()[0]
		widths := []struct {
			name, header string
			min, max     float64
		}{
			{"short column stays narrow", "Category", 10, 12},
			{"a column fits its header", "Purchase Date", 16, 18},
			{"a long value widens its column up to a cap", "Notes", 40, 40},
			{"the errors column is wide", importers.ErrorsHeader, 60, 60},
		}
		for _, tc := range widths {
			t.Run(tc.name, func(t *testing.T) {
				if w := colWidthByHeader(t, f, data, tc.header); w < tc.min || w > tc.max {
					t.Errorf("%s width = %v, want %v..%v", tc.header, w, tc.min, tc.max)
				}
			})
		}
		t.Run("errors cells wrap on a fill with room for their lines", func(t *testing.T) {
			for row := 2; row <= 3; row++ {
				s := styleOf(t, f, data, "F", row)
				if s.Alignment == nil || !s.Alignment.WrapText || len(s.Fill.Color) == 0 {
					t.Errorf("F%d style = %+v, want wrapped on a fill", row, s)
				}
				text, _ := f.GetCellValue(data, "F"+string(rune('0'+row)))
				h, _ := f.GetRowHeight(data, row)
				if lines := (len(text) + 66) / 67; h < float64(15*lines) {
					t.Errorf("row %d height = %v for %d characters of errors", row, h, len(text))
				}
			}
		})
		t.Run("how to fix wraps within a page", func(t *testing.T) {
			if w, _ := f.GetColWidth(importers.HowToFixSheet, "A"); w < 60 || w > 90 {
				t.Errorf("how to fix column width = %v, want 60..90", w)
			}
			s := styleOf(t, f, importers.HowToFixSheet, "A", 3)
			if s.Alignment == nil || !s.Alignment.WrapText {
				t.Errorf("how to fix line does not wrap")
			}
			if h, _ := f.GetRowHeight(importers.HowToFixSheet, 4); h < 30 {
				t.Errorf("a long how to fix line has height %v", h)
			}
		})
	})
}
