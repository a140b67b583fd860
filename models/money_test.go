package models

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	cases := []struct {
		name, amount, currency string
		want                   int64
		err                    string
	}{
		{"pounds and pence", "1234.50", "GBP", 123450, ""},
		{"whole pounds", "12", "GBP", 1200, ""},
		{"trailing zeros beyond the scale", "1.500", "GBP", 150, ""},
		{"yen have no minor unit", "1500", "JPY", 1500, ""},
		{"dinar have three", "1.234", "BHD", 1234, ""},
		{"too many decimals", "1.234", "GBP", 0, `"1.234" has more than 2 decimal places`},
		{"the largest amount", "1000000000.00", "GBP", MaxMinorAmount, ""},
		{"past the largest amount", "1000000000.01", "GBP", 0, "is too large: at most 1000000000.00"},
		{"past the largest yen amount", "100000000001", "JPY", 0, "is too large: at most 100000000000"},
		{"unknown currency", "1", "XXY", 0, `unknown currency code "XXY"`},
		{"lower-case code", "1", "gbp", 0, `unknown currency code "gbp"`},
		{"not a number", "1e3", "GBP", 0, "is not an amount"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseMoney(tc.amount, tc.currency)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || m.Amount != tc.want || m.Currency != tc.currency {
				t.Fatalf("got %+v, %v; want %d %s", m, err, tc.want, tc.currency)
			}
		})
	}
}

func TestMoneyJSON(t *testing.T) {
	b, _ := json.Marshal(struct {
		A Money `json:"a"`
		B Money `json:"b"`
	}{Money{-5, "GBP"}, Money{}})
	if string(b) != `{"a":{"amount":"-0.05","currency":"GBP"},"b":null}` {
		t.Fatalf("marshal: %s", b)
	}
	var m Money
	if err := json.Unmarshal([]byte(`{"amount": 12.5, "currency": "EUR"}`), &m); err != nil || m != (Money{1250, "EUR"}) {
		t.Fatalf("unmarshal: %+v %v", m, err)
	}
}

func TestValidateCapsAmounts(t *testing.T) {
	d := Device{AssetTag: StrPtr("A"), Category: CategoryLaptop, Status: StatusDeployed,
		PurchaseCost: Money{Amount: MaxMinorAmount + 1, Currency: "GBP"}}
	fe, ok := d.Validate().(*FieldError)
	if !ok || !strings.Contains(fe.Fields["purchase_cost"], "too large") {
		t.Fatalf("validate: %v", d.Validate())
	}
}
