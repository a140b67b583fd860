package fields

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// How a column came to be mapped.
const (
	SourceSynonym  = "synonym"  // its header is the field's name, canonical header or a synonym
	SourceExplicit = "explicit" // the caller's mapping named the header
	SourcePosition = "position" // the caller's mapping named the column letter or number
	SourceCompound = "compound" // its header joins two headers ("Serial No / Service Tag") and the first that names a field was taken
)

// Header ranks: how well a header names its field, for settling two columns that mean one field.
const (
	RankCompound = 1 // one part of a compound header names the field
	RankSynonym  = 2 // a synonym of the field
	RankExact    = 3 // the field's own name or canonical header
)

// Column is one column of a sheet and the field it maps to.
type Column struct {
	Index  int    // 0-based column index (A = 0)
	Header string // the header text as the file has it ("" for a headerless sheet)
	Field  string // the field's domain name, or "" when the column is unknown or ignored
	Unit   Unit   // the unit the header declares, e.g. ($ M)
	Source string // SourceSynonym, SourceExplicit, SourcePosition or SourceCompound; "" when unmapped
	Rank   int    // how well the header names the field (RankExact, RankSynonym, RankCompound); 0 when unmapped
	Reason string // why the column holds its field, in words ("synonym of serial number")
}

// Letter returns the column's spreadsheet letter (A, B, ..., Z, AA).
func (c Column) Letter() string { return ColumnLetter(c.Index) }

// Duplicate is a column ignored because an earlier column already maps to its field.
type Duplicate struct {
	Column     Column // the ignored column (its Field is the field it would have had)
	First      Column // the column that keeps the field
	SameHeader bool   // both columns have the same header text, e.g. Snipe-IT's two "Category"
	Better     bool   // First's header names the field better (its own name), though it comes later
	// Values is set when the columns were settled by their values: First's values are the field's,
	// Column's mostly are not.
	Values bool
}

// String describes the duplicate for an import report.
func (d Duplicate) String() string {
	if d.SameHeader {
		return fmt.Sprintf("column %s %q repeats the header of column %s and is ignored",
			d.Column.Letter(), d.Column.Header, d.First.Letter())
	}
	how := "map the one you want to choose"
	switch {
	case d.Values:
		return fmt.Sprintf("columns %s %q and %s %q both mean %s; %s %q was read because its values are %s values and the other's mostly are not; %s",
			d.First.Letter(), d.First.Header, d.Column.Letter(), d.Column.Header, d.First.Field, d.First.Letter(), d.First.Header,
			d.First.Field, how)
	case d.Better:
		return fmt.Sprintf("columns %s %q and %s %q both mean %s; %s %q was read because its header is the field's own name; %s",
			d.Column.Letter(), d.Column.Header, d.First.Letter(), d.First.Header, d.First.Field, d.First.Letter(), d.First.Header, how)
	}
	return fmt.Sprintf("column %s %q also means %s, already read from column %s %q; it is ignored (%s)",
		d.Column.Letter(), d.Column.Header, d.Column.Field, d.First.Letter(), d.First.Header, how)
}

// Mapping says which field each column of a sheet holds.
type Mapping struct {
	Kind       string
	Columns    []Column    // one per column, in order; unknown and ignored columns have Field ""
	Duplicates []Duplicate // columns ignored because an earlier column holds the same field
	Unknown    []Column    // columns with a header that names no field (kept as custom fields when asked)
	Errors     []string    // problems with the explicit mapping; the mapping must not be used
}

// Index returns the 0-based column holding field, or -1 when no column does.
func (m Mapping) Index(field string) int {
	for _, c := range m.Columns {
		if c.Field == field {
			return c.Index
		}
	}
	return -1
}

// Column returns the column holding field.
func (m Mapping) Column(field string) (Column, bool) {
	for _, c := range m.Columns {
		if c.Field == field {
			return c, true
		}
	}
	return Column{}, false
}

// Mapped returns the number of columns mapped to a field.
func (m Mapping) Mapped() int {
	n := 0
	for _, c := range m.Columns {
		if c.Field != "" {
			n++
		}
	}
	return n
}

// Err returns the explicit mapping's problems as one error, or nil.
func (m Mapping) Err() error {
	if len(m.Errors) == 0 {
		return nil
	}
	return errors.New(strings.Join(m.Errors, "; "))
}

// Map maps the columns of a header row to the fields of kind. explicit, which may be nil,
// maps a header (matched after NormalizeHeader) or a column position ("C" or the 1-based
// "3") to a field name; it overrides synonyms, and a value of "" or "ignore" leaves the
// column unmapped. An explicit mapping to an unknown field, to a field itreg sets itself
// (id, version, created_at, updated_at) or to a column that does not exist is an error in
// Mapping.Errors. When two columns mean the same field the first keeps it and the other is
// listed in Duplicates.
func Map(header []string, kind string, explicit map[string]string) Mapping {
	m := Mapping{Kind: kind}
	if Fields(kind) == nil {
		m.Errors = append(m.Errors, fmt.Sprintf("unknown kind %q; use one of %s", kind, strings.Join(Kinds, ", ")))
		return m
	}
	m.Columns = make([]Column, len(header))
	keys := make([]string, len(header))
	for i, h := range header {
		keys[i], m.Columns[i].Unit = NormalizeHeader(h)
		m.Columns[i].Index, m.Columns[i].Header = i, h
	}
	claimed := map[string]int{} // field -> column index
	settled := map[int]bool{}   // columns the explicit mapping decided
	for _, k := range sortedKeys(explicit) {
		col, source, ok := resolveColumn(k, keys)
		if !ok {
			m.Errors = append(m.Errors, fmt.Sprintf("the mapping names column %q, which is neither a header of the sheet nor a column letter or number", k))
			continue
		}
		for col >= len(m.Columns) {
			m.Columns = append(m.Columns, Column{Index: len(m.Columns)})
		}
		field, err := resolveField(kind, explicit[k])
		if err != nil {
			m.Errors = append(m.Errors, fmt.Sprintf("the mapping for column %q: %v", k, err))
			continue
		}
		if settled[col] {
			m.Errors = append(m.Errors, fmt.Sprintf("the mapping names column %s twice", ColumnLetter(col)))
			continue
		}
		settled[col] = true
		if field == "" {
			continue
		}
		if first, dup := claimed[field]; dup {
			m.Errors = append(m.Errors, fmt.Sprintf("the mapping sends both column %s and column %s to %s",
				ColumnLetter(first), ColumnLetter(col), field))
			continue
		}
		claimed[field] = col
		m.Columns[col].Field, m.Columns[col].Source, m.Columns[col].Rank = field, source, RankExact
		m.Columns[col].Reason = "mapped explicitly"
		// A unit in the target ("allocated ($M)") applies to the column, for headerless
		// sheets and for headers that do not say it.
		if _, u := NormalizeHeader(explicit[k]); u != (Unit{}) {
			m.Columns[col].Unit = u
		}
	}
	for i := range header {
		if settled[i] || keys[i] == "" {
			continue
		}
		field, source, rank, reason := headerField(kind, header[i], keys[i])
		if field == "" {
			m.Unknown = append(m.Unknown, m.Columns[i])
			continue
		}
		if first, dup := claimed[field]; dup {
			c := m.Columns[i]
			c.Field, c.Source, c.Rank, c.Reason = field, source, rank, reason
			same := first < len(keys) && keys[first] == keys[i]
			// A header that is the field's own name beats a synonym or a compound header
			// to its left ("Device Status" then "Status"); the loser is reported either way.
			if !same && m.Columns[first].Source != SourceExplicit && m.Columns[first].Source != SourcePosition &&
				rank > m.Columns[first].Rank {
				loser := m.Columns[first]
				m.Columns[first].Field, m.Columns[first].Source, m.Columns[first].Rank, m.Columns[first].Reason = "", "", 0, ""
				m.Columns[i] = c
				claimed[field] = i
				m.Duplicates = append(m.Duplicates, Duplicate{Column: loser, First: c, Better: true})
				continue
			}
			m.Duplicates = append(m.Duplicates, Duplicate{Column: c, First: m.Columns[first], SameHeader: same})
			continue
		}
		claimed[field] = i
		m.Columns[i].Field, m.Columns[i].Source, m.Columns[i].Rank, m.Columns[i].Reason = field, source, rank, reason
	}
	if kind == KindVendor {
		vendorNameFallback(&m, keys, settled)
	}
	return m
}

// vendorNameFallback reads a lone "Vendor", "Supplier" or "Manufacturer" column as the
// vendor's name when no column is the name: in a vendor list with a "Name" column those
// headers are role flags (ServiceNow's core_company), in one without they are the name.
func vendorNameFallback(m *Mapping, keys []string, settled map[int]bool) {
	if m.Index("name") >= 0 {
		return
	}
	for i, c := range m.Columns {
		if settled[i] || c.Source != SourceSynonym {
			continue
		}
		switch keys[i] {
		case "vendor", "supplier", "manufacturer":
			m.Columns[i].Field = "name"
			// A duplicate of the flag it gave up may now take the flag.
			for j, d := range m.Duplicates {
				if d.First.Index == i {
					m.Columns[d.Column.Index].Field = d.Column.Field
					m.Columns[d.Column.Index].Source = SourceSynonym
					m.Duplicates = append(m.Duplicates[:j], m.Duplicates[j+1:]...)
					break
				}
			}
			return
		}
	}
}

// resolveColumn finds the column an explicit mapping key names: a header first, then a
// column letter, then a 1-based number.
func resolveColumn(k string, keys []string) (int, string, bool) {
	nk := normKey(k)
	for i, key := range keys {
		if key != "" && key == nk {
			return i, SourceExplicit, true
		}
	}
	if i, ok := ColumnIndex(k); ok {
		return i, SourcePosition, true
	}
	return 0, "", false
}

// resolveField checks an explicit mapping's target: a field name of kind, its canonical
// header or a synonym; "" or "ignore" leaves the column unmapped.
func resolveField(kind, target string) (string, error) {
	t := strings.TrimSpace(target)
	switch strings.ToLower(t) {
	case "", "ignore", "-", "skip":
		return "", nil
	}
	if IsSystemField(t) {
		return "", fmt.Errorf("%s is set by itreg and cannot be imported", strings.ToLower(t))
	}
	if _, ok := FieldByName(kind, t); ok {
		return t, nil
	}
	if f := MatchHeader(kind, t); f != "" {
		return f, nil
	}
	return "", fmt.Errorf("%q is not a %s field; use one of %s", t, kind, strings.Join(FieldNames(kind), ", "))
}

// ColumnLetter returns the spreadsheet letter of a 0-based column index (0 = A, 26 = AA).
func ColumnLetter(i int) string {
	if i < 0 {
		return "?"
	}
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// ColumnIndex reads a column letter ("A", "ab") or 1-based number ("3") as a 0-based index.
// Letters go up to XFD and numbers up to 16384, Excel's last column.
func ColumnIndex(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n - 1, n >= 1 && n <= 16384
	}
	if s == "" || len(s) > 3 {
		return 0, false
	}
	n := 0
	for _, r := range strings.ToUpper(s) {
		if r < 'A' || r > 'Z' {
			return 0, false
		}
		n = n*26 + int(r-'A'+1)
	}
	return n - 1, n <= 16384
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
