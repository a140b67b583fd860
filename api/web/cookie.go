package web

import (
	"net/http"

	"itreg/api/auth"
	"itreg/models"
)

// The session cookie is api/auth's: one name and one set of attributes for the API and pages.

func sessionSecret(r *http.Request) string { return auth.SessionSecret(r) }

func (a *App) setSessionCookie(w http.ResponseWriter, secret string) {
	maxAge := a.cfg.SessionMaxAge
	if maxAge <= 0 {
		maxAge = models.DefaultSessionMax
	}
	auth.SetSessionCookie(w, secret, a.auth.Secure, maxAge)
}

func (a *App) clearSessionCookie(w http.ResponseWriter) { auth.ClearSessionCookie(w, a.auth.Secure) }
