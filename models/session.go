package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Session is a browser session: a row per signed-in browser. Only a hash of its secret (the
// cookie's value) is stored.
type Session struct {
	ID            int64     `gorm:"primaryKey"`
	UserID        int64     `gorm:"not null"`
	CreatedAt     time.Time `gorm:"not null"`
	LastSeenAt    time.Time `gorm:"not null"`
	IdleExpiresAt time.Time `gorm:"not null"`
	ExpiresAt     time.Time `gorm:"not null"`
	UserAgent     string    `gorm:"not null"`
	ClientAddr    string    `gorm:"not null"`
}

// TableName names the table.
func (Session) TableName() string { return "sessions" }

// sessionRow is a session with its secret's hash, for writing and looking up.
type sessionRow struct {
	Session    `gorm:"embedded"`
	SecretHash string `gorm:"column:secret_hash;not null"`
}

func (sessionRow) TableName() string { return "sessions" }

// ClientInfo describes the browser or program behind a request: its address (for the sign-in
// throttle and the sessions list) and its user agent.
type ClientInfo struct {
	Addr, UserAgent string
}

// SessionPolicy says how long sessions last.
type SessionPolicy struct {
	// Idle ends a session no request has used for this long (default 12 h).
	Idle time.Duration
	// Max ends a session this long after sign-in, however busy (default 30 days).
	Max time.Duration
}

// Default session lifetimes.
const (
	DefaultSessionIdle = 12 * time.Hour
	DefaultSessionMax  = 30 * 24 * time.Hour
)

func (p SessionPolicy) idle() time.Duration {
	if p.Idle <= 0 {
		return DefaultSessionIdle
	}
	return min(p.Idle, p.max())
}

func (p SessionPolicy) max() time.Duration {
	if p.Max <= 0 {
		return DefaultSessionMax
	}
	return p.Max
}

// MaxAge is how long a session can live at most: the cookie's lifetime.
func (p SessionPolicy) MaxAge() time.Duration { return p.max() }

// slideEvery bounds how often a busy session's row is written.
const slideEvery = time.Minute

// clip cuts a string to n bytes without splitting a character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// startSession creates a session for user and returns its secret. It runs in tx.
func (s *Store) startSession(userID int64, client ClientInfo) (string, *Session, error) {
	secret, err := newSecret(sessionPrefix)
	if err != nil {
		return "", nil, err
	}
	now := s.now()
	row := sessionRow{SecretHash: HashToken(secret), Session: Session{
		UserID: userID, CreatedAt: now, LastSeenAt: now,
		IdleExpiresAt: now.Add(s.Sessions.idle()), ExpiresAt: now.Add(s.Sessions.max()),
		UserAgent: clip(sanitizeLine(client.UserAgent), 300), ClientAddr: clip(sanitizeLine(client.Addr), 100),
	}}
	if err := s.db.Create(&row).Error; err != nil {
		return "", nil, s.translate("start session", err)
	}
	return secret, &row.Session, nil
}

// SessionUser finds the live session behind a cookie secret and its user. It answers
// ErrUnauthorized when the session is unknown, ended, idle or too old, or its user is
// disabled; a live session's idle expiry slides forward.
func (s *Store) SessionUser(ctx context.Context, secret string) (*User, *Session, error) {
	if !plausibleSecret(secret, sessionPrefix) {
		return nil, nil, ErrUnauthorized
	}
	db := s.db.WithContext(ctx)
	var row sessionRow
	err := db.Where("secret_hash = ?", HashToken(secret)).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, ErrUnauthorized
	}
	if err != nil {
		return nil, nil, fmt.Errorf("session: %w", err)
	}
	now := s.now()
	if !now.Before(row.IdleExpiresAt) || !now.Before(row.ExpiresAt) {
		db.Where("id = ?", row.ID).Delete(&Session{})
		return nil, nil, ErrUnauthorized
	}
	var u User
	if err := db.Where("id = ?", row.UserID).Take(&u).Error; err != nil {
		return nil, nil, ErrUnauthorized
	}
	if u.Disabled {
		return nil, nil, ErrUnauthorized
	}
	if now.Sub(row.LastSeenAt) >= slideEvery {
		idle := now.Add(s.Sessions.idle())
		if idle.After(row.ExpiresAt) {
			idle = row.ExpiresAt
		}
		err := db.Model(&Session{}).Where("id = ?", row.ID).
			Updates(map[string]any{"last_seen_at": now, "idle_expires_at": idle}).Error
		if err != nil {
			return nil, nil, fmt.Errorf("session: %w", err)
		}
		row.LastSeenAt, row.IdleExpiresAt = now, idle
	}
	return &u, &row.Session, nil
}

// EndSession signs out the session behind secret. Ending an unknown session is not an error.
func (s *Store) EndSession(ctx context.Context, secret string) error {
	if !plausibleSecret(secret, sessionPrefix) {
		return nil
	}
	return s.WithTx(ctx, func(tx *Store) error {
		var row sessionRow
		err := tx.db.Where("secret_hash = ?", HashToken(secret)).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil
		}
		if err != nil {
			return tx.translate("end session", err)
		}
		if err := tx.db.Where("id = ?", row.ID).Delete(&Session{}).Error; err != nil {
			return tx.translate("end session", err)
		}
		return tx.auditUser(ctx, ActionSignOut, row.UserID, Changes{"session_id": {New: row.ID}})
	})
}

// EndUserSessions signs a user out everywhere except the session exceptSessionID (0: all).
func (s *Store) EndUserSessions(ctx context.Context, userID, exceptSessionID int64) error {
	return s.WithTx(ctx, func(tx *Store) error {
		n, err := tx.endSessions(userID, exceptSessionID)
		if err != nil || n == 0 {
			return err
		}
		return tx.auditUser(ctx, ActionSignOut, userID, Changes{"sessions_ended": {New: n}})
	})
}

// endSessions deletes a user's sessions but one, in tx, and says how many ended.
func (s *Store) endSessions(userID, exceptSessionID int64) (int64, error) {
	res := s.db.Where("user_id = ? AND id <> ?", userID, exceptSessionID).Delete(&Session{})
	return res.RowsAffected, s.translate("end sessions", res.Error)
}

// ListSessions lists a user's live sessions, most recently used first.
func (s *Store) ListSessions(ctx context.Context, userID int64) ([]Session, error) {
	var out []Session
	now := s.now()
	err := s.db.WithContext(ctx).Where("user_id = ? AND idle_expires_at > ? AND expires_at > ?", userID, now, now).
		Order("last_seen_at DESC, id DESC").Find(&out).Error
	return out, s.translate("list sessions", err)
}

// RevokeSession ends one of a user's sessions; another user's session is ErrNotFound.
func (s *Store) RevokeSession(ctx context.Context, userID, sessionID int64) error {
	return s.WithTx(ctx, func(tx *Store) error {
		res := tx.db.Where("id = ? AND user_id = ?", sessionID, userID).Delete(&Session{})
		if res.Error != nil {
			return tx.translate("revoke session", res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("revoke session %d: %w", sessionID, ErrNotFound)
		}
		return tx.auditUser(ctx, ActionSignOut, userID, Changes{"session_id": {New: sessionID}})
	})
}
