package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// LicenceKey is the body of POST /licences/{id}/key/reveal: the key in clear.
type LicenceKey struct {
	ID  int64  `json:"id"`
	Key string `json:"key"`
}

// keyRevealer reads a licence key in clear and records that the caller did.
type keyRevealer interface {
	RevealLicenceKey(ctx context.Context, id int64) (string, error)
}

// registerKeyReveal serves the one way to read a licence key in clear: a POST (never cached,
// never prefetched), for editors and admins, each one written to the audit trail.
func (s *Server) registerKeyReveal(g *gin.RouterGroup) {
	var st keyRevealer = s.Store
	s.handle(g, op{Method: "POST", Path: "/licences/:id/key/reveal", Role: models.RoleEditor,
		Summary:  "Reveal a licence key in clear (editors and admins); the audit trail records who revealed it",
		Response: LicenceKey{}}, requireRole(models.RoleEditor), func(c *gin.Context) {
		id, ok := pathID(c, "id")
		if !ok {
			return
		}
		key, err := st.RevealLicenceKey(c.Request.Context(), id)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, LicenceKey{ID: id, Key: key})
	})
}
