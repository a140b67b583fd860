package reports

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"itreg/models"
)

// cellKind is the kind of value a cell holds once normalised for rendering.
type cellKind int

const (
	kindBlank cellKind = iota
	kindText
	kindDate
	kindMoney
	kindInt
	kindPercent
	kindBool
)

// cell is a normalised cell: the renderers switch on kind and never on the raw value, so
// every format treats blanks and wrongly typed values the same way.
type cell struct {
	kind  cellKind
	text  string
	date  models.Date
	money models.Money
	i     int64
	f     float64
	b     bool
}

// cellAt returns the normalised cell at column i of a row; a missing cell is blank.
func cellAt(cols []Column, cells []any, i int) cell {
	if i >= len(cells) {
		return cell{}
	}
	return normalise(cols[i].Type, cells[i])
}

// normalise turns a raw cell value into a typed cell for its column type. A value of the
// wrong type becomes text via fmt, so a builder's mistake shows up in the output instead of
// crashing the render.
func normalise(typ ColumnType, v any) cell {
	if v == nil {
		return cell{}
	}
	switch typ {
	case Text:
		if s, ok := v.(string); ok {
			return cell{kind: kindText, text: s}
		}
	case DateCol:
		switch d := v.(type) {
		case models.Date:
			if d.IsZero() {
				return cell{}
			}
			return cell{kind: kindDate, date: d}
		case *models.Date:
			if d == nil {
				return cell{}
			}
			return normalise(typ, *d)
		case time.Time:
			if d.IsZero() {
				return cell{}
			}
			return cell{kind: kindDate, date: models.DateOf(d.UTC())}
		}
	case MoneyCol:
		switch m := v.(type) {
		case models.Money:
			if m.IsZero() {
				return cell{}
			}
			return cell{kind: kindMoney, money: m}
		case *models.Money:
			if m == nil {
				return cell{}
			}
			return normalise(typ, *m)
		}
	case Integer:
		if n, ok := asInt64(v); ok {
			return cell{kind: kindInt, i: n}
		}
	case Percent:
		switch f := v.(type) {
		case float64:
			return percentCell(f)
		case float32:
			return percentCell(float64(f))
		}
		if n, ok := asInt64(v); ok {
			return percentCell(float64(n))
		}
	case Bool:
		if b, ok := v.(bool); ok {
			return cell{kind: kindBool, b: b}
		}
	}
	return cell{kind: kindText, text: fmt.Sprint(v)}
}

// percentCell returns a percent cell, or a blank one for NaN and infinities, which no
// format can carry as a number.
func percentCell(f float64) cell {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return cell{}
	}
	return cell{kind: kindPercent, f: f}
}

// asInt64 converts any Go integer that fits into an int64.
func asInt64(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case int32:
		return int64(n), true
	case int16:
		return int64(n), true
	case int8:
		return int64(n), true
	case uint8:
		return int64(n), true
	case uint16:
		return int64(n), true
	case uint32:
		return int64(n), true
	case uint:
		if uint64(n) <= math.MaxInt64 {
			return int64(n), true
		}
	case uint64:
		if n <= math.MaxInt64 {
			return int64(n), true
		}
	}
	return 0, false
}

// percentText formats a fraction as a percentage with the given decimals ("25.00%").
func percentText(f float64, decimals int) string {
	return strconv.FormatFloat(f*100, 'f', decimals, 64) + "%"
}

// display formats a cell for people, as in calendar descriptions: money as "1234.50 GBP",
// percent as "25.0%", booleans as yes or no, blanks as "".
func (c cell) display() string {
	switch c.kind {
	case kindText:
		return c.text
	case kindDate:
		return c.date.String()
	case kindMoney:
		return c.money.String()
	case kindInt:
		return strconv.FormatInt(c.i, 10)
	case kindPercent:
		return percentText(c.f, 1)
	case kindBool:
		if c.b {
			return "yes"
		}
		return "no"
	}
	return ""
}
