package notify

import (
	"context"
	"errors"

	"itreg/models"
)

// ErrNoDirectory means a rule names a role or a user while no people directory is wired.
var ErrNoDirectory = errors.New("no people directory is configured, so roles and users cannot be resolved")

// Directory resolves the people a rule names to email addresses. cmd wires the people store;
// until then NoDirectory answers, and the delivery log says why such recipients got nothing.
type Directory interface {
	// EmailsOfRole returns the addresses of the active users with the role.
	EmailsOfRole(ctx context.Context, role string) ([]string, error)
	// EmailOfUser returns the address of the user named by id or email.
	EmailOfUser(ctx context.Context, user string) (string, error)
}

// NoDirectory is the Directory of a register without people: it resolves nobody.
type NoDirectory struct{}

// EmailsOfRole fails with ErrNoDirectory.
func (NoDirectory) EmailsOfRole(context.Context, string) ([]string, error) {
	return nil, ErrNoDirectory
}

// EmailOfUser fails with ErrNoDirectory.
func (NoDirectory) EmailOfUser(context.Context, string) (string, error) { return "", ErrNoDirectory }

// DecisionKey names an item's term: a renewal decision recorded for it stops its later reminders.
type DecisionKey struct {
	Kind string // licence or warranty
	ID   int64
	End  models.Date
}

// Decisions tells which items have a renewal decision (renew, cancel, renegotiate) recorded
// for the term ending on End. cmd wires the store's renewal decisions (RenewalDecisions);
// until then NoDecisions answers.
type Decisions interface {
	Decided(ctx context.Context, items []DecisionKey) (map[DecisionKey]bool, error)
}

// NoDecisions is the Decisions of a register that records none.
type NoDecisions struct{}

// Decided returns no decisions.
func (NoDecisions) Decided(context.Context, []DecisionKey) (map[DecisionKey]bool, error) {
	return map[DecisionKey]bool{}, nil
}
