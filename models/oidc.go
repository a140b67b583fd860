package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// OIDCLoginTTL is how long a single sign-on may take between leaving for the provider and
// coming back.
const OIDCLoginTTL = 10 * time.Minute

// OIDCLogin is a single sign-on in progress: what the callback must check (the nonce) and
// send (the PKCE verifier), keyed by a hash of the state. It is used once.
type OIDCLogin struct {
	StateHash string    `gorm:"column:state_hash;primaryKey"`
	Nonce     string    `gorm:"not null"`
	Verifier  string    `gorm:"not null"`
	NextPath  string    `gorm:"column:next_path;not null"`
	CreatedAt time.Time `gorm:"not null"`
	ExpiresAt time.Time `gorm:"not null"`
}

// TableName names the table.
func (OIDCLogin) TableName() string { return "oidc_logins" }

// SaveOIDCLogin records a sign-on in progress under its state, and forgets expired ones.
func (s *Store) SaveOIDCLogin(ctx context.Context, state, nonce, verifier, next string) error {
	now := s.now()
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.db.Where("expires_at < ?", now).Delete(&OIDCLogin{}).Error; err != nil {
			return tx.translate("oidc login", err)
		}
		l := OIDCLogin{StateHash: HashToken(state), Nonce: nonce, Verifier: verifier, NextPath: clip(next, 500),
			CreatedAt: now, ExpiresAt: now.Add(OIDCLoginTTL)}
		return tx.translate("oidc login", tx.db.Create(&l).Error)
	})
}

// TakeOIDCLogin returns and deletes the sign-on in progress under state. An unknown, used or
// expired state is ErrNotFound.
func (s *Store) TakeOIDCLogin(ctx context.Context, state string) (*OIDCLogin, error) {
	if state == "" || len(state) > 200 {
		return nil, fmt.Errorf("oidc state: %w", ErrNotFound)
	}
	var l OIDCLogin
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.db.Where("state_hash = ?", HashToken(state)).Take(&l).Error; err != nil {
			return tx.translate("oidc state", err)
		}
		res := tx.db.Where("state_hash = ?", l.StateHash).Delete(&OIDCLogin{})
		if res.Error != nil {
			return tx.translate("oidc state", res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("oidc state: %w", ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !s.now().Before(l.ExpiresAt) {
		return nil, fmt.Errorf("oidc state expired: %w", ErrNotFound)
	}
	return &l, nil
}

// OIDCIdentity is what a verified ID token says about a person.
type OIDCIdentity struct {
	// Subject is the provider's stable id of the person, qualified by its issuer.
	Issuer, Subject string
	Email, Name     string
	// EmailVerified says the provider vouches for the address: only then may it link to an
	// existing user invited by e-mail.
	EmailVerified bool
	// Role is the role the provider's claim maps to.
	Role string
}

// OIDCSignIn signs in a person whom the provider vouched for: it finds them by subject (or by
// a verified e-mail address an admin invited), creates them at their first sign-in, sets
// their role to the one the claim maps to, and starts a session. A disabled user is
// ErrUnauthorized.
func (s *Store) OIDCSignIn(ctx context.Context, id OIDCIdentity, client ClientInfo) (*User, string, error) {
	if id.Subject == "" || id.Issuer == "" {
		return nil, "", fmt.Errorf("oidc: no subject: %w", ErrUnauthorized)
	}
	if !ValidRole(id.Role) || id.Role == RoleFeed {
		return nil, "", fmt.Errorf("oidc: no role: %w", ErrForbidden)
	}
	subject := clip(id.Issuer+"|"+id.Subject, 255)
	email := NormalizeEmail(id.Email)
	if msg := checkEmail(email); msg != "" {
		return nil, "", fmt.Errorf("oidc: the provider gave no usable e-mail address (%s): %w", msg, ErrUnauthorized)
	}
	var u *User
	var secret string
	err := s.WithTx(ctx, func(tx *Store) error {
		var err error
		u, err = tx.findOIDCUser(ctx, subject, email, id.EmailVerified)
		if err != nil {
			return err
		}
		actx := WithActor(ctx, "oidc:"+email)
		if u == nil {
			in := UserInput{Email: email, Name: clip(strings.TrimSpace(sanitizeLine(id.Name)), MaxName), Role: id.Role}
			if err := in.Validate(); err != nil {
				return err
			}
			now := tx.now()
			u = &User{Email: email, Name: in.Name, Role: id.Role, Landing: landingFor(id.Role), CreatedAt: now, UpdatedAt: now, Version: 1}
			if err := tx.db.Create(u).Error; err != nil {
				return tx.translate("create user", err)
			}
			err := tx.auditUser(actx, ActionCreate, u.ID, Changes{"email": {New: u.Email}, "name": {New: u.Name}, "role": {New: u.Role},
				"landing": {New: u.Landing}, "source": {New: "single sign-on"}})
			if err != nil {
				return err
			}
		}
		if u.Disabled {
			return fmt.Errorf("oidc: user disabled: %w", ErrUnauthorized)
		}
		if err := tx.db.Model(&User{}).Where("id = ?", u.ID).Update("oidc_subject", subject).Error; err != nil {
			return tx.translate("link user", err)
		}
		if u.Role != id.Role {
			if u, err = tx.setUserRole(actx, u.ID, id.Role); err != nil {
				return err
			}
		}
		if secret, _, err = tx.startSession(u.ID, client); err != nil {
			return err
		}
		if err := tx.touchSignIn(u); err != nil {
			return err
		}
		return tx.auditUser(WithActor(ctx, u.Actor()), ActionSignIn, u.ID, Changes{"method": {New: "oidc"}, "client_addr": {New: client.Addr}})
	})
	if err != nil {
		return nil, "", err
	}
	return u, secret, nil
}

// findOIDCUser finds the user of a subject, else of a verified address not yet linked to
// another subject; nil when there is none.
func (s *Store) findOIDCUser(ctx context.Context, subject, email string, verified bool) (*User, error) {
	var u User
	err := s.db.Where("oidc_subject = ?", subject).Take(&u).Error
	if err == nil {
		return &u, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, s.translate("find user", err)
	}
	err = s.db.Where("lower(email) = lower(?)", email).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, s.translate("find user", err)
	}
	var linked []string
	if err := s.db.Model(&User{}).Where("id = ? AND oidc_subject IS NOT NULL", u.ID).Pluck("oidc_subject", &linked).Error; err != nil {
		return nil, s.translate("find user", err)
	}
	if !verified || len(linked) > 0 {
		// Someone else already holds this address here: refuse rather than take it over.
		return nil, &ConflictError{Message: "a user with this e-mail address exists and is not linked to this sign-in; ask an admin"}
	}
	return &u, nil
}
