package models

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/currency"
)

// Money is an exact amount in a currency's minor units (pence, cents; yen have none).
// The zero value, with no currency, means "no amount recorded".
type Money struct {
	Amount   int64  `gorm:"column:amount;not null;default:0"`
	Currency string `gorm:"column:currency;not null;default:''"`
}

// MaxMinorAmount bounds one amount (a billion pounds in pence; a hundred billion yen), so that
// sums over millions of rows, and twelve months of a monthly cost, can never overflow int64.
const MaxMinorAmount int64 = 100_000_000_000

// IsZero reports whether no amount is recorded.
func (m Money) IsZero() bool { return m.Currency == "" }

// CurrencyScale returns the number of minor-unit digits of an ISO 4217 code (GBP 2, JPY 0, BHD 3).
func CurrencyScale(code string) int {
	u, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

// ValidCurrency reports whether code is a known ISO 4217 currency code in upper case.
func ValidCurrency(code string) bool {
	if len(code) != 3 || strings.ToUpper(code) != code {
		return false
	}
	u, err := currency.ParseISO(code)
	return err == nil && u.String() == code
}

// ParseMoney reads a plain decimal amount ("1234.5", "-3") in the given currency.
// It rejects more fraction digits than the currency has and anything that is not a number.
func ParseMoney(amount, code string) (Money, error) {
	if !ValidCurrency(code) {
		return Money{}, fmt.Errorf("unknown currency code %q", code)
	}
	minor, err := ParseMinor(amount, CurrencyScale(code))
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: minor, Currency: code}, nil
}

// ParseMinor converts a plain decimal string into an integer of minor units at the given scale.
func ParseMinor(s string, scale int) (int64, error) {
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%q is not an amount", s)
		}
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > scale {
		return 0, fmt.Errorf("%q has more than %d decimal places", s, scale)
	}
	frac += strings.Repeat("0", scale-len(frac))
	if whole == "" {
		whole = "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || n > MaxMinorAmount {
		return 0, fmt.Errorf("%q is too large: at most %s", s, FormatMinor(MaxMinorAmount, scale))
	}
	if neg {
		n = -n
	}
	return n, nil
}

// Decimal formats the amount as a plain decimal string with the currency's scale ("1234.50").
func (m Money) Decimal() string { return FormatMinor(m.Amount, CurrencyScale(m.Currency)) }

// FormatMinor formats minor units at a scale as a plain decimal string.
func FormatMinor(minor int64, scale int) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	s := strconv.FormatInt(minor, 10)
	if scale == 0 {
		return sign + s
	}
	if len(s) <= scale {
		s = strings.Repeat("0", scale-len(s)+1) + s
	}
	return sign + s[:len(s)-scale] + "." + s[len(s)-scale:]
}

// Float returns the amount in major units, for spreadsheet cells only (never for arithmetic).
func (m Money) Float() float64 {
	return float64(m.Amount) / math.Pow10(CurrencyScale(m.Currency))
}

// String formats as "1234.50 GBP".
func (m Money) String() string {
	if m.IsZero() {
		return ""
	}
	return m.Decimal() + " " + m.Currency
}

type moneyJSON struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// MarshalJSON writes {"amount":"1234.50","currency":"GBP"}, or null when no amount is recorded.
func (m Money) MarshalJSON() ([]byte, error) {
	if m.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(moneyJSON{Amount: m.Decimal(), Currency: m.Currency})
}

// UnmarshalJSON reads {"amount":"1234.50","currency":"GBP"}; the amount may also be a JSON number.
func (m *Money) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*m = Money{}
		return nil
	}
	var raw struct {
		Amount   json.RawMessage `json:"amount"`
		Currency string          `json:"currency"`
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("money must be {\"amount\": \"1234.50\", \"currency\": \"GBP\"}")
	}
	amount := strings.Trim(string(raw.Amount), `"`)
	v, err := ParseMoney(amount, raw.Currency)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Totals sums amounts per currency; amounts of different currencies are never added together.
type Totals map[string]int64

// Add adds m to the total of its currency; unset amounts are ignored.
func (t Totals) Add(m Money) {
	if !m.IsZero() {
		t[m.Currency] += m.Amount
	}
}

// List returns the totals as Money values sorted by currency code.
func (t Totals) List() []Money {
	out := make([]Money, 0, len(t))
	for c, a := range t {
		out = append(out, Money{Amount: a, Currency: c})
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Currency < out[j-1].Currency; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
