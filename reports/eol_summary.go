package reports

import (
	"cmp"
	"context"
	"slices"
	"time"

	"itreg/models"
)

// EndOfLifeQuarter is one fiscal quarter of the end-of-life report in figures: its devices and
// replacement cost per currency (the report's subtotal rows), by group.
type EndOfLifeQuarter struct {
	FiscalYear, Quarter int
	Label               string // Label is the report's fiscal_quarter, as "FY2027 Q2".
	Devices             int64
	Totals              models.Totals
	Groups              []EndOfLifeGroup // Groups are by devices, most first, then by name.
}

// EndOfLifeGroup is the devices of one value of the grouping column in a quarter.
type EndOfLifeGroup struct {
	Name    string // Name is the column's value as the report shows it ("" when blank).
	Devices int64
	Totals  models.Totals
}

// EndOfLifeSummary returns the end-of-life report (built with p) as figures per fiscal
// quarter, in quarter order, each grouped by the column group (a key of
// models.EndOfLifeGroups): the sums the database makes of the rows the report lists, without
// loading them.
func EndOfLifeSummary(ctx context.Context, st *models.Store, p Params, group string) ([]EndOfLifeQuarter, error) {
	f := models.DeviceReportFilter{Department: p.Department, Category: p.Category}
	totals, err := st.EndOfLifeTotals(ctx, f, p.AsOf.AddDays(p.Within), group)
	if err != nil {
		return nil, err
	}
	type key struct{ fy, q int }
	quarters := map[key]*EndOfLifeQuarter{}
	groups := map[key]map[string]*EndOfLifeGroup{}
	for _, t := range totals {
		fy, q := models.FiscalQuarterOf(models.NewDate(t.Month/12, time.Month(t.Month%12+1), 1), p.FiscalYearStart)
		k := key{fy, q}
		eq := quarters[k]
		if eq == nil {
			eq = &EndOfLifeQuarter{FiscalYear: fy, Quarter: q, Label: models.FiscalQuarterLabel(fy, q), Totals: models.Totals{}}
			quarters[k], groups[k] = eq, map[string]*EndOfLifeGroup{}
		}
		g := groups[k][t.Group]
		if g == nil {
			g = &EndOfLifeGroup{Name: t.Group, Totals: models.Totals{}}
			groups[k][t.Group] = g
		}
		eq.Devices += t.Devices
		g.Devices += t.Devices
		if t.Currency != "" {
			m := models.Money{Amount: t.Cost, Currency: t.Currency}
			eq.Totals.Add(m)
			g.Totals.Add(m)
		}
	}
	out := make([]EndOfLifeQuarter, 0, len(quarters))
	for k, eq := range quarters {
		for _, g := range groups[k] {
			eq.Groups = append(eq.Groups, *g)
		}
		slices.SortFunc(eq.Groups, func(a, b EndOfLifeGroup) int {
			return cmp.Or(cmp.Compare(b.Devices, a.Devices), cmp.Compare(a.Name, b.Name))
		})
		out = append(out, *eq)
	}
	slices.SortFunc(out, func(a, b EndOfLifeQuarter) int {
		return cmp.Or(cmp.Compare(a.FiscalYear, b.FiscalYear), cmp.Compare(a.Quarter, b.Quarter))
	})
	return out, nil
}
