package models

import (
	"fmt"
	"strings"
	"time"
)

// The end-of-life rule (Device.EndOfLife) as SQL conditions, so lists and tiles can count and
// filter by end of life in the database. Both are held to Device.EndOfLife by a test.
//
// purchase + L months (clamped to the month's last day) is before X exactly when
// (month index of purchase + L) * 32 + day of purchase < month index of X * 32 + day of X:
// a clamped day only arises when the purchase day is past the target month's length, and then
// it is at least X's day.

// eolBeforeSQL returns the condition "the device's end of life is known and before day x" over
// the devices table (unaliased), with its arguments. It is never NULL (each term tests its
// columns for NULL first), so NOT of it is "not before x".
func (s *Store) eolBeforeSQL(x Date) (string, []any) {
	defaults, categories := s.lifetimesAndNames()
	parts := []string{"(devices.eol_date IS NOT NULL AND devices.eol_date < ?)"}
	args := []any{x}
	// Devices on their category's lifetime: one indexable purchase-date bound per category.
	for _, c := range categories {
		parts = append(parts, "(devices.lifetime_months IS NULL AND devices.category = ? AND devices.purchase_date IS NOT NULL AND devices.purchase_date < ?)")
		args = append(args, c, plannedCut(x, (&Device{Category: c}).Lifetime(defaults)))
	}
	parts = append(parts, "(devices.lifetime_months IS NULL AND devices.category NOT IN ? AND devices.purchase_date IS NOT NULL AND devices.purchase_date < ?)")
	args = append(args, categories, x)
	// Devices with their own lifetime: the month arithmetic above, per row.
	parts = append(parts, fmt.Sprintf("(devices.lifetime_months IS NOT NULL AND devices.purchase_date IS NOT NULL AND "+
		"(%s + devices.lifetime_months) * 32 + %s < ?)", s.monthIndexSQL("devices.purchase_date"), s.daySQL("devices.purchase_date")))
	args = append(args, monthIndex(x)*32+x.Day)
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// eolKnownSQL is the condition "the device has an end of life": an end-of-support date or a
// purchase date.
const eolKnownSQL = "(devices.eol_date IS NOT NULL OR devices.purchase_date IS NOT NULL)"

// eolRangeSQL returns the condition "end of life on or after from (when set) and before
// before (when set)".
func (s *Store) eolRangeSQL(from, before Date) (string, []any) {
	var parts []string
	var args []any
	if !from.IsZero() {
		c, a := s.eolBeforeSQL(from)
		parts = append(parts, eolKnownSQL+" AND NOT "+c)
		args = append(args, a...)
	}
	if !before.IsZero() {
		c, a := s.eolBeforeSQL(before)
		parts = append(parts, c)
		args = append(args, a...)
	}
	return "(" + strings.Join(parts, " AND ") + ")", args
}

// plannedCut returns the first purchase date whose purchase + months is not before x, so that
// "purchase + months < x" is "purchase < plannedCut(x, months)".
func plannedCut(x Date, months int) Date {
	target := time.Date(x.Year, x.Month, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -months, 0)
	nextMonth := target.AddDate(0, 1, 0)
	if last := nextMonth.AddDate(0, 0, -1).Day(); x.Day > last {
		return DateOf(nextMonth)
	}
	return NewDate(target.Year(), target.Month(), x.Day)
}

func monthIndex(d Date) int { return d.Year*12 + int(d.Month) - 1 }

// monthIndexSQL is year * 12 + month - 1 of a date column, as an integer: date_part on
// Postgres (a float, far cheaper than EXTRACT's numeric over a million rows), the digits of
// SQLite's YYYY-MM-DD text.
func (s *Store) monthIndexSQL(col string) string {
	if s.dialect == Postgres {
		return fmt.Sprintf("CAST(date_part('year', %[1]s) * 12 + date_part('month', %[1]s) - 1 AS INTEGER)", col)
	}
	return fmt.Sprintf("(CAST(substr(%[1]s, 1, 4) AS INTEGER) * 12 + CAST(substr(%[1]s, 6, 2) AS INTEGER) - 1)", col)
}

// daySQL is the day of the month of a date column, as an integer.
func (s *Store) daySQL(col string) string {
	if s.dialect == Postgres {
		return fmt.Sprintf("CAST(date_part('day', %s) AS INTEGER)", col)
	}
	return fmt.Sprintf("CAST(substr(%s, 9, 2) AS INTEGER)", col)
}

// noticeDeadlineSQL is a licence's or warranty's notice deadline (end date - notice days) in
// SQL, for the table alias or name t: the rule of Licence.NoticeDeadline.
func (s *Store) noticeDeadlineSQL(t string) string {
	if s.dialect == Postgres {
		return fmt.Sprintf("(%[1]s.end_date - %[1]s.notice_days)", t)
	}
	return fmt.Sprintf("date(%[1]s.end_date, '-' || %[1]s.notice_days || ' days')", t)
}

// coveredOnSQL is the condition "a warranty covers the device on the day" (Warranty.ActiveOn),
// over the devices table; it takes the day twice.
const coveredOnSQL = `EXISTS (SELECT 1 FROM warranty_devices wd JOIN warranties w ON w.id = wd.warranty_id
	WHERE wd.device_id = devices.id AND (w.start_date IS NULL OR w.start_date <= ?) AND w.end_date >= ?)`
