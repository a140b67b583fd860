package reports

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"

	"itreg/models"
)

// coverageReport describes the warranty-coverage report: devices in service without cover or whose cover ends soon,
// and the coverage rate by category and by department.
func coverageReport() Report {
	return Report{
		Name:  "warranty-coverage",
		Title: "Warranty coverage",
		Description: "Devices in service with no warranty cover on as_of or whose cover ends within `within` days, " +
			"then coverage (covered, total, percent) over all devices in service, by category and by department.",
		Params:        []string{"as_of", "within", "department", "category"},
		DefaultWithin: 90,
		build:         buildCoverage,
	}
}

// coveragePage is how many devices the coverage report reads per query.
const coveragePage = 1000

// coverageColumns are the warranty-coverage report's columns: the device columns, then the
// summary columns that only the summary rows fill.
var coverageColumns = []Column{
	{Key: "asset_tag", Title: "Asset tag", Type: Text},
	{Key: "serial_number", Title: "Serial number", Type: Text},
	{Key: "category", Title: "Category", Type: Text},
	{Key: "department", Title: "Department", Type: Text},
	{Key: "assigned_to", Title: "Assigned to", Type: Text},
	{Key: "status", Title: "Status", Type: Text},
	{Key: "cover", Title: "Cover", Type: Text},
	{Key: "provider", Title: "Provider", Type: Text},
	{Key: "cover_end", Title: "Cover end", Type: DateCol},
	{Key: "days_left", Title: "Days of cover left", Type: Integer},
	{Key: "covered", Title: "Covered devices", Type: Integer},
	{Key: "total", Title: "Devices in service", Type: Integer},
	{Key: "coverage", Title: "Coverage", Type: Percent},
}

// coverageLayout places the warranty-coverage report's cells by column key.
var coverageLayout = newLayout(coverageColumns)

// buildCoverage returns the table; its rows scan the devices in service by id a page at a time.
func buildCoverage(ctx context.Context, st *models.Store, r Report, p Params) (*Table, error) {
	horizon := p.AsOf.AddDays(p.Within)
	return &Table{
		Name:    r.Name,
		Title:   fmt.Sprintf("Warranty coverage as of %s", p.AsOf),
		Columns: coverageColumns,
		Params:  p.TableParams(r),
		Notes: []string{
			"Devices in service only: retired, disposed and lost devices are left out.",
			"A device is covered when a warranty linked to it has started (or has no start date) and has not ended on as_of.",
			fmt.Sprintf("Device rows, by id: devices not covered on as_of (status 'no cover': cover 'none' when no warranty is recorded, "+
				"else 'expired' or 'not started yet' with the date), and covered devices whose cover ends by %s "+
				"(as_of + %d days; status 'ending'). Days of cover left = cover end - as_of; the provider is the provider of "+
				"the cover that runs longest (or of the warranty that ended last).", horizon, p.Within),
			"Summary rows follow the device rows (marked as subtotals): all devices in service, then by category, then by " +
				"department, each with covered devices, devices in service and coverage = covered / in service. They count " +
				"every device in service, not only the listed ones.",
		},
		GeneratedAt: st.Now().UTC(),
		Rows:        coverageRows(ctx, st, p, horizon),
	}, nil
}

// coverCount counts covered and total devices in one group.
type coverCount struct{ covered, total int64 }

// add counts one device.
func (c *coverCount) add(covered bool) {
	c.total++
	if covered {
		c.covered++
	}
}

// coverageRows scans the devices in service, yields those lacking cover or losing it soon,
// and then the summary rows.
func coverageRows(ctx context.Context, st *models.Store, p Params, horizon models.Date) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		f := models.DeviceReportFilter{Department: p.Department, Category: p.Category}
		var all coverCount
		byCategory, byDepartment := map[string]*coverCount{}, map[string]*coverCount{}
		// Departments typed differently ("Sales", "sales ") are one department, shown as
		// first written (devices come in id order, so the same way every time).
		deptName := map[string]string{}
		count := func(m map[string]*coverCount, k string, covered bool) {
			c := m[k]
			if c == nil {
				c = &coverCount{}
				m[k] = c
			}
			c.add(covered)
		}
		var after int64
		for {
			page, err := st.ReportDevicesAfter(ctx, f, after, coveragePage, p.AsOf)
			if err != nil {
				yield(Row{}, err)
				return
			}
			for i := range page {
				d := &page[i]
				after = d.ID
				all.add(d.Cover.Covered)
				count(byCategory, d.Category, d.Cover.Covered)
				dept := strings.TrimSpace(d.Department)
				key := strings.ToLower(dept)
				if _, ok := deptName[key]; !ok {
					deptName[key] = dept
				}
				count(byDepartment, key, d.Cover.Covered)
				if row, ok := coverageRow(d, p.AsOf, horizon); ok && !yield(row, nil) {
					return
				}
			}
			if len(page) < coveragePage {
				break
			}
		}
		summary := []Row{coverageSummary("All devices in service", "", "", all)}
		for _, c := range sortedKeys(byCategory) {
			summary = append(summary, coverageSummary("By category: "+c, c, "", *byCategory[c]))
		}
		for _, k := range sortedKeys(byDepartment) {
			d, label := deptName[k], deptName[k]
			if label == "" {
				label = "(no department)"
			}
			summary = append(summary, coverageSummary("By department: "+label, "", d, *byDepartment[k]))
		}
		for _, r := range summary {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// coverageRow returns a device's row when it lacks cover on asOf or its cover ends by horizon.
func coverageRow(d *models.ReportDevice, asOf, horizon models.Date) (Row, bool) {
	c := d.Cover
	var status, cover, flag string
	var left any
	switch {
	case !c.Covered:
		status, cover, flag = "no cover", coverText(c, asOf), "no_cover"
	case !c.End.After(horizon):
		status, cover, flag = "ending", "ends "+c.End.String(), "ending"
		left = int64(asOf.DaysUntil(c.End))
	default:
		return Row{}, false
	}
	row := coverageLayout.row(
		col("asset_tag", d.AssetTag),
		col("serial_number", d.Serial),
		col("category", d.Category),
		col("department", d.Department),
		col("assigned_to", d.Assignee),
		col("status", status),
		col("cover", cover),
		col("provider", c.Provider),
		col("cover_end", c.End),
		col("days_left", left),
	)
	row.Flag = flag
	return row, true
}

// coverageSummary builds one summary row.
func coverageSummary(label, category, department string, c coverCount) Row {
	var pct any
	if c.total > 0 {
		pct = float64(c.covered) / float64(c.total)
	}
	row := coverageLayout.row(
		col("asset_tag", label),
		col("serial_number", ""),
		col("category", category),
		col("department", department),
		col("assigned_to", ""),
		col("status", ""),
		col("cover", ""),
		col("provider", ""),
		col("covered", c.covered),
		col("total", c.total),
		col("coverage", pct),
	)
	row.Subtotal = true
	return row
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
