package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// SetPasswordLinkTTL is how long a link to set a password stays valid.
const SetPasswordLinkTTL = 24 * time.Hour

// setPasswordLink is a one-time link to set a password; only its secret's hash is stored.
type setPasswordLink struct {
	ID         int64     `gorm:"primaryKey"`
	UserID     int64     `gorm:"not null"`
	SecretHash string    `gorm:"column:secret_hash;not null"`
	CreatedAt  time.Time `gorm:"not null"`
	ExpiresAt  time.Time `gorm:"not null"`
	UsedAt     *time.Time
}

func (setPasswordLink) TableName() string { return "set_password_links" }

// newSetPasswordLink issues a link for a user, in tx, retiring the user's earlier ones.
func (s *Store) newSetPasswordLink(userID int64) (string, error) {
	secret, err := newSecret(linkPrefix)
	if err != nil {
		return "", err
	}
	now := s.now()
	if err := s.db.Model(&setPasswordLink{}).Where("user_id = ? AND used_at IS NULL", userID).Update("used_at", now).Error; err != nil {
		return "", s.translate("retire links", err)
	}
	l := setPasswordLink{UserID: userID, SecretHash: HashToken(secret), CreatedAt: now, ExpiresAt: now.Add(SetPasswordLinkTTL)}
	if err := s.db.Create(&l).Error; err != nil {
		return "", s.translate("create link", err)
	}
	return secret, nil
}

// liveLink finds the unused, unexpired link behind secret, or ErrGone.
func (s *Store) liveLink(secret string) (*setPasswordLink, error) {
	if !plausibleSecret(secret, linkPrefix) {
		return nil, fmt.Errorf("set-password link: %w", ErrGone)
	}
	var l setPasswordLink
	err := s.db.Where("secret_hash = ?", HashToken(secret)).Take(&l).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("set-password link: %w", ErrGone)
	}
	if err != nil {
		return nil, s.translate("set-password link", err)
	}
	if l.UsedAt != nil || !s.now().Before(l.ExpiresAt) {
		return nil, fmt.Errorf("set-password link: %w", ErrGone)
	}
	return &l, nil
}

// CheckSetPasswordLink returns the user a set-password link is for. A link that was used,
// has expired, was replaced or never existed is ErrGone; so is one for a disabled user.
func (s *Store) CheckSetPasswordLink(ctx context.Context, secret string) (*User, error) {
	l, err := s.WithContext(ctx).liveLink(secret)
	if err != nil {
		return nil, err
	}
	u, err := s.GetUser(ctx, l.UserID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, fmt.Errorf("set-password link: %w", ErrGone)
	}
	return u, nil
}

// SetPasswordFromLink sets a password through a one-time link, ends every other session of
// the user and signs them in: it returns the new session's secret. A bad password is a
// *FieldError on password and leaves the link usable.
func (s *Store) SetPasswordFromLink(ctx context.Context, secret, password string, client ClientInfo) (*User, string, error) {
	u, err := s.CheckSetPasswordLink(ctx, secret)
	if err != nil {
		return nil, "", err
	}
	if msg := CheckPassword(password, u.Email); msg != "" {
		return nil, "", &FieldError{Fields: map[string]string{"password": msg}}
	}
	var session string
	err = s.WithTx(WithActor(ctx, u.Actor()), func(tx *Store) error {
		// Consuming the link is the guard against two uses at once: one UPDATE wins.
		res := tx.db.Model(&setPasswordLink{}).Where("secret_hash = ? AND used_at IS NULL", HashToken(secret)).Update("used_at", tx.now())
		if res.Error != nil {
			return tx.translate("use link", res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("set-password link: %w", ErrGone)
		}
		if err := tx.setPassword(u.ID, password); err != nil {
			return err
		}
		if _, err := tx.endSessions(u.ID, 0); err != nil {
			return err
		}
		if err := tx.clearThrottle(accountKey(u.Email)); err != nil {
			return err
		}
		if session, _, err = tx.startSession(u.ID, client); err != nil {
			return err
		}
		if err := tx.touchSignIn(u); err != nil {
			return err
		}
		actx := WithActor(ctx, u.Actor())
		if err := tx.auditUser(actx, ActionPasswordChange, u.ID, Changes{"password": {New: "(set from a link)"}}); err != nil {
			return err
		}
		return tx.auditUser(actx, ActionSignIn, u.ID, Changes{"method": {New: "link"}, "client_addr": {New: client.Addr}})
	})
	if err != nil {
		return nil, "", err
	}
	return u, session, nil
}

// WithContext returns a store whose queries run under ctx.
func (s *Store) WithContext(ctx context.Context) *Store {
	inner := *s
	inner.db = s.db.WithContext(ctx)
	return &inner
}
