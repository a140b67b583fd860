package api

import (
	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/models"
)

// authenticate requires a caller: a bearer token, or a session cookie (whose unsafe requests
// must come from this site), and records the identity, actor and role for the handlers and
// the audit trail. Feed tokens read the calendar feed only.
func authenticate(a *auth.Authenticator) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := a.Resolve(c.Request)
		if err != nil {
			writeError(c, err)
			return
		}
		if id.Role == models.RoleFeed {
			writeError(c, errForbidden("a calendar feed token can read the calendar feed only"))
			return
		}
		setCaller(c, id)
		c.Next()
	}
}

// setIdentity records a token as the caller (the calendar feed checks its own token).
func setIdentity(c *gin.Context, tok *models.APIToken) { setCaller(c, auth.TokenIdentity(tok)) }

// setCaller records the caller for the handlers, the access log and the audit trail.
func setCaller(c *gin.Context, id *auth.Identity) {
	c.Set(ctxActor, id.Actor)
	c.Set(ctxRole, id.Role)
	c.Request = c.Request.WithContext(auth.WithIdentity(c.Request.Context(), id))
}

// caller returns the identity authenticate recorded.
func caller(c *gin.Context) *auth.Identity {
	id, _ := auth.From(c.Request.Context())
	return id
}

// requireRole answers 403 unless the caller's role is at least min.
func requireRole(min string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !models.RoleAtLeast(c.GetString(ctxRole), min) {
			writeError(c, errForbidden("your role ("+c.GetString(ctxRole)+") may not do this; it needs "+min))
			return
		}
		c.Next()
	}
}

// canWrite reports whether the caller may change data; viewers read only.
func canWrite(c *gin.Context) bool {
	return models.RoleAtLeast(c.GetString(ctxRole), models.RoleEditor)
}

// writeGuard lets viewers read (GET, HEAD) and requires editor for anything else.
func writeGuard() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Method != "GET" && c.Request.Method != "HEAD" && !canWrite(c) {
			writeError(c, errForbidden("your role ("+c.GetString(ctxRole)+") may read only"))
			return
		}
		c.Next()
	}
}
