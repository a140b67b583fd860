package sheet

import "testing"

func TestFormatCurrency(t *testing.T) {
	cases := map[string]string{
		`"$"#,##0.00`:                  "$",
		`$#,##0.00_);($#,##0.00)`:      "$",
		`"R"#,##0`:                     "R",
		`[$€-407]#,##0.00`:             "€",
		`[$USD] #,##0.00`:              "USD",
		`#,##0.00 [$€-1]`:              "€",
		`£#,##0.00`:                    "£",
		`#,##0 "JPY"`:                  "JPY",
		`"kr." #,##0.00`:               "kr.",
		`[$-409]d\-mmm\-yy;@`:          "",
		`#,##0.00`:                     "",
		`0.0%`:                         "",
		`General`:                      "",
		`#,##0" units"`:                "",
		`[Red]#,##0.00;[Blue]-"$"0.00`: "",
		`\$#,##0`:                      "",
	}
	for code, want := range cases {
		if got := formatCurrency(code); got != want {
			t.Errorf("formatCurrency(%q) = %q, want %q", code, got, want)
		}
	}
}
