package models

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// Outbox message kinds.
const (
	OutboxReminder = "reminder"
	OutboxReport   = "report"
	OutboxTest     = "test"
)

// Outbox channels.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// Outbox statuses. Planned and retry rows wait for their time; sending rows are leased to a
// dispatcher; sent, skipped, cancelled and dead are final (a dead row can be resent by hand).
const (
	StatusPlanned   = "planned"
	StatusSending   = "sending"
	StatusRetry     = "retry"
	StatusSent      = "sent"
	StatusSkipped   = "skipped"
	StatusCancelled = "cancelled"
	StatusDead      = "dead"
)

// OutboxStatuses lists every status, for filters.
var OutboxStatuses = []string{StatusPlanned, StatusSending, StatusRetry, StatusSent, StatusSkipped, StatusCancelled, StatusDead}

// StageMissed is the stage of the one notice sent after a notice deadline passed with no
// reminder delivered.
const StageMissed = -1

// OutboxMessage is one message to one recipient over one channel: a reminder of one item at
// one stage before its anchor date, a scheduled report run (ItemKind "report", ItemID the
// schedule, AnchorDate the local date) or a test message. Its key is unique, so planning twice
// changes nothing, and its MessageID is derived from the key, so a repeat is recognisable.
type OutboxMessage struct {
	ID            int64     `gorm:"primaryKey"`
	CreatedAt     time.Time `gorm:"not null"`
	UpdatedAt     time.Time `gorm:"not null"`
	Kind          string    `gorm:"not null"`
	RuleID        *int64
	ItemKind      string `gorm:"not null"`
	ItemID        int64  `gorm:"not null"`
	AnchorDate    Date   `gorm:"type:date;not null"`
	Stage         int    `gorm:"not null"`
	Channel       string `gorm:"not null"`
	Recipient     string `gorm:"not null"`
	Digest        bool   `gorm:"not null;default:false"`
	Status        string `gorm:"not null"`
	DueAt         time.Time
	ExpiresAt     time.Time
	NextAttemptAt time.Time
	LeaseUntil    *time.Time
	LeaseToken    string `gorm:"not null;default:''"`
	Attempts      int    `gorm:"not null;default:0"`
	LastError     string `gorm:"not null;default:''"`
	Reason        string `gorm:"not null;default:''"`
	SentAt        *time.Time
	MessageID     string `gorm:"not null"`
}

// TableName names the table.
func (OutboxMessage) TableName() string { return "reminder_outbox" }

// OutboxKey is the unique key of an outbox row.
type OutboxKey struct {
	ItemKind   string
	ItemID     int64
	AnchorDate Date
	Stage      int
	Channel    string
	Recipient  string
}

// Key returns the row's unique key.
func (m *OutboxMessage) Key() OutboxKey {
	return OutboxKey{m.ItemKind, m.ItemID, m.AnchorDate, m.Stage, m.Channel, m.Recipient}
}

// Hash is a stable digest of the key: the same key always gives the same Message-ID and
// webhook id, whichever replica sends it and however often.
func (k OutboxKey) Hash() string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s|%d|%s|%d|%s|%s", k.ItemKind, k.ItemID, k.AnchorDate, k.Stage, k.Channel, k.Recipient))
	return hex.EncodeToString(sum[:16])
}

// NewOutboxMessage fills a row from its key, due and expiry times, with the stable message id.
func NewOutboxMessage(kind string, ruleID *int64, k OutboxKey, due, expires time.Time) OutboxMessage {
	return OutboxMessage{
		Kind: kind, RuleID: ruleID, ItemKind: k.ItemKind, ItemID: k.ItemID, AnchorDate: k.AnchorDate,
		Stage: k.Stage, Channel: k.Channel, Recipient: k.Recipient, Status: StatusPlanned,
		DueAt: due.UTC(), ExpiresAt: expires.UTC(), NextAttemptAt: due.UTC(), MessageID: k.Hash(),
	}
}

// Final reports whether the status is final (nothing more happens without a person).
func Final(status string) bool {
	switch status {
	case StatusSent, StatusSkipped, StatusCancelled, StatusDead:
		return true
	}
	return false
}
