package models

import "slices"

// Device categories, with the default lifetime in months used when a device has none.
const (
	CategoryLaptop     = "laptop"
	CategoryDesktop    = "desktop"
	CategoryServer     = "server"
	CategoryNetwork    = "network"
	CategoryPhone      = "phone"
	CategoryTablet     = "tablet"
	CategoryMonitor    = "monitor"
	CategoryPrinter    = "printer"
	CategoryAV         = "av"
	CategoryPeripheral = "peripheral"
	CategoryOther      = "other"
)

// DeviceCategories lists every device category in display order.
var DeviceCategories = []string{
	CategoryLaptop, CategoryDesktop, CategoryServer, CategoryNetwork, CategoryPhone, CategoryTablet,
	CategoryMonitor, CategoryPrinter, CategoryAV, CategoryPeripheral, CategoryOther,
}

// DefaultLifetimeMonths is the planned service life per category when a device sets none.
// Overridable per deployment with ITREG_LIFETIME_<CATEGORY> (see cmd/itreg).
var DefaultLifetimeMonths = map[string]int{
	CategoryLaptop: 48, CategoryDesktop: 60, CategoryServer: 60, CategoryNetwork: 84,
	CategoryPhone: 36, CategoryTablet: 36, CategoryMonitor: 72, CategoryPrinter: 60,
	CategoryAV: 84, CategoryPeripheral: 48, CategoryOther: 60,
}

// Device statuses.
const (
	StatusOrdered  = "ordered"
	StatusInStock  = "in_stock"
	StatusDeployed = "deployed"
	StatusInRepair = "in_repair"
	StatusRetired  = "retired"
	StatusDisposed = "disposed"
	StatusLost     = "lost"
)

// DeviceStatuses lists every device status in lifecycle order.
var DeviceStatuses = []string{
	StatusOrdered, StatusInStock, StatusDeployed, StatusInRepair, StatusRetired, StatusDisposed, StatusLost,
}

// OutOfServiceStatuses are the statuses of devices no longer in service.
var OutOfServiceStatuses = []string{StatusRetired, StatusDisposed, StatusLost}

// InService reports whether a device with this status is still in service.
func InService(status string) bool { return !slices.Contains(OutOfServiceStatuses, status) }

// Vendor roles.
var VendorRoles = []string{"manufacturer", "supplier", "reseller", "service_provider"}

// Billing periods of a licence's cost.
const (
	BillingMonthly = "monthly"
	BillingAnnual  = "annual"
	BillingOneOff  = "one_off"
)

// Licence types, metrics and billing periods.
var (
	LicenceTypes   = []string{"subscription", "perpetual"}
	LicenceMetrics = []string{"per_user", "per_device", "site", "concurrent", "per_core"}
	BillingPeriods = []string{BillingMonthly, BillingAnnual, BillingOneOff}
)

// Warranty kinds.
var WarrantyKinds = []string{"manufacturer", "extended", "support", "lease"}

// Budget categories.
var BudgetCategories = []string{"capex", "opex"}

// Token roles, from most to least powerful. A feed token reads the calendar feed only.
const (
	RoleAdmin  = "admin"
	RoleEditor = "editor"
	RoleViewer = "viewer"
	RoleFeed   = "feed"
)

// Roles lists the roles a token may have.
var Roles = []string{RoleAdmin, RoleEditor, RoleViewer, RoleFeed}

// RoleAtLeast reports whether role has at least the power of min (feed is below viewer).
func RoleAtLeast(role, min string) bool {
	rank := map[string]int{RoleFeed: 0, RoleViewer: 1, RoleEditor: 2, RoleAdmin: 3}
	r, ok := rank[role]
	return ok && r >= rank[min]
}

// Audit actions.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
	ActionImport = "import"
)
