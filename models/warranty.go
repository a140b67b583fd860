package models

// Warranty is a manufacturer warranty, an extended warranty, a support or maintenance contract
// or a lease covering one or more devices.
type Warranty struct {
	Record
	ProviderID   *int64
	Provider     *Vendor `gorm:"foreignKey:ProviderID"`
	Kind         string  `gorm:"not null"`
	Reference    *string
	ServiceLevel string `gorm:"not null;default:''"`
	StartDate    Date   `gorm:"type:date"`
	EndDate      Date   `gorm:"type:date;not null"`
	Cost         Money  `gorm:"embedded;embeddedPrefix:cost_"`
	BudgetLineID *int64
	BudgetLine   *BudgetLine `gorm:"foreignKey:BudgetLineID"`
	AutoRenew    bool        `gorm:"not null;default:false"`
	NoticeDays   int         `gorm:"not null;default:0"`
	DeviceIDs    []int64     `gorm:"-"` // the devices covered, kept in warranty_devices
}

// TableName names the table.
func (Warranty) TableName() string { return "warranties" }

// WarrantyDevice links a warranty to a device it covers.
type WarrantyDevice struct {
	WarrantyID int64 `gorm:"primaryKey"`
	DeviceID   int64 `gorm:"primaryKey"`
}

// TableName names the table.
func (WarrantyDevice) TableName() string { return "warranty_devices" }

// NoticeDeadline is the last day to give notice: end date - notice days.
func (w *Warranty) NoticeDeadline() Date {
	if w.EndDate.IsZero() {
		return Date{}
	}
	return w.EndDate.AddDays(-w.NoticeDays)
}

// ActiveOn reports whether the warranty covers the given day.
func (w *Warranty) ActiveOn(d Date) bool {
	return (w.StartDate.IsZero() || !d.Before(w.StartDate)) && !d.After(w.EndDate)
}

// Validate checks the warranty's fields.
func (w *Warranty) Validate() error {
	var c checker
	c.enum("kind", w.Kind, WarrantyKinds, true)
	c.ident("reference", w.Reference)
	c.text("service_level", w.ServiceLevel, MaxName, false)
	if w.EndDate.IsZero() {
		c.Add("end_date", "required")
	}
	c.dateOrder("start_date", w.StartDate, "end_date", w.EndDate)
	if w.NoticeDays < 0 || w.NoticeDays > 3650 {
		c.Add("notice_days", "must be between 0 and 3650")
	}
	c.money("cost", w.Cost)
	c.notes(w.Notes)
	return c.OrNil()
}

// AuditFields lists the fields the audit trail compares.
func (w *Warranty) AuditFields() map[string]any {
	return map[string]any{
		"provider_id": ptrVal(w.ProviderID), "kind": w.Kind, "reference": Str(w.Reference),
		"service_level": w.ServiceLevel, "start_date": w.StartDate.String(), "end_date": w.EndDate.String(),
		"cost": w.Cost.String(), "budget_line_id": ptrVal(w.BudgetLineID), "auto_renew": w.AutoRenew,
		"notice_days": w.NoticeDays, "device_ids": w.DeviceIDs, "notes": w.Notes,
	}
}
