package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"gorm.io/gorm"
)

// Audit actions of people and sign-in. The changes they record never hold a secret.
const (
	ActionSignIn         = "sign_in"
	ActionSignInFailed   = "sign_in_failed"
	ActionSignOut        = "sign_out"
	ActionPasswordChange = "password_change"
	ActionPasswordReset  = "password_reset"
)

// userEntity is the audit trail's name for users.
const userEntity = "user"

// auditUser writes an audit event about a user, in s's transaction.
func (s *Store) auditUser(ctx context.Context, action string, userID int64, changes Changes) error {
	return s.writeAudit(ctx, action, userEntity, userID, changes)
}

// sanitizeLine drops control characters from text a client sent (a user agent), for display.
func sanitizeLine(v string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(v, ""))
}

// CreateUser invites a person and returns them with the secret of a one-time link to set
// their password (valid for SetPasswordLinkTTL). Only the link's hash is stored.
func (s *Store) CreateUser(ctx context.Context, in UserInput) (*User, string, error) {
	in.Email, in.Name = NormalizeEmail(in.Email), strings.TrimSpace(in.Name)
	if err := in.Validate(); err != nil {
		return nil, "", err
	}
	if in.Landing == "" {
		in.Landing = landingFor(in.Role)
	}
	now := s.now()
	u := &User{Email: in.Email, Name: in.Name, Role: in.Role, Landing: in.Landing, CreatedAt: now, UpdatedAt: now, Version: 1}
	var secret string
	err := s.WithTx(ctx, func(tx *Store) error {
		if err := tx.db.Create(u).Error; err != nil {
			return tx.translate("create user", err)
		}
		var err error
		if secret, err = tx.newSetPasswordLink(u.ID); err != nil {
			return err
		}
		return tx.auditUser(ctx, ActionCreate, u.ID, Changes{
			"email": {New: u.Email}, "name": {New: u.Name}, "role": {New: u.Role}, "landing": {New: u.Landing},
		})
	})
	if err != nil {
		return nil, "", err
	}
	return u, secret, nil
}

// ListUsers lists every user by e-mail address.
func (s *Store) ListUsers(ctx context.Context) ([]User, error) {
	var out []User
	err := s.db.WithContext(ctx).Order("lower(email), id").Find(&out).Error
	return out, s.translate("list users", err)
}

// GetUser returns one user.
func (s *Store) GetUser(ctx context.Context, id int64) (*User, error) {
	var u User
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&u).Error; err != nil {
		return nil, s.translate(fmt.Sprintf("user %d", id), err)
	}
	return &u, nil
}

// FindUserByEmail returns the user with an e-mail address, whatever its case.
func (s *Store) FindUserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	err := s.db.WithContext(ctx).Where("lower(email) = lower(?)", NormalizeEmail(email)).Take(&u).Error
	if err != nil {
		return nil, s.translate("find user", err)
	}
	return &u, nil
}

// CountUsers says how many users there are (make run invites the first admin when none).
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&User{}).Count(&n).Error
	return n, s.translate("count users", err)
}

// updateUser applies fields to a user, bumps its version and audits the change, in tx.
func (s *Store) updateUser(ctx context.Context, id int64, fields map[string]any) (*User, error) {
	old, err := s.GetUser(ctx, id)
	if err != nil {
		return nil, err
	}
	changes := Changes{}
	oldFields := map[string]any{"name": old.Name, "landing": old.Landing, "role": old.Role, "disabled": old.Disabled}
	for k, v := range fields {
		if ov, ok := oldFields[k]; ok && ov != v {
			changes[k] = Change{Old: ov, New: v}
		}
	}
	if len(changes) == 0 {
		return old, nil
	}
	fields["updated_at"] = s.now()
	fields["version"] = gorm.Expr("version + 1")
	if err := s.db.Model(&User{}).Where("id = ?", id).Updates(fields).Error; err != nil {
		return nil, s.translate("update user", err)
	}
	if err := s.auditUser(ctx, ActionUpdate, id, changes); err != nil {
		return nil, err
	}
	return s.GetUser(ctx, id)
}

// SetUserDisabled disables or enables a user. Disabling ends their sessions and stops their
// API tokens at once (tokens check their owner on every request).
func (s *Store) SetUserDisabled(ctx context.Context, id int64, disabled bool) (*User, error) {
	var u *User
	err := s.WithTx(ctx, func(tx *Store) error {
		var err error
		if u, err = tx.updateUser(ctx, id, map[string]any{"disabled": disabled}); err != nil {
			return err
		}
		if disabled {
			_, err = tx.endSessions(id, 0)
		}
		return err
	})
	return u, err
}

// UpdateAccount changes what a person may change of their own account: name and landing view.
func (s *Store) UpdateAccount(ctx context.Context, userID int64, name, landing string) (*User, error) {
	name = strings.TrimSpace(name)
	var c checker
	c.text("name", name, MaxName, false)
	c.enum("landing", landing, Landings, true)
	if err := c.OrNil(); err != nil {
		return nil, err
	}
	var u *User
	err := s.WithTx(ctx, func(tx *Store) error {
		var err error
		u, err = tx.updateUser(ctx, userID, map[string]any{"name": name, "landing": landing})
		return err
	})
	return u, err
}

// setUserRole changes a user's role (single sign-on: the role follows the provider's claim).
func (s *Store) setUserRole(ctx context.Context, id int64, role string) (*User, error) {
	return s.updateUser(ctx, id, map[string]any{"role": role})
}

// passwordHashOf returns a user's stored hash ("" when they have none yet).
func (s *Store) passwordHashOf(id int64) (string, error) {
	var hashes []string
	if err := s.db.Model(&User{}).Where("id = ?", id).Pluck("password_hash", &hashes).Error; err != nil {
		return "", s.translate("password", err)
	}
	if len(hashes) == 0 {
		return "", ErrNotFound
	}
	return hashes[0], nil
}

// setPassword stores a new hash, in tx.
func (s *Store) setPassword(id int64, password string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	now := s.now()
	err = s.db.Model(&User{}).Where("id = ?", id).
		Updates(map[string]any{"password_hash": hash, "password_changed_at": now, "updated_at": now}).Error
	return s.translate("set password", err)
}

// ResetPassword clears a user's password, ends their sessions and earlier links, and returns
// the secret of a new one-time link to set a password.
func (s *Store) ResetPassword(ctx context.Context, id int64) (string, error) {
	var secret string
	err := s.WithTx(ctx, func(tx *Store) error {
		if _, err := tx.GetUser(ctx, id); err != nil {
			return err
		}
		now := s.now()
		err := tx.db.Model(&User{}).Where("id = ?", id).Updates(map[string]any{"password_hash": "", "updated_at": now}).Error
		if err != nil {
			return tx.translate("reset password", err)
		}
		if _, err := tx.endSessions(id, 0); err != nil {
			return err
		}
		if secret, err = tx.newSetPasswordLink(id); err != nil {
			return err
		}
		return tx.auditUser(ctx, ActionPasswordReset, id, Changes{"password": {New: "(reset; a set-password link was issued)"}})
	})
	return secret, err
}

// ChangePassword changes a person's password after checking the current one, and ends their
// other sessions (keepSessionID stays signed in). Problems are a *FieldError on
// current_password or password.
func (s *Store) ChangePassword(ctx context.Context, userID int64, current, next string, keepSessionID int64) error {
	u, err := s.GetUser(ctx, userID)
	if err != nil {
		return err
	}
	// Guessing the current password through a stolen session counts against the account.
	akey := accountKey(u.Email)
	if err := s.checkThrottle(ctx, akey); err != nil {
		return err
	}
	hash, err := s.passwordHashOf(userID)
	if err != nil {
		return err
	}
	if hash == "" {
		VerifyPassword(dummyHash(), current)
	}
	if hash == "" || !VerifyPassword(hash, current) {
		err := s.WithTx(ctx, func(tx *Store) error {
			if err := tx.recordFailure(akey, accountFreeFailures); err != nil {
				return err
			}
			return tx.auditUser(ctx, ActionSignInFailed, userID, Changes{"reason": {New: "wrong current password"}})
		})
		if err != nil {
			return err
		}
		return &FieldError{Fields: map[string]string{"current_password": "is not your current password"}}
	}
	if msg := CheckPassword(next, u.Email); msg != "" {
		return &FieldError{Fields: map[string]string{"password": msg}}
	}
	if next == current {
		return &FieldError{Fields: map[string]string{"password": "is the same as your current password"}}
	}
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.setPassword(userID, next); err != nil {
			return err
		}
		n, err := tx.endSessions(userID, keepSessionID)
		if err != nil {
			return err
		}
		return tx.auditUser(ctx, ActionPasswordChange, userID, Changes{"password": {New: "(changed)"}, "sessions_ended": {New: n}})
	})
}

// touchSignIn records a successful sign-in, in tx.
func (s *Store) touchSignIn(u *User) error {
	now := s.now()
	if err := s.db.Model(&User{}).Where("id = ?", u.ID).Update("last_sign_in_at", now).Error; err != nil {
		return s.translate("sign in", err)
	}
	u.LastSignInAt = &now
	return nil
}

// errNoUser is what a user lookup that found nothing looks like.
func errNoUser(err error) bool { return errors.Is(err, ErrNotFound) }

// SetUserRole changes a person's role (an administrator's decision; with single sign-on the
// provider's claim sets it again at the next sign-in). The change is audited.
func (s *Store) SetUserRole(ctx context.Context, id int64, role string) (*User, error) {
	var c checker
	c.enum("role", role, UserRoles, true)
	if err := c.OrNil(); err != nil {
		return nil, err
	}
	var u *User
	err := s.WithTx(ctx, func(tx *Store) error {
		var err error
		u, err = tx.setUserRole(ctx, id, role)
		return err
	})
	return u, err
}
