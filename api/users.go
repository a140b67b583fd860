package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/models"
)

// UserRequest is the body of POST /users: whom to invite, with which role.
type UserRequest struct {
	Email   string `json:"email" validate:"required"`
	Name    string `json:"name"`
	Role    string `json:"role" validate:"required"`
	Landing string `json:"landing"`
}

// NewUserResponse answers an invitation: the user and the one-time link to set a password.
type NewUserResponse struct {
	UserResponse
	SetPasswordURL       string    `json:"set_password_url"`
	SetPasswordExpiresAt time.Time `json:"set_password_expires_at"`
}

// PasswordLinkResponse answers a password reset with a new one-time link.
type PasswordLinkResponse struct {
	SetPasswordURL       string    `json:"set_password_url"`
	SetPasswordExpiresAt time.Time `json:"set_password_expires_at"`
}

// registerUserRoutes registers the admin's management of users.
func (s *Server) registerUserRoutes(g *gin.RouterGroup) {
	g = g.Group("", requireRole(models.RoleAdmin))
	a := models.RoleAdmin
	handle(g, op{Method: "GET", Path: "/users", Summary: "List users", Role: a, Response: ListResponse[UserResponse]{}}, s.listUsers)
	handle(g, op{Method: "POST", Path: "/users", Summary: "Invite a user; the answer holds a one-time link to set a password (24 h)", Role: a,
		Request: UserRequest{}, Response: NewUserResponse{}, Status: http.StatusCreated}, limitBody(MaxJSONBody), s.createUser)
	handle(g, op{Method: "GET", Path: "/users/:id", Summary: "Get a user", Role: a, Response: UserResponse{}}, s.getUser)
	handle(g, op{Method: "POST", Path: "/users/:id/disable", Summary: "Disable a user: ends their sessions and stops their tokens", Role: a,
		Response: UserResponse{}}, s.setDisabled(true))
	handle(g, op{Method: "POST", Path: "/users/:id/enable", Summary: "Enable a disabled user", Role: a, Response: UserResponse{}}, s.setDisabled(false))
	handle(g, op{Method: "POST", Path: "/users/:id/reset", Summary: "Reset a user's password: ends their sessions, answers a new set-password link",
		Role: a, Response: PasswordLinkResponse{}}, s.resetPassword)
}

func (s *Server) listUsers(c *gin.Context) {
	users, err := s.Store.ListUsers(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(models.ListResult[models.User]{Items: users, Total: int64(len(users))}, userResponse))
}

func (s *Server) createUser(c *gin.Context) {
	var req UserRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	u, secret, err := s.Store.CreateUser(c.Request.Context(), models.UserInput{Email: req.Email, Name: req.Name, Role: req.Role, Landing: req.Landing})
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Location", "/api/v1/users/"+strconv.FormatInt(u.ID, 10))
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, NewUserResponse{UserResponse: userResponse(u),
		SetPasswordURL: auth.SetPasswordURL(s.People.PublicURL, secret), SetPasswordExpiresAt: u.CreatedAt.Add(models.SetPasswordLinkTTL)})
}

func (s *Server) getUser(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	u, err := s.Store.GetUser(c.Request.Context(), id)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, userResponse(u))
}

func (s *Server) setDisabled(disabled bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := pathID(c, "id")
		if !ok {
			return
		}
		if me := caller(c); disabled && me != nil && me.User != nil && me.User.ID == id {
			writeError(c, errForbidden("you may not disable yourself"))
			return
		}
		u, err := s.Store.SetUserDisabled(c.Request.Context(), id, disabled)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, userResponse(u))
	}
}

func (s *Server) resetPassword(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	secret, err := s.Store.ResetPassword(c.Request.Context(), id)
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, PasswordLinkResponse{SetPasswordURL: auth.SetPasswordURL(s.People.PublicURL, secret),
		SetPasswordExpiresAt: s.Store.Now().UTC().Add(models.SetPasswordLinkTTL)})
}
