// Package auth resolves who is calling: a bearer API token or a browser session cookie becomes
// an Identity in the request's context, with the role the handlers check and the actor the
// audit trail records. Cookie-authenticated unsafe requests from another origin are refused.
// The api package and the web layer both use it, so roles work the same for tokens and
// sessions.
package auth

import (
	"context"

	"itreg/models"
)

// Identity is the caller of a request: a person through a session, or a token (and its owner).
type Identity struct {
	// User is the person: the session's user, or the token's owner (nil for a token with none).
	User *models.User
	// Session is set when a browser session cookie authenticated the request.
	Session *models.Session
	// Token is set when a bearer API token authenticated the request.
	Token *models.APIToken
	// Role is what the caller may do: the user's role, or the token's capped at its owner's.
	Role string
	// Actor names the caller in the audit trail: "user:ana@example.com" or
	// "token:ci-export (ana@example.com)".
	Actor string
}

type identityKey struct{}

// WithIdentity returns a context carrying id, and attributing changes to its actor.
func WithIdentity(ctx context.Context, id *Identity) context.Context {
	return models.WithActor(context.WithValue(ctx, identityKey{}, id), id.Actor)
}

// From returns the identity a request's context carries.
func From(ctx context.Context) (*Identity, bool) {
	id, ok := ctx.Value(identityKey{}).(*Identity)
	return id, ok && id != nil
}

// SessionIdentity is the identity of a person signed in through a session.
func SessionIdentity(u *models.User, s *models.Session) *Identity {
	return &Identity{User: u, Session: s, Role: u.Role, Actor: u.Actor()}
}

// TokenIdentity is the identity of a bearer token.
func TokenIdentity(t *models.APIToken) *Identity {
	id := &Identity{Token: t, Role: t.EffectiveRole(), Actor: t.Actor()}
	if t.OwnerID != nil {
		id.User = &models.User{ID: *t.OwnerID, Email: t.OwnerEmail, Role: t.OwnerRole}
	}
	return id
}
