package api

import (
	"time"

	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/models"
)

// PeopleConfig configures sign-in.
type PeopleConfig struct {
	// PublicURL is where browsers reach itreg (ITREG_PUBLIC_URL): the trusted origin, the base
	// of set-password links, and, when https, the reason cookies are Secure.
	PublicURL string
	// PasswordLoginOff turns password sign-in off (ITREG_PASSWORD_LOGIN=false).
	PasswordLoginOff bool
	// OIDC configures single sign-on; an empty Issuer turns it off.
	OIDC OIDCConfig
}

// newAuthenticator builds the authenticator from the configuration. cmd has checked the public
// URL; should it still be unusable the server falls back to same-origin checks only.
func (s *Server) newAuthenticator() *auth.Authenticator {
	a, err := auth.New(s.Store, s.People.PublicURL)
	if err != nil {
		s.Log.Warn("public URL ignored", "err", err)
		a, _ = auth.New(s.Store, "")
	}
	return a
}

// secureCookies says whether session cookies must be Secure.
func (s *Server) secureCookies() bool { return s.authn.Secure }

// setSession gives the browser its new session's cookie.
func (s *Server) setSession(c *gin.Context, secret string) {
	auth.SetSessionCookie(c.Writer, secret, s.secureCookies(), s.Store.Sessions.MaxAge())
	c.Header("Cache-Control", "no-store")
}

// UserResponse describes a user (never a password or its hash).
type UserResponse struct {
	ID           int64      `json:"id"`
	Email        string     `json:"email"`
	Name         string     `json:"name"`
	Role         string     `json:"role"`
	Landing      string     `json:"landing"`
	Disabled     bool       `json:"disabled"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	LastSignInAt *time.Time `json:"last_sign_in_at"`
	Version      int64      `json:"version"`
}

func userResponse(u *models.User) UserResponse {
	return UserResponse{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Landing: u.Landing, Disabled: u.Disabled,
		CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt, LastSignInAt: u.LastSignInAt, Version: u.Version}
}
