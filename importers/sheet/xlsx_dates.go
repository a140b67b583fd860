package sheet

import (
	"math"
	"strconv"
	"time"
)

// The 1900 date system: serial 1 is 1900-01-01, and Excel counts the 29 February 1900 that never
// was (serial 60), so from serial 61 on the epoch is 1899-12-30.
var epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serialText is the ISO 8601 form of a 1900-system serial: "2024-03-31", "2024-03-31T14:05:00",
// or "14:05:00" for a time of day alone. Serials Excel cannot show come back as numbers.
func serialText(v float64) string {
	if v < 0 || v >= 2958466 || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	days := math.Floor(v)
	secs := int64(math.Round((v - days) * 86400))
	if secs == 86400 {
		days, secs = days+1, 0
	}
	if days == 60 {
		return "1900-02-29" + clock(secs, true)
	}
	if days < 60 {
		days++ // before the phantom leap day the epoch is one day later
	}
	t := epoch1900.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	if days == 0 || v < 1 {
		return clock(secs, false)
	}
	return t.Format("2006-01-02") + clock(secs, true)
}

func clock(secs int64, withT bool) string {
	if secs == 0 && withT {
		return ""
	}
	s := time.Unix(secs, 0).UTC().Format("15:04:05")
	if withT {
		return "T" + s
	}
	return s
}

// dateSerial is the 1900-system serial of a time.
func dateSerial(t time.Time) float64 {
	y, m, d := t.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	serial := day.Sub(epoch1900).Hours() / 24
	if serial < 61 {
		serial-- // before 1900-03-01, see epoch1900
	}
	frac := float64(t.Hour()*3600+t.Minute()*60+t.Second()) / 86400
	return math.Round(serial) + frac
}

// isoDateCell reads a t="d" cell, an ISO 8601 date or date-time.
func isoDateCell(s string) Cell {
	for _, layout := range []string{"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05Z07:00",
		"2006-01-02T15:04:05", "2006-01-02", "15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			v := dateSerial(t)
			if layout == "15:04:05" {
				v -= math.Floor(v)
			}
			return Cell{Kind: KindDate, Number: v, Text: s}
		}
	}
	if s == "" {
		return Cell{}
	}
	return Cell{Kind: KindString, Text: s}
}

// numberText is the shortest decimal form of v; raw is reused when it already is that form.
func numberText(raw []byte, v float64) string {
	if plainDecimal(raw) {
		return string(raw)
	}
	if a := math.Abs(v); a != 0 && (a >= 1e21 || a < 1e-9) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// plainDecimal reports "-12.5"-like text with at most 15 significant digits, no leading zeros
// and no trailing fractional zeros: text that float formatting would give back unchanged.
func plainDecimal(b []byte) bool {
	if len(b) > 0 && b[0] == '-' {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 16 {
		return false
	}
	dot, digits := -1, 0
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && dot < 0:
			dot = i
		default:
			return false
		}
	}
	if digits > 15 || (b[0] == '0' && len(b) > 1 && dot != 1) || b[0] == '.' {
		return false
	}
	if dot >= 0 && (dot == len(b)-1 || b[len(b)-1] == '0') {
		return false
	}
	return true
}
