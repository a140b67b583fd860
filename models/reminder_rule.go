package models

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // rules name IANA zones; the binary must know them on a host without zoneinfo
)

// Reminder scopes: which items a rule watches.
const (
	ScopeLicences   = "licences"
	ScopeWarranties = "warranties"
	ScopeBoth       = "both"
)

// ReminderScopes lists the scopes a rule may have.
var ReminderScopes = []string{ScopeLicences, ScopeWarranties, ScopeBoth}

// Recipient kinds. A role or user is resolved through the people directory; budget_owner is the
// owner of the item's budget line; webhook names an endpoint by id.
const (
	RecipientEmail       = "email"
	RecipientRole        = "role"
	RecipientUser        = "user"
	RecipientBudgetOwner = "budget_owner"
	RecipientWebhook     = "webhook"
)

// RecipientKinds lists the recipient kinds.
var RecipientKinds = []string{RecipientEmail, RecipientRole, RecipientUser, RecipientBudgetOwner, RecipientWebhook}

// DefaultStages are the days before the anchor date a new rule reminds on.
var DefaultStages = []int{90, 30, 7, 0}

// MaxStage is the furthest ahead a stage may be, in days.
const MaxStage = 730

// Recipient is one addressee of a rule or schedule: Value is the address (email), role name
// (role), user id or email (user) or endpoint id (webhook); budget_owner takes none.
type Recipient struct {
	Kind  string `json:"kind"`
	Value string `json:"value,omitempty"`
}

// Recipients is a list of recipients stored as JSON text.
type Recipients []Recipient

// Value stores the list as JSON.
func (r Recipients) Value() (driver.Value, error) {
	if r == nil {
		r = Recipients{}
	}
	b, err := json.Marshal([]Recipient(r))
	return string(b), err
}

// Scan reads the JSON list.
func (r *Recipients) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	case nil:
		*r = nil
		return nil
	default:
		return fmt.Errorf("cannot scan %T into recipients", src)
	}
	return json.Unmarshal(b, (*[]Recipient)(r))
}

// Stages is a list of whole days before an anchor date, stored as "90,30,7,0".
type Stages []int

// Value stores the stages as comma-separated text.
func (s Stages) Value() (driver.Value, error) {
	parts := make([]string, len(s))
	for i, n := range s {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ","), nil
}

// Scan reads comma-separated stages.
func (s *Stages) Scan(src any) error {
	var text string
	switch v := src.(type) {
	case string:
		text = v
	case []byte:
		text = string(v)
	case nil:
	default:
		return fmt.Errorf("cannot scan %T into stages", src)
	}
	*s = nil
	for p := range strings.SplitSeq(text, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return fmt.Errorf("stage %q: %w", p, err)
		}
		*s = append(*s, n)
	}
	return nil
}

// Sorted returns the stages furthest first, without repeats.
func (s Stages) Sorted() Stages {
	out := slices.Clone(s)
	slices.Sort(out)
	out = slices.Compact(out)
	slices.Reverse(out)
	return out
}

// ReminderRule says which renewals to remind of, when, and whom.
type ReminderRule struct {
	Record
	Name         string `gorm:"not null"`
	Enabled      bool   `gorm:"not null;default:true"`
	Scope        string `gorm:"not null"`
	VendorID     *int64
	BudgetLineID *int64
	// Category limits warranties to those covering a device of this category (licences have none).
	Category   string     `gorm:"not null;default:''"`
	MinCost    Money      `gorm:"embedded;embeddedPrefix:min_cost_"`
	Stages     Stages     `gorm:"not null"`
	Recipients Recipients `gorm:"not null"`
	Digest     bool       `gorm:"not null;default:false"`
	TimeZone   string     `gorm:"not null;default:'UTC'"`
	SendHour   int        `gorm:"not null;default:8"`
}

// TableName names the table.
func (ReminderRule) TableName() string { return "reminder_rules" }

// Location returns the rule's time zone (UTC when it no longer loads).
func (r *ReminderRule) Location() *time.Location { return LocationOr(r.TimeZone) }

// LocationOr loads an IANA zone, falling back to UTC for one that does not load.
func LocationOr(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.UTC
}

// Validate checks the rule's fields.
func (r *ReminderRule) Validate() error {
	var c checker
	c.text("name", r.Name, MaxName, true)
	c.enum("scope", r.Scope, ReminderScopes, true)
	c.text("category", r.Category, MaxCategoryName, false) // a category name; renames carry to rules
	if r.Category != "" && r.Scope == ScopeLicences {
		c.Add("category", "licences have no device category; use scope warranties or both")
	}
	c.money("min_cost", r.MinCost)
	if len(r.Stages) == 0 {
		c.Add("stages", "at least one stage (days before the deadline) is required")
	}
	for _, n := range r.Stages {
		if n < 0 || n > MaxStage {
			c.Add("stages", fmt.Sprintf("each stage must be from 0 to %d days", MaxStage))
		}
	}
	if len(r.Stages) > 10 {
		c.Add("stages", "at most 10 stages")
	}
	validateRecipients(&c, r.Recipients, true)
	validateZoneHour(&c, r.TimeZone, r.SendHour)
	c.notes(r.Notes)
	return c.OrNil()
}

// validateRecipients checks a recipient list; budgetOwner says whether that kind applies.
func validateRecipients(c *checker, rs Recipients, budgetOwner bool) {
	if len(rs) == 0 {
		c.Add("recipients", "at least one recipient is required")
	}
	if len(rs) > 50 {
		c.Add("recipients", "at most 50 recipients")
	}
	for i, rc := range rs {
		field := fmt.Sprintf("recipients[%d]", i)
		switch rc.Kind {
		case RecipientEmail:
			if a, err := mail.ParseAddress(rc.Value); err != nil || a.Address != rc.Value {
				c.Add(field, "not an email address (write it plainly: name@example.org)")
			}
		case RecipientRole:
			if rc.Value == RoleFeed || !slices.Contains(Roles, rc.Value) {
				c.Add(field, "role must be admin, editor or viewer")
			}
		case RecipientUser:
			if rc.Value == "" {
				c.Add(field, "a user recipient names the user (id or email)")
			}
		case RecipientWebhook:
			if n, err := strconv.ParseInt(rc.Value, 10, 64); err != nil || n <= 0 {
				c.Add(field, "a webhook recipient names the endpoint by id")
			}
		case RecipientBudgetOwner:
			if !budgetOwner {
				c.Add(field, "budget_owner applies to reminders only")
			}
		default:
			c.Add(field, "kind must be one of "+strings.Join(RecipientKinds, ", "))
		}
	}
}

// validateZoneHour checks an IANA time zone name and a send hour.
func validateZoneHour(c *checker, zone string, hour int) {
	if zone == "" || strings.EqualFold(zone, "local") {
		c.Add("time_zone", "an IANA time zone name is required (e.g. Europe/London)")
	} else if _, err := time.LoadLocation(zone); err != nil {
		c.Add("time_zone", "unknown time zone "+strconv.Quote(zone)+" (use an IANA name such as Europe/London)")
	}
	if hour < 0 || hour > 23 {
		c.Add("send_hour", "must be an hour from 0 to 23")
	}
}

// AuditFields lists the fields the audit trail compares.
func (r *ReminderRule) AuditFields() map[string]any {
	st, _ := r.Stages.Value()
	rc, _ := r.Recipients.Value()
	return map[string]any{
		"name": r.Name, "enabled": r.Enabled, "scope": r.Scope, "vendor_id": ptrVal(r.VendorID),
		"budget_line_id": ptrVal(r.BudgetLineID), "category": r.Category, "min_cost": r.MinCost.String(),
		"stages": st, "recipients": rc, "digest": r.Digest, "time_zone": r.TimeZone, "send_hour": r.SendHour,
		"notes": r.Notes,
	}
}
