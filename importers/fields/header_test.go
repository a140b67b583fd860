package fields

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"itreg/importers/sheet"
)

func TestFindHeader(t *testing.T) {
	tests := []struct {
		name     string
		rows     [][]sheet.Cell
		kind     string
		wantRow  int
		wantKind string
		wantOK   bool
	}{
		{"first row", [][]sheet.Cell{textRow("Asset Tag", "Serial", "Model"), textRow("A1", "S1", "X")},
			"", 0, KindDevice, true},
		{"banner, blank and merged title above", [][]sheet.Cell{
			textRow("ACME Ltd IT asset register"),
			{},
			textRow("Exported 2024-03-01 by J. Smith", "", ""),
			textRow("", "", ""),
			textRow("Asset Tag", "Serial Number", "Hostname", "Status"),
			textRow("A1", "S1", "h1", "In use"),
		}, "", 4, KindDevice, true},
		{"notes row with one known word is skipped", [][]sheet.Cell{
			textRow("Notes", ""),
			textRow("Product", "Licence Key", "Seats", "Renewal Date"),
		}, "", 1, KindLicence, true},
		{"numbers are never headers", [][]sheet.Cell{
			{num(1), num(2), num(3)},
			textRow("Code", "Name", "Allocated"),
		}, "", 1, KindBudgetLine, true},
		{"vendor warranty export detected as warranty", [][]sheet.Cell{
			textRow("Service Tag", "Ship Date", "Warranty Start Date", "Warranty End Date", "Service Level Description", "Entitlement"),
		}, "", 0, KindWarranty, true},
		{"vendor master detected as vendor", [][]sheet.Cell{
			textRow("id", "name", "street", "phone", "manufacturer", "vendor", "website"),
		}, "", 0, KindVendor, true},
		{"one key field and text cells", [][]sheet.Cell{
			textRow("Serial Number", "Colour", "Weight"),
			textRow("ABC", "red", "2kg"),
		}, KindDevice, 0, KindDevice, true},
		{"kind given restricts the search", [][]sheet.Cell{
			textRow("Asset Tag", "Serial", "Model"),
		}, KindBudgetLine, -1, "", false},
		{"headerless data", [][]sheet.Cell{
			textRow("007-000100133", "Department of the Army", "Some System", "$66.843", "Major IT", "3", "--"),
			textRow("007-000100134", "Department of the Navy", "Another One", "$1.250", "Non-major IT", "4", "2"),
		}, "", -1, "", false},
		{"nothing", nil, "", -1, "", false},
		{"unknown kind", [][]sheet.Cell{textRow("Asset Tag", "Serial")}, "spaceship", -1, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hm, ok := FindHeader(tt.rows, tt.kind)
			if ok != tt.wantOK || ok && (hm.Row != tt.wantRow || hm.Kind != tt.wantKind) {
				t.Fatalf("FindHeader = row %d kind %q ok %v; want row %d kind %q ok %v", hm.Row, hm.Kind, ok, tt.wantRow, tt.wantKind, tt.wantOK)
			}
			if ok && hm.Mapping.Mapped() == 0 {
				t.Fatal("a found header maps no column")
			}
		})
	}
	t.Run("only the first 30 rows", func(t *testing.T) {
		rows := make([][]sheet.Cell, 40)
		rows[35] = textRow("Asset Tag", "Serial", "Model")
		if _, ok := FindHeader(rows, ""); ok {
			t.Fatal("a header below row 30 was found")
		}
	})
}

func TestLocate(t *testing.T) {
	headerless := [][]sheet.Cell{
		textRow("007-000100133", "Department of the Army", "Some System", "$66.843", "Major IT", "3", "--"),
	}
	t.Run("headerless with positions", func(t *testing.T) {
		hm, err := Locate(headerless, KindBudgetLine, map[string]string{"A": "code", "B": "cost_centre", "C": "name", "4": "allocated"})
		if err != nil || hm.Row != -1 || hm.Mapping.Index("allocated") != 3 || hm.Kind != KindBudgetLine {
			t.Fatalf("Locate = %+v, %v", hm, err)
		}
	})
	t.Run("headerless without a mapping", func(t *testing.T) {
		_, err := Locate(headerless, KindBudgetLine, nil)
		wantErr(t, err, `no header row found in the first 30 rows; expected headers such as "Code", "Name", "Allocated"`)
	})
	t.Run("headerless needs a kind", func(t *testing.T) {
		_, err := Locate(headerless, "", map[string]string{"A": "code"})
		wantErr(t, err, "needs its kind")
	})
	t.Run("header found and explicit applied", func(t *testing.T) {
		rows := [][]sheet.Cell{textRow("Asset Tag", "Serial", "Colour")}
		hm, err := Locate(rows, "", map[string]string{"Colour": "notes"})
		if err != nil || hm.Row != 0 || hm.Mapping.Index("notes") != 2 {
			t.Fatalf("Locate = %+v, %v", hm, err)
		}
	})
	t.Run("a list of people is not taken for vendors", func(t *testing.T) {
		rows := [][]sheet.Cell{textRow("First Name", "Last Name", "Email", "Username", "Location", "Phone",
			"Job Title", "Company", "Website")}
		_, err := Locate(rows, "", nil)
		wantErr(t, err, "row 1 looks like a list of people")
	})
	t.Run("people columns beside a device key are a device sheet", func(t *testing.T) {
		rows := [][]sheet.Cell{textRow("Full Name", "Email", "Username", "Job Title", "Asset Tag", "Serial", "Model name")}
		hm, err := Locate(rows, "", nil)
		if err != nil || hm.Kind != KindDevice {
			t.Fatalf("Locate = %+v, %v", hm, err)
		}
	})
	t.Run("bad explicit mapping is an error", func(t *testing.T) {
		rows := [][]sheet.Cell{textRow("Asset Tag", "Serial", "Colour")}
		_, err := Locate(rows, "", map[string]string{"Colour": "updated_at"})
		wantErr(t, err, "updated_at is set by itreg")
	})
}

func TestDetectKindFromSheetName(t *testing.T) {
	tests := map[string]string{
		"Devices": KindDevice, "Hardware": KindDevice, "Assets": KindDevice, "Inventory": KindDevice,
		"Licences": KindLicence, "Licenses": KindLicence, "Software": KindLicence,
		"Warranties": KindWarranty, "Contracts": KindWarranty, "Support": KindWarranty,
		"Support Contracts": KindWarranty, "Vendors": KindVendor, "Suppliers": KindVendor,
		"Manufacturers": KindVendor, "Budget": KindBudgetLine, "Budget Lines": KindBudgetLine,
		" budget_lines ": KindBudgetLine, "Page 1": "", "Sheet1": "", "": "",
		"Hardware Inventory 2024": KindDevice, "Software Assets": KindLicence,
		"Hardware Support": KindWarranty, "IT Budget FY25": KindBudgetLine, "Chart1": "",
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			if got := DetectKindFromSheetName(name); got != want {
				t.Fatalf("DetectKindFromSheetName(%q) = %q, want %q", name, got, want)
			}
		})
	}
}

// fixturesDir returns the shared fixtures folder, or skips the test when it is absent.
func fixturesDir(t *testing.T) string {
	t.Helper()
	for _, dir := range []string{os.Getenv("ITREG_FIXTURES"), "/work/shared/fixtures", "../../../shared/fixtures"} {
		if dir == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "MANIFEST.md")); err == nil {
			return dir
		}
	}
	t.Skip("fixtures not found: set ITREG_FIXTURES to the shared fixtures folder to run this test")
	return ""
}

// csvHeader reads the first record of a CSV fixture (CR-only line endings and a BOM allowed).
func csvHeader(t *testing.T, path string) []sheet.Cell {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("fixture %s not readable: %v", path, err)
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	line = strings.SplitN(line, "\r", 2)[0]
	line = strings.TrimPrefix(line, "\ufeff")
	rec, err := csv.NewReader(bytes.NewBufferString(line)).Read()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return textRow(rec...)
}

func TestFixtureHeaders(t *testing.T) {
	dir := fixturesDir(t)
	tests := []struct {
		file     string
		kind     string
		fields   []string // fields that must be mapped
		wantKind string   // detected with kind ""
	}{
		{"servicenow-alm-hardware-export/alm_hardware (2).csv", KindDevice,
			[]string{"asset_tag", "category", "assigned_to", "status", "purchase_cost"}, KindDevice},
		{"servicenow-demo-alm-asset/alm_asset.csv", KindDevice,
			[]string{"asset_tag", "serial_number", "model", "category", "status", "purchase_date", "supplier",
				"warranty_end", "order_number", "invoice_number", "purchase_cost", "cost_centre"}, KindDevice},
		{"servicenow-demo-core-company/core_company.csv", KindVendor,
			[]string{"name", "support_phone", "website", "is_manufacturer", "is_supplier", "notes"}, KindVendor},
		{"itdashboard-projects-fy2012/raw-projects.BAK.csv", KindBudgetLine,
			[]string{"code", "name", "allocated", "notes"}, KindBudgetLine},
		{"snipeit-licenses-sample/licenses-sample.csv", KindLicence,
			[]string{"product", "key", "publisher", "start_date", "cost", "order_number", "end_date", "seats", "supplier", "notes"}, KindLicence},
		{"snipeit-assets-sample-BAD/assets-sample-BAD.csv", KindDevice,
			[]string{"assigned_to", "hostname", "category", "model", "manufacturer", "serial_number", "asset_tag",
				"location", "notes", "purchase_date", "purchase_cost", "status", "warranty_months", "supplier"}, KindDevice},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			row := csvHeader(t, filepath.Join(dir, tt.file))
			hm, ok := FindHeader([][]sheet.Cell{row}, "")
			if !ok || hm.Kind != tt.wantKind {
				t.Fatalf("detected kind %q (ok %v), want %q", hm.Kind, ok, tt.wantKind)
			}
			hm, ok = FindHeader([][]sheet.Cell{row}, tt.kind)
			if !ok {
				t.Fatal("no header found")
			}
			for _, f := range tt.fields {
				if hm.Mapping.Index(f) < 0 {
					t.Errorf("%s is not mapped", f)
				}
			}
		})
	}
}
