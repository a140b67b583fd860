package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// tokenStore is what the token handlers need of the store.
type tokenStore interface {
	ListTokens(ctx context.Context) ([]models.APIToken, error)
	CreateUserToken(ctx context.Context, name, role string, ownerID *int64) (string, *models.APIToken, error)
	RevokeToken(ctx context.Context, id int64) error
}

// TokenRequest is the body of POST /tokens.
type TokenRequest struct {
	Name string `json:"name" validate:"required,max=100,nocontrol"` // models.MaxTokenName
	Role string `json:"role" validate:"required,role"`
	// OwnerID is the user the token belongs to; omitted, the caller.
	OwnerID *int64 `json:"owner_id"`
}

// TokenResponse describes a token without its secret: the prefix tells tokens apart.
type TokenResponse struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Role       string     `json:"role"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	Revoked    bool       `json:"revoked"`
	RevokedAt  *time.Time `json:"revoked_at"`
	OwnerID    *int64     `json:"owner_id"`
	// Owner is the owner's e-mail address, null for a token that belongs to no one.
	Owner *string `json:"owner"`
}

// NewTokenResponse is the answer to POST /tokens: the token and, this once, its secret.
type NewTokenResponse struct {
	TokenResponse
	Token string `json:"token"`
}

func tokenResponse(t *models.APIToken) TokenResponse {
	return TokenResponse{ID: t.ID, Name: t.Name, Role: t.Role, Prefix: t.Prefix, CreatedAt: t.CreatedAt,
		LastUsedAt: t.LastUsedAt, Revoked: t.RevokedAt != nil, RevokedAt: t.RevokedAt, OwnerID: t.OwnerID, Owner: ownerOf(t)}
}

func ownerOf(t *models.APIToken) *string {
	if t.OwnerID == nil {
		return nil
	}
	return &t.OwnerEmail
}

// registerTokenRoutes serves /tokens to admins only.
func (s *Server) registerTokenRoutes(g *gin.RouterGroup) {
	h := tokenHandlers{s.Store}
	g = g.Group("", requireRole(models.RoleAdmin))
	s.handle(g, op{Method: "GET", Path: "/tokens", Role: models.RoleAdmin, Summary: "List API tokens (never their secrets)",
		Response: ListResponse[TokenResponse]{}}, h.list)
	s.handle(g, op{Method: "POST", Path: "/tokens", Role: models.RoleAdmin, Summary: "Create an API token; the answer shows its secret once",
		Request: TokenRequest{}, Response: NewTokenResponse{}, Status: http.StatusCreated}, limitBody(MaxJSONBody), h.create)
	s.handle(g, op{Method: "DELETE", Path: "/tokens/:id", Role: models.RoleAdmin, Summary: "Revoke an API token",
		Status: http.StatusNoContent}, h.revoke)
}

type tokenHandlers struct{ st tokenStore }

func (h tokenHandlers) list(c *gin.Context) {
	tokens, err := h.st.ListTokens(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(models.ListResult[models.APIToken]{Items: tokens, Total: int64(len(tokens))}, tokenResponse))
}

func (h tokenHandlers) create(c *gin.Context) {
	var req TokenRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	owner := req.OwnerID
	if id := caller(c); owner == nil && id != nil && id.User != nil {
		owner = &id.User.ID // a token belongs to whoever made it, unless the admin names another owner
	}
	secret, t, err := h.st.CreateUserToken(c.Request.Context(), req.Name, req.Role, owner)
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Location", "/api/v1/tokens/"+strconv.FormatInt(t.ID, 10))
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, NewTokenResponse{TokenResponse: tokenResponse(t), Token: secret})
}

func (h tokenHandlers) revoke(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	if err := h.st.RevokeToken(c.Request.Context(), id); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
