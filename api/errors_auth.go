package api

import (
	"errors"
	"net/http"
	"strings"

	"itreg/api/auth"
	"itreg/models"
)

// describeAuth answers the sign-in errors: 401, 403, 410 and 429. Their messages are the
// sentences the auth package and the store wrote for people (never a database's text).
func describeAuth(err error) (int, ErrorBody) {
	var te *models.ThrottleError
	switch {
	case errors.As(err, &te):
		return http.StatusTooManyRequests, ErrorBody{ErrorDetail{"too_many_requests", te.Error(), nil}}
	case errors.Is(err, models.ErrGone):
		return http.StatusGone, ErrorBody{ErrorDetail{"gone", "this link was used already or has expired; ask an admin for a new one", nil}}
	case errors.Is(err, models.ErrForbidden):
		msg := "you may not do this"
		if errors.Is(err, auth.ErrCrossOrigin) {
			msg = strings.TrimSuffix(auth.ErrCrossOrigin.Error(), ": "+models.ErrForbidden.Error())
		} else if m, ok := strings.CutSuffix(err.Error(), ": "+models.ErrForbidden.Error()); ok && !strings.Contains(m, ": ") {
			msg = m
		}
		return http.StatusForbidden, ErrorBody{ErrorDetail{"forbidden", msg, nil}}
	}
	msg := "sign in, or send an API token as Authorization: Bearer <token>"
	for _, known := range []error{auth.ErrBadToken, auth.ErrBadSession, auth.ErrNoCredentials} {
		if errors.Is(err, known) {
			msg = strings.TrimSuffix(known.Error(), ": "+models.ErrUnauthorized.Error())
		}
	}
	return http.StatusUnauthorized, ErrorBody{ErrorDetail{"unauthorized", msg, nil}}
}
