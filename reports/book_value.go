package reports

import "itreg/models"

// BookValue is the straight-line book value on the day on of a device bought on purchased for
// cost with a life of lifetime months: the depreciation report's rule, for one device (a record
// page shows it). A device with no purchase date or cost has no book value (the zero Money).
func BookValue(cost models.Money, purchased models.Date, lifetime int, on models.Date) models.Money {
	if cost.IsZero() || purchased.IsZero() {
		return models.Money{}
	}
	if on.Before(purchased) {
		return cost
	}
	return models.Money{Amount: bookValue(cost.Amount, monthsElapsed(purchased, on), lifetime), Currency: cost.Currency}
}
