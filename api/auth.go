package api

import (
	"context"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// tokenChecker finds the token behind a bearer secret.
type tokenChecker interface {
	Authenticate(ctx context.Context, secret string) (*models.APIToken, error)
}

// authenticate requires a bearer token (or, where allowFeed names the route, a feed token in
// ?token=) and records the actor and role for the handlers and the audit trail.
func authenticate(tokens tokenChecker) gin.HandlerFunc {
	return func(c *gin.Context) {
		secret, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
		if !ok {
			writeError(c, errUnauthorized("send an API token as Authorization: Bearer <token>"))
			return
		}
		tok, err := tokens.Authenticate(c.Request.Context(), strings.TrimSpace(secret))
		if err != nil {
			writeError(c, errUnauthorized("the API token is unknown or revoked"))
			return
		}
		if tok.Role == models.RoleFeed {
			writeError(c, errForbidden("a calendar feed token can read the calendar feed only"))
			return
		}
		setIdentity(c, tok)
		c.Next()
	}
}

func setIdentity(c *gin.Context, tok *models.APIToken) {
	actor := "token:" + tok.Name
	c.Set(ctxActor, actor)
	c.Set(ctxRole, tok.Role)
	c.Request = c.Request.WithContext(models.WithActor(c.Request.Context(), actor))
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
