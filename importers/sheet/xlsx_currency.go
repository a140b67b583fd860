package sheet

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// formatCurrency returns the currency a number format shows, as written in it: a symbol
// ("$", "£", "€", "R") or an ISO code ("JPY"), from a locale tag ("[$€-407]", "[$USD]"), a
// quoted literal ("R"#,##0, #,##0 "JPY") or a bare symbol ($#,##0.00); "" when the format shows
// none. Only the first section (positive numbers) counts. The importer reads it like a symbol
// typed next to the amount, so a "$" column is not taken for the default currency.
func formatCurrency(code string) string {
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case ';':
			return ""
		case '\\', '_', '*':
			i++ // an escaped character, a space width or a fill
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return ""
			}
			inner := code[i+1 : i+j]
			if sym, ok := strings.CutPrefix(inner, "$"); ok {
				sym, _, _ = strings.Cut(sym, "-")
				if looksLikeCurrency(sym) {
					return sym
				}
			}
			i += j
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return ""
			}
			if lit := strings.TrimSpace(code[i+1 : i+1+j]); looksLikeCurrency(lit) {
				return lit
			}
			i += j + 1
		case '$':
			return "$"
		default:
			if c >= utf8.RuneSelf {
				r, size := utf8.DecodeRuneInString(code[i:])
				if unicode.Is(unicode.Sc, r) { // £ € ¥ ₹ ...
					return string(r)
				}
				i += size - 1
			}
		}
	}
	return ""
}

// looksLikeCurrency accepts a short symbol or code without digits or spaces ("R", "kr.",
// "CHF", "R$", "€"); the importer decides what it means.
func looksLikeCurrency(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= 1 && n <= 4 && strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsSpace(r) || r == '#' || r == '0' || r == '.' && n == 1
	}) < 0
}
