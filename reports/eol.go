package reports

import (
	"context"
	"fmt"
	"iter"
	"slices"

	"itreg/models"
)

// endOfLifeReport describes the end-of-life report: devices in service reaching the end of their life within the horizon.
func endOfLifeReport() Report {
	return Report{
		Name:  "end-of-life",
		Title: "Devices reaching end of life",
		Description: "Devices in service whose end of life (the earlier of the manufacturer's end of support and " +
			"purchase date + lifetime) falls before as_of + within days, overdue ones included, with warranty " +
			"status and estimated replacement cost, subtotalled by fiscal quarter.",
		Params:        []string{"as_of", "within", "department", "category"},
		DefaultWithin: 365,
		build:         buildEndOfLife,
	}
}

// eolColumns are the end-of-life report's columns.
var eolColumns = []Column{
	{Key: "asset_tag", Title: "Asset tag", Type: Text},
	{Key: "serial_number", Title: "Serial number", Type: Text},
	{Key: "hostname", Title: "Hostname", Type: Text},
	{Key: "category", Title: "Category", Type: Text},
	{Key: "department", Title: "Department", Type: Text},
	{Key: "assigned_to", Title: "Assigned to", Type: Text},
	{Key: "model", Title: "Model", Type: Text},
	{Key: "manufacturer", Title: "Manufacturer", Type: Text},
	{Key: "purchase_date", Title: "Purchase date", Type: DateCol},
	{Key: "age_months", Title: "Age (months)", Type: Integer},
	{Key: "end_of_life", Title: "End of life", Type: DateCol},
	{Key: "fiscal_quarter", Title: "Fiscal quarter", Type: Text},
	{Key: "days_left", Title: "Days left", Type: Integer},
	{Key: "status", Title: "Status", Type: Text},
	{Key: "warranty", Title: "Warranty", Type: Text},
	{Key: "replacement_cost", Title: "Estimated replacement cost", Type: MoneyCol},
	{Key: "budget_line", Title: "Budget line", Type: Text},
}

// eolLayout places the end-of-life report's cells by column key.
var eolLayout = newLayout(eolColumns)

// buildEndOfLife reads the devices reaching end of life from one query, in end-of-life order,
// into a spool (a temporary file), and returns a table whose rows come from the spool with a
// subtotal row per currency after each fiscal quarter. The query runs at the database's pace
// and its connection is back in the pool before the first row is yielded, so no connection
// waits on a slow client; memory holds buffers, not rows. A preview reads only its devices
// (the quarter being read when they run out has no subtotal row within them).
func buildEndOfLife(ctx context.Context, st *models.Store, r Report, p Params) (*Table, error) {
	spool, err := newDeviceSpool()
	if err != nil {
		return nil, err
	}
	f := models.DeviceReportFilter{Department: p.Department, Category: p.Category}
	if err := st.EachEndOfLifeDevice(ctx, f, p.AsOf.AddDays(p.Within), p.AsOf, p.Preview, spool.add); err != nil {
		spool.close()
		return nil, err
	}
	t := &Table{
		Name:        r.Name,
		Title:       EndOfLifeTitle(p),
		Columns:     eolColumns,
		Params:      append(p.TableParams(r), Param{Name: "fiscal_year_start", Value: fmt.Sprint(p.FiscalYearStart)}),
		Notes:       EndOfLifeNotes(p),
		GeneratedAt: st.Now().UTC(),
		Rows:        eolRows(st, p, spool),
	}
	return t, nil
}

// eolRowBatch is how many rows share one allocation of cells.
const eolRowBatch = 1024

// eolRows yields the spooled devices' rows, emitting each fiscal quarter's subtotal rows when
// the quarter changes and after the last device, and removes the spool at the end.
func eolRows(st *models.Store, p Params, spool *deviceSpool) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		defer spool.close()
		defaults := st.LifetimeDefaults()
		var group *quarterGroup
		var cells []any
		stopped := false
		err := spool.each(func(d *models.ReportDevice) bool {
			eol := d.Device().EndOfLife(defaults)
			fy, q := models.FiscalQuarterOf(eol, p.FiscalYearStart)
			if group == nil || group.fy != fy || group.q != q {
				if group != nil && !group.emit(yield) {
					stopped = true
					return false
				}
				group = newQuarterGroup(fy, q)
			}
			group.add(d.PurchaseCost)
			if len(cells) == 0 {
				// One allocation for the cells of a batch of rows; renderers may keep a row.
				cells = make([]any, eolRowBatch*len(eolColumns))
			}
			n := len(eolColumns)
			row := eolRow(d, eol, group.label, p.AsOf, cells[:n:n])
			cells = cells[n:]
			if !yield(row, nil) {
				stopped = true
				return false
			}
			return true
		})
		switch {
		case stopped:
		case err != nil:
			yield(Row{}, err)
		case group != nil:
			group.emit(yield)
		}
	}
}

// eolRow builds the row of one device into cells (len(eolColumns), blank).
func eolRow(d *models.ReportDevice, eol models.Date, quarter string, asOf models.Date, cells []any) Row {
	left := asOf.DaysUntil(eol)
	status, flag := "due", ""
	if eol.Before(asOf) {
		status, flag = "overdue", "overdue"
	}
	if !d.PurchaseDate.IsZero() {
		cells[eolAge] = int64(monthsBetween(d.PurchaseDate, asOf))
	}
	cells[eolAssetTag], cells[eolSerial], cells[eolHostname] = d.AssetTag, d.Serial, d.Hostname
	cells[eolCategory], cells[eolDepartment], cells[eolAssignee] = d.Category, d.Department, d.Assignee
	cells[eolModel], cells[eolManufacturer], cells[eolPurchaseDate] = d.Model, d.Manufacturer, d.PurchaseDate
	cells[eolEndOfLife], cells[eolQuarter], cells[eolDaysLeft] = eol, quarter, int64(left)
	cells[eolStatus], cells[eolWarranty], cells[eolCost] = status, coverText(d.Cover, asOf), d.PurchaseCost
	cells[eolBudgetLine] = d.BudgetLine
	return Row{Cells: cells, Flag: flag}
}

// The positions of eolColumns, for eolRow, which fills a row by position rather than by key:
// a row is built per device, hundreds of thousands of times.
const (
	eolAssetTag = iota
	eolSerial
	eolHostname
	eolCategory
	eolDepartment
	eolAssignee
	eolModel
	eolManufacturer
	eolPurchaseDate
	eolAge
	eolEndOfLife
	eolQuarter
	eolDaysLeft
	eolStatus
	eolWarranty
	eolCost
	eolBudgetLine
)

// quarterGroup adds up one fiscal quarter's devices and money per currency.
type quarterGroup struct {
	fy, q   int
	label   string
	count   int
	perCur  map[string]int64
	countBy map[string]int
}

// newQuarterGroup starts a quarter's group.
func newQuarterGroup(fy, q int) *quarterGroup {
	return &quarterGroup{
		fy: fy, q: q, label: models.FiscalQuarterLabel(fy, q),
		perCur: map[string]int64{}, countBy: map[string]int{},
	}
}

// add counts one device and its cost.
func (g *quarterGroup) add(m models.Money) {
	g.count++
	if !m.IsZero() {
		g.perCur[m.Currency] += m.Amount
		g.countBy[m.Currency]++
	}
}

// emit yields the quarter's subtotal rows: one per currency in currency order, or one row
// without money when no device in the quarter has a cost. It returns false when the consumer stopped.
func (g *quarterGroup) emit(yield func(Row, error) bool) bool {
	currencies := make([]string, 0, len(g.perCur))
	for c := range g.perCur {
		currencies = append(currencies, c)
	}
	slices.Sort(currencies)
	if len(currencies) == 0 {
		return yield(g.row(fmt.Sprintf("%s subtotal (%s)", g.label, plural(g.count, "device")), nil), nil)
	}
	for _, c := range currencies {
		label := fmt.Sprintf("%s subtotal (%s)", g.label, plural(g.count, "device"))
		if len(currencies) > 1 || g.countBy[c] != g.count {
			label = fmt.Sprintf("%s subtotal %s (%d of %s)", g.label, c, g.countBy[c], plural(g.count, "device"))
		}
		if !yield(g.row(label, &models.Money{Amount: g.perCur[c], Currency: c}), nil) {
			return false
		}
	}
	return true
}

// row builds one subtotal row with the label in the first column and the quarter in its column.
func (g *quarterGroup) row(label string, m *models.Money) Row {
	r := eolLayout.row(col("asset_tag", label), col("fiscal_quarter", g.label))
	if m != nil {
		eolLayout.set(&r, "replacement_cost", *m)
	}
	r.Subtotal = true
	return r
}

// plural writes "1 device" or "3 devices".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// monthsBetween counts the whole months from a to b, counting months as Date.AddMonths does
// (31 January + 1 month = the last day of February); 0 when b is not after a.
func monthsBetween(a, b models.Date) int {
	n := (b.Year-a.Year)*12 + int(b.Month) - int(a.Month)
	if a.AddMonths(n).After(b) {
		n--
	}
	return max(n, 0)
}

// coverText describes a device's warranty position on asOf for a reader.
func coverText(c models.DeviceCover, asOf models.Date) string {
	switch {
	case c.Covered:
		return "covered until " + c.End.String()
	case c.End.IsZero():
		return "none"
	case c.End.Before(asOf):
		return "expired " + c.End.String()
	}
	return "not started yet, ends " + c.End.String()
}

// EndOfLifeTitle is the end-of-life report's title.
func EndOfLifeTitle(p Params) string {
	return fmt.Sprintf("Devices reaching end of life before %s (as of %s)", p.AsOf.AddDays(p.Within), p.AsOf)
}

// EndOfLifeNotes are the end-of-life report's notes: what it lists and how it counts.
func EndOfLifeNotes(p Params) []string {
	horizon := p.AsOf.AddDays(p.Within)
	return []string{
		"Devices in service only: retired, disposed and lost devices are left out.",
		"End of life is the earlier of the manufacturer's end of support and purchase date + lifetime " +
			"(the device's own lifetime in months, else its category's default); devices with neither date are left out.",
		fmt.Sprintf("Listed: end of life before %s (as_of + %d days). Overdue: end of life before as_of; days left is then negative.", horizon, p.Within),
		"Age is in whole months from the purchase date to as_of.",
		"Warranty: 'covered until' the end of the longest cover active on as_of; 'expired' the end of the last one; 'none' when no warranty is recorded.",
		"Estimated replacement cost is the device's original purchase price, in its own currency; totals are per currency.",
		fmt.Sprintf("Rows are ordered by end of life and grouped by fiscal quarter (fiscal years start in month %d and are named by the year they end); "+
			"a subtotal row per currency follows each quarter.", p.FiscalYearStart),
	}
}
