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
}

// TableName names the table.
func (APIToken) TableName() string { return "api_tokens" }

const tokenPrefix = "itr_"

// Length limits of the values an actor is built from, and of the actor columns: the longest
// actor is "token:<name> (<email>)", 6 + MaxTokenName + 2 + MaxEmail + 1 characters.
const (
	MaxTokenName = 100
	MaxEmail     = 254
	MaxActor     = 400
)

// HashToken returns the stored form of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a new token with a role and returns it in clear, once.
func (s *Store) CreateToken(ctx context.Context, name, role string) (string, *APIToken, error) {
	var c checker
	c.text("name", name, MaxTokenName, true)
	c.enum("role", role, Roles, true)
	if err := c.OrNil(); err != nil {
		return "", nil, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, fmt.Errorf("create token: %w", err)
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	t := &APIToken{Name: name, Role: role, Prefix: secret[:10], Hash: HashToken(secret), CreatedAt: s.now()}
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.db.Create(t).Error; err != nil {
			return tx.translate("create token", err)
		}
		// The audit trail names the token and its role, never its secret or hash.
		return tx.writeAudit(ctx, ActionCreate, t.TableName(), t.ID, Changes{
			"name": {New: t.Name}, "role": {New: t.Role},
		})
	})
	if err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// Authenticate finds the live token matching secret. It answers ErrNotFound for anything else.
func (s *Store) Authenticate(ctx context.Context, secret string) (*APIToken, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 100 {
		return nil, ErrNotFound
	}
	var t APIToken
	err := s.db.WithContext(ctx).Where("token_hash = ? AND revoked_at IS NULL", HashToken(secret)).Take(&t).Error
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

// ListTokens lists tokens (never their secrets), newest first.
func (s *Store) ListTokens(ctx context.Context) ([]APIToken, error) {
	var out []APIToken
	err := s.db.WithContext(ctx).Order("id DESC").Find(&out).Error
	return out, s.translate("list tokens", err)
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
