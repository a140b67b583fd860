package importers

import (
	"fmt"
	"sort"
	"strings"

	"itreg/importers/fields"
	"itreg/importers/sheet"
)

// maxDistinct bounds the distinct not-understood values a column's statistics keep.
const maxDistinct = 200

// columnStats is what parsing one column's cells as a field gave.
type columnStats struct {
	field     fields.Field
	nonEmpty  int
	ok        int
	failed    int
	ambiguous int            // dates readable either way (day/month)
	bad       map[string]int // not-understood values (as written) -> count, up to maxDistinct
	badOrder  []string       // first-seen order of bad, for stable output
	samples   []string       // the first non-empty values as written
}

// newColumnStats starts the statistics of a column read as f.
func newColumnStats(f fields.Field) *columnStats {
	return &columnStats{field: f, bad: map[string]int{}}
}

// add parses one cell and counts the outcome.
func (cs *columnStats) add(c sheet.Cell, opt *Options, unit fields.Unit, samples int) {
	if fields.IsBlank(c) {
		return
	}
	cs.nonEmpty++
	if len(cs.samples) < samples {
		cs.samples = append(cs.samples, cellText(c))
	}
	if cs.field.Name == "" {
		return // an unmapped column: samples only
	}
	_, err := parseValue(cs.field, c, "", opt, unit)
	if err == nil {
		cs.ok++
		return
	}
	cs.failed++
	if strings.HasPrefix(err.Error(), "ambiguous date") {
		cs.ambiguous++
	}
	v := strings.TrimSpace(cellText(c))
	if _, seen := cs.bad[v]; seen || len(cs.bad) < maxDistinct {
		if !seen {
			cs.badOrder = append(cs.badOrder, v)
		}
		cs.bad[v]++
	}
}

// misfit reports whether most non-empty values fail to parse (ambiguous dates are not failures
// of fit: a date order settles them).
func (cs *columnStats) misfit() bool {
	wrong := cs.failed - cs.ambiguous
	return cs.nonEmpty >= 3 && wrong*2 > cs.nonEmpty
}

// fitRate is the share of non-empty values that parse (ambiguous dates count as parsing).
func (cs *columnStats) fitRate() float64 {
	if cs.nonEmpty == 0 {
		return 0
	}
	return float64(cs.ok+cs.ambiguous) / float64(cs.nonEmpty)
}

// what names what a field's values are, for messages: "a number of months", "a date".
func what(f fields.Field) string {
	switch f.Type {
	case fields.Int:
		if strings.HasSuffix(f.Name, "_months") {
			return "a number of months"
		}
		if f.Name == "fiscal_year" || f.Name == "budget_fiscal_year" {
			return "a fiscal year"
		}
		return "a whole number"
	case fields.Date:
		return "a date"
	case fields.Money:
		return "an amount"
	case fields.Currency:
		return "a currency code"
	case fields.Bool:
		return "yes or no"
	case fields.Enum:
		return "a " + strings.ReplaceAll(f.Name, "_", " ")
	}
	return "text"
}

// plural names the values that parsed: "dates", "numbers of months".
func plural(f fields.Field) string {
	switch f.Type {
	case fields.Int:
		if strings.HasSuffix(f.Name, "_months") {
			return "numbers of months"
		}
		return "whole numbers"
	case fields.Date:
		return "dates"
	case fields.Money:
		return "amounts"
	case fields.Currency:
		return "currency codes"
	case fields.Bool:
		return "yes/no values"
	case fields.Enum:
		return "known " + strings.ReplaceAll(f.Name, "_", " ") + " values"
	}
	return "values"
}

// summary says what parsing the column gave: "312 dates, 3 ambiguous day/month, 1 not a date".
func (cs *columnStats) summary() string {
	if cs.field.Name == "" {
		return fmt.Sprintf("%d values, not imported", cs.nonEmpty)
	}
	if cs.nonEmpty == 0 {
		return "empty"
	}
	parts := []string{fmt.Sprintf("%d %s", cs.ok, plural(cs.field))}
	if cs.ambiguous > 0 {
		parts = append(parts, fmt.Sprintf("%d ambiguous day/month", cs.ambiguous))
	}
	if n := cs.failed - cs.ambiguous; n > 0 {
		parts = append(parts, fmt.Sprintf("%d not %s", n, what(cs.field)))
	}
	return strings.Join(parts, ", ")
}

// ValueCount is one distinct value of a column and how many cells hold it.
type ValueCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// unmatched lists the not-understood values, most frequent first.
func (cs *columnStats) unmatched() []ValueCount {
	out := make([]ValueCount, 0, len(cs.badOrder))
	for _, v := range cs.badOrder {
		out = append(out, ValueCount{Value: v, Count: cs.bad[v]})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out
}

// holds describes the column's values for a misfit finding: "YES/NO", or "values such as A, B".
func (cs *columnStats) holds() string {
	vals := cs.unmatched()
	if len(vals) <= 3 {
		names := make([]string, len(vals))
		for i, v := range vals {
			names[i] = strings.ToUpper(v.Value)
		}
		return strings.Join(names, "/")
	}
	return fmt.Sprintf("values such as %q, %q and %q", vals[0].Value, vals[1].Value, vals[2].Value)
}

// misfitFinding is the one finding about a column that does not fit its field.
func misfitFinding(header string, cs *columnStats) string {
	return fmt.Sprintf("`%s` holds %s, not %s (%d of %d values): not imported; map it or ignore it",
		header, cs.holds(), what(cs.field), cs.failed-cs.ambiguous, cs.nonEmpty)
}
