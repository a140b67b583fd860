package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/models"
)

// SignInRequest is the body of POST /session.
type SignInRequest struct {
	Email    string `json:"email" validate:"required"`
	Password string `json:"password" validate:"required"`
	// Next is where the browser goes after signing in: a path on this site, else "/".
	Next string `json:"next"`
}

// SignInResponse answers a sign-in: who is signed in and where to go next (a same-site path).
type SignInResponse struct {
	User UserResponse `json:"user"`
	Next string       `json:"next"`
}

// SetPasswordRequest is the body of POST /password/set: the link's token and a new password.
type SetPasswordRequest struct {
	Token    string `json:"token" validate:"required"`
	Password string `json:"password" validate:"required"`
}

// errSignIn is the one answer to a wrong e-mail address or password, whichever was wrong.
var errSignIn = &httpError{http.StatusUnauthorized, "unauthorized", "the e-mail address or password is wrong", nil}

// registerSessionRoutes registers sign-in, sign-out and setting a password from a link; they
// need no credentials (sign-out ends whatever session the cookie names).
func (s *Server) registerSessionRoutes(g *gin.RouterGroup) {
	handle(g, op{Method: "POST", Path: "/session", Summary: "Sign in with e-mail address and password; sets the session cookie",
		Request: SignInRequest{}, Response: SignInResponse{}}, limitBody(MaxJSONBody), s.signIn)
	handle(g, op{Method: "DELETE", Path: "/session", Summary: "Sign out: end the session the cookie names", Status: http.StatusNoContent},
		s.signOut)
	handle(g, op{Method: "POST", Path: "/password/set", Summary: "Set a password from a one-time link (410 when used or expired); signs in",
		Request: SetPasswordRequest{}, Response: SignInResponse{}}, limitBody(MaxJSONBody), s.setPasswordFromLink)
}

func (s *Server) signIn(c *gin.Context) {
	if err := s.authn.CheckOrigin(c.Request); err != nil {
		writeError(c, err) // a cross-site form must not sign a browser into someone's account
		return
	}
	if s.People.PasswordLoginOff {
		writeError(c, errForbidden("password sign-in is turned off; sign in with your organisation's account"))
		return
	}
	var req SignInRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	u, secret, err := s.Store.PasswordSignIn(c.Request.Context(), req.Email, req.Password, auth.Client(c.Request))
	if errors.Is(err, models.ErrUnauthorized) {
		err = errSignIn
	}
	if err != nil {
		writeError(c, err)
		return
	}
	s.setSession(c, secret)
	c.JSON(http.StatusOK, SignInResponse{User: userResponse(u), Next: auth.SafeNext(req.Next)})
}

func (s *Server) signOut(c *gin.Context) {
	secret := auth.SessionSecret(c.Request)
	if secret != "" {
		if err := s.authn.CheckOrigin(c.Request); err != nil {
			writeError(c, err)
			return
		}
		if err := s.Store.EndSession(c.Request.Context(), secret); err != nil {
			writeError(c, err)
			return
		}
	}
	auth.ClearSessionCookie(c.Writer, s.secureCookies())
	c.Status(http.StatusNoContent)
}

func (s *Server) setPasswordFromLink(c *gin.Context) {
	if err := s.authn.CheckOrigin(c.Request); err != nil {
		writeError(c, err)
		return
	}
	var req SetPasswordRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	u, secret, err := s.Store.SetPasswordFromLink(c.Request.Context(), req.Token, req.Password, auth.Client(c.Request))
	if err != nil {
		writeError(c, err)
		return
	}
	s.setSession(c, secret)
	c.JSON(http.StatusOK, SignInResponse{User: userResponse(u), Next: "/"})
}
