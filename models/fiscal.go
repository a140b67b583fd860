package models

import (
	"fmt"
	"time"
)

// A fiscal year is named by the calendar year in which it ends. With a start month of 4,
// FY2027 runs from 2026-04-01 to 2027-03-31; with the default start month 1 it is the
// calendar year.

// FiscalYearOf returns the fiscal year a date falls in.
func FiscalYearOf(d Date, startMonth int) int {
	if startMonth <= 1 || int(d.Month) < startMonth {
		return d.Year
	}
	return d.Year + 1
}

// FiscalYearBounds returns the first and last day of a fiscal year.
func FiscalYearBounds(fy, startMonth int) (first, last Date) {
	if startMonth <= 1 {
		return NewDate(fy, time.January, 1), NewDate(fy, time.December, 31)
	}
	first = NewDate(fy-1, time.Month(startMonth), 1)
	last = NewDate(fy, time.Month(startMonth), 1).AddDays(-1)
	return first, last
}

// FiscalQuarterOf returns the fiscal year and quarter (1-4) of a date.
func FiscalQuarterOf(d Date, startMonth int) (fy, quarter int) {
	if startMonth < 1 {
		startMonth = 1
	}
	offset := (int(d.Month) - startMonth + 12) % 12
	return FiscalYearOf(d, startMonth), offset/3 + 1
}

// FiscalQuarterLabel names a quarter as people write it: "FY2027 Q2".
func FiscalQuarterLabel(fy, quarter int) string { return fmt.Sprintf("FY%d Q%d", fy, quarter) }

// FiscalQuarterBounds returns the first and last day of a fiscal quarter.
func FiscalQuarterBounds(fy, quarter, startMonth int) (first, last Date) {
	start, _ := FiscalYearBounds(fy, startMonth)
	first = start.AddMonths(3 * (quarter - 1))
	last = first.AddMonths(3).AddDays(-1)
	return first, last
}
