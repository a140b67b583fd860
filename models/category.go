package models

import (
	"fmt"
	"strings"
)

// Category is a kind of device. Devices carry its name (devices.category), so lists, filters,
// reports and exports show the name; its class is one of the eleven built-in categories
// (DeviceCategories), for reports that group by class; its lifetime is the planned service
// life of its devices that set none, unless configuration overrides it (Store.Lifetimes).
type Category struct {
	Record
	Name           string `gorm:"not null"`
	Class          string `gorm:"not null"`
	LifetimeMonths int    `gorm:"not null"`
}

// TableName names the table.
func (Category) TableName() string { return "categories" }

// MaxCategoryName is the longest category name, in characters.
const MaxCategoryName = MaxShort

// Validate checks the category's fields. A comma is refused in a name: list filters and
// exports separate several categories by commas.
func (c *Category) Validate() error {
	var ch checker
	ch.text("name", c.Name, MaxCategoryName, true)
	if strings.TrimSpace(c.Name) != c.Name {
		ch.Add("name", "must not start or end with spaces")
	} else if strings.Contains(c.Name, ",") {
		ch.Add("name", "must not contain a comma")
	}
	ch.enum("class", c.Class, DeviceCategories, true)
	if c.LifetimeMonths < 1 || c.LifetimeMonths > 600 {
		ch.Add("lifetime_months", "must be between 1 and 600")
	}
	ch.notes(c.Notes)
	return ch.OrNil()
}

// AuditFields lists the fields the audit trail compares.
func (c *Category) AuditFields() map[string]any {
	return map[string]any{"name": c.Name, "class": c.Class, "lifetime_months": c.LifetimeMonths, "notes": c.Notes}
}

// CategorySet is the register's categories at one moment, with lookups by name.
type CategorySet struct {
	list   []Category
	byName map[string]int // lower-case name -> index in list
}

// NewCategorySet indexes list (in display order).
func NewCategorySet(list []Category) *CategorySet {
	s := &CategorySet{list: list, byName: make(map[string]int, len(list))}
	for i, c := range list {
		s.byName[strings.ToLower(c.Name)] = i
	}
	return s
}

// All returns the categories in display order; the caller must not change them.
func (s *CategorySet) All() []Category { return s.list }

// Names returns the categories' names in display order.
func (s *CategorySet) Names() []string {
	out := make([]string, len(s.list))
	for i, c := range s.list {
		out[i] = c.Name
	}
	return out
}

// Find returns the category named name, compared case-insensitively.
func (s *CategorySet) Find(name string) (Category, bool) {
	i, ok := s.byName[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return Category{}, false
	}
	return s.list[i], true
}

// OfClass returns the category a built-in category name now stands for: the category of that
// name, else the first one of that class (the built-in one may have been renamed).
func (s *CategorySet) OfClass(class string) (Category, bool) {
	if c, ok := s.Find(class); ok {
		return c, true
	}
	for _, c := range s.list {
		if c.Class == class {
			return c, true
		}
	}
	return Category{}, false
}

// Lifetimes returns each category's lifetime in months by name, overrides (by name,
// case-insensitively) applied.
func (s *CategorySet) Lifetimes(overrides map[string]int) map[string]int {
	out := make(map[string]int, len(s.list))
	for _, c := range s.list {
		out[c.Name] = c.LifetimeMonths
	}
	for k, v := range overrides {
		if c, ok := s.Find(k); ok && v > 0 {
			out[c.Name] = v
		}
	}
	return out
}

// unknownCategory is the field error for a device category that names no category.
func (s *CategorySet) unknownCategory(name string) error {
	return &FieldError{Fields: map[string]string{"category": fmt.Sprintf(
		"%q is not a category; use one of %s, or add it first (Admin > Categories, or POST /api/v1/categories)",
		name, strings.Join(s.Names(), ", "))}}
}
