package fields

import (
	"html"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"itreg/models"
)

// Unit is the unit a header declares for its column's values, such as "($ M)" or "(GBP)".
// The zero value means no unit: plain amounts in the row's currency.
type Unit struct {
	// Currency is the ISO 4217 code the header names ("$" is reported as USD), or "".
	Currency string
	// Multiplier scales every value of the column (1,000,000 for "M"); 0 means 1.
	Multiplier int64
	// Symbol is the bare symbol the header wrote when it names more than one currency ("$"
	// or "¥"); ParseMoney then reads it like a symbol in a cell, so "($)" is AUD for an
	// organisation whose default currency is AUD.
	Symbol string
	// DateOrder is the order a date column's header spells out ("Purchase Date (MM/DD/YYYY)"),
	// or DateOrderUnset.
	DateOrder DateOrder
}

// Scale returns the multiplier, treating the zero value as 1.
func (u Unit) Scale() int64 {
	if u.Multiplier <= 0 {
		return 1
	}
	return u.Multiplier
}

// foldSpace replaces NBSP and other Unicode spaces with a plain space, folds full-width
// characters to their ASCII forms and drops zero-width characters and byte-order marks.
func foldSpace(s string) string {
	if plainASCII(s) {
		return s // nothing to fold: the common case, and the import's hot path
	}
	s = width.Fold.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
			continue
		case r != '\n' && r != '\r' && r != '\t' && unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// plainASCII reports whether s holds only printable ASCII, tabs and line breaks, which
// foldSpace leaves as they are.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 || c > 0x7e) && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// spellings folds British and US spellings and the many ways of writing "number".
var spellings = map[string]string{
	"licence": "license", "licences": "licenses", "licenced": "licensed",
	"centre": "center", "centres": "centers",
	"catalogue": "catalog", "organisation": "organization",
	"number": "no", "num": "no", "nr": "no", "nbr": "no", "#": "no",
}

// trailingCode splits "Purchase Cost, USD" into the header and a capitalised ISO code.
var trailingCode = regexp.MustCompile(`^(.*?[^\s,\-–/])[\s,\-–/]+([A-Z]{3})\s*$`)

// headerCodes are the currency codes a trailing header word may be: the common ones, none of
// which is also an English word (ALL, TOP, CUP, MAD and TRY are currencies too).
var headerCodes = map[string]bool{
	"USD": true, "EUR": true, "GBP": true, "JPY": true, "CHF": true, "CAD": true, "AUD": true, "NZD": true,
	"SEK": true, "NOK": true, "DKK": true, "PLN": true, "CZK": true, "HUF": true, "INR": true, "CNY": true,
	"HKD": true, "SGD": true, "ZAR": true, "BRL": true, "MXN": true, "KRW": true, "ILS": true, "AED": true,
}

// NormalizeHeader reduces a header to the key used for matching and reports the unit it
// declares. Case, spacing, punctuation, full-width forms, NBSP, HTML entities, British or US
// spelling and parenthesised text are ignored, and "#", "No." and "Number" are one word:
// "Serial No.", "Serial #" and "serial_number" all give "serialno"; "Cost ($ M)" gives
// "cost" with the unit USD x 1,000,000; "Cost in GBP" and "Cost, GBP" give "cost" with the
// unit GBP.
func NormalizeHeader(h string) (key string, unit Unit) {
	h = foldSpace(html.UnescapeString(h))
	// Parenthesised or bracketed text is dropped from the key; a unit inside is kept.
	var kept strings.Builder
	for {
		i := strings.IndexAny(h, "([")
		if i < 0 {
			kept.WriteString(h)
			break
		}
		closer := ")"
		if h[i] == '[' {
			closer = "]"
		}
		j := strings.Index(h[i:], closer)
		if j < 0 {
			kept.WriteString(h[:i])
			break
		}
		if u, ok := parseUnit(h[i+1 : i+j]); ok && unit == (Unit{}) {
			unit = u
		} else if o, ok := dateHint(h[i+1 : i+j]); ok {
			unit.DateOrder = o
		}
		kept.WriteString(h[:i])
		kept.WriteByte(' ')
		h = h[i+j+1:]
	}
	rest := kept.String()
	// A trailing ISO code in capitals ("Purchase Cost, USD", "Price - EUR", "Cost GBP") is a
	// unit; capitals only, so that a word such as "top" or "all" is never taken for one.
	if m := trailingCode.FindStringSubmatch(rest); m != nil && unit == (Unit{}) && headerCodes[m[2]] {
		unit, rest = Unit{Currency: m[2]}, m[1]
		if i := len(rest) - 3; i > 0 && strings.EqualFold(rest[i:], " in") {
			rest = rest[:i] // "Cost in GBP"
		}
	}
	words := headerWords(rest)
	// A trailing currency symbol ("Price $", "Cost £") is a unit too.
	if n := len(words); n >= 2 && unit == (Unit{}) {
		if u, ok := parseUnit(words[n-1]); ok && u.Multiplier == 0 && words[n-1] != strings.ToLower(u.Currency) {
			unit, words = u, words[:n-1]
		}
	}
	// A trailing "in GBP" or "in $M" is a unit too.
	if n := len(words); n >= 3 && words[n-2] == "in" {
		if u, ok := parseUnit(words[n-1]); ok {
			if unit == (Unit{}) {
				unit = u
			}
			words = words[:n-2]
		}
	}
	var b strings.Builder
	for _, w := range words {
		if f, ok := spellings[w]; ok {
			w = f
		} else if len(w) > 2 && strings.HasPrefix(w, "fy") && isDigits(w[2:]) {
			w = "fy" // "Total FY2021 Spending" matches "Total FY Spending".
		}
		b.WriteString(w)
	}
	return b.String(), unit
}

// normKey is NormalizeHeader without the unit, for enum values and explicit mappings.
func normKey(s string) string {
	k, _ := NormalizeHeader(s)
	return k
}

// headerWords splits a header into lower-case words at punctuation, spaces and camelCase
// boundaries; "#" and currency symbols are words of their own.
func headerWords(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			// Split "SerialNumber" but not "SKU" or "iPhone"-like runs of capitals.
			if unicode.IsUpper(r) && len(cur) > 0 && unicode.IsLower(cur[len(cur)-1]) && len(cur) > 1 {
				flush()
			}
			cur = append(cur, r)
		case r == '#' || r == '$' || r == '£' || r == '€' || r == '¥' || r == '%':
			flush()
			words = append(words, string(r))
		default:
			flush()
		}
	}
	flush()
	return words
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// multipliers are the scale words a header unit may carry.
var multipliers = map[string]int64{
	"k": 1_000, "thousand": 1_000, "thousands": 1_000, "000": 1_000, "000s": 1_000, "'000": 1_000, "'000s": 1_000,
	"m": 1_000_000, "mn": 1_000_000, "mm": 1_000_000, "mio": 1_000_000, "million": 1_000_000, "millions": 1_000_000,
	"bn": 1_000_000_000, "billion": 1_000_000_000, "billions": 1_000_000_000,
}

// headerSymbols maps currency symbols in header units to ISO codes.
var headerSymbols = map[string]string{
	"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "a$": "AUD", "c$": "CAD",
	"nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL", "₹": "INR", "chf": "CHF",
}

// parseUnit reads a unit such as "$ M", "$M", "GBP", "in GBP", "£k", "USD millions" or
// "000s". Anything else (a percentage, "in days", "B1") is not a unit.
func parseUnit(s string) (Unit, bool) {
	s = strings.ToLower(strings.TrimSpace(foldSpace(s)))
	s = strings.TrimPrefix(s, "in ")
	s = strings.ReplaceAll(s, " ", "")
	var u Unit
	// A currency first (symbol or code), then a multiplier; or a multiplier then a code.
	best := ""
	for sym := range headerSymbols {
		if strings.HasPrefix(s, sym) && len(sym) > len(best) {
			best = sym
		}
	}
	rest := s
	if best != "" {
		u.Currency, rest = headerSymbols[best], s[len(best):]
		if best == "$" || best == "¥" {
			u.Symbol = best
		}
	} else if len(s) >= 3 && models.ValidCurrency(strings.ToUpper(s[:3])) {
		u.Currency, rest = strings.ToUpper(s[:3]), s[3:]
	}
	if rest != "" {
		m, ok := multipliers[rest]
		if !ok && len(rest) > 3 && models.ValidCurrency(strings.ToUpper(rest[len(rest)-3:])) && u.Currency == "" {
			m, ok = multipliers[rest[:len(rest)-3]]
			u.Currency = strings.ToUpper(rest[len(rest)-3:])
		}
		if !ok {
			return Unit{}, false
		}
		u.Multiplier = m
	}
	if u == (Unit{}) {
		return Unit{}, false
	}
	return u, true
}

// datePattern reads a date layout written in a header: "MM/DD/YYYY", "dd.mm.yy", "YYYY-MM-DD".
var datePattern = regexp.MustCompile(`(?i)^\s*([dmy]{1,4})[/.\-]([dmy]{1,4})[/.\-]([dmy]{1,4})\s*$`)

// dateHint returns the date order a header's bracketed layout spells out.
func dateHint(s string) (DateOrder, bool) {
	m := datePattern.FindStringSubmatch(s)
	if m == nil {
		return DateOrderUnset, false
	}
	first := strings.ToLower(m[1][:1]) + strings.ToLower(m[2][:1]) + strings.ToLower(m[3][:1])
	switch first {
	case "dmy":
		return DMY, true
	case "mdy":
		return MDY, true
	case "ymd":
		return YMD, true
	}
	return DateOrderUnset, false
}
