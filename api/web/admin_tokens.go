package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// adminCreateToken makes a token owned by the administrator, with any role, and shows its
// secret in this answer only, as the API's POST /tokens does.
func (a *App) adminCreateToken(c *gin.Context) {
	name, role := c.PostForm("name"), c.PostForm("role")
	form := NewForm(url.Values{"name": {name}, "role": {role}})
	owner := meFrom(c).UserID
	secret, tok, err := a.store.CreateUserToken(c.Request.Context(), name, role, &owner)
	if err != nil {
		if errors.Is(err, models.ErrForbidden) {
			a.renderError(c, http.StatusForbidden, "")
			return
		}
		if form.TakeError(err, "name", "role") {
			a.renderAdmin(c, http.StatusUnprocessableEntity, &adminData{TokenForm: form})
			return
		}
		a.fail(c, err)
		return
	}
	a.renderAdmin(c, http.StatusCreated, &adminData{NewToken: &newToken{Name: tok.Name, Secret: secret}})
}

// adminRevokeToken revokes anyone's token.
func (a *App) adminRevokeToken(c *gin.Context) {
	id, ok := a.pathInt64(c)
	if !ok {
		return
	}
	if err := a.store.RevokeToken(c.Request.Context(), id); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The token is revoked.")
	c.Redirect(http.StatusSeeOther, "/admin#tokens")
}
