package models

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Record holds what every stored record has: identity, timestamps, an optimistic-locking
// version and free notes.
type Record struct {
	ID        int64     `gorm:"primaryKey"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time `gorm:"not null"`
	Version   int64     `gorm:"not null;default:1"`
	Notes     string    `gorm:"not null;default:''"`
}

func (r *Record) record() *Record { return r }

// StringList is a small set of words stored as comma-separated text ("manufacturer,supplier").
type StringList []string

// Value stores the list as comma-separated text.
func (l StringList) Value() (driver.Value, error) { return strings.Join(l, ","), nil }

// Scan reads comma-separated text.
func (l *StringList) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("cannot scan %T into a list", src)
	}
	*l = nil
	if s != "" {
		*l = strings.Split(s, ",")
	}
	return nil
}

// JSONMap holds custom fields as a JSON object (JSONB in Postgres, TEXT in SQLite).
type JSONMap map[string]string

// Value stores the map as JSON, or NULL when empty.
func (m JSONMap) Value() (driver.Value, error) {
	if len(m) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// GormDataType tells GORM how to store custom fields (it cannot infer a map type): as text,
// which the JSONB column of Postgres and the TEXT column of SQLite both accept.
func (JSONMap) GormDataType() string { return "text" }

// Scan reads JSON text.
func (m *JSONMap) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case nil:
		*m = nil
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("cannot scan %T into custom fields", src)
	}
	return json.Unmarshal(b, m)
}

// Str returns the string a pointer holds, or "".
func Str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// StrPtr returns a pointer to s, or nil when s is empty (an unset optional identifier).
func StrPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
