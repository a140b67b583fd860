package models

import (
	"strings"
	"time"
	"unicode"
)

// Renewal decisions.
const (
	DecisionRenew       = "renew"
	DecisionCancel      = "cancel"
	DecisionRenegotiate = "renegotiate"
	DecisionUndecided   = "undecided"
)

// RenewalDecisionValues lists the decisions procurement can record.
var RenewalDecisionValues = []string{DecisionRenew, DecisionCancel, DecisionRenegotiate, DecisionUndecided}

// RenewalItem names a licence or warranty (Kind is RenewalLicence or RenewalWarranty).
type RenewalItem struct {
	Kind string
	ID   int64
}

// RenewalDecision is what procurement decided about renewing a licence or warranty, for the
// end date it was decided for: when the item's end date moves, the decision no longer shows.
// Version 0 means no decision is recorded for the item's current end date.
type RenewalDecision struct {
	ID        int64     `gorm:"primaryKey"`
	CreatedAt time.Time `gorm:"not null"`
	UpdatedAt time.Time `gorm:"not null"`
	Version   int64     `gorm:"not null;default:1"`
	ItemKind  string    `gorm:"not null"`
	ItemID    int64     `gorm:"not null"`
	EndDate   Date      `gorm:"type:date;not null"`
	Decision  string    `gorm:"not null"`
	Owner     string    `gorm:"not null;default:''"`
	Note      string    `gorm:"not null;default:''"`
}

// TableName names the table.
func (RenewalDecision) TableName() string { return "renewal_decisions" }

// Item names the licence or warranty the decision is about.
func (d *RenewalDecision) Item() RenewalItem { return RenewalItem{Kind: d.ItemKind, ID: d.ItemID} }

// RenewalDecisionInput is what a person sets: the decision, who owns it, and a note.
type RenewalDecisionInput struct {
	Decision string
	Owner    string
	Note     string
}

// Validate checks the input's fields.
func (in *RenewalDecisionInput) Validate() error {
	var c checker
	c.enum("decision", in.Decision, RenewalDecisionValues, true)
	c.text("owner", in.Owner, MaxName, false)
	c.text("note", in.Note, MaxNotes, false)
	if strings.IndexFunc(in.Note, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) >= 0 {
		c.Add("note", "contains control characters")
	}
	return c.OrNil()
}

// AuditFields lists the fields the audit trail compares.
func (d *RenewalDecision) AuditFields() map[string]any {
	return map[string]any{"item_kind": d.ItemKind, "item_id": d.ItemID, "end_date": d.EndDate.String(),
		"decision": d.Decision, "owner": d.Owner, "note": d.Note}
}
