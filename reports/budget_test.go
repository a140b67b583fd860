package reports

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// finRegister builds the small registers of the finance report tests through the store.
type finRegister struct {
	t   *testing.T
	ctx context.Context
	st  *models.Store
	n   int
}

func newFinRegister(t *testing.T, st *models.Store) *finRegister {
	return &finRegister{t: t, ctx: context.Background(), st: st}
}

// money parses "1234.50 GBP".
func finMoney(s string) models.Money {
	if s == "" {
		return models.Money{}
	}
	amount, cur, _ := strings.Cut(s, " ")
	m, err := models.ParseMoney(amount, cur)
	if err != nil {
		panic(err)
	}
	return m
}

// date parses YYYY-MM-DD, "" for none.
func finDate(s string) models.Date {
	if s == "" {
		return models.Date{}
	}
	return models.MustDate(s)
}

func (r *finRegister) must(err error) {
	r.t.Helper()
	if err != nil {
		r.t.Fatal(err)
	}
}

func (r *finRegister) vendor(name string) int64 {
	r.t.Helper()
	v := &models.Vendor{Name: name}
	r.must(r.st.CreateVendor(r.ctx, v))
	return v.ID
}

func (r *finRegister) line(code, name string, fy int, category, allocated string) *int64 {
	r.t.Helper()
	b := &models.BudgetLine{Code: code, Name: name, FiscalYear: fy, Category: category,
		CostCentre: "CC-" + code, Owner: "Owner " + code, Allocated: finMoney(allocated)}
	r.must(r.st.CreateBudgetLine(r.ctx, b))
	return &b.ID
}

// device stores a device; lifetime 0 leaves the category default.
func (r *finRegister) device(category, status, purchased, cost string, line *int64, lifetime int) int64 {
	r.t.Helper()
	r.n++
	tag := fmt.Sprintf("T%03d", r.n)
	d := &models.Device{AssetTag: &tag, Category: category, Status: status, PurchaseDate: finDate(purchased),
		PurchaseCost: finMoney(cost), BudgetLineID: line}
	if lifetime > 0 {
		d.LifetimeMonths = &lifetime
	}
	r.must(r.st.CreateDevice(r.ctx, d))
	return d.ID
}

// licence stores a licence; seats < 0 means unlimited.
func (r *finRegister) licence(l models.Licence) int64 {
	r.t.Helper()
	if l.Type == "" {
		l.Type = "subscription"
	}
	if l.Metric == "" {
		l.Metric = "per_user"
	}
	r.must(r.st.CreateLicence(r.ctx, &l))
	return l.ID
}

// seats assigns n seats by name through the bulk insert imports use (no seat-limit check), so a licence can be over-assigned
// as an import or a lowered seat count leaves it.
func (r *finRegister) seats(licence int64, n int) {
	r.t.Helper()
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{modeltest.Clock, modeltest.Clock, licence, "person" + string(rune('a'+i))}
	}
	r.must(r.st.WithImportTx(r.ctx, nil, func(tx *models.Store) error {
		return tx.BulkInsertRows(r.ctx, "licence_seats", []string{"created_at", "updated_at", "licence_id", "assignee"}, rows)
	}))
}

func (r *finRegister) warranty(w models.Warranty) {
	r.t.Helper()
	r.must(r.st.CreateWarranty(r.ctx, &w))
}

// finRows collects a table's rows as people read the cells ("1234.50 GBP", "22.3%"), with
// "*" appended to subtotal rows' first cell and "!flag" to flagged rows.
func finRows(t *testing.T, tbl *Table) []string {
	t.Helper()
	rows, err := tbl.Collect()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		cells := make([]string, len(tbl.Columns))
		for j := range tbl.Columns {
			cells[j] = cellAt(tbl.Columns, r.Cells, j).display()
		}
		if r.Subtotal {
			cells[0] += "*"
		}
		if r.Flag != "" {
			cells = append(cells, "!"+r.Flag)
		}
		out[i] = strings.Join(cells, "|")
	}
	return out
}

// budgetRegister is the budget test's register. The fiscal year starts in April: FY2027 runs
// 2026-04-01 .. 2027-03-31, Q1 Apr-Jun, Q2 Jul-Sep, Q3 Oct-Dec, Q4 Jan-Mar; as_of is
// modeltest.Clock, 2026-11-22. The hand-worked charges of each record are in the comments.
func budgetRegister(t *testing.T, st *models.Store) {
	r := newFinRegister(t, st)
	hw := r.line("HW-27", "Laptops", 2027, "capex", "10000.00 GBP")
	r.line("EMPTY-27", "Nothing allocated", 2027, "capex", "") // one row, no amounts
	sw := r.line("SW-27", "Software", 2027, "opex", "5000.00 GBP")
	old := r.line("HW-26", "Laptops last year", 2026, "capex", "8000.00 GBP") // not shown: FY2026

	// Purchases.
	r.device("laptop", "deployed", "2026-05-10", "1200.00 GBP", hw, 0)  // HW-27 spent, Q1
	r.device("laptop", "deployed", "2024-02-29", "999.99 GBP", old, 0)  // before the year: nothing
	r.device("desktop", "ordered", "2026-12-15", "800.00 GBP", hw, 0)   // after as_of: HW-27 forecast (not a renewal)
	r.device("monitor", "deployed", "2026-04-01", "250.00 GBP", nil, 0) // first day of the year: no line, Q1
	r.device("server", "deployed", "2026-03-31", "5000.00 GBP", hw, 0)  // last day of FY2026: nothing
	r.device("phone", "deployed", "2026-09-30", "300.00 GBP", old, 0)   // FY2026 line: other fiscal year, Q2

	// A monthly licence in USD on SW-27, 100.00 a month from 2026-01-31 (dates clamp to the
	// month's end: 04-30, 05-31, ...), contracted while before the end date 2027-01-30:
	// in the year 04-30 05-31 06-30 (Q1 300.00), 07-31 08-31 09-30 (Q2 300.00), 10-31 (Q3
	// 100.00) are spent = 700.00; 11-30 12-31 are forecast = 200.00. Auto-renewal from the
	// day after the end, 2027-01-31, monthly: 01-31 02-28 03-31 = 300.00 renewals. Forecast 500.00.
	r.licence(models.Licence{Product: "M365", Cost: finMoney("100.00 USD"), BillingPeriod: "monthly",
		StartDate: finDate("2026-01-31"), EndDate: finDate("2027-01-30"), AutoRenew: true, BudgetLineID: sw})
	// Annual, not auto-renewing, ended 2026-06-14 before as_of: lapsed, nothing in the year.
	r.licence(models.Licence{Product: "Lapsed", Cost: finMoney("1200.00 GBP"), BillingPeriod: "annual",
		StartDate: finDate("2025-06-15"), EndDate: finDate("2026-06-14"), BudgetLineID: sw})
	// Annual, not auto-renewing, still in force on as_of (ends 2026-11-30): renewal forecast
	// 600.00 on 2026-12-01.
	r.licence(models.Licence{Product: "Jira", Cost: finMoney("600.00 GBP"), BillingPeriod: "annual",
		StartDate: finDate("2025-12-01"), EndDate: finDate("2026-11-30"), BudgetLineID: sw})
	// One-off on 2026-07-01: SW-27 spent 450.00 in Q2; one-off never renews.
	r.licence(models.Licence{Product: "Visio", Type: "perpetual", Cost: finMoney("450.00 GBP"), BillingPeriod: "one_off",
		StartDate: finDate("2026-07-01"), BudgetLineID: sw})
	// Auto-renewing, ended 2026-08-31: renewed 2026-09-01 (before as_of): no line, spent 240.00 in Q2.
	r.licence(models.Licence{Product: "Slack", Cost: finMoney("240.00 GBP"), BillingPeriod: "annual",
		StartDate: finDate("2025-09-01"), EndDate: finDate("2026-08-31"), AutoRenew: true})

	// Warranties: the cost falls once on the start date; renewals the day after the end.
	r.warranty(models.Warranty{Kind: "extended", StartDate: finDate("2026-05-01"), EndDate: finDate("2029-04-30"),
		Cost: finMoney("150.00 GBP"), BudgetLineID: hw}) // HW-27 spent 150.00, Q1
	r.warranty(models.Warranty{Kind: "support", StartDate: finDate("2025-04-01"), EndDate: finDate("2027-03-30"),
		Cost: finMoney("1000.00 GBP"), AutoRenew: true, BudgetLineID: sw}) // renews 2027-03-31, the year's last day: SW-27 renewal 1000.00
	r.warranty(models.Warranty{Kind: "manufacturer", EndDate: finDate("2027-01-15"),
		Cost: finMoney("80.00 GBP"), BudgetLineID: hw}) // no start: no charge for this term; renewal 2027-01-16: HW-27 renewal 80.00
}

func TestBudgetReport(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		budgetRegister(t, st)
		tbl := opsBuild(t, st, "budget", url.Values{}, 4) // fiscal_year defaults to FY2027, the year of as_of
		t.Run("title and params", func(t *testing.T) {
			if want := "Budget FY2027 (2026-04-01 to 2027-03-31) as of 2026-11-22"; tbl.Title != want {
				t.Errorf("title = %q, want %q", tbl.Title, want)
			}
			if len(tbl.Params) != 2 || tbl.Params[0] != (Param{"as_of", "2026-11-22"}) || tbl.Params[1] != (Param{"fiscal_year", "2027"}) {
				t.Errorf("params = %v", tbl.Params)
			}
			if got := tbl.Columns[12].Title + "," + tbl.Columns[15].Title; got != "Q1 spent (Apr-Jun),Q4 spent (Jan-Mar)" {
				t.Errorf("quarter titles = %q", got)
			}
		})
		// Columns: code|name|category|cost centre|owner|currency|allocated|spent|forecast|
		// of which renewals|remaining|% used|Q1|Q2|Q3|Q4.
		want := []string{
			// capex lines by code. EMPTY-27 has no allocation and no charge: one blank row.
			"EMPTY-27|Nothing allocated|capex|CC-EMPTY-27|Owner EMPTY-27|||||||||||",
			// HW-27: spent 1200.00 laptop + 150.00 warranty = 1350.00 (Q1); forecast 800.00
			// desktop + 80.00 warranty renewal = 880.00; remaining 10000 - 1350 - 880 = 7770.00;
			// used 2230 / 10000 = 22.3%.
			"HW-27|Laptops|capex|CC-HW-27|Owner HW-27|GBP|10000.00 GBP|1350.00 GBP|880.00 GBP|80.00 GBP|7770.00 GBP|22.3%|1350.00 GBP|0.00 GBP|0.00 GBP|0.00 GBP",
			"CAPEX*|CAPEX subtotal|capex|||GBP|10000.00 GBP|1350.00 GBP|880.00 GBP|80.00 GBP|7770.00 GBP|22.3%|1350.00 GBP|0.00 GBP|0.00 GBP|0.00 GBP",
			// SW-27 GBP: spent 450.00 Visio (Q2); forecast 600.00 Jira + 1000.00 support =
			// 1600.00, all renewals; remaining 5000 - 450 - 1600 = 2950.00; used 2050 / 5000 = 41%.
			"SW-27|Software|opex|CC-SW-27|Owner SW-27|GBP|5000.00 GBP|450.00 GBP|1600.00 GBP|1600.00 GBP|2950.00 GBP|41.0%|0.00 GBP|450.00 GBP|0.00 GBP|0.00 GBP",
			// SW-27 USD: the monthly licence; nothing allocated in USD so % used is blank.
			"SW-27|Software|opex|CC-SW-27|Owner SW-27|USD|0.00 USD|700.00 USD|500.00 USD|300.00 USD|-1200.00 USD||300.00 USD|300.00 USD|100.00 USD|0.00 USD",
			"OPEX*|OPEX subtotal|opex|||GBP|5000.00 GBP|450.00 GBP|1600.00 GBP|1600.00 GBP|2950.00 GBP|41.0%|0.00 GBP|450.00 GBP|0.00 GBP|0.00 GBP",
			"OPEX*|OPEX subtotal|opex|||USD|0.00 USD|700.00 USD|500.00 USD|300.00 USD|-1200.00 USD||300.00 USD|300.00 USD|100.00 USD|0.00 USD",
			// The phone charged to the FY2026 line HW-26.
			"(other fiscal year)|Charged to a budget line of another fiscal year||||GBP|0.00 GBP|300.00 GBP|0.00 GBP|0.00 GBP|-300.00 GBP||0.00 GBP|300.00 " +
				"GBP|0.00 GBP|0.00 GBP",
			// The monitor 250.00 (Q1) and Slack's auto-renewal 240.00 (Q2).
			"(no budget line)|Not charged to any budget line||||GBP|0.00 GBP|490.00 GBP|0.00 GBP|0.00 GBP|-490.00 GBP||250.00 GBP|240.00 GBP|0.00 GBP|0.00 GBP",
			// GBP: allocated 15000; spent 1350 + 450 + 300 + 490 = 2590; forecast 880 + 1600 =
			// 2480; renewals 80 + 1600 = 1680; remaining 15000 - 2590 - 2480 = 9930; used
			// 5070 / 15000 = 33.8%; Q1 1350 + 250 = 1600, Q2 450 + 300 + 240 = 990.
			"TOTAL*|Total||||GBP|15000.00 GBP|2590.00 GBP|2480.00 GBP|1680.00 GBP|9930.00 GBP|33.8%|1600.00 GBP|990.00 GBP|0.00 GBP|0.00 GBP",
			"TOTAL*|Total||||USD|0.00 USD|700.00 USD|500.00 USD|300.00 USD|-1200.00 USD||300.00 USD|300.00 USD|100.00 USD|0.00 USD",
		}
		opsCheckRows(t, finRows(t, budgetTable(t, st, url.Values{})), want)
		t.Run("totals reconcile", func(t *testing.T) {
			checkBudgetReconciles(t, budgetTable(t, st, url.Values{}))
		})
		t.Run("other fiscal year", func(t *testing.T) {
			// In FY2026 (2025-04-01 .. 2026-03-31) as of 2026-11-22 everything is spent, and
			// most of it was charged to FY2027 lines: the server 2026-03-31 5000.00 (Q4) on
			// HW-27; on SW-27 the support contract 2025-04-01 1000.00 and the lapsed licence
			// 2025-06-15 1200.00 (Q1), Jira 2025-12-01 600.00 (Q3), M365 2026-01-31, 02-28,
			// 03-31 = 300.00 USD (Q4). Slack 2025-09-01 240.00 (Q2) has no line. HW-26 has
			// nothing in its own year (the leap-day laptop was bought in FY2024). GBP total:
			// spent 7800 + 240 = 8040 against 8000 allocated: remaining -40.00, used 100.5%.
			got := finRows(t, budgetTable(t, st, url.Values{"fiscal_year": {"2026"}}))
			want := []string{
				"HW-26|Laptops last year|capex|CC-HW-26|Owner HW-26|GBP|8000.00 GBP|0.00 GBP|0.00 GBP|0.00 GBP|8000.00 GBP|0.0%|0.00 GBP|0.00 GBP|0.00 GBP|0.00 GBP",
				"CAPEX*|CAPEX subtotal|capex|||GBP|8000.00 GBP|0.00 GBP|0.00 GBP|0.00 GBP|8000.00 GBP|0.0%|0.00 GBP|0.00 GBP|0.00 GBP|0.00 GBP",
				"(other fiscal year)|Charged to a budget line of another fiscal year||||GBP|0.00 GBP|7800.00 GBP|0.00 GBP|0.00 GBP|-7800.00 GBP||2200.00 " +
					"GBP|0.00 GBP|600.00 GBP|5000.00 GBP",
				"(other fiscal year)|Charged to a budget line of another fiscal year||||USD|0.00 USD|300.00 USD|0.00 USD|0.00 USD|-300.00 USD||0.00 USD|0.00 " +
					"USD|0.00 USD|300.00 USD",
				"(no budget line)|Not charged to any budget line||||GBP|0.00 GBP|240.00 GBP|0.00 GBP|0.00 GBP|-240.00 GBP||0.00 GBP|240.00 GBP|0.00 GBP|0.00 GBP",
				"TOTAL*|Total||||GBP|8000.00 GBP|8040.00 GBP|0.00 GBP|0.00 GBP|-40.00 GBP|100.5%|2200.00 GBP|240.00 GBP|600.00 GBP|5000.00 GBP",
				"TOTAL*|Total||||USD|0.00 USD|300.00 USD|0.00 USD|0.00 USD|-300.00 USD||0.00 USD|0.00 USD|0.00 USD|300.00 USD",
			}
			opsCheckRows(t, got, want)
		})
		t.Run("year without budget lines", func(t *testing.T) {
			tbl := budgetTable(t, st, url.Values{"fiscal_year": {"2031"}})
			if n := tbl.Notes[len(tbl.Notes)-1]; n != "There are no budget lines for FY2031." {
				t.Errorf("last note = %q", n)
			}
			// FY2031 is 2030-04-01 .. 2031-03-31, all after as_of, so all forecast renewals.
			// Auto-renewing items renew every time: M365 monthly from 2027-01-31 (12 x 100.00
			// USD: 2030-04-30 .. 2031-03-31), the support contract yearly from 2027-03-31
			// (2031-03-31, the last day: 1000.00), Slack yearly from 2026-09-01 (2030-09-01:
			// 240.00, no line). Jira and the manufacturer warranty do not auto-renew: their
			// one further term (from 2026-12-01 and 2027-01-16) is over by then.
			got := finRows(t, tbl)
			want := []string{
				"(other fiscal year)|Charged to a budget line of another fiscal year||||GBP|0.00 GBP|0.00 GBP|1000.00 GBP|1000.00 GBP|-1000.00 GBP||0.00 " +
					"GBP|0.00 GBP|0.00 GBP|0.00 GBP",
				"(other fiscal year)|Charged to a budget line of another fiscal year||||USD|0.00 USD|0.00 USD|1200.00 USD|1200.00 USD|-1200.00 USD||0.00 " +
					"USD|0.00 USD|0.00 USD|0.00 USD",
				"(no budget line)|Not charged to any budget line||||GBP|0.00 GBP|0.00 GBP|240.00 GBP|240.00 GBP|-240.00 GBP||0.00 GBP|0.00 GBP|0.00 GBP|0.00 GBP",
				"TOTAL*|Total||||GBP|0.00 GBP|0.00 GBP|1240.00 GBP|1240.00 GBP|-1240.00 GBP||0.00 GBP|0.00 GBP|0.00 GBP|0.00 GBP",
				"TOTAL*|Total||||USD|0.00 USD|0.00 USD|1200.00 USD|1200.00 USD|-1200.00 USD||0.00 USD|0.00 USD|0.00 USD|0.00 USD",
			}
			opsCheckRows(t, got, want)
			checkBudgetReconciles(t, budgetTable(t, st, url.Values{"fiscal_year": {"2031"}}))
		})
		t.Run("xlsx cell by cell", func(t *testing.T) {
			checkBudgetXLSX(t, budgetTable(t, st, url.Values{}))
		})
	})
}

// budgetTable builds the budget report with an April fiscal year start.
func budgetTable(t *testing.T, st *models.Store, q url.Values) *Table {
	t.Helper()
	return opsBuild(t, st, "budget", q, 4)
}

// checkBudgetReconciles checks that, per currency and money column, the TOTAL rows equal the
// sum of the line rows, and each CAPEX/OPEX subtotal the sum of its category's lines.
func checkBudgetReconciles(t *testing.T, tbl *Table) {
	t.Helper()
	rows, err := tbl.Collect()
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		group, column, currency string
	}
	lines, subtotals := map[key]int64{}, map[key]int64{}
	for _, r := range rows {
		code, category := r.Cells[0].(string), r.Cells[2].(string)
		for i, c := range tbl.Columns {
			m, ok := r.Cells[i].(models.Money)
			if c.Type != MoneyCol || !ok {
				continue
			}
			switch {
			case r.Subtotal && code == "TOTAL":
				subtotals[key{"total", c.Key, m.Currency}] += m.Amount
			case r.Subtotal:
				subtotals[key{category, c.Key, m.Currency}] += m.Amount
			default:
				lines[key{"total", c.Key, m.Currency}] += m.Amount
				if category != "" {
					lines[key{category, c.Key, m.Currency}] += m.Amount
				}
			}
		}
	}
	if len(subtotals) == 0 {
		t.Fatal("no subtotal rows")
	}
	for k, want := range lines {
		if got := subtotals[k]; got != want {
			t.Errorf("%s %s %s: subtotal %d, sum of rows %d", k.group, k.column, k.currency, got, want)
		}
	}
	for k, got := range subtotals {
		if _, ok := lines[k]; !ok && got != 0 {
			t.Errorf("%s %s %s: subtotal %d with no rows", k.group, k.column, k.currency, got)
		}
	}
}

// checkBudgetXLSX renders the budget as XLSX and reads it back cell by cell.
func checkBudgetXLSX(t *testing.T, tbl *Table) {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderXLSX(&buf, tbl); err != nil {
		t.Fatal(err)
	}
	f := mustOpenXLSX(t, &buf)
	const sheet = "budget"
	p, err := f.GetPanes(sheet)
	if err != nil || !p.Freeze || p.YSplit != 2 || p.TopLeftCell != "A3" {
		t.Errorf("panes = %+v, %v; want frozen below the header row", p, err)
	}
	tests := []cellWant{
		{"A1", "Budget FY2027 (2026-04-01 to 2027-03-31) as of 2026-11-22", "", ""},
		{"A2", "Code", "", ""},
		{"J2", "of which renewals", "", ""},
		{"M2", "Q1 spent (Apr-Jun)", "", ""},
		{"A3", "EMPTY-27", "", ""},
		{"G3", "", "", ""},
		{"A4", "HW-27", "", ""},
		{"G4", "10000", "£10,000.00", `"£"#,##0.00`},
		{"H4", "1350", "£1,350.00", `"£"#,##0.00`},
		{"K4", "7770", "£7,770.00", `"£"#,##0.00`},
		{"L4", "0.223", "22.3%", "0.0%"},
		{"A5", "CAPEX", "", ""},
		{"F7", "USD", "", ""},
		{"H7", "700", "$700.00", `"$"#,##0.00`},
		{"K7", "-1200", "-$1,200.00", `"$"#,##0.00`},
		{"L7", "", "", ""},
		{"O7", "100", "$100.00", `"$"#,##0.00`},
		{"A12", "TOTAL", "", ""},
		{"K12", "9930", "£9,930.00", `"£"#,##0.00`},
		{"L12", "0.338", "33.8%", "0.0%"},
		// The report's own TOTAL rows end it: no renderer totals row repeats them.
		{"A14", "", "", ""},
		{"A15", "", "", ""},
	}
	checkCells(t, f, sheet, tests)
}

func TestScheduleCharges(t *testing.T) {
	first, last := models.MustDate("2026-01-01"), models.MustDate("2026-12-31")
	tests := []struct {
		name string
		item models.CostItem
		want string // dates, renewals marked "r"
	}{
		{"annual within term", models.CostItem{Kind: "licence", BillingPeriod: "annual",
			StartDate: finDate("2024-03-15"), EndDate: finDate("2027-03-14")}, "2026-03-15"},
		{"annual from a leap day", models.CostItem{Kind: "licence", BillingPeriod: "annual",
			StartDate: finDate("2024-02-29")}, "2026-02-28"},
		{"monthly clamps to month end", models.CostItem{Kind: "licence", BillingPeriod: "monthly",
			StartDate: finDate("2025-10-31"), EndDate: finDate("2026-04-30")},
			"2026-01-31 2026-02-28 2026-03-31"},
		{"monthly renewal not auto, still in force", models.CostItem{Kind: "licence", BillingPeriod: "monthly",
			StartDate: finDate("2025-01-01"), EndDate: finDate("2026-10-31")},
			"2026-01-01 2026-02-01 2026-03-01 2026-04-01 2026-05-01 2026-06-01 2026-07-01 2026-08-01 2026-09-01 2026-10-01 2026-11-01r 2026-12-01r"},
		{"annual lapsed", models.CostItem{Kind: "licence", BillingPeriod: "annual",
			StartDate: finDate("2025-05-01"), EndDate: finDate("2026-04-30")}, ""},
		{"annual auto-renewed", models.CostItem{Kind: "licence", BillingPeriod: "annual", AutoRenew: true,
			StartDate: finDate("2025-05-01"), EndDate: finDate("2026-04-30")}, "2026-05-01r"},
		{"one-off in the year", models.CostItem{Kind: "licence", BillingPeriod: "one_off",
			StartDate: finDate("2026-02-01"), EndDate: finDate("2026-02-01"), AutoRenew: true}, "2026-02-01"},
		{"warranty start and renewal", models.CostItem{Kind: "warranty", AutoRenew: true,
			StartDate: finDate("2026-01-01"), EndDate: finDate("2026-06-30")}, "2026-01-01 2026-07-01r"},
		{"warranty auto-renewed years ago", models.CostItem{Kind: "warranty", AutoRenew: true,
			StartDate: finDate("2020-09-10"), EndDate: finDate("2021-09-09")}, "2026-09-10r"},
		{"warranty without a start", models.CostItem{Kind: "warranty", EndDate: finDate("2026-07-01")}, "2026-07-02r"},
		{"monthly not auto renews for one 12-month term", models.CostItem{Kind: "licence", BillingPeriod: "monthly",
			StartDate: finDate("2025-06-30"), EndDate: finDate("2025-09-30")}, // next term 2025-10-01 .. 2026-09-30
			"2026-01-01r 2026-02-01r 2026-03-01r 2026-04-01r 2026-05-01r 2026-06-01r 2026-07-01r 2026-08-01r 2026-09-01r"},
	}
	// as_of is 2026-06-30 except where set here.
	asOfs := map[string]string{"monthly not auto renews for one 12-month term": "2025-09-01"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			asOf := models.MustDate(cmp.Or(asOfs[tc.name], "2026-06-30"))
			var got []string
			scheduleCharges(tc.item, asOf, first, last, func(on models.Date, renewal bool) {
				s := on.String()
				if renewal {
					s += "r"
				}
				got = append(got, s)
			})
			if strings.Join(got, " ") != tc.want {
				t.Errorf("charges = %q, want %q", strings.Join(got, " "), tc.want)
			}
		})
	}
}

// TestBudgetRenewalOfLastYearsLine: an annual licence bought on last year's SW line renews
// this year; the renewal counts against this year's SW line, not "(other fiscal year)".
// April fiscal years, FY2027 = 2026-04-01 .. 2027-03-31, as of 2026-11-22.
func TestBudgetRenewalOfLastYearsLine(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		r := newFinRegister(t, st)
		old := r.line("SW", "Software", 2026, "opex", "1000.00 GBP")
		r.line("SW", "Software", 2027, "opex", "5000.00 GBP")
		// Bought 2026-03-01 (FY2026) for a year, auto-renewing: the term ends 2027-02-28 and
		// the renewal of 1,200.00 falls on 2027-03-01, after as_of and inside FY2027: forecast.
		r.licence(models.Licence{Product: "CAD suite", StartDate: finDate("2026-03-01"), EndDate: finDate("2027-02-28"),
			AutoRenew: true, Cost: finMoney("1200.00 GBP"), BillingPeriod: "annual", BudgetLineID: old})
		tbl := budgetTable(t, st, url.Values{"fiscal_year": {"2027"}})
		rows := finRows(t, tbl)
		// SW FY2027: allocated 5,000.00, spent 0.00, forecast 1,200.00 (all renewal), remaining
		// 3,800.00, used 1,200 / 5,000 = 24.0%; nothing spent in the quarters; no other rows.
		want := []string{
			"SW|Software|opex|CC-SW|Owner SW|GBP|5000.00 GBP|0.00 GBP|1200.00 GBP|1200.00 GBP|3800.00 GBP|24.0%|0.00 GBP|0.00 GBP|0.00 GBP|0.00 GBP",
			"OPEX*|OPEX subtotal|opex|||GBP|5000.00 GBP|0.00 GBP|1200.00 GBP|1200.00 GBP|3800.00 GBP|24.0%|0.00 GBP|0.00 GBP|0.00 GBP|0.00 GBP",
			"TOTAL*|Total||||GBP|5000.00 GBP|0.00 GBP|1200.00 GBP|1200.00 GBP|3800.00 GBP|24.0%|0.00 GBP|0.00 GBP|0.00 GBP|0.00 GBP",
		}
		if strings.Join(rows, "\n") != strings.Join(want, "\n") {
			t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
		}
		checkBudgetReconciles(t, tbl)
	})
}
