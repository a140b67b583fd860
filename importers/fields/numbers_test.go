package fields

import (
	"strings"
	"testing"

	"itreg/importers/sheet"
)

func TestParseInt(t *testing.T) {
	tests := []struct {
		name string
		cell sheet.Cell
		want int64
		err  string
	}{
		{"number", num(36), 36, ""},
		{"text", str("36"), 36, ""},
		{"thousands comma", str("1,200"), 1200, ""},
		{"thousands space", str("1 200"), 1200, ""},
		{"zero fraction", str("12.0"), 12, ""},
		{"zero fraction number", num(12.0), 12, ""},
		{"negative", str("-3"), -3, ""},
		{"plus", str("+3"), 3, ""},
		{"fraction", str("12.5"), 0, `"12.5" is not a whole number`},
		{"fraction number", num(12.5), 0, "is not a whole number"},
		{"decimal comma", str("1,5"), 0, "is not a whole number"},
		{"excel scientific", str("6.37702E+15"), 0,
			`"6.37702E+15" looks like a number Excel turned into scientific notation; format the column as text and export again`},
		{"excel scientific short", str("5.02E+18"), 0, "scientific notation"},
		{"exact scientific", str("1.25E+2"), 125, ""},
		{"too large", str("99999999999999999"), 0, "too large"},
		{"too large number", num(1e300), 0, "too large"},
		{"words", str("twelve"), 0, "is not a whole number"},
		{"too long", str(strings.Repeat("1", 101)), 0, "it is too long"},
		{"inf", str("Inf"), 0, "is not a whole number"},
		{"hex", str("0x10"), 0, "is not a whole number"},
		{"blank", sheet.Cell{}, 0, ""},
		{"placeholder", str("--"), 0, ""},
		{"bool", sheet.Cell{Kind: sheet.KindBool, Text: "TRUE"}, 0, "yes/no"},
		{"date", dateCell(45356), 0, "is a date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseInt(tt.cell)
			wantErr(t, err, tt.err)
			if got != tt.want {
				t.Fatalf("ParseInt = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestParseNonNegativeInt(t *testing.T) {
	if _, err := ParseNonNegativeInt(str("-2"), "seats"); err == nil || err.Error() != "-2: seats cannot be negative" {
		t.Fatalf("err = %v", err)
	}
	if n, err := ParseNonNegativeInt(str("2"), "seats"); n != 2 || err != nil {
		t.Fatalf("got %d, %v", n, err)
	}
}

func TestParseFiscalYear(t *testing.T) {
	tests := []struct {
		name string
		cell sheet.Cell
		want int
		err  string
	}{
		{"number", num(2025), 2025, ""}, {"text", str("2025"), 2025, ""}, {"FY", str("FY2025"), 2025, ""},
		{"FY spaced", str("fy 2025"), 2025, ""}, {"FY short", str("FY25"), 2025, ""},
		{"two digits alone", str("25"), 0, "is not a fiscal year"}, {"range", str("2024/25"), 0, "is not a fiscal year"},
		{"out of range", str("1066"), 0, "between 1900 and 2199"}, {"blank", sheet.Cell{}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFiscalYear(tt.cell)
			wantErr(t, err, tt.err)
			if got != tt.want {
				t.Fatalf("ParseFiscalYear = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestParseBool(t *testing.T) {
	tests := []struct {
		name string
		cell sheet.Cell
		want bool
		err  string
	}{
		{"true", str("true"), true, ""}, {"TRUE", str("TRUE"), true, ""}, {"false", str("false"), false, ""},
		{"FALSE", str("FALSE"), false, ""}, {"yes", str("yes"), true, ""}, {"Yes", str("Yes"), true, ""},
		{"YES", str("YES"), true, ""}, {"no", str("no"), false, ""}, {"Y", str("Y"), true, ""},
		{"N", str("n"), false, ""}, {"1", str("1"), true, ""}, {"0", str("0"), false, ""},
		{"on", str("On"), true, ""}, {"off", str("OFF"), false, ""}, {"x", str("x"), true, ""},
		{"tick", str("✓"), true, ""}, {"excel bool", sheet.Cell{Kind: sheet.KindBool, Text: "TRUE"}, true, ""},
		{"excel bool false", sheet.Cell{Kind: sheet.KindBool, Text: "FALSE"}, false, ""},
		{"number 1", num(1), true, ""}, {"number 0", num(0), false, ""},
		{"number 2", num(2), false, `"2" is not yes or no`}, {"blank", sheet.Cell{}, false, ""},
		{"placeholder", str("N/A"), false, ""}, {"padded", str(" yes\u00a0"), true, ""},
		{"maybe", str("maybe"), false, `"maybe" is not yes or no; use yes/no, true/false, y/n, 1/0, on/off, or x or ✓ for yes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseBool(tt.cell)
			wantErr(t, err, tt.err)
			if got != tt.want {
				t.Fatalf("ParseBool = %v, want %v", got, tt.want)
			}
		})
	}
}
