package models

import (
	"strings"
	"time"
)

// ImportProfile is a named way of reading one tool's export: the headers it was made from
// (Columns, JSON text) and the import options (Options, JSON text: mapping, value_map,
// date_order, currency, keep_unknown), whose shape package importers owns.
type ImportProfile struct {
	ID        int64     `gorm:"primaryKey" json:"id"`
	CreatedAt time.Time `gorm:"not null" json:"created_at"`
	UpdatedAt time.Time `gorm:"not null" json:"updated_at"`
	Version   int64     `gorm:"not null;default:1" json:"version"`
	Name      string    `gorm:"not null" json:"name"`
	Kind      string    `gorm:"not null;default:''" json:"kind"`
	Columns   string    `gorm:"not null;default:'[]'" json:"-"`
	Options   string    `gorm:"not null;default:'{}'" json:"-"`
	Notes     string    `gorm:"not null;default:''" json:"notes"`
}

// Validate checks the profile's own fields.
func (p *ImportProfile) Validate() error {
	fe := &FieldError{Fields: map[string]string{}}
	p.Name = strings.TrimSpace(p.Name)
	switch {
	case p.Name == "":
		fe.Add("name", "required")
	case len([]rune(p.Name)) > 200:
		fe.Add("name", "longer than 200 characters")
	}
	if len(fe.Fields) > 0 {
		return fe
	}
	return nil
}
