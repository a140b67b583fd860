package fields

import "testing"

func TestNormalizeHeader(t *testing.T) {
	tests := []struct {
		name, in, key string
		unit          Unit
	}{
		{"case and spaces", "  Serial   Number ", "serialno", Unit{}},
		{"snake case", "serial_number", "serialno", Unit{}},
		{"camel case", "SerialNumber", "serialno", Unit{}},
		{"hash", "Serial #", "serialno", Unit{}},
		{"No dot", "Serial No.", "serialno", Unit{}},
		{"slash", "S/N", "sn", Unit{}},
		{"NBSP", "Asset\u00a0Tag", "assettag", Unit{}},
		{"full-width", "Ａｓｓｅｔ　Ｔａｇ", "assettag", Unit{}},
		{"licence spelling", "Licence Key", "licensekey", Unit{}},
		{"centre spelling", "Cost Centre", "costcenter", Unit{}},
		{"catalogue spelling", "Catalogue Number", "catalogno", Unit{}},
		{"html entity", "R&amp;D Budget", "rdbudget", Unit{}},
		{"dollar millions spaced", "Lifecycle Cost ($ M)", "lifecyclecost", Unit{Currency: "USD", Multiplier: 1_000_000, Symbol: "$"}},
		{"dollar millions", "Total FY2021 Spending ($M)", "totalfyspending", Unit{Currency: "USD", Multiplier: 1_000_000, Symbol: "$"}},
		{"currency code", "Cost (GBP)", "cost", Unit{Currency: "GBP"}},
		{"dollar", "Price ($)", "price", Unit{Currency: "USD", Symbol: "$"}},
		{"trailing symbol", "Price £", "price", Unit{Currency: "GBP"}},
		{"trailing dollar", "Cost $", "cost", Unit{Currency: "USD", Symbol: "$"}},
		{"explicit US dollar", "Cost (US$)", "cost", Unit{Currency: "USD"}},
		{"pound thousands", "Budget (£k)", "budget", Unit{Currency: "GBP", Multiplier: 1000}},
		{"in code", "Cost in GBP", "cost", Unit{Currency: "GBP"}},
		{"trailing code after a comma", "Purchase Cost, USD", "purchasecost", Unit{Currency: "USD"}},
		{"a date layout", "Purchase Date (MM/DD/YYYY)", "purchasedate", Unit{DateOrder: MDY}},
		{"a day-first layout", "Expiry [dd.mm.yy]", "expiry", Unit{DateOrder: DMY}},
		{"an ISO layout", "Start (YYYY-MM-DD)", "start", Unit{DateOrder: YMD}},
		{"trailing code after a dash", "Price - EUR", "price", Unit{Currency: "EUR"}},
		{"trailing code in capitals only", "Cost usd", "costusd", Unit{}},
		{"a currency that is also a word is not a unit", "SET TOP", "settop", Unit{}},
		{"a comma between words", "Model, Make", "modelmake", Unit{}},
		{"in code parenthesised", "Cost (in EUR)", "cost", Unit{Currency: "EUR"}},
		{"bare multiplier", "Spend (000s)", "spend", Unit{Multiplier: 1000}},
		{"code then multiplier", "Budget (USD millions)", "budget", Unit{Currency: "USD", Multiplier: 1_000_000}},
		{"percent is no unit", "Cost Variance (%)", "costvariance", Unit{}},
		{"days is no unit", "Schedule Variance (in days)", "schedulevariance", Unit{}},
		{"B1 is no unit", "Completion Date (B1)", "completiondate", Unit{}},
		{"unclosed parenthesis", "Cost (GBP", "cost", Unit{}},
		{"empty", "", "", Unit{}},
		{"BOM", "\ufeffFirst Name", "firstname", Unit{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, unit := NormalizeHeader(tt.in)
			if key != tt.key || unit != tt.unit {
				t.Fatalf("NormalizeHeader(%q) = %q, %+v; want %q, %+v", tt.in, key, unit, tt.key, tt.unit)
			}
		})
	}
}

func TestUnitScale(t *testing.T) {
	if got := (Unit{}).Scale(); got != 1 {
		t.Fatalf("zero unit scale = %d, want 1", got)
	}
	if got := (Unit{Multiplier: 1000}).Scale(); got != 1000 {
		t.Fatalf("scale = %d, want 1000", got)
	}
}
