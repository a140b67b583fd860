package models

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// billingPeriodMonths is the one statement of how often each billing period charges, in
// months; a period not listed (one-off, or none recorded) charges once and never recurs.
var billingPeriodMonths = map[string]int{BillingMonthly: 1, BillingAnnual: 12}

// BillingMonths returns the months between two charges of a billing period: 1 for monthly,
// 12 for annual, 0 for a cost paid once (one-off) or an unknown period.
func BillingMonths(period string) int { return billingPeriodMonths[period] }

// AnnualCost returns what a cost billed per period comes to in a year, which is also what a
// licence costs for its next year-long term: 12 x a monthly cost, an annual cost as is, and no
// amount (the zero Money) for a one-off cost, an unknown period or a cost with no currency.
func AnnualCost(cost Money, period string) Money {
	months := BillingMonths(period)
	if months == 0 || cost.IsZero() {
		return Money{}
	}
	return Money{Amount: cost.Amount * int64(12/months), Currency: cost.Currency}
}

// AnnualCost returns the licence's cost per year; see the function AnnualCost.
func (l *Licence) AnnualCost() Money { return AnnualCost(l.Cost, l.BillingPeriod) }

// annualFactorSQL returns the SQL expression of AnnualCost's multiplier for the billing period
// in column col (12 monthly, 1 annual, 0 otherwise), so queries that sort by yearly cost apply
// the same rule as Go.
func annualFactorSQL(col string) string {
	var b strings.Builder
	b.WriteString("(CASE " + col)
	for _, p := range slices.Sorted(maps.Keys(billingPeriodMonths)) {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", p, 12/billingPeriodMonths[p])
	}
	b.WriteString(" ELSE 0 END)")
	return b.String()
}
