package importers

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"itreg/models"
)

// session is one import in progress, inside its transaction.
type session struct {
	ctx context.Context
	tx  *models.Store
	opt *Options
	res *Result

	vendors map[string]int64               // lower-case name -> id
	newCats map[string]string              // lower-case name -> name: categories the value mapping creates
	madeCat map[string]bool                // lower-case names of the categories created so far
	budget  map[string][]models.BudgetLine // code -> lines in every fiscal year
	seen    map[string]int                 // natural key -> the file row that has it ("kind|sheet|key")
	invalid bool                           // some row failed

	pending []models.AuditRow
	done    int
	total   int
}

// seenKey records a natural key, or reports the row that had it first.
func (s *session) seenKey(kind, key string, p *plan, row int) (string, bool) {
	k := kind + "\x00" + key
	if prev, ok := s.seen[k]; ok {
		return s.where(prev, p), true
	}
	s.seen[k] = s.encodeRow(p.info.Name, row)
	return "", false
}

// The seen map stores rows as sheet index plus row number to keep it small.
func (s *session) encodeRow(sheet string, row int) int {
	for i, sh := range s.res.Sheets {
		if sh.Name == sheet {
			return i<<32 | row
		}
	}
	return row
}

func (s *session) where(enc int, p *plan) string {
	i, row := enc>>32, enc&(1<<32-1)
	if i < len(s.res.Sheets) && s.res.Sheets[i].Name != p.info.Name {
		return fmt.Sprintf("row %d of sheet %s", row, s.res.Sheets[i].Name)
	}
	return fmt.Sprintf("row %d", row)
}

// vendorRoles are the roles a vendor named in a column is created with.
var vendorRoles = map[string]string{
	"manufacturer": "manufacturer", "supplier": "supplier", "publisher": "manufacturer",
	"provider": "service_provider",
}

// ensureVendors finds the vendors the rows name, creating those that do not exist (one per
// distinct name, compared case-insensitively), and sets the rows' vendor ids.
func (s *session) ensureVendors(rows []*parsed) error {
	want := map[string]string{} // lower -> name as first written
	roles := map[string]string{}
	for _, r := range rows {
		for ref, name := range r.refs {
			role, ok := vendorRoles[ref]
			if !ok || name == "" {
				continue
			}
			low := strings.ToLower(name)
			if _, known := s.vendors[low]; known {
				continue
			}
			if _, ok := want[low]; !ok {
				want[low], roles[low] = name, role
			}
		}
	}
	if len(want) == 0 {
		return nil
	}
	lows := make([]string, 0, len(want))
	for low := range want {
		lows = append(lows, low)
	}
	found, err := s.tx.FindVendorsByNames(s.ctx, lows)
	if err != nil {
		return err
	}
	for _, v := range found {
		low := strings.ToLower(v.Name)
		s.vendors[low] = v.ID
		delete(want, low)
	}
	var news []*models.Vendor
	for _, low := range slices.Sorted(mapKeys(want)) {
		v := &models.Vendor{Name: want[low], Roles: models.StringList{roles[low]}}
		if err := v.Validate(); err != nil {
			continue // the row reports the bad name when it is resolved
		}
		news = append(news, v)
	}
	ids, err := s.insert(news)
	if err != nil {
		return err
	}
	for i, v := range news {
		s.vendors[strings.ToLower(v.Name)] = ids[i]
	}
	return nil
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// vendorID returns the id of the vendor a row names in ref, or nil for none.
func (s *session) vendorID(p *plan, r *parsed, ref string) *int64 {
	name := r.refs[ref]
	if name == "" {
		return nil
	}
	id, ok := s.vendors[strings.ToLower(name)]
	if !ok {
		r.fail(p, ref, fmt.Sprintf("%q cannot be used as a vendor name", name))
		return nil
	}
	return &id
}

// ensureBudgetLines loads the budget lines the rows name by code.
func (s *session) ensureBudgetLines(rows []*parsed) error {
	var codes []string
	for _, r := range rows {
		if c := r.refs["budget_line"]; c != "" {
			if _, ok := s.budget[c]; !ok {
				codes = append(codes, c)
				s.budget[c] = nil
			}
		}
	}
	if len(codes) == 0 {
		return nil
	}
	lines, err := s.tx.FindBudgetLinesByCodes(s.ctx, codes)
	if err != nil {
		return err
	}
	for _, l := range lines {
		s.budget[l.Code] = append(s.budget[l.Code], l)
	}
	return nil
}

// budgetLineID links a row to the budget line with its code: the line of the fiscal year the
// row names (a "Budget Line FY" column, as the export writes), else the line the record is
// already linked to when it has that code (a re-import never moves a link), else the line of
// the fiscal year of the given date (the purchase or start date; today when there is none),
// else the only line with the code.
func (s *session) budgetLineID(p *plan, r *parsed, on models.Date, current *int64) *int64 {
	code := r.refs["budget_line"]
	if code == "" {
		return nil
	}
	lines := s.budget[code]
	if len(lines) == 0 {
		r.fail(p, "budget_line", fmt.Sprintf("no budget line has the code %q; add it on a Budget Lines sheet or in itreg first", code))
		return nil
	}
	find := func(fy int) *int64 {
		for _, l := range lines {
			if l.FiscalYear == fy {
				id := l.ID
				return &id
			}
		}
		return nil
	}
	if fy, err := strconv.Atoi(r.refs["budget_fiscal_year"]); err == nil {
		if id := find(fy); id != nil {
			return id
		}
		r.fail(p, "budget_fiscal_year", fmt.Sprintf("budget line %q has no line for fiscal year %d", code, fy))
		return nil
	}
	if current != nil {
		for _, l := range lines {
			if l.ID == *current {
				return current
			}
		}
	}
	if on.IsZero() {
		on = s.tx.Today()
	}
	fy := models.FiscalYearOf(on, s.opt.fiscalYearStart())
	if id := find(fy); id != nil {
		return id
	}
	if len(lines) == 1 {
		id := lines[0].ID
		return &id
	}
	r.fail(p, "budget_line", fmt.Sprintf("budget line %q has no line for fiscal year %d (the year of %s); add a Budget Line FY column to name the year",
		code, fy, on))
	return nil
}

// fiscalYearStart returns the first month of the fiscal year.
func (o *Options) fiscalYearStart() int {
	if o.FiscalYearStart < 1 || o.FiscalYearStart > 12 {
		return 1
	}
	return o.FiscalYearStart
}
