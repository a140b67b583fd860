package fields

import (
	"reflect"
	"strings"
	"testing"

	"itreg/importers/sheet"
)

func TestParseText(t *testing.T) {
	tests := []struct {
		name   string
		cell   sheet.Cell
		maxLen int
		want   string
		err    string
	}{
		{"trim", str("  Dell  "), 0, "Dell", ""},
		{"nbsp", str("\u00a0Dell\u00a0"), 0, "Dell", ""},
		{"entity", str("AT&amp;T"), 0, "AT&T", ""},
		{"number keeps text", num(1001), 0, "1001", ""},
		{"number without text", sheet.Cell{Kind: sheet.KindNumber, Number: 1001}, 0, "1001", ""},
		{"decimal number", num(12.5), 0, "12.5", ""},
		{"formula text stays text", str("=SUM(A1:A2)"), 0, "=SUM(A1:A2)", ""},
		{"placeholder", str("SN not visible"), 0, "", ""},
		{"placeholder case", str("n/a"), 0, "", ""},
		{"excel error", sheet.Cell{Kind: sheet.KindError, Text: "#N/A"}, 0, "", ""},
		{"bool", sheet.Cell{Kind: sheet.KindBool, Text: "TRUE"}, 0, "TRUE", ""},
		{"date cell", dateCell(45356), 0, "2024-03-05", ""},
		{"newline", str("a\nb"), 0, "", "contains a line break"},
		{"control", str("a\x07b"), 0, "", "control character U+0007"},
		{"too long", str("abcdef"), 5, "", `"abcdef" is 6 characters long; the limit is 5`},
		{"runes not bytes", str("ééééé"), 5, "ééééé", ""},
		{"invalid utf-8", str("Luts\xcc\xa2\xed\xdbk"), 0, "Luts̢\ufffdk", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseText(tt.cell, tt.maxLen)
			wantErr(t, err, tt.err)
			if got != tt.want {
				t.Fatalf("ParseText = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseMultiline(t *testing.T) {
	tests := []struct {
		name, in, want, err string
	}{
		{"newlines kept", "line 1\r\nline 2\n\tindented", "line 1\nline 2\n\tindented", ""},
		{"placeholder kept", "Unknown", "Unknown", ""},
		{"control rejected", "a\x00b", "", "U+0000"},
		{"entity", "R&amp;D", "R&D", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMultiline(str(tt.in), 100)
			wantErr(t, err, tt.err)
			if got != tt.want {
				t.Fatalf("ParseMultiline = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIsPlaceholder(t *testing.T) {
	yes := []string{"", " ", "N/A", "n/a", "NA", "#N/A", "NULL", "null", "None", "-", "--", "—", "Not Set",
		"Not Applicable", "Unknown", "TBD", "?", "No tag", "Need to Confirm", "not checked", "SN not visible",
		"  not   checked ", "\u00a0N/A", "8a8d53de37400100fceabfc8bcbe5d1e"}
	no := []string{"0", "No", "Dell", "N/A 2", "unknown model", "none left", "x",
		"8A8D53DE37400100FCEABFC8BCBE5D1E", "8a8d53de37400100fceabfc8bcbe5d1", "8a8d53de-3740-0100-fcea-bfc8bcbe5d1e"}
	for _, s := range yes {
		t.Run("yes "+s, func(t *testing.T) {
			if !IsPlaceholder(s) {
				t.Fatalf("IsPlaceholder(%q) = false", s)
			}
		})
	}
	for _, s := range no {
		t.Run("no "+s, func(t *testing.T) {
			if IsPlaceholder(s) {
				t.Fatalf("IsPlaceholder(%q) = true", s)
			}
		})
	}
}

// TestAsciiPlaceholder checks the allocation-free ASCII test against the general one.
func TestAsciiPlaceholder(t *testing.T) {
	inputs := []string{"", " ", "\t\r\n", "N/A", " n/a ", "NoT   SeT", "not\tset", "Not\r\nApplicable",
		"need to confirm", "  Need  To  Confirm  ", "sn not visible", "SN NOT VISIBLE x", "Dell", "x y",
		"not applicable but longer than any placeholder at all", "a b c d e f g h i j k l m n o p q r s",
		"abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz0123456", "?", "??", "-", " - - "}
	for _, s := range inputs {
		t.Run(s, func(t *testing.T) {
			if got, want := asciiPlaceholder(s), placeholderKey(s); got != want {
				t.Fatalf("asciiPlaceholder(%q) = %v, placeholderKey = %v", s, got, want)
			}
		})
	}
}

func TestIsBlank(t *testing.T) {
	tests := []struct {
		name string
		cell sheet.Cell
		want bool
	}{
		{"empty", sheet.Cell{}, true}, {"error", sheet.Cell{Kind: sheet.KindError, Text: "#REF!"}, true},
		{"placeholder", str("NULL"), true}, {"text", str("x"), false}, {"zero", num(0), false},
		{"false", sheet.Cell{Kind: sheet.KindBool, Text: "FALSE"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsBlank(tt.cell); got != tt.want {
				t.Fatalf("IsBlank = %v", got)
			}
		})
	}
}

func TestSplitList(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"commas", "A1, A2,A3", []string{"A1", "A2", "A3"}},
		{"semicolons and newlines", "SN1; SN2\nSN3\r\nSN4", []string{"SN1", "SN2", "SN3", "SN4"}},
		{"slashes", "manufacturer / supplier", []string{"manufacturer", "supplier"}},
		{"empties and placeholders dropped", "A1,, N/A ,;A2", []string{"A1", "A2"}},
		{"repeats kept once", "A1, a1, A2", []string{"A1", "A2"}},
		{"nbsp", "A1,\u00a0A2", []string{"A1", "A2"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SplitList(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("SplitList(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLooksLikeExcelScientific(t *testing.T) {
	tests := map[string]bool{
		"6.37702E+15": true, "5.02E+18": true, "1E+12": true, "1.25E+2": false, "3.50E-05": false,
		"1001": false, "E+5": false, "abcE+5": false, "1.5e": false, strings.Repeat("9", 20): false,
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			if got := LooksLikeExcelScientific(in); got != want {
				t.Fatalf("LooksLikeExcelScientific(%q) = %v", in, got)
			}
		})
	}
}

func TestSeveralIdentifiers(t *testing.T) {
	cases := map[string]int{
		"C02XG0HYJG5J":                 0,
		"C02XG0HYJG5J, C02XG0HYJG5K":   2,
		"5CG1234XYZ;5CG1234XZZ;5CG12A": 3,
		"SN-1\nSN-2":                   2,
		"C02XG0/A":                     0,
		"see label, back of unit":      0,
		"A1,":                          0,
	}
	for in, want := range cases {
		if got := SeveralIdentifiers(in); len(got) != want {
			t.Errorf("SeveralIdentifiers(%q) = %q, want %d parts", in, got, want)
		}
	}
}

func TestLooksLikeNote(t *testing.T) {
	cases := map[string]bool{
		"C02XG0HYJG5J":               false,
		"CN 0J 123 45":               false,
		"see label on back":          true,
		"Serial not available":       true,
		"no tag yet":                 true,
		"Missing":                    false, // one word: a placeholder or an odd tag, not a remark
		"Unreadable (water damage).": true,
	}
	for in, want := range cases {
		if got := LooksLikeNote(in); got != want {
			t.Errorf("LooksLikeNote(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestIsUnlimited(t *testing.T) {
	for text, want := range map[string]bool{"Unlimited": true, " unlimited ": true, "Site Licence": true, "∞": true, "10": false, "unlimited-ish": false} {
		if got := IsUnlimited(str(text)); got != want {
			t.Errorf("IsUnlimited(%q) = %v, want %v", text, got, want)
		}
	}
}
