package fields

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"itreg/importers/sheet"
)

func TestParseMoney(t *testing.T) {
	millions := Unit{Currency: "USD", Multiplier: 1_000_000, Symbol: "$"}
	_, dollars := NormalizeHeader("Price ($)")
	tests := []struct {
		name      string
		cell      sheet.Cell
		hint, def string
		unit      Unit
		want      string // Money.String(), "" for none
		err       string
	}{
		// Number cells.
		{"number", num(1234.5), "", "GBP", Unit{}, "1234.50 GBP", ""},
		// Number cells whose format shows a currency.
		{"dollar format", formatted(12.5, "$"), "", "GBP", Unit{}, "12.50 USD", ""},
		{"dollar format, Australian default", formatted(12.5, "$"), "", "AUD", Unit{}, "12.50 AUD", ""},
		{"rand format", formatted(1500, "R"), "", "GBP", Unit{}, "1500.00 ZAR", ""},
		{"code format", formatted(1500, "JPY"), "", "GBP", Unit{}, "1500 JPY", ""},
		{"the currency column wins over the format", formatted(12.5, "$"), "EUR", "GBP", Unit{}, "12.50 EUR", ""},
		{"the header unit wins over the format", formatted(12.5, "$"), "", "GBP", Unit{Currency: "EUR"}, "12.50 EUR", ""},
		{"an unreadable format symbol is ignored", formatted(12.5, "pcs"), "", "GBP", Unit{}, "12.50 GBP", ""},
		{"float artefact", num(12.580000000000002), "", "USD", Unit{}, "12.58 USD", ""},
		{"zero", num(0), "", "USD", Unit{}, "0.00 USD", ""},
		{"yen has no minor unit", num(1500), "JPY", "", Unit{}, "1500 JPY", ""},
		{"yen rounds", num(1500.5), "JPY", "", Unit{}, "1501 JPY", ""},
		{"dinar has three", num(1.2345), "BHD", "", Unit{}, "1.235 BHD", ""},
		{"number in millions", num(15.297), "", "", millions, "15297000.00 USD", ""},
		{"currency column wins over default", num(10), "EUR", "GBP", Unit{}, "10.00 EUR", ""},
		{"negative number", num(-5), "", "GBP", Unit{}, "", "cost cannot be negative"},
		// Rounding.
		{"four decimals that round exactly", str("2499.9900"), "", "USD", Unit{}, "2499.99 USD", ""},
		{"typed fractional cent", str("0.125"), "GBP", "", Unit{}, "", `"0.125" has more decimal places than GBP has (2): round it`},
		{"number fractional cent half up", num(0.125), "GBP", "", Unit{}, "0.13 GBP", ""},
		{"number fractional cent below half", num(0.124), "GBP", "", Unit{}, "0.12 GBP", ""},
		{"scientific tiny positive", str("3.50E-05"), "", "USD", Unit{}, "", "has more decimal places than USD has (2)"},
		{"scientific tiny in millions", str("3.50E-05"), "", "", millions, "35.00 USD", ""},
		{"scientific large", str("1.5E+3"), "", "USD", Unit{}, "1500.00 USD", ""},
		// Symbols and codes.
		{"dollar", str("$12.58"), "", "", Unit{}, "12.58 USD", ""},
		{"dollar zero", str("$0.00"), "", "", Unit{}, "0.00 USD", ""},
		{"dollar with AUD default", str("$12.58"), "", "AUD", Unit{}, "12.58 AUD", ""},
		{"dollar with CAD column", str("$12.58"), "CAD", "GBP", Unit{}, "12.58 CAD", ""},
		{"explicit US dollar with AUD default", str("US$12.58"), "", "AUD", Unit{}, "12.58 USD", ""},
		{"pound", str("£1,234.50"), "", "", Unit{}, "1234.50 GBP", ""},
		{"euro after with decimal comma", str("1.234,50 €"), "", "", Unit{}, "1234.50 EUR", ""},
		{"code before", str("USD 1,234.50"), "", "", Unit{}, "1234.50 USD", ""},
		{"code after with space groups", str("1 234,50 EUR"), "", "", Unit{}, "1234.50 EUR", ""},
		{"nbsp groups", str("1\u00a0234,50\u00a0EUR"), "", "", Unit{}, "1234.50 EUR", ""},
		{"lower-case code", str("12 gbp"), "", "", Unit{}, "12.00 GBP", ""},
		{"yen", str("¥1,500"), "", "", Unit{}, "1500 JPY", ""},
		{"full-width yen", str("￥1,500"), "", "", Unit{}, "1500 JPY", ""},
		{"yen suffix", str("1,500円"), "", "", Unit{}, "1500 JPY", ""},
		{"yuan by hint", str("¥1,500"), "CNY", "", Unit{}, "1500.00 CNY", ""},
		{"rand", str("R 1 500"), "", "", Unit{}, "1500.00 ZAR", ""},
		{"real", str("R$ 10,50"), "", "", Unit{}, "10.50 BRL", ""},
		{"krona by default", str("125 kr"), "", "SEK", Unit{}, "125.00 SEK", ""},
		{"krona unknown", str("125 kr"), "", "GBP", Unit{}, "", `"kr" could be Swedish`},
		{"swiss apostrophe", str("CHF 1'234.50"), "", "", Unit{}, "1234.50 CHF", ""},
		{"code and symbol agree", str("$12 USD"), "", "", Unit{}, "12.00 USD", ""},
		{"code and symbol disagree", str("€12 USD"), "", "", Unit{}, "", "names two currencies, EUR and USD"},
		{"symbol conflicts with column", str("€12.50"), "GBP", "", Unit{}, "", `"€12.50" is in EUR but the currency column says GBP`},
		{"symbol conflicts with header", str("£12.50"), "", "", Unit{Currency: "USD"}, "", "but the column header says USD"},
		{"column conflicts with header", num(5), "EUR", "", Unit{Currency: "USD"}, "", "the currency column says EUR but the column header says USD"},
		{"no currency anywhere", str("12.50"), "", "", Unit{}, "", "has no currency: add a currency column or set the default currency"},
		{"bad currency column", num(1), "EURO", "", Unit{}, "", "not an ISO 4217 code"},
		{"unknown word", str("12 bananas"), "", "GBP", Unit{}, "", "is not a currency"},
		// Header unit multiplier.
		{"dollar millions text", str("$66.843"), "", "", millions, "66843000.00 USD", ""},
		{"dollar millions zero", str("$0.000"), "", "", millions, "0.00 USD", ""},
		{"dollar header with AUD default", num(5), "", "AUD", dollars, "5.00 AUD", ""},
		{"dollar header with GBP default", num(5), "", "GBP", dollars, "5.00 USD", ""},
		{"dollar header and dollar cell with NZD column", str("$5"), "NZD", "GBP", dollars, "5.00 NZD", ""},
		// Separators.
		{"comma thousands", str("1,234"), "", "GBP", Unit{}, "1234.00 GBP", ""},
		{"decimal comma", str("1,23"), "", "EUR", Unit{}, "1.23 EUR", ""},
		{"three decimals after a comma", str("0,125"), "", "EUR", Unit{}, "", "has more decimal places than EUR has (2)"},
		{"dot thousands comma decimal", str("1.234,56"), "", "EUR", Unit{}, "1234.56 EUR", ""},
		{"comma thousands dot decimal", str("1,234,567.89"), "", "USD", Unit{}, "1234567.89 USD", ""},
		{"dot thousands repeated", str("1.234.567"), "", "EUR", Unit{}, "1234567.00 EUR", ""},
		{"single dot before three digits is ambiguous", str("1.234"), "", "USD", Unit{}, "", `"1.234" is ambiguous: USD has 2 decimal places`},
		{"euro with a thousands dot", str("1.299 €"), "", "GBP", Unit{}, "", `"1.299 €" is ambiguous`},
		{"single dot is decimal", str("1.25"), "", "USD", Unit{}, "1.25 USD", ""},
		{"bad groups", str("1,23,4"), "", "USD", Unit{}, "", "not thousands"},
		{"two decimal points", str("1.2.3,4,5"), "", "USD", Unit{}, "", "is not an amount"},
		{"leading point", str(".5"), "", "USD", Unit{}, "0.50 USD", ""},
		// Negatives.
		{"parentheses", str("(12.50)"), "", "GBP", Unit{}, "", `"(12.50)": cost cannot be negative`},
		{"trailing minus", str("12.50-"), "", "GBP", Unit{}, "", "cost cannot be negative"},
		{"leading minus with symbol", str("-$12.50"), "", "", Unit{}, "", "cost cannot be negative"},
		{"symbol then minus", str("$-12.50"), "", "", Unit{}, "", "cost cannot be negative"},
		{"two minus signs", str("--12"), "", "GBP", Unit{}, "", "more than one minus"},
		// Blanks and junk.
		{"empty", sheet.Cell{}, "", "GBP", Unit{}, "", ""},
		{"placeholder", str("N/A"), "", "GBP", Unit{}, "", ""},
		{"excel error", sheet.Cell{Kind: sheet.KindError, Text: "#DIV/0!"}, "", "GBP", Unit{}, "", ""},
		{"no digits", str("free"), "", "GBP", Unit{}, "", "it has no digits"},
		{"date cell", dateCell(45356), "", "GBP", Unit{}, "", "is a date, not an amount"},
		{"bool cell", sheet.Cell{Kind: sheet.KindBool, Text: "TRUE"}, "", "GBP", Unit{}, "", "yes/no"},
		{"huge", str("99999999999999999999999"), "", "GBP", Unit{}, "", "too large"},
		{"huge exponent", str("1e999999"), "", "GBP", Unit{}, "", "out of range"},
		{"too long", str(strings.Repeat("1,", 60) + "1"), "", "GBP", Unit{}, "", "it is too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMoney(tt.cell, tt.hint, tt.def, tt.unit)
			wantErr(t, err, tt.err)
			if got.String() != tt.want {
				t.Fatalf("ParseMoney = %q, want %q", got.String(), tt.want)
			}
		})
	}
}

func TestParseSignedMoney(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"(12.50)", "-12.50 GBP"}, {"12.50-", "-12.50 GBP"}, {"-£3", "-3.00 GBP"}, {"-0.40", "-0.40 GBP"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSignedMoney(str(tt.in), "", "GBP", Unit{})
			if err != nil || got.String() != tt.want {
				t.Fatalf("ParseSignedMoney(%q) = %q, %v; want %q", tt.in, got.String(), err, tt.want)
			}
		})
	}
}

func TestParseCurrency(t *testing.T) {
	tests := []struct {
		name string
		cell sheet.Cell
		want string
		err  string
	}{
		{"code", str("GBP"), "GBP", ""}, {"lower", str(" usd "), "USD", ""}, {"pound sign", str("£"), "GBP", ""},
		{"euro sign", str("€"), "EUR", ""}, {"dollar sign", str("$"), "USD", ""}, {"name", str("Sterling"), "GBP", ""},
		{"euro word", str("Euro"), "EUR", ""}, {"blank", sheet.Cell{}, "", ""}, {"placeholder", str("N/A"), "", ""},
		{"unknown", str("Doubloons"), "", "is not a currency"}, {"not a code", str("ABC"), "", "is not a currency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCurrency(tt.cell)
			wantErr(t, err, tt.err)
			if got != tt.want {
				t.Fatalf("ParseCurrency = %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"$12.58", "1.234,50 €", "(1,234.00)", "-3.50E-05", "CHF 1'234.50", "kr 5", "1e400",
		"12.50-", "$", "(", "--", "1,23,4", "¥", "R$ 1"} {
		f.Add(s, "USD")
	}
	f.Fuzz(func(t *testing.T, s, def string) {
		m, err := ParseSignedMoney(str(s), "", def, Unit{Multiplier: 1000})
		if err == nil && !m.IsZero() && m.Currency == "" {
			t.Fatalf("ParseMoney(%q) returned an amount with no currency", s)
		}
	})
}

// TestToMinorSmall checks toMinor, which tries int64 arithmetic first, against the exact
// conversion: the same amount or the same error for every input.
func TestToMinorSmall(t *testing.T) {
	nums := []string{"0", "1", "1234.56", "1234.565", "1234.5650", "0.005", "0.0049999", "12.5", "999999999999999",
		"99999999999999.9", "1.", ".5", "1.2.3", "1e3", "12a", "", "-1", "000123.450", "0.5", "2.5", "9223372036854775807",
		"123456789012.345"}
	for _, num := range nums {
		for _, mult := range []int64{1, 1000, 1_000_000, 1_000_000_000_000} {
			for _, scale := range []int{0, 2, 3} {
				t.Run(fmt.Sprintf("%s x%d /%d", num, mult, scale), func(t *testing.T) {
					got, gotErr := toMinor(num, mult, scale)
					want, wantErr := toMinorBig(num, mult, scale)
					if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
						t.Fatalf("toMinor = %d, %v; toMinorBig = %d, %v", got, gotErr, want, wantErr)
					}
					if _, ok := toMinorSmall(num, mult, scale); !ok && num == "1234.56" && mult == 1 {
						t.Fatal("the common amount took the slow path")
					}
				})
			}
		}
	}
}

// formatted is a number cell whose number format shows a currency.
func formatted(f float64, currency string) sheet.Cell {
	c := num(f)
	c.Currency = currency
	return c
}

// TestTooPreciseFastPathAgreesWithExactArithmetic holds the digit-counting path of
// tooPrecise to the exact big.Rat answer.
func TestTooPreciseFastPathAgreesWithExactArithmetic(t *testing.T) {
	exact := func(num string, mult int64, scale int) bool {
		r, _ := new(big.Rat).SetString(num)
		r.Mul(r, new(big.Rat).SetInt64(mult))
		r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
		return !r.IsInt()
	}
	for _, num := range []string{"1234.5", "0.125", "1.2300", "-0.125", "66.843", "0.0000001", "12", "0.1", ".5", "99.999", "1000000.001"} {
		for _, mult := range []int64{1, 1000, 1_000_000} {
			for _, scale := range []int{0, 2, 3} {
				if got, want := tooPrecise(num, mult, scale), exact(num, mult, scale); got != want {
					t.Errorf("tooPrecise(%q, %d, %d) = %v, want %v", num, mult, scale, got, want)
				}
			}
		}
	}
}
