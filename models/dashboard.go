package models

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"gorm.io/gorm"
)

// Tile is one figure on a home page: a count, money per currency where it has any, and the
// filtered lists behind it, whose totals add up to the count (a renewal tile counts licences
// and warranties, so it has a list of each).
type Tile struct {
	Key    string
	Label  string
	Count  int64
	Totals []Money // per currency, by code; empty when the tile carries no money
	Lists  []TileList
}

// TileList is one list behind a tile: which list ("devices", "licences", "warranties") and its
// filter. Exactly one of the filters is set.
type TileList struct {
	List       string
	Devices    *DeviceFilter
	Licences   *LicenceFilter
	Warranties *WarrantyFilter
}

// Query returns the list's filter as query parameters, for a link to the list.
func (l TileList) Query() url.Values {
	switch {
	case l.Devices != nil:
		return l.Devices.Query()
	case l.Licences != nil:
		return l.Licences.Query()
	case l.Warranties != nil:
		return l.Warranties.Query()
	}
	return url.Values{}
}

// ITDashboard is the IT manager's home page: devices by status, devices past end of life or
// without cover while in service, over-assigned licences and the last imports.
type ITDashboard struct {
	AsOf          Date
	ByStatus      []Tile // one per status, in DeviceStatuses order
	PastEndOfLife Tile   // in service with an end of life before AsOf
	Uncovered     Tile   // in service and no warranty covering AsOf
	OverAssigned  Tile   // licences with more seats assigned than bought
	LastImports   []ImportRun
}

// LastImportsShown is how many imports the IT home page lists.
const LastImportsShown = 5

// ITDashboard counts the IT manager's tiles on asOf with aggregate queries only (kept while
// the register is unchanged, see summaries) and reads the last imports.
func (s *Store) ITDashboard(ctx context.Context, asOf Date) (*ITDashboard, error) {
	tiles, err := Summary(ctx, s, "it|"+asOf.String()+s.lifetimesKey(), func() (*ITDashboard, error) { return s.itTiles(ctx, asOf) })
	if err != nil {
		return nil, err
	}
	d := *tiles
	err = s.db.WithContext(ctx).Omit("file_bytes", "errors", "result", "options").
		Order("created_at DESC, id DESC").Limit(LastImportsShown).Find(&d.LastImports).Error
	if err != nil {
		return nil, fmt.Errorf("it dashboard: last imports: %w", err)
	}
	return &d, nil
}

// itTiles counts the IT manager's tiles: one pass over the devices for the status tiles and
// past end of life, the anti join for cover, one grouped count of seats.
func (s *Store) itTiles(ctx context.Context, asOf Date) (*ITDashboard, error) {
	d := &ITDashboard{AsOf: asOf}
	yes := true
	pastEOL := DeviceFilter{DeviceStateFilter: DeviceStateFilter{InService: &yes, EOLBefore: asOf}}
	uncovered := DeviceFilter{DeviceStateFilter: DeviceStateFilter{InService: &yes, UncoveredOn: asOf}}
	byStatus, err := countPass(s.db.WithContext(ctx).Model(&Device{}), "devices.status",
		[]sqlCond{allOf(s.deviceStateConds(pastEOL.DeviceStateFilter))}, "")
	if err != nil {
		return nil, fmt.Errorf("it dashboard: devices by status: %w", err)
	}
	for _, st := range DeviceStatuses {
		t := Tile{Key: "status_" + st, Label: strings.ReplaceAll(st, "_", " "), Lists: deviceList(DeviceFilter{Status: st})}
		for _, g := range byStatus {
			if g.Key == st {
				t.Count = g.Rows
			}
		}
		d.ByStatus = append(d.ByStatus, t)
	}
	d.PastEndOfLife = Tile{Key: "past_end_of_life", Label: "Past end of life, still in service", Count: passTotals(byStatus, 0, nil),
		Lists: deviceList(pastEOL)}
	n, err := s.countDevices(ctx, uncovered)
	if err != nil {
		return nil, fmt.Errorf("it dashboard: uncovered: %w", err)
	}
	d.Uncovered = Tile{Key: "uncovered", Label: "In service without warranty cover", Count: n, Lists: deviceList(uncovered)}
	lf := LicenceFilter{OverAssigned: true}
	var over int64
	if err := s.licenceWhere(s.db.WithContext(ctx).Model(&Licence{}), lf).Count(&over).Error; err != nil {
		return nil, fmt.Errorf("it dashboard: over-assigned licences: %w", err)
	}
	d.OverAssigned = Tile{Key: "over_assigned", Label: "Licences with seats over-assigned", Count: over,
		Lists: []TileList{{List: "licences", Licences: &lf}}}
	return d, nil
}

// lifetimesKey is the configured lifetime overrides as part of a summary's key: they shape the
// end-of-life conditions but live in the process, not in the register's change number.
func (s *Store) lifetimesKey() string { return fmt.Sprintf("|%v", s.Lifetimes) }

func deviceList(f DeviceFilter) []TileList { return []TileList{{List: "devices", Devices: &f}} }

// countDevices counts the devices a list with filter f would total.
func (s *Store) countDevices(ctx context.Context, f DeviceFilter) (int64, error) {
	var n int64
	err := s.deviceWhere(s.db.WithContext(ctx).Model(&Device{}), f).Count(&n).Error
	return n, err
}

// ProcurementDashboard is procurement's home page: notice deadlines by how soon they fall, with
// the next-term cost, and the devices reaching end of life this fiscal year with their
// replacement cost.
type ProcurementDashboard struct {
	AsOf       Date
	FiscalYear int
	// Renewals holds four tiles: notice deadline passed while the item has not ended, then
	// deadlines within 30 days, within 31-60 and within 61-90 days of AsOf.
	Renewals  []Tile
	EndOfLife Tile // in service, end of life within the fiscal year, with purchase cost per currency
}

// renewalBuckets are the deadline windows of the renewal tiles, in days from as_of: [from, to).
var renewalBuckets = []struct {
	key, label string
	from, to   int
	overdue    bool
}{
	{"notice_overdue", "Notice deadline passed", 0, 0, true},
	{"notice_30", "Notice due within 30 days", 0, 31, false},
	{"notice_60", "Notice due in 31-60 days", 31, 61, false},
	{"notice_90", "Notice due in 61-90 days", 61, 91, false},
}

// ProcurementDashboard counts procurement's tiles on asOf (kept while the register is
// unchanged, see summaries); fiscal years start in month fiscalYearStart. Aggregate queries only: one pass over the licences and one over the
// warranties for the four renewal tiles, and one over the devices for end of life.
func (s *Store) ProcurementDashboard(ctx context.Context, asOf Date, fiscalYearStart int) (*ProcurementDashboard, error) {
	key := fmt.Sprintf("procurement|%s|%d%s", asOf, fiscalYearStart, s.lifetimesKey())
	return Summary(ctx, s, key, func() (*ProcurementDashboard, error) { return s.procurementTiles(ctx, asOf, fiscalYearStart) })
}

func (s *Store) procurementTiles(ctx context.Context, asOf Date, fiscalYearStart int) (*ProcurementDashboard, error) {
	fy := FiscalYearOf(asOf, fiscalYearStart)
	d := &ProcurementDashboard{AsOf: asOf, FiscalYear: fy}
	var licenceWindows, warrantyWindows []sqlCond
	for _, b := range renewalBuckets {
		w := RenewalWindow{NoticeFrom: asOf.AddDays(b.from), NoticeBefore: asOf.AddDays(b.to)}
		if b.overdue {
			w = RenewalWindow{NoticeBefore: asOf, EndsFrom: asOf}
		}
		lf, wf := LicenceFilter{RenewalWindow: w}, WarrantyFilter{RenewalWindow: w, Renewable: true}
		d.Renewals = append(d.Renewals, Tile{Key: b.key, Label: b.label,
			Lists: []TileList{{List: "licences", Licences: &lf}, {List: "warranties", Warranties: &wf}}})
		licenceWindows = append(licenceWindows, allOf(s.renewalWindowConds("licences", w)))
		warrantyWindows = append(warrantyWindows, allOf(s.renewalWindowConds("warranties", w)))
	}
	// Each bucket's lists are its window over licenceWhere / warrantyWhere of the filter
	// without a window (renewable warranties only): that filter is the passes' WHERE, with
	// any of the windows so the end-date indexes narrow the rows read.
	licences, lw := s.licenceWhere(s.db.WithContext(ctx).Model(&Licence{}), LicenceFilter{}), anyOf(licenceWindows)
	warranties, ww := s.warrantyWhere(s.db.WithContext(ctx).Model(&Warranty{}), WarrantyFilter{Renewable: true}), anyOf(warrantyWindows)
	lic, err := countPass(licences.Where(lw.SQL, lw.Args...), "licences.cost_currency", licenceWindows, nextTermCostSQL("licences"))
	if err != nil {
		return nil, fmt.Errorf("procurement dashboard: licence renewals: %w", err)
	}
	war, err := countPass(warranties.Where(ww.SQL, ww.Args...), "warranties.cost_currency", warrantyWindows, "warranties.cost_amount")
	if err != nil {
		return nil, fmt.Errorf("procurement dashboard: warranty renewals: %w", err)
	}
	for i := range d.Renewals {
		totals := Totals{}
		d.Renewals[i].Count = passTotals(lic, i, totals) + passTotals(war, i, totals)
		d.Renewals[i].Totals = totals.List()
	}
	first, last := FiscalYearBounds(fy, fiscalYearStart)
	yes := true
	df := DeviceFilter{DeviceStateFilter: DeviceStateFilter{InService: &yes, EOLFrom: first, EOLBefore: last.AddDays(1)}}
	totals := Totals{}
	n, err := sumByCurrency(s.deviceWhere(s.db.WithContext(ctx).Model(&Device{}), df),
		"devices.purchase_cost_amount", "devices.purchase_cost_currency", totals)
	if err != nil {
		return nil, fmt.Errorf("procurement dashboard: end of life: %w", err)
	}
	d.EndOfLife = Tile{Key: "end_of_life_fy", Label: fmt.Sprintf("Reaching end of life in FY%d", fy), Count: n,
		Totals: totals.List(), Lists: deviceList(df)}
	return d, nil
}

// sumByCurrency counts q's rows and adds amount per currency to totals (rows with no
// currency or a zero amount add none), in one grouped query; it returns the count.
func sumByCurrency(q *gorm.DB, amount, currency string, totals Totals) (int64, error) {
	var rows []struct {
		Currency string
		N        int64
		Amount   int64
		Priced   int64
	}
	err := q.Select(currency + " AS currency, COUNT(*) AS n, COALESCE(SUM(" + amount + "), 0) AS amount, " +
		"SUM(CASE WHEN " + amount + " > 0 THEN 1 ELSE 0 END) AS priced").Group(currency).Scan(&rows).Error
	var n int64
	for _, r := range rows {
		n += r.N
		if r.Currency != "" && r.Priced > 0 {
			totals.Add(Money{Amount: r.Amount, Currency: r.Currency})
		}
	}
	return n, err
}

// nextTermCostSQL is Licence.AnnualCost's amount in SQL over table t (the one billing rule,
// models/billing.go): 0 for one-off and unbilled licences.
func nextTermCostSQL(t string) string {
	return "(" + t + ".cost_amount * " + annualFactorSQL(t+".billing_period") + ")"
}
