package fields

import (
	"slices"

	"itreg/models"
)

// vendorFields are the fields of a vendor row. The flag columns is_manufacturer,
// is_supplier and is_reseller hold yes/no (or 0/1, as in ServiceNow's core_company, whose
// "vendor" flag means supplier); each true flag adds its role to the roles column.
var vendorFields = []Field{
	{Name: "name", Header: "Name", Type: Text, Required: true, MaxLen: 200, Key: true,
		Synonyms: []string{"Vendor Name", "Supplier Name", "Company", "Company Name", "Organisation",
			"Organization Name", "Manufacturer Name", "Legal Name", "Trading Name"}},
	{Name: "roles", Header: "Roles", Type: List, Enum: models.VendorRoles,
		Synonyms: []string{"Role", "Vendor Type", "vendor_type", "Type", "Relationship", "Category"}},
	{Name: "website", Header: "Website", Type: Text, MaxLen: 500,
		Synonyms: []string{"Web", "URL", "Web Site", "Homepage", "Site", "Web Address"}},
	{Name: "support_email", Header: "Support Email", Type: Text, MaxLen: 254,
		Synonyms: []string{"Email", "E-mail", "Support E-mail", "Contact Email", "Helpdesk Email",
			"Email Address"}},
	{Name: "support_phone", Header: "Support Phone", Type: Text, MaxLen: 64,
		Synonyms: []string{"Phone", "Telephone", "Tel", "Phone Number", "Support Number",
			"Contact Phone", "Helpdesk Phone", "Support Telephone"}},
	{Name: "account_number", Header: "Account Number", Type: Text, MaxLen: 64,
		Synonyms: []string{"Account", "Account No", "Account #", "Customer Number", "Customer No",
			"Customer ID", "Account ID", "Customer Account"}},
	{Name: "notes", Header: "Notes", Type: Text, MaxLen: 10000,
		Synonyms: []string{"Note", "Comments", "Comment", "Remarks", "Description"}},
	{Name: "is_manufacturer", Header: "Manufacturer", Type: Bool,
		Synonyms: []string{"Is Manufacturer", "Manufacturer?", "OEM"}},
	{Name: "is_supplier", Header: "Supplier", Type: Bool,
		Synonyms: []string{"Is Supplier", "Supplier?", "Vendor", "Is Vendor"}},
	{Name: "is_reseller", Header: "Reseller", Type: Bool,
		Synonyms: []string{"Is Reseller", "Reseller?"}},
}

// RoleFlags maps each vendor role flag field to the role it adds.
var RoleFlags = map[string]string{
	"is_manufacturer": "manufacturer",
	"is_supplier":     "supplier",
	"is_reseller":     "reseller",
}

// AddFlagRole returns roles with the role of a flag field added when on is true and the
// role is not there yet; roles is returned unchanged otherwise.
func AddFlagRole(roles []string, flagField string, on bool) []string {
	role, ok := RoleFlags[flagField]
	if !ok || !on || slices.Contains(roles, role) {
		return roles
	}
	return append(roles, role)
}
