package fields

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"itreg/importers/sheet"
)

// maxExactInt is the largest whole number a spreadsheet number holds exactly (2^53).
const maxExactInt = 1 << 53

// ParseInt reads a whole number: number cells, and text with thousands separators
// ("1,200", "1 200") or a zero fraction ("12.0"). A fraction ("12.5") is an error, and so is
// text in scientific notation that has lost digits ("6.37702E+15"), which Excel produces
// from long numbers. A blank cell gives 0.
func ParseInt(c sheet.Cell) (int64, error) {
	switch c.Kind {
	case sheet.KindEmpty, sheet.KindError:
		return 0, nil
	case sheet.KindBool:
		return 0, fmt.Errorf("%s is a yes/no value, not a whole number", c.Text)
	case sheet.KindDate:
		return 0, fmt.Errorf("%q is a date, not a whole number", cellText(c))
	case sheet.KindNumber:
		return wholeNumber(c.Number, fmtNum(c.Number))
	}
	s := trimText(foldSpace(c.Text))
	if IsPlaceholder(s) {
		return 0, nil
	}
	if len(s) > maxValueLen {
		return 0, fmt.Errorf("%q is not a whole number: it is too long", shorten(s))
	}
	if LooksLikeExcelScientific(s) {
		return 0, fmt.Errorf("%q looks like a number Excel turned into scientific notation; format the column as text and export again", shorten(s))
	}
	body, neg := s, false
	if strings.HasPrefix(body, "-") || strings.HasPrefix(body, "−") {
		body, neg = strings.TrimLeft(body, "-−"), true
	}
	body = strings.TrimPrefix(body, "+")
	num, err := normaliseNumber(body)
	if err != nil || body == "" {
		return 0, fmt.Errorf("%q is not a whole number", shorten(s))
	}
	if strings.Contains(num, "e") {
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a whole number", shorten(s))
		}
		if neg {
			f = -f
		}
		return wholeNumber(f, s)
	}
	whole, frac, _ := strings.Cut(num, ".")
	if strings.Trim(frac, "0") != "" {
		return 0, fmt.Errorf("%q is not a whole number", shorten(s))
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || n > maxExactInt {
		return 0, fmt.Errorf("%q is too large", shorten(s))
	}
	if neg {
		n = -n
	}
	return n, nil
}

func wholeNumber(f float64, text string) (int64, error) {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return 0, fmt.Errorf("%q is not a whole number", shorten(text))
	case f != math.Trunc(f):
		return 0, fmt.Errorf("%q is not a whole number", shorten(text))
	case f > maxExactInt || f < -maxExactInt:
		return 0, fmt.Errorf("%q is too large", shorten(text))
	}
	return int64(f), nil
}

// ParseNonNegativeInt reads a count such as seats, notice days or months with ParseInt and
// rejects negative values, naming what was read.
func ParseNonNegativeInt(c sheet.Cell, what string) (int64, error) {
	n, err := ParseInt(c)
	if err == nil && n < 0 {
		return 0, fmt.Errorf("%d: %s cannot be negative", n, what)
	}
	return n, err
}

// ParseFiscalYear reads a fiscal year as its number: 2025, "2025", "FY2025", "FY25" or
// "FY 2025". Two-digit years are 2000-2099. A blank cell gives 0.
func ParseFiscalYear(c sheet.Cell) (int, error) {
	if IsBlank(c) {
		return 0, nil
	}
	s := strings.ToUpper(trimText(foldSpace(cellText(c))))
	t := strings.TrimSpace(strings.TrimPrefix(s, "FY"))
	if !isDigits(t) || (len(t) != 4 && !(len(t) == 2 && s != t)) {
		return 0, fmt.Errorf("%q is not a fiscal year; write it as 2025 or FY2025", shorten(s))
	}
	y := atoi(t)
	if len(t) == 2 {
		y += 2000
	}
	if y < 1900 || y > 2199 {
		return 0, fmt.Errorf("%q is not a fiscal year between 1900 and 2199", shorten(s))
	}
	return y, nil
}

// boolWords are the accepted spellings of yes and no, compared in lower case.
var boolWords = map[string]bool{
	"true": true, "false": false, "yes": true, "no": false, "y": true, "n": false,
	"1": true, "0": false, "on": true, "off": false, "x": true, "✓": true, "✔": true,
	"✗": false, "✘": false, "t": true, "f": false, "1.0": true, "0.0": false,
}

// ParseBool reads yes or no: true/false, yes/no, y/n, 1/0, on/off, x or ✓ (a tick), in any
// case, and Excel TRUE/FALSE cells. A blank cell gives false: check IsBlank to tell "not
// given" from "no". Anything else is an error listing the accepted words.
func ParseBool(c sheet.Cell) (bool, error) {
	switch c.Kind {
	case sheet.KindEmpty, sheet.KindError:
		return false, nil
	case sheet.KindNumber:
		switch c.Number {
		case 1:
			return true, nil
		case 0:
			return false, nil
		}
	}
	s := trimText(foldSpace(cellText(c)))
	if s == "" || IsPlaceholder(s) {
		return false, nil
	}
	if v, ok := boolWords[strings.ToLower(s)]; ok {
		return v, nil
	}
	return false, fmt.Errorf("%q is not yes or no; use yes/no, true/false, y/n, 1/0, on/off, or x or ✓ for yes", shorten(s))
}
