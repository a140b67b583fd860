package fields

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"itreg/importers/sheet"
	"itreg/models"
)

// DateOrder says how to read numeric dates such as 03/05/2024.
type DateOrder uint8

// The date orders. With DateOrderUnset a date whose day and month could be swapped is an
// error; a date with a part above 12 is read the only way it can be.
const (
	DateOrderUnset DateOrder = iota
	DMY                      // day first: 03/05/2024 is 3 May 2024
	MDY                      // month first: 03/05/2024 is 5 March 2024
	YMD                      // year first: 24/03/05 is 5 March 2024
)

// String returns the order's name as an option value: "", "dmy", "mdy" or "ymd".
func (o DateOrder) String() string {
	switch o {
	case DMY:
		return "dmy"
	case MDY:
		return "mdy"
	case YMD:
		return "ymd"
	}
	return ""
}

// ParseDateOrder reads an option value: "dmy"/"day-first", "mdy"/"month-first",
// "ymd"/"year-first", or "" for unset.
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return DateOrderUnset, nil
	case "dmy", "day-first", "dayfirst", "d/m/y", "dd/mm/yyyy":
		return DMY, nil
	case "mdy", "month-first", "monthfirst", "m/d/y", "mm/dd/yyyy":
		return MDY, nil
	case "ymd", "year-first", "yearfirst", "y/m/d", "yyyy-mm-dd":
		return YMD, nil
	}
	return DateOrderUnset, fmt.Errorf("date order %q is not one of dmy (day first), mdy (month first) or ymd", s)
}

// MaxSerial is the Excel serial of 9999-12-31, the last date Excel knows.
const MaxSerial = 2958465

// serialDate converts an Excel 1900-system serial to a date. Excel counts 1900-02-29, a day
// that never was (serial 60); serials before it are one day off from those after it.
func serialDate(v float64) (models.Date, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return models.Date{}, fmt.Errorf("%v is not a date", v)
	}
	switch {
	case v < 0:
		return models.Date{}, fmt.Errorf("%s is not a date: Excel dates cannot be negative", fmtNum(v))
	case v < 1:
		return models.Date{}, fmt.Errorf("%s is a time, not a date", fmtNum(v))
	case v >= MaxSerial+1:
		return models.Date{}, fmt.Errorf("%s is not a date: it is past 9999-12-31, the last date Excel knows", fmtNum(v))
	}
	n := int(math.Floor(v))
	if n == 60 {
		return models.Date{}, fmt.Errorf("serial 60 is 29 February 1900, a day that does not exist (an Excel bug); enter the date again")
	}
	if n < 60 {
		return models.NewDate(1899, time.December, 31+n), nil
	}
	return models.NewDate(1899, time.December, 30+n), nil
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

var (
	reISO = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$`)
	// reTime is a time of day after a date: "13:00", "1:05:09 PM", "10:22:25.123".
	reTime    = regexp.MustCompile(`(?i)[ T]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$`)
	reNumeric = regexp.MustCompile(`^(\d{1,4})([/.\-])(\d{1,2})([/.\-])(\d{1,4})\.?$`)
	reCompact = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	// reKanji is a Japanese date, 2024年3月5日.
	reKanji = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
)

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
	"sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
	"december": 12,
}

var weekdays = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true, "wed": true,
	"wednesday": true, "thu": true, "thur": true, "thurs": true, "thursday": true, "fri": true,
	"friday": true, "sat": true, "saturday": true, "sun": true, "sunday": true,
}

// ParseDate reads a civil date from a cell. It accepts Excel serials (date cells and plain
// numbers, 1900 system), ISO dates with or without a time ("2024-03-05",
// "2024-03-05T00:00:00Z", "2024-03-05 13:00:00", "20240305"), dates with a month name
// ("5 Mar 2024", "March 5, 2024", "05-Mar-24") and numeric dates with "/", "." or "-"
// ("3/5/24", "03/05/2024", "5.3.2024", "3/5/2024 1:05:00 PM"; the time is ignored), and
// Japanese dates ("2024年3月5日"). A time zone is ignored too: the date is taken as written,
// never shifted.
//
// A numeric date whose first two parts are both 12 or less and differ is ambiguous: with
// order unset it is an error asking for the date order. A part above 12 settles it (13/05/2024
// is day first) unless order says otherwise, which is an error. Two-digit years 00-69 are
// 2000-2069 and 70-99 are 1970-1999, as Excel reads them. A blank cell gives the zero Date.
// A time with no date (0.43, "1899-12-31T10:22:25Z") is an error.
func ParseDate(c sheet.Cell, order DateOrder) (models.Date, error) {
	switch c.Kind {
	case sheet.KindEmpty, sheet.KindError:
		return models.Date{}, nil
	case sheet.KindBool:
		return models.Date{}, fmt.Errorf("%s is a yes/no value, not a date", c.Text)
	case sheet.KindNumber, sheet.KindDate:
		if c.Kind == sheet.KindNumber {
			if d, ok := compactDate(fmtNum(c.Number)); ok {
				return d, nil
			}
			// A plain number that reads as a year (2024) would be a serial in 1905: it is a year.
			if c.Number >= 1900 && c.Number <= 2199 && c.Number == float64(int(c.Number)) {
				return models.Date{}, fmt.Errorf("%s looks like a year, not a date; give the full date", fmtNum(c.Number))
			}
		}
		return serialDate(c.Number)
	}
	raw := trimText(foldSpace(c.Text))
	if IsPlaceholder(raw) {
		return models.Date{}, nil
	}
	if len(raw) > maxValueLen {
		return models.Date{}, fmt.Errorf("%q is not a date: it is too long", shorten(raw))
	}
	d, err := parseDateText(raw, order)
	if errors.Is(err, errAmbiguous) {
		return models.Date{}, fmt.Errorf("ambiguous date %q: set the date order (day-first or month-first)", shorten(raw))
	}
	if err != nil {
		return models.Date{}, fmt.Errorf("%q %s", shorten(raw), err.Error())
	}
	return d, nil
}

// compactDate reads YYYYMMDD with a year from 1900 to 2199.
func compactDate(s string) (models.Date, bool) {
	m := reCompact.FindStringSubmatch(s)
	if m == nil {
		return models.Date{}, false
	}
	y, mo, d := atoi(m[1]), atoi(m[2]), atoi(m[3])
	if y < 1900 || y > 2199 {
		return models.Date{}, false
	}
	date, err := civil(y, mo, d)
	return date, err == nil
}

// parseDateText returns errors that complete the sentence "<value> ...".
func parseDateText(s string, order DateOrder) (models.Date, error) {
	if m := reISO.FindStringSubmatch(s); m != nil {
		y, mo, d := atoi(m[1]), atoi(m[2]), atoi(m[3])
		if m[4] != "" && y == 1899 && mo == 12 && (d == 30 || d == 31) {
			return models.Date{}, fmt.Errorf("is a time, not a date")
		}
		return civilErr(y, mo, d)
	}
	if d, ok := compactDate(s); ok {
		return d, nil
	}
	if m := reKanji.FindStringSubmatch(s); m != nil {
		return civilErr(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	// An Excel serial written out as text (a CSV saved from Excel with a date column shown as
	// numbers): accepted in the range of dates a register holds, 1954-10-03 to 2119-01-10.
	if f, err := strconv.ParseFloat(s, 64); err == nil && (isDigits(s) || looksLikeFloat(s)) && f >= 20000 && f < 80000 {
		return serialDate(f)
	}
	if isDigits(s) || looksLikeFloat(s) {
		return models.Date{}, fmt.Errorf("is a number, not a date; write dates as YYYY-MM-DD or format the column as dates")
	}
	if loc := reTime.FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = strings.TrimSpace(s[:loc[0]])
	}
	if m := reNumeric.FindStringSubmatch(s); m != nil {
		if m[2] != m[4] {
			return models.Date{}, fmt.Errorf("is not a date: it mixes separators")
		}
		return numericDate(m[1], m[3], m[5], order)
	}
	if d, err, ok := namedMonthDate(s); ok {
		return d, err
	}
	return models.Date{}, fmt.Errorf("is not a date; use YYYY-MM-DD, a date such as 5 Mar 2024, or a day-first or month-first date such as 05/03/2024")
}

// looksLikeFloat reports whether s is a plain decimal number such as "45123.5".
func looksLikeFloat(s string) bool {
	whole, frac, ok := strings.Cut(s, ".")
	return ok && isDigits(whole) && isDigits(frac)
}

// errAmbiguous marks a numeric date that could be read day-first or month-first.
var errAmbiguous = errors.New("ambiguous date")

// numericDate reads three numeric parts a/b/c.
func numericDate(a, b, c string, order DateOrder) (models.Date, error) {
	if len(a) == 4 || order == YMD {
		if len(c) > 2 {
			return models.Date{}, fmt.Errorf("is not a date: a year-first date has a 1- or 2-digit day")
		}
		return civilErr(year(a), atoi(b), atoi(c))
	}
	if len(c) != 2 && len(c) != 4 {
		return models.Date{}, fmt.Errorf("is not a date: the year must have 2 or 4 digits")
	}
	if len(a) > 2 {
		return models.Date{}, fmt.Errorf("is not a date")
	}
	x, y, yr := atoi(a), atoi(b), year(c)
	switch order {
	case DMY:
		if y > 12 && x <= 12 {
			return models.Date{}, fmt.Errorf("is not a day-first date: month %d does not exist (it looks month-first; check the date order)", y)
		}
		return civilErr(yr, y, x)
	case MDY:
		if x > 12 && y <= 12 {
			return models.Date{}, fmt.Errorf("is not a month-first date: month %d does not exist (it looks day-first; check the date order)", x)
		}
		return civilErr(yr, x, y)
	}
	switch {
	case x > 12:
		return civilErr(yr, y, x) // only day-first can work
	case y > 12:
		return civilErr(yr, x, y) // only month-first can work
	case x != y:
		return models.Date{}, errAmbiguous
	}
	return civilErr(yr, x, y)
}

// namedMonthDate reads "5 Mar 2024", "March 5, 2024", "05-Mar-24", "Tue, 5 Mar 2024",
// "5th March 2024" and "2024-Mar-05". ok is false when s has no month name.
func namedMonthDate(s string) (models.Date, error, bool) {
	tokens := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == ',' || r == '-' || r == '/' || r == '.'
	})
	var month time.Month
	var nums []string
	for _, t := range tokens {
		if weekdays[t] {
			continue
		}
		if m, ok := monthNames[t]; ok && month == 0 {
			month = m
			continue
		}
		t = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(t, "st"), "nd"), "rd"), "th")
		if !isDigits(t) {
			return models.Date{}, nil, false
		}
		nums = append(nums, t)
	}
	if month == 0 {
		return models.Date{}, nil, false
	}
	if len(nums) != 2 {
		return models.Date{}, fmt.Errorf("is not a date: it needs a day, a month and a year"), true
	}
	day, yr := nums[0], nums[1]
	if len(day) == 4 { // 2024-Mar-05
		day, yr = yr, day
	}
	if len(yr) != 2 && len(yr) != 4 || len(day) > 2 {
		return models.Date{}, fmt.Errorf("is not a date: it needs a 1- or 2-digit day and a 2- or 4-digit year"), true
	}
	d, err := civilErr(year(yr), int(month), atoi(day))
	return d, err, true
}

// year reads a 2- or 4-digit year; 00-69 is 2000-2069 and 70-99 is 1970-1999.
func year(s string) int {
	y := atoi(s)
	if len(s) <= 2 {
		if y < 70 {
			return 2000 + y
		}
		return 1900 + y
	}
	return y
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// civilErr checks a date and explains what is wrong in words ending the sentence "<value> ...".
func civilErr(y, m, d int) (models.Date, error) {
	date, err := civil(y, m, d)
	if err != nil {
		return models.Date{}, fmt.Errorf("is not a date: %v", err)
	}
	return date, nil
}

func civil(y, m, d int) (models.Date, error) {
	switch {
	case y < 1 || y > 9999:
		return models.Date{}, fmt.Errorf("year %d is out of range", y)
	case m < 1 || m > 12:
		return models.Date{}, fmt.Errorf("month %d does not exist", m)
	case d < 1:
		return models.Date{}, fmt.Errorf("day %d does not exist", d)
	}
	last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d > last {
		return models.Date{}, fmt.Errorf("%s %d has %d days, not %d", time.Month(m), y, last, d)
	}
	return models.Date{Year: y, Month: time.Month(m), Day: d}, nil
}
