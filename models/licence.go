package models

// Licence is a software licence or subscription.
type Licence struct {
	Record
	Product       string `gorm:"not null"`
	PublisherID   *int64
	Publisher     *Vendor `gorm:"foreignKey:PublisherID"`
	SupplierID    *int64
	Supplier      *Vendor `gorm:"foreignKey:SupplierID"`
	Reference     *string
	Type          string `gorm:"not null"`
	Metric        string `gorm:"not null"`
	Seats         *int64 // nil = unlimited
	Key           string `gorm:"column:licence_key;not null;default:''"` // a secret: never logged
	StartDate     Date   `gorm:"type:date"`
	EndDate       Date   `gorm:"type:date"`
	AutoRenew     bool   `gorm:"not null;default:false"`
	NoticeDays    int    `gorm:"not null;default:0"`
	Cost          Money  `gorm:"embedded;embeddedPrefix:cost_"`
	BillingPeriod string `gorm:"not null;default:''"`
	BudgetLineID  *int64
	BudgetLine    *BudgetLine `gorm:"foreignKey:BudgetLineID"`
	OrderNumber   string      `gorm:"not null;default:''"`
	SeatsUsed     int64       `gorm:"->;-:migration"` // filled by queries that count seats
}

// TableName names the table.
func (Licence) TableName() string { return "licences" }

// NoticeDeadline is the last day to give notice: end date - notice days (zero without an end date).
func (l *Licence) NoticeDeadline() Date {
	if l.EndDate.IsZero() {
		return Date{}
	}
	return l.EndDate.AddDays(-l.NoticeDays)
}

// Validate checks the licence's fields.
func (l *Licence) Validate() error {
	var c checker
	c.text("product", l.Product, MaxName, true)
	c.ident("reference", l.Reference)
	c.enum("type", l.Type, LicenceTypes, true)
	c.enum("metric", l.Metric, LicenceMetrics, true)
	if l.Seats != nil {
		c.nonNegative("seats", *l.Seats)
	}
	c.text("key", l.Key, MaxNotes/10, false)
	c.dateOrder("start_date", l.StartDate, "end_date", l.EndDate)
	if l.NoticeDays < 0 || l.NoticeDays > 3650 {
		c.Add("notice_days", "must be between 0 and 3650")
	}
	c.money("cost", l.Cost)
	c.enum("billing_period", l.BillingPeriod, BillingPeriods, !l.Cost.IsZero())
	c.text("order_number", l.OrderNumber, MaxShort, false)
	c.notes(l.Notes)
	return c.OrNil()
}

// AuditFields lists the fields the audit trail compares. The key is never recorded, only
// that it changed ("(hidden)").
func (l *Licence) AuditFields() map[string]any {
	return map[string]any{
		"product": l.Product, "publisher_id": ptrVal(l.PublisherID), "supplier_id": ptrVal(l.SupplierID),
		"reference": Str(l.Reference), "type": l.Type, "metric": l.Metric, "seats": ptrVal(l.Seats),
		"key": secretOf(l.Key), "start_date": l.StartDate.String(), "end_date": l.EndDate.String(),
		"auto_renew": l.AutoRenew, "notice_days": l.NoticeDays, "cost": l.Cost.String(),
		"billing_period": l.BillingPeriod, "budget_line_id": ptrVal(l.BudgetLineID),
		"order_number": l.OrderNumber, "notes": l.Notes,
	}
}

// LicenceSeat assigns one seat of a licence to a device or to a person.
type LicenceSeat struct {
	Record
	LicenceID  int64 `gorm:"not null"`
	DeviceID   *int64
	Device     *Device `gorm:"foreignKey:DeviceID"`
	Assignee   string  `gorm:"not null;default:''"`
	AssignedOn Date    `gorm:"type:date"`
}

// TableName names the table.
func (LicenceSeat) TableName() string { return "licence_seats" }

// Validate checks the seat's fields.
func (s *LicenceSeat) Validate() error {
	var c checker
	if s.DeviceID == nil && s.Assignee == "" {
		c.Add("assignee", "a seat goes to a device (device_id) or a person (assignee)")
	}
	c.text("assignee", s.Assignee, MaxName, false)
	c.notes(s.Notes)
	return c.OrNil()
}

// AuditFields lists the fields the audit trail compares.
func (s *LicenceSeat) AuditFields() map[string]any {
	return map[string]any{
		"licence_id": s.LicenceID, "device_id": ptrVal(s.DeviceID), "assignee": s.Assignee,
		"assigned_on": s.AssignedOn.String(), "notes": s.Notes,
	}
}
