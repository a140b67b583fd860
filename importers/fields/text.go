package fields

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"itreg/importers/sheet"
)

// placeholders are the tokens read as "no value", compared after trimming, lower-casing and
// collapsing spaces. The list is deliberately short and documented: a token is only added
// when real files use it for "nothing here".
var placeholders = map[string]bool{
	"": true, "n/a": true, "na": true, "#n/a": true, "n.a.": true, "null": true, "none": true,
	"-": true, "--": true, "---": true, "—": true, "–": true, "not set": true,
	"not applicable": true, "unknown": true, "tbd": true, "?": true, "no tag": true,
	"need to confirm": true, "not checked": true, "sn not visible": true,
}

// IsPlaceholder reports whether s is a null token read as an empty cell: "", "N/A", "n/a",
// "NA", "#N/A", "N.A.", "NULL", "None", "-", "--", "---", "—", "–", "Not Set",
// "Not Applicable", "Unknown", "TBD", "?", "No tag", "Need to Confirm", "not checked" and
// "SN not visible", in any case and with any spacing.
//
// A ServiceNow sys_id (32 lower-case hex digits) is an unresolved reference left by a raw
// table dump, not a value a person wrote: it reads as blank too, so it never becomes a vendor
// named "8a8d53de37400100fceabfc8bcbe5d1e".
func IsPlaceholder(s string) bool {
	if plainASCII(s) {
		return asciiPlaceholder(s) || isSysID(strings.TrimSpace(s))
	}
	return placeholderKey(s) || isSysID(strings.TrimSpace(s))
}

// placeholderKey is the general form of the placeholder test: fold, collapse spaces, lower.
func placeholderKey(s string) bool {
	return placeholders[strings.ToLower(strings.Join(strings.Fields(foldSpace(s)), " "))]
}

// asciiPlaceholder is placeholderKey for plain ASCII text (which foldSpace leaves alone),
// without allocating: the import calls it for every text cell. The words are collapsed and
// lower-cased into a buffer longer than any placeholder; text that overflows it is none.
func asciiPlaceholder(s string) bool {
	var buf [32]byte
	n, space := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			space = n > 0
			continue
		}
		if space {
			if n == len(buf) {
				return false
			}
			buf[n], n, space = ' ', n+1, false
		}
		if n == len(buf) {
			return false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n], n = c, n+1
	}
	if n > 0 && (!placeholderShape.first[buf[0]] || !placeholderShape.length[n]) {
		return false // cheaper than the map for the many short values that are not placeholders
	}
	return placeholders[string(buf[:n])]
}

// placeholderShape holds the first bytes and lengths of the placeholders (all under 32 bytes).
var placeholderShape = func() (sh struct {
	first  [256]bool
	length [33]bool
}) {
	for k := range placeholders {
		if k != "" {
			sh.first[k[0]], sh.length[len(k)] = true, true
		}
	}
	return sh
}()

func isSysID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// IsBlank reports whether a cell holds no value: empty, only spaces, a placeholder token or
// an Excel error such as #N/A. Every parser returns its zero value and no error for a blank
// cell, so callers check IsBlank to tell "not given" from false or 0.
func IsBlank(c sheet.Cell) bool {
	switch c.Kind {
	case sheet.KindEmpty, sheet.KindError:
		return true
	case sheet.KindString:
		return IsPlaceholder(c.Text)
	}
	return false
}

// cellText returns the text of a cell as a person reads it: a number keeps its shortest
// decimal form (asset tag 1001 stays "1001", never "1001.0"), a date cell becomes its ISO
// date, a boolean "TRUE" or "FALSE".
func cellText(c sheet.Cell) string {
	switch c.Kind {
	case sheet.KindNumber:
		if c.Text != "" && !strings.ContainsAny(c.Text, "eE") {
			return c.Text
		}
		return strconv.FormatFloat(c.Number, 'f', -1, 64)
	case sheet.KindDate:
		if d, err := serialDate(c.Number); err == nil {
			return d.String()
		}
		if c.Text != "" {
			return c.Text
		}
		return strconv.FormatFloat(c.Number, 'f', -1, 64)
	case sheet.KindError, sheet.KindEmpty:
		return ""
	}
	return c.Text
}

// trimText trims spaces, NBSP and zero-width characters from both ends.
func trimText(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u200c' || r == '\u200d'
	})
}

// ParseText reads a single-line text value: it trims spaces and NBSP, decodes HTML entities
// ("&amp;" becomes "&"), reads placeholders as "", keeps numbers as written ("1001") and
// rejects control characters (line breaks included) and values longer than maxLen runes
// (0 for no limit). A value starting with "=" is plain text, never a formula.
func ParseText(c sheet.Cell, maxLen int) (string, error) {
	return parseText(c, maxLen, false)
}

// ParseMultiline reads free text such as notes: like ParseText, but line breaks and tabs are
// kept (CRLF becomes LF) and placeholder words are kept as written.
func ParseMultiline(c sheet.Cell, maxLen int) (string, error) {
	return parseText(c, maxLen, true)
}

func parseText(c sheet.Cell, maxLen int, multiline bool) (string, error) {
	s := cellText(c)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\ufffd")
	}
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	if multiline {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	s = trimText(s)
	if !multiline && IsPlaceholder(s) {
		return "", nil
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\t') {
			continue
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			if r == '\n' || r == '\r' {
				return "", fmt.Errorf("%q contains a line break; put it on one line", shorten(s))
			}
			return "", fmt.Errorf("%q contains the control character U+%04X; remove it", shorten(s), r)
		}
	}
	if n := utf8.RuneCountInString(s); maxLen > 0 && n > maxLen {
		return "", fmt.Errorf("%q is %d characters long; the limit is %d", shorten(s), n, maxLen)
	}
	return s, nil
}

// shorten cuts long values for error messages.
func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	r := []rune(s)
	return string(r[:57]) + "..."
}

// SplitList splits a cell holding several values, such as the devices a contract covers,
// vendor roles or several serial numbers: the separators are ",", ";", "/", "|" and line
// breaks. Items are trimmed; empty items and placeholders are dropped; repeats (compared
// case-insensitively) are kept once, in their first position.
func SplitList(s string) []string {
	s = foldSpace(s)
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	// "/" splits too, but not inside a placeholder such as "N/A".
	var parts []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '|' || r == '\n' || r == '\r'
	}) {
		if IsPlaceholder(p) {
			continue
		}
		parts = append(parts, strings.Split(p, "/")...)
	}
	var out []string
	seen := map[string]bool{}
	for _, p := range parts {
		p = trimText(p)
		if IsPlaceholder(p) || seen[strings.ToLower(p)] {
			continue
		}
		seen[strings.ToLower(p)] = true
		out = append(out, p)
	}
	return out
}

// LooksLikeExcelScientific reports whether a text such as "6.37702E+15" is a long number
// that Excel displayed in scientific notation and exported that way, losing digits: a
// serial or model number in this shape cannot be recovered from the file.
func LooksLikeExcelScientific(s string) bool {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, "eE")
	if i <= 0 || i == len(s)-1 {
		return false
	}
	mant, exp := s[:i], s[i+1:]
	exp = strings.TrimPrefix(exp, "+")
	e, err := strconv.Atoi(exp)
	if err != nil || e <= 0 {
		return false
	}
	mant = strings.TrimPrefix(mant, "-")
	whole, frac, _ := strings.Cut(mant, ".")
	if !isDigits(whole) || (frac != "" && !isDigits(frac)) {
		return false
	}
	// The value has len(whole)+e integer digits but only len(whole)+len(frac) were written.
	return len(frac) < e
}

// SeveralIdentifiers returns the identifiers a cell lists when it holds more than one
// ("C02X1, C02X2" or one per line in an asset tag or serial number cell: several devices in
// one row), else nil. Only commas, semicolons and line breaks separate: a "/" or "-" is part of
// many serial numbers, and a part with spaces is text, not a list of identifiers.
func SeveralIdentifiers(s string) []string {
	if !strings.ContainsAny(s, ",;\n\r") {
		return nil // the common case, without allocating
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' })
	if len(parts) < 2 {
		return nil
	}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || strings.ContainsAny(p, " \t") {
			return nil
		}
		parts[i] = p
	}
	return parts
}

// noteWords mark a sentence written where an identifier belongs ("see label on back",
// "Serial not available", "no tag yet").
var noteWords = map[string]bool{
	"not": true, "no": true, "see": true, "unknown": true, "missing": true, "available": true,
	"visible": true, "label": true, "sticker": true, "pending": true, "tbc": true, "tba": true,
	"none": true, "unreadable": true, "illegible": true, "check": true, "ask": true,
}

// LooksLikeNote reports an identifier cell holding a remark rather than an identifier: several
// words, one of them a word such as "not", "see" or "missing". Serial numbers with spaces
// ("CN 0J 123") are not remarks.
func LooksLikeNote(s string) bool {
	if !strings.ContainsAny(s, " \t\u00a0") {
		return false // one word: the common case, without allocating
	}
	words := strings.Fields(strings.ToLower(s))
	if len(words) < 2 {
		return false
	}
	for _, w := range words {
		if noteWords[strings.Trim(w, ".,;:!?()")] {
			return true
		}
	}
	return false
}

// unlimitedWords mean "no limit" in a seats column.
var unlimitedWords = map[string]bool{
	"unlimited": true, "unltd": true, "unlimited seats": true, "no limit": true, "∞": true,
	"site": true, "site licence": true, "site license": true, "site-wide": true, "enterprise": true,
}

// IsUnlimited reports a seats cell that says the licence has no seat limit ("Unlimited",
// "Site licence", "∞"): an empty seat count in itreg.
func IsUnlimited(c sheet.Cell) bool {
	return c.Kind == sheet.KindString && unlimitedWords[strings.ToLower(strings.Join(strings.Fields(foldSpace(c.Text)), " "))]
}
