package fields

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"itreg/importers/sheet"
	"itreg/models"
)

// maxValueLen is the longest text, in bytes, read as an amount, date or number; anything
// longer is rejected before parsing.
const maxValueLen = 100

// dollarCurrencies are the currencies written with a bare "$".
var dollarCurrencies = []string{"USD", "AUD", "CAD", "NZD", "SGD", "HKD", "TWD", "MXN", "ARS", "CLP",
	"COP", "JMD", "BBD", "BSD", "BZD", "FJD", "LRD", "NAD", "SBD", "SRD", "TTD", "XCD", "BND", "GYD",
	"KYD", "BMD"}

// kronaCurrencies are the currencies written "kr".
var kronaCurrencies = []string{"SEK", "NOK", "DKK", "ISK"}

// fixedSymbols are currency symbols that name one currency.
var fixedSymbols = map[string]string{
	"£": "GBP", "€": "EUR", "us$": "USD", "u$s": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD",
	"ca$": "CAD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL", "r": "ZAR", "chf": "CHF",
	"fr.": "CHF", "sfr.": "CHF", "₹": "INR", "rs": "INR", "rs.": "INR", "₩": "KRW", "₽": "RUB",
	"₺": "TRY", "zł": "PLN", "kč": "CZK", "ft": "HUF", "₪": "ILS", "₱": "PHP", "฿": "THB",
	"₫": "VND", "₦": "NGN", "rm": "MYR", "rp": "IDR", "元": "CNY", "円": "JPY",
}

// ParseMoney reads a cost. It accepts number cells and text with a currency symbol or ISO
// code before or after the amount ("$12.58", "USD 1,234.50", "1.234,50 €", "1 234,50 EUR"),
// thousands separators ("," "." space, NBSP, apostrophe) and a decimal comma, decided by the
// last separator: "1.234,56" is 1234.56, "1,234" is 1234, "1,23" is 1.23 and a single "."
// is always a decimal point ("66.843" is 66.843). Scientific notation is read as written.
//
// The currency is the one the cell names (a number cell's format counts when no currency
// column or header unit is given), else currencyHint (the row's currency column),
// else unit.Currency (the header's unit), else defaultCurrency; any two that disagree are an
// error. "$" is USD unless the hint, unit or default is another dollar currency (AUD, CAD,
// NZD...); "¥" is JPY unless one of them is CNY; "kr" needs one of them to be SEK, NOK, DKK
// or ISK. The amount is multiplied by unit.Multiplier ("$66.843" in a "($M)" column is
// 66,843,000.00 USD). A number cell is rounded half away from zero to the currency's minor
// unit, silently (12.580000000000002 is 12.58); typed text keeps trailing zeros out of it
// ("2499.9900" is 2499.99) but more decimal places than the currency has ("0.125" for GBP)
// is an error asking to round it. Negative amounts,
// written "-5", "(5)" or "5-", are an error ("cost cannot be negative"); see
// ParseSignedMoney. A blank cell gives the zero Money.
func ParseMoney(c sheet.Cell, currencyHint, defaultCurrency string, unit Unit) (models.Money, error) {
	return parseMoney(c, currencyHint, defaultCurrency, unit, false)
}

// ParseSignedMoney reads an amount like ParseMoney but accepts negative amounts.
func ParseSignedMoney(c sheet.Cell, currencyHint, defaultCurrency string, unit Unit) (models.Money, error) {
	return parseMoney(c, currencyHint, defaultCurrency, unit, true)
}

func parseMoney(c sheet.Cell, hint, def string, unit Unit, allowNeg bool) (models.Money, error) {
	if IsBlank(c) {
		return models.Money{}, nil
	}
	var (
		raw     string
		num     string
		neg     bool
		symbols []string
	)
	switch c.Kind {
	case sheet.KindBool:
		return models.Money{}, fmt.Errorf("%s is a yes/no value, not an amount", c.Text)
	case sheet.KindDate:
		return models.Money{}, fmt.Errorf("%q is a date, not an amount", cellText(c))
	case sheet.KindNumber:
		if math.IsNaN(c.Number) || math.IsInf(c.Number, 0) {
			return models.Money{}, fmt.Errorf("%v is not an amount", c.Number)
		}
		raw = fmtNum(c.Number)
		num, neg = strings.TrimPrefix(raw, "-"), c.Number < 0
		// The symbol the cell's number format shows ("$#,##0.00") counts like one typed next
		// to the amount, unless a currency column or the header names the currency: those are
		// what the person wrote, the format only how it looks. An unreadable one is ignored.
		if c.Currency != "" && strings.TrimSpace(hint) == "" && unit.Currency == "" && unit.Symbol == "" {
			if _, err := symbolCurrency(c.Currency, []string{strings.ToUpper(def)}); err == nil {
				symbols = []string{c.Currency}
			}
		}
	default:
		raw = trimText(foldSpace(c.Text))
		if len(raw) > maxValueLen {
			return models.Money{}, fmt.Errorf("%q is not an amount: it is too long", shorten(raw))
		}
		var err error
		num, neg, symbols, err = splitAmount(raw)
		if err != nil {
			return models.Money{}, fmt.Errorf("%q is not an amount: %v", shorten(raw), err)
		}
	}
	code, err := moneyCurrency(raw, symbols, hint, def, unit)
	if err != nil {
		return models.Money{}, err
	}
	// Typed amounts are not rounded away: "1.299 €" is far more likely 1299 than 1.30. Number
	// cells are (their extra digits are binary floating-point artefacts).
	if scale := models.CurrencyScale(code); c.Kind != sheet.KindNumber && tooPrecise(num, unit.Scale(), scale) {
		if thousandsDot.MatchString(raw) {
			return models.Money{}, fmt.Errorf("%q is ambiguous: %s has %d decimal places, so if \".\" groups thousands here write it without the dot (or as 1.299,00)",
				shorten(raw), code, scale)
		}
		return models.Money{}, fmt.Errorf("%q has more decimal places than %s has (%d): round it", shorten(raw), code, scale)
	}
	minor, err := toMinor(num, unit.Scale(), models.CurrencyScale(code))
	if err != nil {
		return models.Money{}, fmt.Errorf("%q is not an amount: %v", shorten(raw), err)
	}
	if neg {
		minor = -minor
	}
	if minor < 0 && !allowNeg {
		return models.Money{}, fmt.Errorf("%q: cost cannot be negative", shorten(raw))
	}
	return models.Money{Amount: minor, Currency: code}, nil
}

// splitAmount separates the sign, the currency symbol or code and the number of a text
// amount, and returns the number as a plain decimal ("1234.56") or in scientific notation.
func splitAmount(s string) (num string, neg bool, symbols []string, err error) {
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, strings.TrimSpace(s[1:len(s)-1])
	}
	first, last := -1, -1
	for i, r := range s {
		if r >= '0' && r <= '9' {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return "", false, nil, fmt.Errorf("it has no digits")
	}
	if first > 0 && (s[first-1] == '.' || s[first-1] == ',') {
		first--
	}
	prefix, number, suffix := s[:first], s[first:last+1], s[last+1:]
	var signs int
	clean := func(part string, trailing bool) string {
		part = strings.TrimSpace(part)
		for {
			switch {
			case strings.HasPrefix(part, "-"), strings.HasPrefix(part, "−"):
				signs++
				part = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(part, "-"), "−"))
			case strings.HasSuffix(part, "-"), strings.HasSuffix(part, "−"):
				signs++
				part = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(part, "-"), "−"))
			case strings.HasPrefix(part, "+"):
				part = strings.TrimSpace(part[1:])
			case !trailing && strings.HasPrefix(part, "(") && strings.HasSuffix(suffix, ")"):
				neg, part, suffix = true, strings.TrimSpace(part[1:]), strings.TrimSuffix(strings.TrimSpace(suffix), ")")
			default:
				return part
			}
		}
	}
	pre := clean(prefix, false)
	post := clean(suffix, true)
	if signs > 1 {
		return "", false, nil, fmt.Errorf("it has more than one minus sign")
	}
	neg = neg != (signs == 1)
	for _, t := range []string{pre, post} {
		if t == "" {
			continue
		}
		if !isCurrencyToken(t) {
			return "", false, nil, fmt.Errorf("%q is not a currency", t)
		}
		symbols = append(symbols, t)
	}
	num, err = normaliseNumber(number)
	return num, neg, symbols, err
}

// isCurrencyToken reports whether a token could be a currency: a known symbol or three letters.
func isCurrencyToken(t string) bool {
	l := strings.ToLower(t)
	if _, ok := fixedSymbols[l]; ok || l == "$" || l == "¥" || l == "kr" || l == "kr." {
		return true
	}
	return len(t) == 3 && strings.IndexFunc(t, func(r rune) bool { return !unicode.IsLetter(r) || r > unicode.MaxASCII }) < 0
}

// normaliseNumber turns "1.234,56", "1 234,56", "1'234.56" or "3.50E-05" into a plain number.
func normaliseNumber(s string) (string, error) {
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant, exp := s[:i], s[i+1:]
		whole, frac, _ := strings.Cut(strings.Replace(mant, ",", ".", 1), ".")
		e, err := strconv.Atoi(strings.TrimPrefix(exp, "+"))
		if !isDigits(whole) || (frac != "" && !isDigits(frac)) || err != nil {
			return "", fmt.Errorf("it is not a number")
		}
		if e > 30 || e < -30 {
			return "", fmt.Errorf("the exponent %d is out of range", e)
		}
		return whole + "." + frac + "e" + strconv.Itoa(e), nil
	}
	// Spaces and apostrophes only ever group thousands.
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\'' || r == '’' || r == '\u00a0' || r == '\u202f' || r == '\u2009':
			b.WriteByte(' ')
		case r >= '0' && r <= '9' || r == '.' || r == ',':
			b.WriteRune(r)
		default:
			return "", fmt.Errorf("%q is not part of a number", r)
		}
	}
	s = b.String()
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	decimal := byte(0)
	switch {
	case dots > 0 && commas > 0:
		decimal = s[strings.LastIndexAny(s, ".,")]
	case dots == 1:
		decimal = '.'
	case commas == 1:
		whole, frac, _ := strings.Cut(s, ",")
		if len(frac) != 3 || strings.Trim(whole, " 0") == "" {
			decimal = ','
		}
	}
	whole, frac := s, ""
	if decimal != 0 {
		i := strings.LastIndexByte(s, decimal)
		whole, frac = s[:i], s[i+1:]
		if strings.ContainsAny(frac, ".,' ") || !isDigits(frac) && frac != "" {
			return "", fmt.Errorf("the separators do not make sense")
		}
	}
	groups := strings.FieldsFunc(whole, func(r rune) bool { return r == '.' || r == ',' || r == ' ' })
	if strings.ContainsAny(whole, ".,") || strings.Contains(whole, " ") {
		if strings.Count(whole, " ")+strings.Count(whole, ".")+strings.Count(whole, ",") != len(groups)-1 {
			return "", fmt.Errorf("the separators do not make sense")
		}
		for i, g := range groups {
			if i == 0 && (len(g) < 1 || len(g) > 3) || i > 0 && len(g) != 3 {
				return "", fmt.Errorf("the digit groups are not thousands")
			}
		}
	}
	whole = strings.Join(groups, "")
	if whole == "" {
		whole = "0"
	}
	if frac == "" {
		return whole, nil
	}
	return whole + "." + frac, nil
}

// toMinor converts a plain or scientific decimal to minor units at scale after multiplying
// by mult, rounding half away from zero.
func toMinor(num string, mult int64, scale int) (int64, error) {
	if len(num) > 64 {
		return 0, fmt.Errorf("it has too many digits")
	}
	if q, ok := toMinorSmall(num, mult, scale); ok {
		if q > math.MaxInt64/100 {
			return 0, fmt.Errorf("it is too large")
		}
		return q, nil
	}
	return toMinorBig(num, mult, scale)
}

// toMinorSmall is toMinor in int64 arithmetic for the common amount: digits, optionally a
// point and more digits, 15 digits at most, with nothing overflowing. It reports false for
// anything else, which toMinorBig converts.
func toMinorSmall(num string, mult int64, scale int) (int64, bool) {
	if mult <= 0 || scale < 0 || scale > 6 {
		return 0, false
	}
	var n, den int64 = 0, 1
	digits, point := 0, -1
	for i := 0; i < len(num); i++ {
		c := num[i]
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int64(c-'0')
			if digits++; digits > 15 {
				return 0, false
			}
			if point >= 0 {
				den *= 10
			}
		case c == '.' && point < 0 && i > 0:
			point = i
		default:
			return 0, false
		}
	}
	if digits == 0 || point == len(num)-1 {
		return 0, false
	}
	m := mult
	for range scale {
		if m > math.MaxInt64/10 {
			return 0, false
		}
		m *= 10
	}
	if n > math.MaxInt64/m {
		return 0, false
	}
	n *= m
	q, rem := n/den, n%den
	if 2*rem >= den {
		q++
	}
	return q, true
}

// toMinorBig is toMinor in exact rational arithmetic.
func toMinorBig(num string, mult int64, scale int) (int64, error) {
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		return 0, fmt.Errorf("it is not a number")
	}
	r.Abs(r)
	r.Mul(r, new(big.Rat).SetInt64(mult))
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	q, rem := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if rem.Lsh(rem, 1).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() || q.Int64() > math.MaxInt64/100 {
		return 0, fmt.Errorf("it is too large")
	}
	return q.Int64(), nil
}

// moneyCurrency decides the currency of an amount from the cell's symbol, the row's
// currency column, the header's unit and the default.
func moneyCurrency(raw string, symbols []string, hint, def string, unit Unit) (string, error) {
	hint = strings.ToUpper(strings.TrimSpace(hint))
	def = strings.ToUpper(strings.TrimSpace(def))
	if hint != "" && !models.ValidCurrency(hint) {
		return "", fmt.Errorf("the currency %q is not an ISO 4217 code such as GBP, EUR or USD", hint)
	}
	if def != "" && !models.ValidCurrency(def) {
		return "", fmt.Errorf("the default currency %q is not an ISO 4217 code", def)
	}
	if unit.Symbol != "" {
		c, err := symbolCurrency(unit.Symbol, []string{hint, def})
		if err != nil {
			return "", fmt.Errorf("%q: %v", shorten(raw), err)
		}
		unit.Currency = c
	}
	known := []string{hint, unit.Currency, def}
	cell := ""
	for _, sym := range symbols {
		c, err := symbolCurrency(sym, known)
		if err != nil {
			return "", fmt.Errorf("%q: %v", shorten(raw), err)
		}
		if cell != "" && c != cell {
			return "", fmt.Errorf("%q names two currencies, %s and %s", shorten(raw), cell, c)
		}
		cell = c
	}
	code := cell
	for _, src := range []struct{ code, what string }{{hint, "the currency column says"}, {unit.Currency, "the column header says"}} {
		if src.code == "" {
			continue
		}
		if code != "" && code != src.code {
			if cell != "" {
				return "", fmt.Errorf("%q is in %s but %s %s", shorten(raw), code, src.what, src.code)
			}
			return "", fmt.Errorf("%q: the currency column says %s but the column header says %s", shorten(raw), code, src.code)
		}
		code = src.code
	}
	if code == "" {
		code = def
	}
	if code == "" {
		return "", fmt.Errorf("%q has no currency: add a currency column or set the default currency", shorten(raw))
	}
	return code, nil
}

// symbolCurrency resolves a symbol or code written next to an amount; known holds the
// currencies the row, header and settings name, used to read "$", "¥" and "kr".
func symbolCurrency(sym string, known []string) (string, error) {
	l := strings.ToLower(sym)
	pick := func(among []string, fallback string) string {
		for _, k := range known {
			if slices.Contains(among, k) {
				return k
			}
		}
		return fallback
	}
	switch l {
	case "$":
		return pick(dollarCurrencies, "USD"), nil
	case "¥":
		return pick([]string{"CNY", "JPY"}, "JPY"), nil
	case "kr", "kr.":
		if k := pick(kronaCurrencies, ""); k != "" {
			return k, nil
		}
		return "", fmt.Errorf(`"kr" could be Swedish, Norwegian, Danish or Icelandic krona; add a currency column or set the default currency`)
	}
	if code, ok := fixedSymbols[l]; ok {
		return code, nil
	}
	if u := strings.ToUpper(sym); models.ValidCurrency(u) {
		return u, nil
	}
	return "", fmt.Errorf("%q is not a currency", sym)
}

// currencyNames are words people write in a currency column instead of a code.
var currencyNames = map[string]string{
	"£": "GBP", "€": "EUR", "$": "USD", "us$": "USD", "¥": "JPY", "pound": "GBP", "pounds": "GBP",
	"sterling": "GBP", "poundsterling": "GBP", "euro": "EUR", "euros": "EUR", "usdollar": "USD",
	"usdollars": "USD", "yen": "JPY", "swissfranc": "CHF", "swissfrancs": "CHF",
}

// ParseCurrency reads a currency column: an ISO 4217 code in any case ("gbp"), a symbol
// ("£", "€", "$" for USD) or a common name ("Sterling", "Euro"). A blank cell gives "".
func ParseCurrency(c sheet.Cell) (string, error) {
	if IsBlank(c) {
		return "", nil
	}
	s := trimText(foldSpace(cellText(c)))
	if u := strings.ToUpper(s); models.ValidCurrency(u) {
		return u, nil
	}
	if code, ok := currencyNames[strings.ToLower(strings.ReplaceAll(s, " ", ""))]; ok {
		return code, nil
	}
	if code, ok := fixedSymbols[strings.ToLower(s)]; ok && len(s) > 1 && s != "r" && s != "R" {
		return code, nil
	}
	return "", fmt.Errorf("%q is not a currency; use an ISO 4217 code such as GBP, EUR or USD", shorten(s))
}

// thousandsDot matches an amount whose one "." is followed by exactly three digits ("1.299 €"),
// which Europeans write for a thousand and more.
var thousandsDot = regexp.MustCompile(`^[^.,\d]*[1-9]\d{0,2}\.\d{3}(\D[^.,]*)?$`)

// tooPrecise reports an amount that, multiplied by mult, has non-zero digits past the
// currency's scale.
func tooPrecise(num string, mult int64, scale int) bool {
	// A plain decimal ("1234.5") is decided by counting its digits, without big numbers: this
	// runs for every typed amount of an import.
	if whole, frac, _ := strings.Cut(strings.TrimPrefix(num, "-"), "."); !strings.ContainsAny(num, "eE") &&
		isDigits(whole+frac) && isPowerOfTen(mult) {
		frac = strings.TrimRight(frac, "0")
		return len(frac) > scale+len(strconv.FormatInt(mult, 10))-1
	}
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		return false // toMinor reports what is wrong with it
	}
	r.Mul(r, new(big.Rat).SetInt64(mult))
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	return !r.IsInt()
}

func isPowerOfTen(n int64) bool {
	for n > 1 && n%10 == 0 {
		n /= 10
	}
	return n == 1
}
