package models_test

import (
	"testing"

	"itreg/models"
)

func TestBillingRule(t *testing.T) {
	gbp := func(minor int64) models.Money { return models.Money{Amount: minor, Currency: "GBP"} }
	tests := []struct {
		name   string
		period string
		cost   models.Money
		months int
		annual models.Money
	}{
		{"monthly is twelve charges a year", models.BillingMonthly, gbp(1250), 1, gbp(15000)},
		{"annual is the cost as is", models.BillingAnnual, gbp(60000), 12, gbp(60000)},
		{"one-off never recurs", models.BillingOneOff, gbp(30000), 0, models.Money{}},
		{"no period recorded never recurs", "", gbp(30000), 0, models.Money{}},
		{"unknown period never recurs", "weekly", gbp(100), 0, models.Money{}},
		{"no cost recorded", models.BillingMonthly, models.Money{}, 1, models.Money{}},
		{"zero amount keeps its currency", models.BillingMonthly, gbp(0), 1, gbp(0)},
		{"JPY has no minor unit", models.BillingMonthly, models.Money{Amount: 980, Currency: "JPY"}, 1, models.Money{Amount: 11760, Currency: "JPY"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := models.BillingMonths(tc.period); got != tc.months {
				t.Errorf("BillingMonths(%q) = %d, want %d", tc.period, got, tc.months)
			}
			if got := models.AnnualCost(tc.cost, tc.period); got != tc.annual {
				t.Errorf("AnnualCost(%v, %q) = %v, want %v", tc.cost, tc.period, got, tc.annual)
			}
			l := models.Licence{Cost: tc.cost, BillingPeriod: tc.period}
			if got := l.AnnualCost(); got != tc.annual {
				t.Errorf("Licence.AnnualCost = %v, want %v", got, tc.annual)
			}
			lc := models.LicenceCompliance{Cost: tc.cost, BillingPeriod: tc.period}
			if got := lc.AnnualCost(); got != tc.annual {
				t.Errorf("LicenceCompliance.AnnualCost = %v, want %v", got, tc.annual)
			}
		})
	}
}
