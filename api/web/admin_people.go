package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/models"
)

// inviteUser creates a person and shows the one-time link to set a password, in this answer
// only (never in a redirect, a flash or a log), as the API's POST /users does.
func (a *App) inviteUser(c *gin.Context) {
	in := models.UserInput{Email: c.PostForm("email"), Name: c.PostForm("name"), Role: c.PostForm("role"), Landing: c.PostForm("landing")}
	form := NewForm(url.Values{"email": {in.Email}, "name": {in.Name}, "role": {in.Role}, "landing": {in.Landing}})
	u, secret, err := a.store.CreateUser(c.Request.Context(), in)
	if err != nil {
		if form.TakeError(err, "email", "name", "role", "landing") {
			a.renderAdmin(c, http.StatusUnprocessableEntity, &adminData{Invite: form})
			return
		}
		a.fail(c, err)
		return
	}
	link := &newLink{Email: u.Email, URL: auth.SetPasswordURL(a.cfg.PublicURL, secret),
		Expires: stamp(u.CreatedAt.Add(models.SetPasswordLinkTTL)), Why: "invited"}
	a.renderAdmin(c, http.StatusCreated, &adminData{NewLink: link})
}

// setUserDisabled disables (ending their sessions and stopping their tokens) or enables a
// person. Nobody disables themselves: the API refuses it too.
func (a *App) setUserDisabled(disabled bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := a.pathInt64(c)
		if !ok {
			return
		}
		if disabled && id == meFrom(c).UserID {
			a.renderError(c, http.StatusForbidden, "You may not disable yourself.")
			return
		}
		u, err := a.store.SetUserDisabled(c.Request.Context(), id, disabled)
		if err != nil {
			a.fail(c, err)
			return
		}
		if disabled {
			a.flash(c, "ok", u.Email+" is disabled: signed out everywhere, tokens stopped.")
		} else {
			a.flash(c, "ok", u.Email+" is enabled again.")
		}
		c.Redirect(http.StatusSeeOther, "/admin#people")
	}
}

// resetUserPassword ends the person's sessions and shows a new set-password link once.
func (a *App) resetUserPassword(c *gin.Context) {
	id, ok := a.pathInt64(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	secret, err := a.store.ResetPassword(ctx, id)
	if err != nil {
		a.fail(c, err)
		return
	}
	var email string
	if users, err := a.store.ListUsers(ctx); err == nil {
		for _, u := range users {
			if u.ID == id {
				email = u.Email
			}
		}
	}
	link := &newLink{Email: email, URL: auth.SetPasswordURL(a.cfg.PublicURL, secret), Why: "reset",
		Expires: stamp(a.now().Add(models.SetPasswordLinkTTL))}
	a.renderAdmin(c, http.StatusOK, &adminData{NewLink: link})
}

// changeUserRole sets a person's role. An administrator does not change their own: that is
// how a register loses its last administrator.
func (a *App) changeUserRole(c *gin.Context) {
	id, ok := a.pathInt64(c)
	if !ok {
		return
	}
	if id == meFrom(c).UserID {
		a.renderError(c, http.StatusForbidden, "You may not change your own role; ask another administrator.")
		return
	}
	u, err := a.store.SetUserRole(c.Request.Context(), id, c.PostForm("role"))
	if err != nil {
		form := NewForm(nil)
		if form.TakeError(err, "role") {
			a.renderError(c, http.StatusBadRequest, "There is no role “"+c.PostForm("role")+"”.")
			return
		}
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", u.Email+" is now "+roleName(u.Role)+".")
	c.Redirect(http.StatusSeeOther, "/admin#people")
}

// now is the store's clock (tests set it), or the wall clock.
func (a *App) now() time.Time {
	if a.models != nil && a.models.Now != nil {
		return a.models.Now()
	}
	return time.Now()
}
