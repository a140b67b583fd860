package web

import (
	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/models"
)

// Me is the signed-in person as pages see them. Handlers get it with meFrom(c) (nil on the
// public pages); templates read it as .Me.
type Me struct {
	UserID  int64
	Email   string
	Name    string
	Role    string
	Landing string
}

// DisplayName is the name, or the e-mail address for someone who has not given one.
func (m *Me) DisplayName() string {
	if m.Name != "" {
		return m.Name
	}
	return m.Email
}

// Can reports whether the person's role is at least role (viewer < editor < admin).
func (m *Me) Can(role string) bool { return m != nil && models.RoleAtLeast(m.Role, role) }

// CanWrite reports whether the person may change records (editor or admin).
func (m *Me) CanWrite() bool { return m.Can(models.RoleEditor) }

// IsAdmin reports whether the person is an administrator.
func (m *Me) IsAdmin() bool { return m.Can(models.RoleAdmin) }

// meFrom is the signed-in person of the request (api/auth's identity), or nil.
func meFrom(c *gin.Context) *Me {
	id, ok := auth.From(c.Request.Context())
	if !ok || id.User == nil {
		return nil
	}
	u := id.User
	return &Me{UserID: u.ID, Email: u.Email, Name: u.Name, Role: id.Role, Landing: u.Landing}
}
