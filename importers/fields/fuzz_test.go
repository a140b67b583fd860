package fields

import (
	"strings"
	"testing"

	"itreg/importers/sheet"
)

// FuzzParsers feeds the same text to every parser, header normaliser and mapper: none may panic.
func FuzzParsers(f *testing.F) {
	for _, s := range []string{"Asset Tag,Serial (GBP),Cost ($ M),in", "6.37702E+15", "✓", "N/A", "&amp;", "(",
		"Notebook", "1", "管理番号", "\x00", "A,B,,C;D/E"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := str(s)
		_, _ = ParseInt(c)
		_, _ = ParseBool(c)
		_, _ = ParseText(c, 10)
		_, _ = ParseMultiline(c, 10)
		_, _ = ParseCurrency(c)
		_, _ = ParseFiscalYear(c)
		_, _ = ParseRoles(c)
		for _, k := range Kinds {
			for _, fd := range Fields(k) {
				if fd.Type == Enum {
					_, _ = ParseEnum(c, fd)
				}
			}
		}
		_ = SplitList(s)
		_ = LooksLikeExcelScientific(s)
		_ = DetectKindFromSheetName(s)
		header := strings.Split(s, ",")
		_ = Map(header, KindDevice, map[string]string{s: "notes"})
		_ = Map(header, KindVendor, map[string]string{"Z": "name", "2": s})
		row := textRow(header...)
		_, _ = FindHeader([][]sheet.Cell{row, row}, "")
		_, _ = Locate([][]sheet.Cell{row}, KindVendor, map[string]string{"A": s})
	})
}
