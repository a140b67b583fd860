package models

// DeviceUpdate changes some fields of a device: a nil field is left as it is. A reference id
// of 0 clears the reference, a lifetime of 0 returns to the category's default, a zero end of
// support date clears it. Only the fields a bulk edit may sensibly set to one value across
// many devices are here (no asset tag, serial number or hostname, which are each device's own).
type DeviceUpdate struct {
	Status, Category, Model                      *string
	AssignedTo, Department, CostCentre, Location *string
	ManufacturerID, SupplierID, BudgetLineID     *int64
	LifetimeMonths                               *int
	EOLDate                                      *Date
}

// IsEmpty reports whether the update changes nothing.
func (u DeviceUpdate) IsEmpty() bool { return u == DeviceUpdate{} }

// Apply sets the fields the update carries on d.
func (u DeviceUpdate) Apply(d *Device) {
	for dst, v := range map[*string]*string{
		&d.Status: u.Status, &d.Category: u.Category, &d.Model: u.Model, &d.AssignedTo: u.AssignedTo,
		&d.Department: u.Department, &d.CostCentre: u.CostCentre, &d.Location: u.Location,
	} {
		if v != nil {
			*dst = *v
		}
	}
	for dst, v := range map[**int64]*int64{&d.ManufacturerID: u.ManufacturerID, &d.SupplierID: u.SupplierID, &d.BudgetLineID: u.BudgetLineID} {
		if v == nil {
			continue
		}
		*dst = nil
		if *v != 0 {
			id := *v
			*dst = &id
		}
	}
	if u.LifetimeMonths != nil {
		d.LifetimeMonths = nil
		if *u.LifetimeMonths != 0 {
			m := *u.LifetimeMonths
			d.LifetimeMonths = &m
		}
	}
	if u.EOLDate != nil {
		d.EOLDate = *u.EOLDate
	}
}
