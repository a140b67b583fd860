package models

import (
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"
)

// EnumTags maps each validator tag that stands for one of the register's value lists to that
// list, so request shapes (and later forms) name the list ("category") instead of repeating it.
func EnumTags() map[string][]string {
	return map[string][]string{
		"device_status":   DeviceStatuses,
		"vendor_role":     VendorRoles,
		"licence_type":    LicenceTypes,
		"licence_metric":  LicenceMetrics,
		"billing_period":  BillingPeriods,
		"warranty_kind":   WarrantyKinds,
		"budget_category": BudgetCategories,
		"role":            Roles,
	}
}

// RegisterValidations teaches v the tags of EnumTags. Each is an alias of oneof over its list,
// so a failed check still reports the actual tag "oneof" (FieldError.ActualTag) and the
// allowed values (FieldError.Param), as a literal oneof did.
//
// "category" is a device category's name: categories are records (Store.Categories), so a
// request can only be checked for its length here; the store checks that the name exists.
func RegisterValidations(v *validator.Validate) {
	for tag, values := range EnumTags() {
		v.RegisterAlias(tag, "oneof="+strings.Join(values, " "))
	}
	v.RegisterAlias("category", "max="+strconv.Itoa(MaxCategoryName))
}
