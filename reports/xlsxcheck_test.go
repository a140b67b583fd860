package reports

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// cellWant is one cell an XLSX test expects: the value stored, and when given the text Excel
// shows and the cell's number format.
type cellWant struct{ ref, raw, shown, format string }

// checkCells reads each expected cell back from the workbook, as a subtest named by its ref.
func checkCells(t *testing.T, f *excelize.File, sheet string, wants []cellWant) {
	t.Helper()
	raw := excelize.Options{RawCellValue: true}
	for _, tc := range wants {
		t.Run(tc.ref, func(t *testing.T) {
			got, err := f.GetCellValue(sheet, tc.ref, raw)
			if err != nil || got != tc.raw {
				t.Errorf("raw value = %q, %v; want %q", got, err, tc.raw)
			}
			if tc.shown != "" {
				if got, _ := f.GetCellValue(sheet, tc.ref); got != tc.shown {
					t.Errorf("formatted value = %q, want %q", got, tc.shown)
				}
			}
			if tc.format != "" {
				if got := numFmt(t, f, sheet, tc.ref); got != tc.format {
					t.Errorf("number format = %q, want %q", got, tc.format)
				}
			}
		})
	}
}
