package models

import (
	"net/url"
	"regexp"
	"slices"
	"time"
)

// SavedViewPages are the pages a view can be saved for.
var SavedViewPages = []string{"devices", "licences", "warranties", "vendors", "budget_lines", "renewals", "end_of_life", "imports", "audit"}

// MaxSavedViewColumns caps the columns a view lists.
const MaxSavedViewColumns = 60

// SavedView is a person's named list state on one page: its query string (filters, sort) and
// the columns shown, private or shared with everyone. The view named "" is the person's default
// for the page: the columns they last chose, kept on the server so it follows them.
type SavedView struct {
	ID        int64      `gorm:"primaryKey"`
	CreatedAt time.Time  `gorm:"not null"`
	UpdatedAt time.Time  `gorm:"not null"`
	UserID    int64      `gorm:"not null"`
	Page      string     `gorm:"not null"`
	Name      string     `gorm:"not null"`
	Query     string     `gorm:"not null;default:''"`
	Columns   StringList `gorm:"type:text;not null;default:''"`
	Shared    bool       `gorm:"not null;default:false"`
}

// TableName names the table.
func (SavedView) TableName() string { return "saved_views" }

// IsDefault reports whether this is the person's default view of the page (no name).
func (v *SavedView) IsDefault() bool { return v.Name == "" }

var columnKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// validate checks the view's fields; named says whether a name is required.
func (v *SavedView) validate(named bool) error {
	var c checker
	c.enum("page", v.Page, SavedViewPages, true)
	c.text("name", v.Name, MaxName, named)
	c.text("query", v.Query, 2000, false)
	if _, err := url.ParseQuery(v.Query); err != nil {
		c.Add("query", "is not a query string")
	}
	if len(v.Columns) > MaxSavedViewColumns {
		c.Add("columns", "too many columns")
	}
	for i, col := range v.Columns {
		if !columnKey.MatchString(col) {
			c.Add("columns", "each column is a field name such as asset_tag")
		} else if slices.Contains(v.Columns[:i], col) {
			c.Add("columns", "lists "+col+" twice")
		}
	}
	if !named && v.Shared {
		c.Add("shared", "a default view is one's own")
	}
	return c.OrNil()
}
