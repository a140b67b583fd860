package models

// Device is a piece of hardware the organisation owns or leases.
type Device struct {
	Record
	AssetTag       *string `gorm:"column:asset_tag"`
	SerialNumber   *string `gorm:"column:serial_number"`
	Hostname       string  `gorm:"not null;default:''"`
	Category       string  `gorm:"not null"`
	ManufacturerID *int64
	Manufacturer   *Vendor `gorm:"foreignKey:ManufacturerID"`
	Model          string  `gorm:"not null;default:''"`
	Status         string  `gorm:"not null"`
	AssignedTo     string  `gorm:"not null;default:''"`
	Department     string  `gorm:"not null;default:''"`
	CostCentre     string  `gorm:"not null;default:''"`
	Location       string  `gorm:"not null;default:''"`
	PurchaseDate   Date    `gorm:"type:date"`
	PurchaseCost   Money   `gorm:"embedded;embeddedPrefix:purchase_cost_"`
	SupplierID     *int64
	Supplier       *Vendor `gorm:"foreignKey:SupplierID"`
	OrderNumber    string  `gorm:"not null;default:''"`
	InvoiceNumber  string  `gorm:"not null;default:''"`
	BudgetLineID   *int64
	BudgetLine     *BudgetLine `gorm:"foreignKey:BudgetLineID"`
	LifetimeMonths *int
	EOLDate        Date    `gorm:"column:eol_date;type:date"`
	CustomFields   JSONMap `gorm:"column:custom_fields"`
}

// TableName names the table.
func (Device) TableName() string { return "devices" }

// Lifetime returns the device's planned life in months: its own, else its category's default.
func (d *Device) Lifetime(defaults map[string]int) int {
	if d.LifetimeMonths != nil && *d.LifetimeMonths > 0 {
		return *d.LifetimeMonths
	}
	if m, ok := defaults[d.Category]; ok {
		return m
	}
	return DefaultLifetimeMonths[d.Category]
}

// EndOfLife is the earlier of the manufacturer's end of support and purchase date + lifetime.
// It is the zero Date when neither is known.
func (d *Device) EndOfLife(defaults map[string]int) Date {
	var planned Date
	if !d.PurchaseDate.IsZero() {
		planned = d.PurchaseDate.AddMonths(d.Lifetime(defaults))
	}
	return MinDate(d.EOLDate, planned)
}

// Validate checks the device's fields.
func (d *Device) Validate() error {
	var c checker
	if d.AssetTag == nil && d.SerialNumber == nil {
		c.Add("asset_tag", "an asset tag or a serial number is required")
	}
	c.ident("asset_tag", d.AssetTag)
	c.ident("serial_number", d.SerialNumber)
	c.text("hostname", d.Hostname, MaxName, false)
	c.text("category", d.Category, MaxCategoryName, true) // that it names a category: Store.checkDeviceCategory
	c.text("model", d.Model, MaxName, false)
	c.enum("status", d.Status, DeviceStatuses, true)
	for field, v := range map[string]string{
		"assigned_to": d.AssignedTo, "department": d.Department, "location": d.Location,
	} {
		c.text(field, v, MaxName, false)
	}
	for field, v := range map[string]string{
		"cost_centre": d.CostCentre, "order_number": d.OrderNumber, "invoice_number": d.InvoiceNumber,
	} {
		c.text(field, v, MaxShort, false)
	}
	c.money("purchase_cost", d.PurchaseCost)
	if d.LifetimeMonths != nil && (*d.LifetimeMonths < 1 || *d.LifetimeMonths > 600) {
		c.Add("lifetime_months", "must be between 1 and 600")
	}
	for k, v := range d.CustomFields {
		c.text("custom_fields", k, MaxShort, true)
		c.text("custom_fields", v, MaxName*5, false)
	}
	c.notes(d.Notes)
	return c.OrNil()
}

// AuditFields lists the fields the audit trail compares.
func (d *Device) AuditFields() map[string]any {
	return map[string]any{
		"asset_tag": Str(d.AssetTag), "serial_number": Str(d.SerialNumber), "hostname": d.Hostname,
		"category": d.Category, "manufacturer_id": ptrVal(d.ManufacturerID), "model": d.Model,
		"status": d.Status, "assigned_to": d.AssignedTo, "department": d.Department,
		"cost_centre": d.CostCentre, "location": d.Location, "purchase_date": d.PurchaseDate.String(),
		"purchase_cost": d.PurchaseCost.String(), "supplier_id": ptrVal(d.SupplierID),
		"order_number": d.OrderNumber, "invoice_number": d.InvoiceNumber,
		"budget_line_id": ptrVal(d.BudgetLineID), "lifetime_months": ptrVal(d.LifetimeMonths),
		"eol_date": d.EOLDate.String(), "custom_fields": customText(d.CustomFields), "notes": d.Notes,
	}
}

func ptrVal[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func customText(m JSONMap) string {
	v, _ := m.Value()
	if v == nil {
		return ""
	}
	return v.(string)
}
