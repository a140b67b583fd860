package models

import (
	"errors"
	"fmt"
	"time"
)

// The error vocabulary of people and sign-in. The API maps them to 401, 403, 410 and 429.
var (
	// ErrUnauthorized means no one is signed in: a wrong password, an unknown, expired or
	// ended session, a disabled user.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden means the person is known but may not do this.
	ErrForbidden = errors.New("forbidden")
	// ErrGone means a one-time link was used already or has expired.
	ErrGone = errors.New("gone")
	// ErrThrottled means too many failed sign-ins; a ThrottleError says how long to wait.
	ErrThrottled = errors.New("too many attempts")
)

// ThrottleError says how long a client must wait before it may try to sign in again. It
// unwraps to ErrThrottled.
type ThrottleError struct {
	RetryAfter time.Duration
}

func (e *ThrottleError) Error() string {
	return fmt.Sprintf("too many failed sign-ins; try again in %s", e.RetryAfter.Round(time.Second))
}

// Unwrap makes errors.Is(err, ErrThrottled) true.
func (e *ThrottleError) Unwrap() error { return ErrThrottled }
