package notify

import (
	"context"
	"fmt"
	"strconv"

	"itreg/models"
)

// StoreDirectory resolves role and user recipients through the register's people: only
// enabled users receive anything.
type StoreDirectory struct{ Store *models.Store }

// EmailsOfRole returns the addresses of the enabled users with the role.
func (d StoreDirectory) EmailsOfRole(ctx context.Context, role string) ([]string, error) {
	users, err := d.Store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, u := range users {
		if u.Role == role && !u.Disabled {
			out = append(out, u.Email)
		}
	}
	return out, nil
}

// EmailOfUser returns the address of the enabled user named by id or email; a disabled or
// unknown user is ErrNotFound.
func (d StoreDirectory) EmailOfUser(ctx context.Context, user string) (string, error) {
	var u *models.User
	var err error
	if id, perr := strconv.ParseInt(user, 10, 64); perr == nil {
		u, err = d.Store.GetUser(ctx, id)
	} else {
		u, err = d.Store.FindUserByEmail(ctx, user)
	}
	if err != nil {
		return "", err
	}
	if u.Disabled {
		return "", fmt.Errorf("user %s is disabled: %w", u.Email, models.ErrNotFound)
	}
	return u.Email, nil
}

// StoreDecisions reads the renewal decisions procurement records on the renewals page: renew,
// cancel or renegotiate stops an item's later reminders; "undecided" does not.
type StoreDecisions struct{ Store *models.Store }

// Decided reports which items have a decision for the term ending on their End.
func (d StoreDecisions) Decided(ctx context.Context, items []DecisionKey) (map[DecisionKey]bool, error) {
	keys := make([]models.RenewalKey, len(items))
	for i, it := range items {
		keys[i] = models.RenewalKey{Kind: it.Kind, ID: it.ID, End: it.End}
	}
	found, err := d.Store.RenewalDecisions(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[DecisionKey]bool, len(found))
	for _, it := range items {
		if dec, ok := found[models.RenewalItem{Kind: it.Kind, ID: it.ID}]; ok && dec.Decision != models.DecisionUndecided {
			out[it] = true
		}
	}
	return out, nil
}
