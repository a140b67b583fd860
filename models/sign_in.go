package models

import (
	"context"
	"fmt"
)

// PasswordSignIn checks an e-mail address and password and starts a session: it returns the
// user and the session's secret. A wrong password, an unknown address, a user with no
// password yet and a disabled user all answer ErrUnauthorized after the same work (a dummy
// hash is verified when there is no real one). Too many failures for the account or the
// client address answer a *ThrottleError. Every outcome is an audit event.
func (s *Store) PasswordSignIn(ctx context.Context, email, password string, client ClientInfo) (*User, string, error) {
	email = NormalizeEmail(email)
	if msg := checkEmail(email); msg != "" {
		return nil, "", &FieldError{Fields: map[string]string{"email": msg}}
	}
	if len(password) > 4*MaxPassword {
		password = password[:4*MaxPassword] // it cannot match; do not hash megabytes
	}
	akey, ckey := accountKey(email), addrKey(client.Addr)
	if err := s.checkThrottle(ctx, akey, ckey); err != nil {
		return nil, "", err
	}
	u, err := s.FindUserByEmail(ctx, email)
	if err != nil && !errNoUser(err) {
		return nil, "", err
	}
	hash := ""
	if u != nil {
		if hash, err = s.passwordHashOf(u.ID); err != nil {
			return nil, "", err
		}
	}
	ok := false
	if hash == "" {
		VerifyPassword(dummyHash(), password)
	} else {
		ok = VerifyPassword(hash, password)
	}
	if !ok || u.Disabled {
		if err := s.signInFailed(ctx, u, client, akey, ckey); err != nil {
			return nil, "", err
		}
		return nil, "", fmt.Errorf("sign in: %w", ErrUnauthorized)
	}
	var secret string
	actx := WithActor(ctx, u.Actor())
	err = s.WithTx(actx, func(tx *Store) error {
		var err error
		if secret, _, err = tx.startSession(u.ID, client); err != nil {
			return err
		}
		if err := tx.clearThrottle(akey); err != nil {
			return err
		}
		if err := tx.touchSignIn(u); err != nil {
			return err
		}
		return tx.auditUser(actx, ActionSignIn, u.ID, Changes{"method": {New: "password"}, "client_addr": {New: client.Addr}})
	})
	if err != nil {
		return nil, "", err
	}
	return u, secret, nil
}

// signInFailed counts a failure against the account and the address and audits it. The
// attempted address is recorded only when it names a user: people type passwords into the
// e-mail field.
func (s *Store) signInFailed(ctx context.Context, u *User, client ClientInfo, akey, ckey string) error {
	var id int64
	changes := Changes{"client_addr": {New: client.Addr}}
	actor := "anonymous"
	if u != nil {
		id, actor = u.ID, u.Actor()
		if u.Disabled {
			changes["reason"] = Change{New: "disabled"}
		}
	}
	return s.WithTx(WithActor(ctx, actor), func(tx *Store) error {
		if err := tx.recordFailure(akey, accountFreeFailures); err != nil {
			return err
		}
		if err := tx.recordFailure(ckey, addrFreeFailures); err != nil {
			return err
		}
		return tx.auditUser(WithActor(ctx, actor), ActionSignInFailed, id, changes)
	})
}
