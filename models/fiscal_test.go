package models

import "testing"

func TestFiscalYears(t *testing.T) {
	cases := []struct {
		name    string
		date    string
		start   int
		fy, q   int
		fyFirst string
		fyLast  string
		qFirst  string
		qLast   string
	}{
		{"calendar year", "2026-11-22", 1, 2026, 4, "2026-01-01", "2026-12-31", "2026-10-01", "2026-12-31"},
		{"April start, before April", "2027-03-31", 4, 2027, 4, "2026-04-01", "2027-03-31", "2027-01-01", "2027-03-31"},
		{"April start, from April", "2026-04-01", 4, 2027, 1, "2026-04-01", "2027-03-31", "2026-04-01", "2026-06-30"},
		{"July start, leap day", "2028-02-29", 7, 2028, 3, "2027-07-01", "2028-06-30", "2028-01-01", "2028-03-31"},
		{"October start", "2026-11-22", 10, 2027, 1, "2026-10-01", "2027-09-30", "2026-10-01", "2026-12-31"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := MustDate(tc.date)
			fy, q := FiscalQuarterOf(d, tc.start)
			if fy != tc.fy || q != tc.q {
				t.Fatalf("FY%d Q%d, want FY%d Q%d", fy, q, tc.fy, tc.q)
			}
			first, last := FiscalYearBounds(fy, tc.start)
			if first.String() != tc.fyFirst || last.String() != tc.fyLast {
				t.Errorf("year %s..%s, want %s..%s", first, last, tc.fyFirst, tc.fyLast)
			}
			qf, ql := FiscalQuarterBounds(fy, q, tc.start)
			if qf.String() != tc.qFirst || ql.String() != tc.qLast {
				t.Errorf("quarter %s..%s, want %s..%s", qf, ql, tc.qFirst, tc.qLast)
			}
		})
	}
}
