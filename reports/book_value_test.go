package reports

import (
	"testing"

	"itreg/models"
)

func TestBookValue(t *testing.T) {
	cost := models.Money{Amount: 120000, Currency: "GBP"}
	for _, tc := range []struct {
		name      string
		cost      models.Money
		purchased string
		on        string
		want      string
	}{
		{"on the day of purchase", cost, "2024-01-15", "2024-01-15", "1200.00 GBP"},
		{"before purchase keeps the cost", cost, "2024-01-15", "2023-12-31", "1200.00 GBP"},
		{"a quarter of a 48-month life", cost, "2024-01-15", "2025-01-14", "900.00 GBP"},
		{"past its life", cost, "2019-01-01", "2025-01-01", "0.00 GBP"},
		{"no cost", models.Money{}, "2024-01-15", "2025-01-14", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var purchased models.Date
			if tc.purchased != "" {
				purchased = models.MustDate(tc.purchased)
			}
			got := BookValue(tc.cost, purchased, 48, models.MustDate(tc.on))
			if got.String() != tc.want {
				t.Errorf("got %q, want %q", got.String(), tc.want)
			}
		})
	}
}
