package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// APIToken is a bearer token. Only its SHA-256 hash is stored; the token itself is shown once.
type APIToken struct {
	ID         int64     `gorm:"primaryKey"`
	Name       string    `gorm:"not null"`
	Role       string    `gorm:"not null"`
	Prefix     string    `gorm:"not null"` // the first characters, to tell tokens apart in lists
	Hash       string    `gorm:"column:token_hash;not null"`
	CreatedAt  time.Time `gorm:"not null"`
	LastUsedAt *time.Time
	RevokedAt  *time.Time
	// OwnerID is the user the token belongs to; tokens made before people existed have none.
	OwnerID *int64
	// OwnerEmail and OwnerRole are read with the token (empty without an owner).
	OwnerEmail string `gorm:"->"`
	OwnerRole  string `gorm:"->"`
}

// Actor is how the audit trail names the token: "token:ci-export (ana@example.com)".
func (t *APIToken) Actor() string {
	if t.OwnerEmail != "" {
		return "token:" + t.Name + " (" + t.OwnerEmail + ")"
	}
	return "token:" + t.Name
}

// EffectiveRole is the token's role capped at its owner's current role, so that a person's
// tokens lose power with them.
func (t *APIToken) EffectiveRole() string {
	if t.OwnerID != nil && !RoleAtLeast(t.OwnerRole, t.Role) {
		return t.OwnerRole
	}
	return t.Role
}

// withOwner selects tokens with their owner's e-mail address and role.
func (s *Store) withOwner(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Table("api_tokens").
		Select("api_tokens.*, COALESCE(users.email, '') AS owner_email, COALESCE(users.role, '') AS owner_role").
		Joins("LEFT JOIN users ON users.id = api_tokens.owner_id")
}

// TableName names the table.
func (APIToken) TableName() string { return "api_tokens" }

const tokenPrefix = "itr_"

// Length limits of the values an actor is built from, and of the actor columns: the longest
// actor is "token:<name> (<email>)", 6 + MaxTokenName + 2 + MaxEmail + 1 characters.
const (
	MaxTokenName = 100
	MaxActor     = 400
)

// HashToken returns the stored form of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a new token with a role and no owner and returns it in clear, once.
func (s *Store) CreateToken(ctx context.Context, name, role string) (string, *APIToken, error) {
	return s.CreateUserToken(ctx, name, role, nil)
}

// CreateUserToken makes a new token belonging to a user (nil: no one) and returns it in
// clear, once. The role may be at most the owner's: a greater one is ErrForbidden; a disabled
// or unknown owner is a *FieldError on owner_id.
func (s *Store) CreateUserToken(ctx context.Context, name, role string, ownerID *int64) (string, *APIToken, error) {
	var c checker
	c.text("name", name, MaxTokenName, true)
	c.enum("role", role, Roles, true)
	if err := c.OrNil(); err != nil {
		return "", nil, err
	}
	var owner *User
	if ownerID != nil {
		u, err := s.GetUser(ctx, *ownerID)
		if errNoUser(err) || (err == nil && u.Disabled) {
			return "", nil, &FieldError{Fields: map[string]string{"owner_id": "no such user, or the user is disabled"}}
		}
		if err != nil {
			return "", nil, err
		}
		if !RoleAtLeast(u.Role, role) {
			return "", nil, fmt.Errorf("a token of %s may have at most the role %s: %w", u.Email, u.Role, ErrForbidden)
		}
		owner = u
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, fmt.Errorf("create token: %w", err)
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	t := &APIToken{Name: name, Role: role, Prefix: secret[:10], Hash: HashToken(secret), CreatedAt: s.now(), OwnerID: ownerID}
	if owner != nil {
		t.OwnerEmail, t.OwnerRole = owner.Email, owner.Role
	}
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.db.Create(t).Error; err != nil {
			return tx.translate("create token", err)
		}
		// The audit trail names the token and its role, never its secret or hash.
		changes := Changes{"name": {New: t.Name}, "role": {New: t.Role}}
		if owner != nil {
			changes["owner"] = Change{New: owner.Email}
		}
		return tx.writeAudit(ctx, ActionCreate, t.TableName(), t.ID, changes)
	})
	if err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// Authenticate finds the live token matching secret, with its owner. It answers ErrNotFound
// for anything else, a token whose owner is disabled included.
func (s *Store) Authenticate(ctx context.Context, secret string) (*APIToken, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 100 {
		return nil, ErrNotFound
	}
	var t APIToken
	err := s.withOwner(ctx).Where("api_tokens.token_hash = ? AND api_tokens.revoked_at IS NULL", HashToken(secret)).
		Where("api_tokens.owner_id IS NULL OR users.disabled = ?", false).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	now := s.now()
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		// At most one write a minute per token, so reads stay reads; and a short wait, so a
		// long import holding SQLite's one writer never delays a request for a note of use.
		wctx, cancel := context.WithTimeout(ctx, 250*time.Millisecond)
		s.db.WithContext(wctx).Model(&APIToken{}).Where("id = ?", t.ID).Update("last_used_at", now)
		cancel()
	}
	return &t, nil
}

// ListTokens lists tokens (never their secrets) with their owners, newest first.
func (s *Store) ListTokens(ctx context.Context) ([]APIToken, error) {
	var out []APIToken
	err := s.withOwner(ctx).Order("api_tokens.id DESC").Find(&out).Error
	return out, s.translate("list tokens", err)
}

// ListUserTokens lists the tokens a user owns, newest first.
func (s *Store) ListUserTokens(ctx context.Context, userID int64) ([]APIToken, error) {
	var out []APIToken
	err := s.withOwner(ctx).Where("api_tokens.owner_id = ?", userID).Order("api_tokens.id DESC").Find(&out).Error
	return out, s.translate("list tokens", err)
}

// RevokeUserToken revokes one of a user's own tokens; another's is ErrNotFound.
func (s *Store) RevokeUserToken(ctx context.Context, userID, id int64) error {
	var n int64
	if err := s.db.WithContext(ctx).Model(&APIToken{}).Where("id = ? AND owner_id = ?", id, userID).Count(&n).Error; err != nil {
		return s.translate("revoke token", err)
	}
	if n == 0 {
		return fmt.Errorf("revoke token %d: %w", id, ErrNotFound)
	}
	return s.RevokeToken(ctx, id)
}

// RevokeToken stops a token from working.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	now := s.now()
	return s.WithTx(ctx, func(tx *Store) error {
		res := tx.db.Model(&APIToken{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", now)
		if res.Error != nil {
			return tx.translate("revoke token", res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("revoke token %d: %w", id, ErrNotFound)
		}
		return tx.writeAudit(ctx, ActionUpdate, APIToken{}.TableName(), id, Changes{"revoked_at": {New: now.Format(time.RFC3339)}})
	})
}

// ValidRole reports whether role names a token role.
func ValidRole(role string) bool { return slices.Contains(Roles, role) }
