package sheet

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fixturesDir is $ITREG_FIXTURES or the shared fixtures folder next to the repository.
func fixturesDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ITREG_FIXTURES")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "fixtures")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skip("fixtures folder not found: set ITREG_FIXTURES")
	}
	return dir
}

type fixtureFacts struct {
	format, sheet, enc string
	rows, headerFields int
	header             string // a header the first row holds
	check              func(t *testing.T, rows []Row)
}

var facts = map[string]fixtureFacts{
	"servicenow-alm-hardware-export/alm_hardware.xlsx": {format: FormatXLSX, sheet: "Page 1", rows: 96, headerFields: 9, header: "Asset tag",
		check: func(t *testing.T, rows []Row) {
			// Cost is the number 0 formatted "$#,##0.00": a number, not a date.
			for _, r := range rows[1:] {
				if c := r.Cells[7]; c.Kind != KindNumber {
					t.Fatalf("row %d cost %+v, want a number", r.Number, c)
				}
			}
		}},
	"servicenow-alm-hardware-export/alm_hardware (2).csv": {format: FormatCSV, rows: 104, headerFields: 9, header: "Asset tag"},
	"snipeit-assets-sample-BAD/assets-sample-BAD.csv":     {format: FormatCSV, enc: encCP1252, rows: 201, headerFields: 20, header: "Asset Tag"},
	"servicenow-demo-core-company/core_company.csv":       {format: FormatCSV, rows: 178, headerFields: 45, header: "coordinates_retrieved_on"},
	"servicenow-demo-alm-asset/alm_asset.csv":             {format: FormatCSV, rows: 2818, headerFields: 73, header: "serial_number"},
	"itdashboard-dod-it-investments/Department_of_Defense.xlsx": {format: FormatXLSX, rows: 2909, headerFields: 7,
		check: func(t *testing.T, rows []Row) {
			if rows[0].Number != 1 || rows[len(rows)-1].Number != 2909 || rows[0].Cells[3].Text != "$66.843" {
				t.Errorf("first %v last %v", rows[0], rows[len(rows)-1])
			}
		}},
	"itdashboard-usda-it-investments/Individual_Investments.xlsx": {format: FormatXLSX, rows: 210, headerFields: 7, header: "UII"},
	"snipeit-licenses-sample/licenses-sample.csv":                 {format: FormatCSV, rows: 51, headerFields: 20, header: "Licensed To Name"},
	"snipeit-users-sample/users-sample.csv":                       {format: FormatCSV, enc: encUTF8, rows: 101, headerFields: 23, header: "First Name"},
	"itdashboard-projects-fy2012/raw-projects.BAK.csv":            {format: FormatCSV, rows: 2473, headerFields: 23, header: "Unique Investment Identifier"},
}

func TestFixtures(t *testing.T) {
	dir := fixturesDir(t)
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if ext := strings.ToLower(filepath.Ext(p)); ext == ".csv" || ext == ".xlsx" || ext == ".tsv" || ext == ".xlsm" {
				files = append(files, p)
			}
		}
		return nil
	})
	if len(files) == 0 {
		t.Skip("no spreadsheets in " + dir)
	}
	for _, p := range files {
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			st, _ := f.Stat()
			b, err := Open(filepath.Base(p), f, st.Size(), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			want, known := facts[rel]
			for _, s := range b.Sheets {
				var rows []Row
				for r, err := range b.Rows(s.Index) {
					if err != nil {
						t.Fatalf("sheet %s: %v", s.Name, err)
					}
					if len(r.Cells) == 0 || (len(rows) > 0 && r.Number <= rows[len(rows)-1].Number) {
						t.Fatalf("sheet %s: bad row %v", s.Name, r)
					}
					rows = append(rows, r)
				}
				if len(rows) == 0 {
					t.Errorf("sheet %s: no rows", s.Name)
				}
				if !known || (want.sheet != "" && s.Name != want.sheet) || s.Index > 0 {
					continue
				}
				if b.Format != want.format || (want.enc != "" && b.Encoding() != want.enc) {
					t.Errorf("format %s encoding %s, want %s %s", b.Format, b.Encoding(), want.format, want.enc)
				}
				if len(rows) != want.rows {
					t.Errorf("sheet %s: %d rows, want %d", s.Name, len(rows), want.rows)
				}
				if got := len(rows[0].Cells); got != want.headerFields {
					t.Errorf("first row has %d fields, want %d: %q", got, want.headerFields, texts(rows[0]))
				}
				if want.header != "" && !slices.Contains(texts(rows[0]), want.header) {
					t.Errorf("first row %q lacks %q", texts(rows[0]), want.header)
				}
				if want.check != nil {
					want.check(t, rows)
				}
			}
			if known && want.sheet != "" && !slices.ContainsFunc(b.Sheets, func(s SheetInfo) bool { return s.Name == want.sheet }) {
				t.Errorf("no sheet %q in %v", want.sheet, b.Sheets)
			}
		})
	}
}
