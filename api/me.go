package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/models"
)

// MeResponse says who is calling and how: through a session or a token.
type MeResponse struct {
	User *UserResponse `json:"user"`
	Role string        `json:"role"`
	// Via is "session" or "token".
	Via   string `json:"via"`
	Actor string `json:"actor"`
}

// AccountRequest is the body of PATCH /me: what a person may change of their own account.
type AccountRequest struct {
	Name    string `json:"name"`
	Landing string `json:"landing" validate:"required"`
}

// SessionResponse describes one of a person's sessions.
type SessionResponse struct {
	ID            int64     `json:"id"`
	Current       bool      `json:"current"`
	CreatedAt     time.Time `json:"created_at"`
	LastSeenAt    time.Time `json:"last_seen_at"`
	IdleExpiresAt time.Time `json:"idle_expires_at"`
	ExpiresAt     time.Time `json:"expires_at"`
	UserAgent     string    `json:"user_agent"`
	ClientAddr    string    `json:"client_addr"`
}

// ChangePasswordRequest is the body of POST /password.
type ChangePasswordRequest struct {
	CurrentPassword string `json:"current_password" validate:"required"`
	Password        string `json:"password" validate:"required"`
}

// MyTokenRequest is the body of POST /me/tokens: a token of one's own.
type MyTokenRequest struct {
	Name string `json:"name" validate:"required,max=200,nocontrol"`
	Role string `json:"role" validate:"required,oneof=admin editor viewer feed"`
}

// registerMeRoutes registers what every signed-in person does with their own account.
func (s *Server) registerMeRoutes(g *gin.RouterGroup) {
	v := models.RoleViewer
	handle(g, op{Method: "GET", Path: "/me", Summary: "Who is calling: the user, role and how they authenticated", Role: v,
		Response: MeResponse{}}, s.me)
	g = g.Group("", s.requireUser)
	handle(g, op{Method: "PATCH", Path: "/me", Summary: "Change one's own name and landing view", Role: v, Request: AccountRequest{},
		Response: UserResponse{}}, limitBody(MaxJSONBody), s.updateAccount)
	handle(g, op{Method: "GET", Path: "/me/sessions", Summary: "List one's own sessions", Role: v,
		Response: ListResponse[SessionResponse]{}}, s.mySessions)
	handle(g, op{Method: "DELETE", Path: "/me/sessions/:id", Summary: "End one of one's own sessions", Role: v, Status: http.StatusNoContent},
		s.revokeMySession)
	handle(g, op{Method: "POST", Path: "/me/sessions/revoke-all", Summary: "Sign out everywhere else (every session but this one)", Role: v,
		Status: http.StatusNoContent}, s.revokeAllMySessions)
	handle(g, op{Method: "POST", Path: "/password", Summary: "Change one's password; ends one's other sessions", Role: v,
		Request: ChangePasswordRequest{}, Status: http.StatusNoContent}, limitBody(MaxJSONBody), s.changePassword)
	handle(g, op{Method: "GET", Path: "/me/tokens", Summary: "List one's own API tokens", Role: v,
		Response: ListResponse[TokenResponse]{}}, s.myTokens)
	handle(g, op{Method: "POST", Path: "/me/tokens", Summary: "Create an API token of one's own, with at most one's role", Role: v,
		Request: MyTokenRequest{}, Response: NewTokenResponse{}, Status: http.StatusCreated}, limitBody(MaxJSONBody), s.createMyToken)
	handle(g, op{Method: "DELETE", Path: "/me/tokens/:id", Summary: "Revoke one of one's own API tokens", Role: v, Status: http.StatusNoContent},
		s.revokeMyToken)
}

// requireUser refuses callers that are no one: a token made before people existed.
func (s *Server) requireUser(c *gin.Context) {
	if id := caller(c); id == nil || id.User == nil {
		writeError(c, errForbidden("this token belongs to no user; sign in, or use a token of your own"))
		return
	}
	c.Next()
}

func (s *Server) me(c *gin.Context) {
	id := caller(c)
	resp := MeResponse{Role: id.Role, Via: "token", Actor: id.Actor}
	if id.Session != nil {
		resp.Via = "session"
	}
	if id.User != nil {
		u, err := s.Store.GetUser(c.Request.Context(), id.User.ID)
		if err != nil {
			writeError(c, err)
			return
		}
		ur := userResponse(u)
		resp.User = &ur
	}
	c.JSON(http.StatusOK, resp)
}

func (s *Server) updateAccount(c *gin.Context) {
	var req AccountRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	u, err := s.Store.UpdateAccount(c.Request.Context(), caller(c).User.ID, req.Name, req.Landing)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, userResponse(u))
}

// currentSessionID is the caller's session, or 0 for a token.
func currentSessionID(id *auth.Identity) int64 {
	if id.Session != nil {
		return id.Session.ID
	}
	return 0
}

func (s *Server) mySessions(c *gin.Context) {
	id := caller(c)
	sessions, err := s.Store.ListSessions(c.Request.Context(), id.User.ID)
	if err != nil {
		writeError(c, err)
		return
	}
	current := currentSessionID(id)
	c.JSON(http.StatusOK, listOf(models.ListResult[models.Session]{Items: sessions, Total: int64(len(sessions))},
		func(s *models.Session) SessionResponse {
			return SessionResponse{ID: s.ID, Current: s.ID == current, CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt,
				IdleExpiresAt: s.IdleExpiresAt, ExpiresAt: s.ExpiresAt, UserAgent: s.UserAgent, ClientAddr: s.ClientAddr}
		}))
}

func (s *Server) revokeMySession(c *gin.Context) {
	sid, ok := pathID(c, "id")
	if !ok {
		return
	}
	id := caller(c)
	if err := s.Store.RevokeSession(c.Request.Context(), id.User.ID, sid); err != nil {
		writeError(c, err)
		return
	}
	if sid == currentSessionID(id) {
		auth.ClearSessionCookie(c.Writer, s.secureCookies())
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) revokeAllMySessions(c *gin.Context) {
	id := caller(c)
	if err := s.Store.EndUserSessions(c.Request.Context(), id.User.ID, currentSessionID(id)); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) changePassword(c *gin.Context) {
	var req ChangePasswordRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	id := caller(c)
	if err := s.Store.ChangePassword(c.Request.Context(), id.User.ID, req.CurrentPassword, req.Password, currentSessionID(id)); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) myTokens(c *gin.Context) {
	tokens, err := s.Store.ListUserTokens(c.Request.Context(), caller(c).User.ID)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(models.ListResult[models.APIToken]{Items: tokens, Total: int64(len(tokens))}, tokenResponse))
}

func (s *Server) createMyToken(c *gin.Context) {
	var req MyTokenRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	owner := caller(c).User.ID
	secret, t, err := s.Store.CreateUserToken(c.Request.Context(), req.Name, req.Role, &owner)
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Location", "/api/v1/me/tokens/"+strconv.FormatInt(t.ID, 10))
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, NewTokenResponse{TokenResponse: tokenResponse(t), Token: secret})
}

func (s *Server) revokeMyToken(c *gin.Context) {
	tid, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := s.Store.RevokeUserToken(c.Request.Context(), caller(c).User.ID, tid); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
