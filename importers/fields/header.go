package fields

import (
	"fmt"
	"slices"
	"strings"

	"itreg/importers/sheet"
)

// HeaderScanRows is how many rows from the top FindHeader looks at.
const HeaderScanRows = 30

// HeaderMatch is the header row found in a sheet and the mapping of its columns.
type HeaderMatch struct {
	Row     int     // 0-based index into the rows given; -1 for a headerless sheet mapped by position
	Kind    string  // the kind the header belongs to
	Mapping Mapping // the columns and the fields they hold
	Score   int     // the number of distinct fields matched (for comparing candidates)
}

// FindHeader finds the header row among the first HeaderScanRows rows: the row whose cells
// name the most fields of a kind. Blank rows, title and banner rows, notes and merged title
// cells (a row with one non-empty cell) are skipped. A row qualifies with at least two
// matched fields, or with one key field (an asset tag, serial, product, vendor name...) when
// at least four in five of its cells are text. With kind "" every kind is tried and the best-scoring one wins
// (ties go to the earlier kind in Kinds, then to the earlier row). It reports false when no
// row qualifies.
func FindHeader(rows [][]sheet.Cell, kind string) (HeaderMatch, bool) {
	kinds := Kinds
	if kind != "" {
		if Fields(kind) == nil {
			return HeaderMatch{}, false
		}
		kinds = []string{kind}
	}
	best, found := HeaderMatch{Row: -1}, false
	for r := 0; r < len(rows) && r < HeaderScanRows; r++ {
		texts, textCells, nonEmpty := headerTexts(rows[r])
		if nonEmpty < 2 {
			continue // blank, or a title, banner, note or merged cell
		}
		mostlyText := textCells*5 >= nonEmpty*4
		people := kind == "" && listsPeople(texts)
		for _, k := range kinds {
			score, keys := scoreRow(texts, k)
			if score < 2 && (keys < 1 || !mostlyText) {
				continue
			}
			// A list of people (an HR or Snipe-IT users export) names companies, phones and
			// locations too; it is a sheet of devices only when it also names a device key.
			if people && (k != KindDevice || keys == 0) {
				continue
			}
			// Key fields weigh double so "Serial, Model" beats a stray "Notes, Currency".
			weighted := score + keys
			if !found || weighted > best.Score {
				best = HeaderMatch{Row: r, Kind: k, Score: weighted}
				found = true
			}
		}
	}
	if !found {
		return HeaderMatch{Row: -1}, false
	}
	texts, _, _ := headerTexts(rows[best.Row])
	best.Mapping = Map(texts, best.Kind, nil)
	best.Score = best.Mapping.Mapped()
	return best, true
}

// headerTexts returns the text of each cell, the number of text cells and the number of
// non-empty cells. A number or date cell is never a header, so its text is "".
func headerTexts(row []sheet.Cell) (texts []string, textCells, nonEmpty int) {
	texts = make([]string, len(row))
	for i, c := range row {
		t := strings.TrimSpace(foldSpace(c.Text))
		if c.Kind == sheet.KindEmpty || t == "" {
			continue
		}
		nonEmpty++
		if c.Kind != sheet.KindString || looksNumeric(t) {
			continue
		}
		textCells++
		texts[i] = t
	}
	return texts, textCells, nonEmpty
}

// kindHints are headers with no itreg field that still show which kind a sheet holds, such
// as the licence columns of Snipe-IT's export; each counts as a key field when scoring.
var kindHints = map[string][]string{
	KindLicence: {"licensedtoname", "licensedtoemail", "licensedto", "reassignable", "maintained",
		"licensedtouser"},
}

// scoreRow counts the distinct fields of kind the row's cells name, and the key fields among
// them (kind hints count as key fields).
func scoreRow(texts []string, kind string) (score, keys int) {
	idx := synonymIndex(kind)
	seen := map[string]bool{}
	for _, t := range texts {
		if t == "" {
			continue
		}
		k := normKey(t)
		if slices.Contains(kindHints[kind], k) {
			keys++
			continue
		}
		f, ok := idx[k]
		if !ok || seen[f] {
			continue
		}
		seen[f] = true
		score++
		if fd, _ := FieldByName(kind, f); fd.Key {
			keys++
		}
	}
	return score, keys
}

// peopleHeaders are headers of a list of people rather than of things.
var peopleHeaders = []string{"firstname", "lastname", "givenname", "surname", "username", "employeenumber",
	"employeeid", "jobtitle", "manager", "email", "emailaddress"}

// listsPeople reports whether a header row names at least three columns of a people list.
func listsPeople(texts []string) bool {
	n := 0
	for _, t := range texts {
		if t != "" && slices.Contains(peopleHeaders, normKey(t)) {
			n++
		}
	}
	return n >= 3
}

// looksNumeric reports whether a text is a number, amount or date rather than a header.
func looksNumeric(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" .,-/:$£€%'+()", r):
		default:
			return false
		}
	}
	return digits > 0
}

// Locate finds the header row like FindHeader. When there is none and explicit maps
// column letters or numbers to fields ({"A": "code", "C": "name"}), the sheet is read as
// headerless: Row is -1 and every row is data. Otherwise the error says which headers were
// expected. kind "" detects the kind, but a headerless sheet needs one.
func Locate(rows [][]sheet.Cell, kind string, explicit map[string]string) (HeaderMatch, error) {
	if hm, ok := FindHeader(rows, kind); ok {
		if len(explicit) > 0 {
			texts, _, _ := headerTexts(rows[hm.Row])
			hm.Mapping = Map(texts, hm.Kind, explicit)
			hm.Score = hm.Mapping.Mapped()
		}
		return hm, hm.Mapping.Err()
	}
	positional := len(explicit) > 0
	for k := range explicit {
		if _, ok := ColumnIndex(k); !ok {
			positional = false
		}
	}
	if positional {
		if kind == "" {
			return HeaderMatch{Row: -1}, fmt.Errorf("no header row found; a sheet mapped by column position needs its kind (device, licence, warranty, " +
				"vendor or budget_line)")
		}
		m := Map(nil, kind, explicit)
		return HeaderMatch{Row: -1, Kind: kind, Mapping: m, Score: m.Mapped()}, m.Err()
	}
	for r := 0; r < len(rows) && r < HeaderScanRows && kind == ""; r++ {
		if texts, _, _ := headerTexts(rows[r]); listsPeople(texts) {
			return HeaderMatch{Row: -1}, fmt.Errorf("row %d looks like a list of people (users or employees); itreg imports "+
				"devices, licences, warranties, vendors and budget lines, so there is nothing to import here", r+1)
		}
	}
	return HeaderMatch{Row: -1}, fmt.Errorf("no header row found in the first %d rows; expected headers such as %s. "+
		"If the sheet has no header row, map its columns by letter (for example {\"A\": \"code\", \"C\": \"name\"}) and give its kind",
		HeaderScanRows, expectedHeaders(kind))
}

// expectedHeaders lists the canonical headers of a kind's key and required fields.
func expectedHeaders(kind string) string {
	kinds := Kinds
	if kind != "" {
		kinds = []string{kind}
	}
	var hs []string
	for _, k := range kinds {
		n := 0
		for _, f := range Fields(k) {
			if q := fmt.Sprintf("%q", f.Header); (f.Key || f.Required) && n < 3 && !slices.Contains(hs, q) {
				hs = append(hs, q)
				n++
			}
		}
	}
	return strings.Join(hs, ", ")
}
