package models

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// User is a person who signs in: with a password, or through the organisation's OpenID
// Connect provider. The password hash lives in the same row but never in this struct, so it
// cannot leak into a response or a log by accident.
type User struct {
	ID           int64     `gorm:"primaryKey"`
	Email        string    `gorm:"not null"`
	Name         string    `gorm:"not null"`
	Role         string    `gorm:"not null"`
	Landing      string    `gorm:"not null"`
	Disabled     bool      `gorm:"not null"`
	CreatedAt    time.Time `gorm:"not null"`
	UpdatedAt    time.Time `gorm:"not null"`
	LastSignInAt *time.Time
	Version      int64 `gorm:"not null"`
}

// TableName names the table.
func (User) TableName() string { return "users" }

// Actor is how the audit trail names the user.
func (u *User) Actor() string { return "user:" + u.Email }

// UserInput is what an admin gives to invite a person.
type UserInput struct {
	Email, Name, Role, Landing string
}

// UserRoles are the roles a person may have (a feed is a token, never a person).
var UserRoles = []string{RoleAdmin, RoleEditor, RoleViewer}

// Landing views: the page a person lands on after signing in.
const (
	LandingIT          = "it"
	LandingFinance     = "finance"
	LandingProcurement = "procurement"
)

// Landings lists the landing views.
var Landings = []string{LandingIT, LandingFinance, LandingProcurement}

// MaxEmail is the longest e-mail address accepted (RFC 5321's path limit less the brackets).
const MaxEmail = 254

// NormalizeEmail trims spaces around an address; the case is kept, comparisons ignore it.
func NormalizeEmail(email string) string { return strings.TrimSpace(email) }

// checkEmail reports what is wrong with an e-mail address, or "".
func checkEmail(email string) string {
	switch {
	case email == "":
		return "required"
	case !utf8.ValidString(email):
		return "is not valid UTF-8"
	case utf8.RuneCountInString(email) > MaxEmail:
		return "longer than 254 characters"
	case strings.IndexFunc(email, unicode.IsControl) >= 0:
		return "contains control characters"
	}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return "is not an e-mail address"
	}
	return ""
}

// Validate checks an invitation.
func (in *UserInput) Validate() error {
	var c checker
	if msg := checkEmail(in.Email); msg != "" {
		c.Add("email", msg)
	}
	c.text("name", in.Name, MaxName, false)
	c.enum("role", in.Role, UserRoles, true)
	c.enum("landing", in.Landing, Landings, false)
	return c.OrNil()
}

// landingFor picks the view a new user lands on when none is given.
func landingFor(role string) string {
	if role == RoleViewer {
		return LandingFinance
	}
	return LandingIT
}
