package reports

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"itreg/models"
)

// budgetReport describes the budget report.
func budgetReport() Report {
	return Report{
		Name:  "budget",
		Title: "Budget",
		Description: "Per budget line of a fiscal year: allocated, spent, forecast (renewals and purchases " +
			"still to fall due in the year), remaining and % used, spent per fiscal quarter, CAPEX and OPEX " +
			"subtotals, and spend with no budget line or charged to a line of another fiscal year.",
		Params: []string{"as_of", "fiscal_year"},
		build:  buildBudget,
	}
}

// Pseudo budget lines the budget report shows spend under when it has no line of the year.
const (
	budgetNoLine    int64 = 0  // budgetNoLine holds charges with no budget line.
	budgetOtherYear int64 = -1 // budgetOtherYear holds charges to a line of another fiscal year.
)

// budgetKey is one row of the budget report before it is laid out: a budget line (or a
// pseudo line) in one currency.
type budgetKey struct {
	line     int64
	currency string
}

// budgetSums are the amounts of one budget row, in minor units of the row's currency.
type budgetSums struct {
	spent, forecast, renewals int64
	quarter                   [4]int64 // quarter holds what was spent in each fiscal quarter.
}

// add adds another row's sums, for subtotals.
func (s *budgetSums) add(o *budgetSums) {
	s.spent += o.spent
	s.forecast += o.forecast
	s.renewals += o.renewals
	for i := range s.quarter {
		s.quarter[i] += o.quarter[i]
	}
}

// budgetLedger books the charges of a fiscal year against the budget lines.
type budgetLedger struct {
	fy, startMonth int
	first, last    models.Date // first and last are the fiscal year's first and last days.
	asOf           models.Date
	refs           map[int64]models.BudgetLineRef // refs gives every budget line's code and year by id.
	thisYear       map[string]int64               // thisYear gives this year's line id by code.
	sums           map[budgetKey]*budgetSums
}

// book records one charge: spent when dated on or before as_of, forecast after it (and
// counted as a renewal forecast when renewal is set). Charges outside the year are ignored.
func (l *budgetLedger) book(line *int64, on models.Date, m models.Money, renewal bool) {
	if m.IsZero() || on.Before(l.first) || on.After(l.last) {
		return
	}
	key := budgetKey{line: budgetNoLine, currency: m.Currency}
	if line != nil {
		key.line = *line
		if ref := l.refs[*line]; ref.FiscalYear != l.fy {
			// A renewal or a monthly charge of an item bought on last year's line falls on
			// this year's line of the same code, when there is one.
			key.line = budgetOtherYear
			if id, ok := l.thisYear[ref.Code]; ok {
				key.line = id
			}
		}
	}
	s := l.sums[key]
	if s == nil {
		s = &budgetSums{}
		l.sums[key] = s
	}
	if on.After(l.asOf) {
		s.forecast += m.Amount
		if renewal {
			s.renewals += m.Amount
		}
		return
	}
	s.spent += m.Amount
	_, q := models.FiscalQuarterOf(on, l.startMonth)
	s.quarter[q-1] += m.Amount
}

// warrantyRenewalMonths is the term a warranty or support contract is assumed to renew for.
const warrantyRenewalMonths = 12

// renewalTermMonths is the one further term an item that does not auto-renew is forecast
// to renew for.
const renewalTermMonths = 12

// scheduleCharges calls charge for every charge of a licence or warranty dated from first
// to last, as the budget report's notes state:
//   - contracted charges, within the recorded term: a licence billed monthly or annually is
//     charged its cost on start_date and every billing period after it while the charge falls
//     before end_date (for ever without an end date); a one-off licence and a warranty are
//     charged their cost once, on start_date. Without a start date the term's charges cannot
//     be dated and are left out.
//   - renewal charges, after the recorded term: the next term starts the day after end_date
//     and is charged on that day, then every billing period (a warranty: every 12 months) at
//     the same cost. One-off licences do not renew. An auto-renewing item renews every time.
//     One that does not auto-renew is expected to renew for one more term of 12 months (its
//     next-term cost: 12 monthly charges, one annual charge, one warranty charge) only while
//     it is still in force on as_of (end_date on or after as_of); if it ended before as_of it
//     has lapsed.
func scheduleCharges(it models.CostItem, asOf, first, last models.Date, charge func(on models.Date, renewal bool)) {
	step := models.BillingMonths(it.BillingPeriod)
	renewStep := step
	if it.Kind == "warranty" {
		step, renewStep = 0, warrantyRenewalMonths
	}
	if !it.StartDate.IsZero() {
		eachPeriod(it.StartDate, step, first, last, func(d models.Date) bool {
			if !it.EndDate.IsZero() && !d.Before(it.EndDate) && step > 0 {
				return false
			}
			charge(d, false)
			return true
		})
	}
	if it.EndDate.IsZero() || renewStep == 0 || (!it.AutoRenew && it.EndDate.Before(asOf)) {
		return
	}
	renewal := it.EndDate.AddDays(1)
	nextTermEnd := renewal.AddMonths(renewalTermMonths)
	eachPeriod(renewal, renewStep, first, last, func(d models.Date) bool {
		if !it.AutoRenew && !d.Before(nextTermEnd) {
			return false
		}
		charge(d, true)
		return true
	})
}

// eachPeriod calls fn for base, base + step months, base + 2 x step months ... that fall
// from first to last, until fn returns false; step 0 means base alone. Each date is counted
// from base (clamped to the month's end), so 31 January steps to 28 or 29 February and back
// to 31 March. Periods before first are skipped without being visited.
func eachPeriod(base models.Date, step int, first, last models.Date, fn func(models.Date) bool) {
	if step == 0 {
		if !base.Before(first) && !base.After(last) {
			fn(base)
		}
		return
	}
	k := 0
	if base.Before(first) {
		gap := (first.Year-base.Year)*12 + int(first.Month) - int(base.Month)
		k = max(0, gap/step-1)
	}
	for ; ; k++ {
		d := base.AddMonths(k * step)
		if d.After(last) {
			return
		}
		if d.Before(first) {
			continue
		}
		if !fn(d) {
			return
		}
	}
}

// buildBudget builds the budget report for p.FiscalYear.
func buildBudget(ctx context.Context, st *models.Store, r Report, p Params) (*Table, error) {
	first, last := models.FiscalYearBounds(p.FiscalYear, p.FiscalYearStart)
	lines, err := st.BudgetLinesOfYear(ctx, p.FiscalYear)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("budget ledger|%d|%d|%s", p.FiscalYear, p.FiscalYearStart, p.AsOf)
	sums, err := models.Summary(ctx, st, key, func() (map[budgetKey]*budgetSums, error) { return bookBudget(ctx, st, p) })
	if err != nil {
		return nil, err
	}
	cols := budgetColumns(p.FiscalYear, p.FiscalYearStart)
	t := &Table{
		Name:        r.Name,
		Title:       fmt.Sprintf("Budget FY%d (%s to %s) as of %s", p.FiscalYear, first, last, p.AsOf),
		Columns:     cols,
		Params:      p.TableParams(r),
		Notes:       budgetNotes(p, first, last, len(lines)),
		GeneratedAt: st.Now().UTC(),
		Rows:        StaticRows(budgetRows(newLayout(cols), lines, sums)),
	}
	return t, nil
}

// bookBudget books every charge of the fiscal year of p to its lines: purchases by day, then
// each licence's and contract's scheduled charges. The sums are kept while the register is
// unchanged, so the finance home, the budget page and the report read them once.
func bookBudget(ctx context.Context, st *models.Store, p Params) (map[budgetKey]*budgetSums, error) {
	first, last := models.FiscalYearBounds(p.FiscalYear, p.FiscalYearStart)
	lines, err := st.BudgetLinesOfYear(ctx, p.FiscalYear)
	if err != nil {
		return nil, err
	}
	refs, err := st.BudgetLineRefs(ctx)
	if err != nil {
		return nil, err
	}
	thisYear := map[string]int64{}
	for _, l := range lines {
		thisYear[l.Code] = l.ID
	}
	led := &budgetLedger{fy: p.FiscalYear, startMonth: p.FiscalYearStart, first: first, last: last,
		asOf: p.AsOf, refs: refs, thisYear: thisYear, sums: map[budgetKey]*budgetSums{}}
	err = st.EachPurchaseDay(ctx, first, last, models.SpendScope{}, func(pd models.PurchaseDay) error {
		led.book(pd.BudgetLineID, pd.Date, pd.Cost, false)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = st.EachCostItem(ctx, first, last, p.AsOf, models.SpendScope{}, func(it models.CostItem) error {
		scheduleCharges(it, p.AsOf, first, last, func(on models.Date, renewal bool) {
			led.book(it.BudgetLineID, on, it.Cost, renewal)
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return led.sums, nil
}

// budgetColumns lists the budget report's columns; the quarter columns name their months.
func budgetColumns(fy, startMonth int) []Column {
	cols := []Column{
		{Key: "code", Title: "Code", Type: Text},
		{Key: "name", Title: "Budget line", Type: Text},
		{Key: "category", Title: "Category", Type: Text},
		{Key: "cost_centre", Title: "Cost centre", Type: Text},
		{Key: "owner", Title: "Owner", Type: Text},
		{Key: "currency", Title: "Currency", Type: Text},
		{Key: "allocated", Title: "Allocated", Type: MoneyCol, NoTotal: true},
		{Key: "spent", Title: "Spent", Type: MoneyCol, NoTotal: true},
		{Key: "forecast", Title: "Forecast", Type: MoneyCol, NoTotal: true},
		{Key: "forecast_renewals", Title: "of which renewals", Type: MoneyCol, NoTotal: true},
		{Key: "remaining", Title: "Remaining", Type: MoneyCol, NoTotal: true},
		{Key: "used", Title: "% used", Type: Percent},
	}
	for q := 1; q <= 4; q++ {
		qf, ql := models.FiscalQuarterBounds(fy, q, startMonth)
		cols = append(cols, Column{
			Key:   quarterKey(q),
			Title: fmt.Sprintf("Q%d spent (%s-%s)", q, qf.Time().Format("Jan"), ql.Time().Format("Jan")),
			Type:  MoneyCol,
			// The report carries its own CAPEX, OPEX and TOTAL rows; a renderer total would repeat them.
			NoTotal: true,
		})
	}
	return cols
}

// budgetRows lays the ledger out: CAPEX lines and their subtotal, OPEX lines and their
// subtotal, the charges to lines of other fiscal years, those with no line, then the grand
// total. A line has one row per currency it has an allocation or a charge in (the allocation's
// currency first); a line with neither has one row with no amounts. Subtotal and total rows
// have one row per currency and are marked Subtotal, so they never count twice.
func budgetRows(lay *layout, lines []models.BudgetLine, sums map[budgetKey]*budgetSums) []Row {
	var rows []Row
	grand := map[string]*budgetRowTotal{}
	for _, cat := range models.BudgetCategories {
		sub := map[string]*budgetRowTotal{}
		for i := range lines {
			b := &lines[i]
			if b.Category != cat {
				continue
			}
			for _, cur := range lineCurrencies(b.ID, b.Allocated.Currency, sums) {
				alloc := int64(0)
				if cur == b.Allocated.Currency {
					alloc = b.Allocated.Amount
				}
				s := sumsOf(sums, b.ID, cur)
				label := budgetLabel{code: b.Code, name: b.Name, category: b.Category, costCentre: b.CostCentre, owner: b.Owner}
				rows = append(rows, budgetRow(lay, label, cur, alloc, s, false))
				accumulate(sub, cur, alloc, s)
				accumulate(grand, cur, alloc, s)
			}
		}
		label := map[string]string{"capex": "CAPEX", "opex": "OPEX"}[cat]
		rows = append(rows, totalRows(lay, sub, budgetLabel{code: label, name: label + " subtotal", category: cat})...)
	}
	for _, pseudo := range []struct {
		line       int64
		code, name string
	}{
		{budgetOtherYear, "(other fiscal year)", "Charged to a budget line of another fiscal year"},
		{budgetNoLine, "(no budget line)", "Not charged to any budget line"},
	} {
		for _, cur := range lineCurrencies(pseudo.line, "", sums) {
			s := sumsOf(sums, pseudo.line, cur)
			rows = append(rows, budgetRow(lay, budgetLabel{code: pseudo.code, name: pseudo.name}, cur, 0, s, false))
			accumulate(grand, cur, 0, s)
		}
	}
	return append(rows, totalRows(lay, grand, budgetLabel{code: "TOTAL", name: "Total"})...)
}

// budgetRowTotal accumulates allocations and sums for a subtotal row.
type budgetRowTotal struct {
	allocated int64
	sums      budgetSums
}

// accumulate adds a row's allocation and sums to the totals of its currency.
func accumulate(tot map[string]*budgetRowTotal, cur string, alloc int64, s *budgetSums) {
	if cur == "" {
		return
	}
	t := tot[cur]
	if t == nil {
		t = &budgetRowTotal{}
		tot[cur] = t
	}
	t.allocated += alloc
	t.sums.add(s)
}

// totalRows returns one Subtotal row per currency of tot, sorted by currency.
func totalRows(lay *layout, tot map[string]*budgetRowTotal, label budgetLabel) []Row {
	var out []Row
	for _, cur := range slices.Sorted(maps.Keys(tot)) {
		t := tot[cur]
		out = append(out, budgetRow(lay, label, cur, t.allocated, &t.sums, true))
	}
	return out
}

// lineCurrencies returns the currencies of a line's rows: its allocation's currency first,
// then every other currency it has charges in, sorted. A line with neither gets one row with
// no currency; a pseudo line without charges gets none.
func lineCurrencies(line int64, allocCur string, sums map[budgetKey]*budgetSums) []string {
	var others []string
	for k := range sums {
		if k.line == line && k.currency != allocCur {
			others = append(others, k.currency)
		}
	}
	slices.Sort(others)
	if allocCur != "" || line > 0 {
		return append([]string{allocCur}, others...)
	}
	return others
}

// sumsOf returns the sums of a line in a currency, zero when it has none.
func sumsOf(sums map[budgetKey]*budgetSums, line int64, cur string) *budgetSums {
	if s := sums[budgetKey{line: line, currency: cur}]; s != nil {
		return s
	}
	return &budgetSums{}
}

// budgetLabel is the text that names a budget row: a line's own fields, or the words of a
// subtotal, total or pseudo line (those leave cost centre and owner empty).
type budgetLabel struct {
	code, name, category, costCentre, owner string
}

// budgetRow builds one row: the label, the currency, then the amounts. Remaining is
// allocated - spent - forecast; % used is (spent + forecast) / allocated, blank when nothing
// is allocated. A row with no currency has blank amounts.
func budgetRow(lay *layout, label budgetLabel, cur string, alloc int64, s *budgetSums, subtotal bool) Row {
	money := func(a int64) any {
		if cur == "" {
			return nil
		}
		return models.Money{Amount: a, Currency: cur}
	}
	var used any
	if alloc != 0 {
		used = float64(s.spent+s.forecast) / float64(alloc)
	}
	r := lay.row(
		col("code", label.code),
		col("name", label.name),
		col("category", label.category),
		col("cost_centre", label.costCentre),
		col("owner", label.owner),
		col("currency", cur),
		col("allocated", money(alloc)),
		col("spent", money(s.spent)),
		col("forecast", money(s.forecast)),
		col("forecast_renewals", money(s.renewals)),
		col("remaining", money(alloc-s.spent-s.forecast)),
		col("used", used),
	)
	for q, amount := range s.quarter {
		lay.set(&r, quarterKey(q+1), money(amount))
	}
	r.Subtotal = subtotal
	return r
}

// quarterKey is the key of the column of what was spent in fiscal quarter q (1-4).
func quarterKey(q int) string { return "q" + strconv.Itoa(q) + "_spent" }

// budgetNotes explains what the budget report counts, in the words the README uses.
func budgetNotes(p Params, first, last models.Date, lines int) []string {
	notes := []string{
		fmt.Sprintf("Fiscal years are named by the calendar year they end in: FY%d runs from %s to %s.", p.FiscalYear, first, last),
		"A charge is spent when dated on or before as_of, forecast when dated after as_of and on or before the fiscal year end. Spent per quarter adds up to spent.",
		"Purchases: a device's purchase cost is charged on its purchase date to its budget line.",
		"Licences: billed monthly or annually, the cost is charged on the start date and every month or year after it while that date is before the end " +
			"date; one-off, once on the start date. Warranties and support contracts: the cost is charged once, on the start date. Items without a start " +
			"date have no dated charge for their current term.",
		"Renewals (\"of which renewals\"): the next term starts the day after the end date and is charged on that day, then every billing period " +
			"(warranties: every 12 months) at the same cost; one-off licences do not renew. Auto-renewing items renew every time (a renewal dated on or " +
			"before as_of counts as spent); other items are forecast to renew for one more 12-month term (12 monthly charges, or one annual or warranty " +
			"charge) only if they are still in force on as_of; one that ended before as_of has lapsed.",
		"Remaining = allocated - spent - forecast; % used = (spent + forecast) / allocated, blank when nothing is allocated.",
		"Amounts in different currencies are never added: a line with allocations or charges in several currencies has one row per currency, and " +
			"subtotals and totals are per currency.",
		"A charge falling in this year to a line of another fiscal year (a renewal of something bought on last year's line) counts against this year's " +
			"line with the same code; with no such line it is shown as \"(other fiscal year)\". Charges with no budget line are shown as \"(no budget " +
			"line)\". Both have nothing allocated, so their remaining is negative.",
	}
	if lines == 0 {
		notes = append(notes, fmt.Sprintf("There are no budget lines for FY%d.", p.FiscalYear))
	}
	return notes
}
