package sheet

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"itreg/importers/sheet/sheettest"
)

// TestDevicesGenerators checks that the sheettest workbook and CSV hold the same rows, that
// the workbook's dates are date cells and that excelize reads the workbook too.
func TestDevicesGenerators(t *testing.T) {
	dir := t.TempDir()
	x, c := filepath.Join(dir, "d.xlsx"), filepath.Join(dir, "d.csv")
	if err := sheettest.WriteDevicesXLSX(x, 300); err != nil {
		t.Fatal(err)
	}
	if err := sheettest.WriteDevicesCSV(c, 300); err != nil {
		t.Fatal(err)
	}
	read := func(p string) []Row {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, rows, err := readBytes(filepath.Base(p), data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	xr, cr := read(x), read(c)
	if len(xr) != 301 || len(cr) != 301 {
		t.Fatalf("rows: xlsx %d csv %d, want 301", len(xr), len(cr))
	}
	for i := range xr {
		if len(xr[i].Cells) != len(cr[i].Cells) {
			t.Fatalf("row %d: %d cells in xlsx, %d in csv", i+1, len(xr[i].Cells), len(cr[i].Cells))
		}
		for j, xc := range xr[i].Cells {
			cc := cr[i].Cells[j]
			want := cc.Text
			if i > 0 && j == sheettest.ColPurchaseCost && xc.Kind == KindNumber {
				want = numberText([]byte(cc.Text), xc.Number) // "12.50" in the CSV is the number 12.5
			}
			if xc.Text != want {
				t.Fatalf("row %d col %d: xlsx %+v, csv %q", i+1, j, xc, cc.Text)
			}
			if i > 0 && (j == sheettest.ColPurchaseDate || j == sheettest.ColEOLDate) && xc.Kind != KindDate {
				t.Fatalf("row %d col %d: %+v is not a date", i+1, j, xc)
			}
		}
	}
	f, err := excelize.OpenFile(x)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, err := f.GetCellValue("Devices", "A301"); err != nil || v != "IT-000300" {
		t.Errorf("excelize A301 = %q, %v", v, err)
	}
}
