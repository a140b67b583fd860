package models

import "strings"

// Vendor is a company itreg deals with: manufacturer, supplier, reseller or service provider.
type Vendor struct {
	Record
	Name          string     `gorm:"not null"`
	Roles         StringList `gorm:"type:text;not null;default:''"`
	Website       string     `gorm:"not null;default:''"`
	SupportEmail  string     `gorm:"not null;default:''"`
	SupportPhone  string     `gorm:"not null;default:''"`
	AccountNumber string     `gorm:"not null;default:''"`
}

// TableName names the table.
func (Vendor) TableName() string { return "vendors" }

// Validate checks the vendor's fields.
func (v *Vendor) Validate() error {
	var c checker
	v.Name = strings.TrimSpace(v.Name)
	c.text("name", v.Name, MaxName, true)
	for _, r := range v.Roles {
		c.enum("roles", r, VendorRoles, false)
	}
	c.text("website", v.Website, MaxName, false)
	c.email("support_email", v.SupportEmail)
	c.text("support_phone", v.SupportPhone, MaxShort, false)
	c.text("account_number", v.AccountNumber, MaxShort, false)
	c.notes(v.Notes)
	return c.OrNil()
}

// AuditFields lists the fields the audit trail compares.
func (v *Vendor) AuditFields() map[string]any {
	return map[string]any{
		"name": v.Name, "roles": strings.Join(v.Roles, ","), "website": v.Website,
		"support_email": v.SupportEmail, "support_phone": v.SupportPhone,
		"account_number": v.AccountNumber, "notes": v.Notes,
	}
}
