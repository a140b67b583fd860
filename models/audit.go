package models

import (
	"context"
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"time"
)

// AuditEvent records one change to the register, written in the same transaction as the change.
type AuditEvent struct {
	ID       int64     `gorm:"primaryKey"`
	At       time.Time `gorm:"not null"`
	Actor    string    `gorm:"not null"`
	Action   string    `gorm:"not null"`
	Entity   string    `gorm:"not null"`
	EntityID int64     `gorm:"not null"`
	Changes  Changes   `gorm:"type:text"`
}

// TableName names the table.
func (AuditEvent) TableName() string { return "audit_events" }

// Change is a field's value before and after a change.
type Change struct {
	Old any `json:"old"`
	New any `json:"new"`
}

// Changes maps field names to their changes; stored as JSON.
type Changes map[string]Change

// Value stores the changes as JSON text.
func (c Changes) Value() (driver.Value, error) {
	b, err := json.Marshal(c)
	return string(b), err
}

// Scan reads JSON text.
func (c *Changes) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c = nil
		return nil
	case string:
		return json.Unmarshal([]byte(v), c)
	case []byte:
		return json.Unmarshal(v, c)
	}
	return fmt.Errorf("cannot scan %T into changes", src)
}

// Fields returns the changed field names in order.
func (c Changes) Fields() []string {
	out := make([]string, 0, len(c))
	for k := range c {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// MaxShownListItems bounds a list value the audit trail shows (the devices a contract covers,
// say): an event for a contract covering 100,000 devices must not answer 600 KB in every list
// it appears in. The stored event keeps the whole list, which undoing an import needs.
const MaxShownListItems = 100

// Bounded returns the changes as they are shown: each list value longer than max becomes
// {"count": its length, "first": its first max items}.
func (c Changes) Bounded(max int) Changes {
	out := make(Changes, len(c))
	for k, ch := range c {
		out[k] = Change{Old: boundedList(ch.Old, max), New: boundedList(ch.New, max)}
	}
	return out
}

func boundedList(v any, max int) any {
	rv := reflect.ValueOf(v)
	if v == nil || rv.Kind() != reflect.Slice || rv.Len() <= max {
		return v
	}
	return map[string]any{"count": rv.Len(), "first": rv.Slice(0, max).Interface()}
}

// Audited is a record whose changes the audit trail can compare.
type Audited interface {
	AuditFields() map[string]any
}

// Diff compares two field maps (nil old = created, nil new = deleted) and returns what changed.
func Diff(old, new map[string]any) Changes {
	out := Changes{}
	for k, nv := range new {
		ov, had := old[k]
		if !had && isEmpty(nv) {
			continue
		}
		if !had || !reflect.DeepEqual(ov, nv) {
			out[k] = Change{Old: ov, New: nv}
		}
	}
	for k, ov := range old {
		if _, ok := new[k]; !ok && !isEmpty(ov) {
			out[k] = Change{Old: ov, New: nil}
		}
	}
	return out
}

func isEmpty(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.IsZero() || ((rv.Kind() == reflect.Slice || rv.Kind() == reflect.Map) && rv.Len() == 0)
}

// secretValue stands for a secret (a licence key) in the audit fields: it holds a digest so
// that a change of key is detected, but it is written to the audit trail, wherever that
// encoding happens, as "(hidden)": a digest readable by viewers would let them test guesses.
type secretValue string

// secretOf returns the audit stand-in of a secret.
func secretOf(s string) secretValue {
	if s == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(s))
	return secretValue(hex.EncodeToString(sum[:]))
}

// MarshalJSON hides the digest.
func (v secretValue) MarshalJSON() ([]byte, error) {
	if v == "" {
		return []byte(`""`), nil
	}
	return []byte(`"(hidden)"`), nil
}

type actorKey struct{}

// WithActor returns a context that attributes changes to actor ("token:alice", "import #12").
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor of a context, or "system".
func ActorFrom(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return "system"
}
