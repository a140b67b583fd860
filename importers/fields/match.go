package fields

import (
	"regexp"
	"strings"
)

// compoundSplit splits a header made of two headers: "Serial No / Service Tag", "Asset Tag|Serial",
// "Owner or User". A slash between two letters ("S/N", "I/O") does not split.
var compoundSplit = regexp.MustCompile(`\s+/\s*|\s*/\s+|\s*[|;]\s*|\s+or\s+|\s*&\s*|(?:[^\s/]{3,})/(?:[^\s/]{3,})`)

// headerField finds the field a header names: its own name or canonical header (RankExact), a
// synonym (RankSynonym), or the first part of a compound header that names a field
// (RankCompound). key is the header normalised. It returns "" when no field is named.
func headerField(kind, header, key string) (field, source string, rank int, reason string) {
	if key == "" {
		return "", "", 0, ""
	}
	idx := synonymIndex(kind)
	if f, ok := idx[key]; ok {
		fd, _ := FieldByName(kind, f)
		if key == normKey(fd.Name) || key == normKey(fd.Header) {
			return f, SourceSynonym, RankExact, "the name of " + words(f)
		}
		return f, SourceSynonym, RankSynonym, "synonym of " + words(f)
	}
	parts := compoundParts(header)
	if len(parts) < 2 {
		return "", "", 0, ""
	}
	for _, part := range parts {
		if f, ok := idx[normKey(part)]; ok {
			return f, SourceCompound, RankCompound, "compound header: its first part naming a field, \"" + part + "\", means " + words(f)
		}
	}
	return "", "", 0, ""
}

// compoundParts splits a compound header into its parts; a header that is one name gives one part.
func compoundParts(header string) []string {
	h := strings.TrimSpace(header)
	var parts []string
	for _, seg := range splitKeepingShortSlashes(h) {
		if s := strings.TrimSpace(seg); s != "" {
			parts = append(parts, s)
		}
	}
	return parts
}

// splitKeepingShortSlashes splits at " / ", "|", ";", " or " and "&", and at a slash joining two words
// of three letters or more ("Asset Tag/Serial"), but not inside "S/N" or "I/O".
func splitKeepingShortSlashes(h string) []string {
	var out []string
	rest := h
	for {
		loc := compoundSplit.FindStringIndex(rest)
		if loc == nil {
			return append(out, rest)
		}
		seg := rest[loc[0]:loc[1]]
		if i := strings.IndexByte(seg, '/'); i > 0 && !strings.ContainsAny(seg, " |;&") {
			// word/word: split at the slash itself.
			cut := loc[0] + i
			out = append(out, rest[:cut])
			rest = rest[cut+1:]
			continue
		}
		out = append(out, rest[:loc[0]])
		rest = rest[loc[1]:]
	}
}

// words writes a field name as words: serial_number -> serial number.
func words(field string) string { return strings.ReplaceAll(field, "_", " ") }
