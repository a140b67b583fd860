package reports

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"itreg/models"
)

// Params are a report's parameters after parsing; zero values mean "not given".
type Params struct {
	AsOf            models.Date // AsOf is the day treated as today (default: store.Today()).
	Within          int         // Within is the horizon in days (default per report; 0..3650).
	FiscalYear      int         // FiscalYear is used by budget and depreciation (default: the fiscal year of AsOf).
	FiscalYearStart int         // FiscalYearStart is the first month of the fiscal year, 1-12.
	Currency        string      // Currency is the default currency (ITREG_CURRENCY).
	Department      string      // Department filters to one department when set.
	Category        string      // Category filters to one device category when set.
	VendorID        int64       // VendorID filters to one vendor when set.
	BudgetLineID    int64       // BudgetLineID filters to one budget line when set.
	// Preview, when set, says only about this many rows will be read (a page's first rows):
	// a builder that reads its rows ahead may stop there. The downloads never set it.
	Preview int
}

// Report describes one report of the catalogue: its names, the query parameters that apply
// to it and the function that builds its table.
type Report struct {
	Name, Title, Description string
	// Params lists the query parameters that apply, e.g. {"as_of", "within", "department"}.
	Params []string
	// DefaultWithin is the horizon in days used when the within parameter is not given.
	DefaultWithin int
	// Calendar is true when the report's table carries a CalendarSpec, so it renders as ics.
	Calendar bool
	// build returns the report's table; it receives the report's own description, so it never
	// looks itself up by name.
	build func(ctx context.Context, st *models.Store, r Report, p Params) (*Table, error)
}

// Build returns the report's table for p; its Rows stream from the store when rendered.
func (r Report) Build(ctx context.Context, st *models.Store, p Params) (*Table, error) {
	return r.build(ctx, st, r, p)
}

// Parameter bounds.
const (
	MaxWithin     = 3650
	MinFiscalYear = 1990
	MaxFiscalYear = 2200
)

// catalogue lists every report itreg serves. It is the whole registry: All, Lookup and Names
// read it, and adding a report means adding its description here.
func catalogue() []Report {
	return []Report{
		renewalsReport(),
		endOfLifeReport(),
		coverageReport(),
		complianceReport(),
		budgetReport(),
		depreciationReport(),
	}
}

// All returns every report, sorted by name.
func All() []Report {
	out := catalogue()
	slices.SortFunc(out, func(a, b Report) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Lookup returns the report named name.
func Lookup(name string) (Report, bool) {
	for _, r := range catalogue() {
		if r.Name == name {
			return r, true
		}
	}
	return Report{}, false
}

// Names returns the registered report names, sorted, for messages that list the valid ones.
func Names() []string {
	all := All()
	out := make([]string, len(all))
	for i, r := range all {
		out[i] = r.Name
	}
	return out
}

// Formats lists the formats the report renders in: json, csv and xlsx, plus ics for a
// report with a calendar.
func (r Report) Formats() []string {
	if r.Calendar {
		return slices.Clone(Formats)
	}
	return slices.DeleteFunc(slices.Clone(Formats), func(f string) bool { return f == "ics" })
}

// Uses reports whether the report takes the named query parameter.
func (r Report) Uses(param string) bool { return slices.Contains(r.Params, param) }

// reportParams are the parameters some report takes. Giving one to a report that does not
// take it is an error rather than silently ignored: a finance user asking for the budget of
// one department must not receive everyone's.
var reportParams = []string{"as_of", "within", "fiscal_year", "department", "category", "vendor_id", "budget_line_id"}

// ParseParams reads the query parameters that apply to r over the defaults (AsOf,
// FiscalYearStart and Currency normally come from the server). A report parameter r does not
// take is an error; other query parameters (format, token) are not its business. Errors are
// *models.ParamError naming the parameter. Within defaults to r.DefaultWithin and FiscalYear
// to the fiscal year of AsOf.
func ParseParams(r Report, q url.Values, defaults Params) (Params, error) {
	for _, name := range reportParams {
		if q.Has(name) && !r.Uses(name) {
			return defaults, &models.ParamError{Param: name, Message: fmt.Sprintf("the %s report does not take %s; it takes %s",
				r.Name, name, strings.Join(r.Params, ", "))}
		}
	}
	p := defaults
	p.Within = r.DefaultWithin
	if p.FiscalYearStart < 1 || p.FiscalYearStart > 12 {
		p.FiscalYearStart = 1
	}
	get := func(name string) (string, bool) {
		if !r.Uses(name) {
			return "", false
		}
		v := strings.TrimSpace(q.Get(name))
		return v, v != ""
	}
	if v, ok := get("as_of"); ok {
		d, err := models.ParseDate(v)
		if err != nil {
			return p, &models.ParamError{Param: "as_of", Message: err.Error()}
		}
		// The same years fiscal_year allows: a horizon past year 9999 cannot be compared.
		if d.Year < MinFiscalYear || d.Year > MaxFiscalYear {
			return p, &models.ParamError{Param: "as_of", Message: fmt.Sprintf("must be a date in the years %d to %d", MinFiscalYear, MaxFiscalYear)}
		}
		p.AsOf = d
	}
	if v, ok := get("within"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > MaxWithin {
			return p, &models.ParamError{Param: "within", Message: fmt.Sprintf("must be a whole number of days from 0 to %d, not %q", MaxWithin, v)}
		}
		p.Within = n
	}
	if v, ok := get("fiscal_year"); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < MinFiscalYear || n > MaxFiscalYear {
			return p, &models.ParamError{Param: "fiscal_year", Message: fmt.Sprintf("must be a year from %d to %d, not %q", MinFiscalYear, MaxFiscalYear, v)}
		}
		p.FiscalYear = n
	}
	if v, ok := get("department"); ok {
		p.Department = v
	}
	if v, ok := get("category"); ok {
		p.Category = v
	}
	for _, id := range []struct {
		name string
		dst  *int64
	}{{"vendor_id", &p.VendorID}, {"budget_line_id", &p.BudgetLineID}} {
		if v, ok := get(id.name); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return p, &models.ParamError{Param: id.name, Message: fmt.Sprintf("must be a positive id, not %q", v)}
			}
			*id.dst = n
		}
	}
	if p.AsOf.IsZero() {
		return p, &models.ParamError{Param: "as_of", Message: "no date given and no default"}
	}
	if p.FiscalYear == 0 {
		p.FiscalYear = models.FiscalYearOf(p.AsOf, p.FiscalYearStart)
	}
	return p, nil
}

// TableParams lists the parameters a report was built with, for Table.Params: every parameter
// the report takes, in the order of r.Params, with the value used ("all" for an unset filter).
func (p Params) TableParams(r Report) []Param {
	out := make([]Param, 0, len(r.Params))
	for _, name := range r.Params {
		v := ""
		switch name {
		case "as_of":
			v = p.AsOf.String()
		case "within":
			v = strconv.Itoa(p.Within)
		case "fiscal_year":
			v = strconv.Itoa(p.FiscalYear)
		case "department":
			v = p.Department
		case "category":
			v = p.Category
		case "vendor_id":
			v = formatID(p.VendorID)
		case "budget_line_id":
			v = formatID(p.BudgetLineID)
		}
		if v == "" {
			v = "all"
		}
		out = append(out, Param{Name: name, Value: v})
	}
	return out
}

// formatID writes an id filter, "" when unset.
func formatID(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
