package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/models"
)

// setPasswordData is what the set-password page shows besides the form.
type setPasswordData struct {
	Token, Email string
}

// linkGone is what a used or expired link says: the only way forward is a new link.
const linkGone = "This link to set a password has been used already or has expired (links last 24 hours). " +
	"Ask an administrator for a new link."

func (a *App) registerSetPasswordRoutes(g *gin.RouterGroup) {
	g.GET("/set-password", a.setPasswordPage)
	g.POST("/set-password", a.setPassword)
}

func (a *App) setPasswordPage(c *gin.Context) {
	token := c.Query("token")
	u, err := a.store.CheckSetPasswordLink(c.Request.Context(), token)
	if err != nil {
		a.setPasswordLinkFailed(c, err)
		return
	}
	a.render(c, Page{Name: "set-password", Title: "Choose your password", Data: setPasswordData{token, u.Email}})
}

func (a *App) setPassword(c *gin.Context) {
	token, password := c.PostForm("token"), c.PostForm("password")
	u, err := a.store.CheckSetPasswordLink(c.Request.Context(), token)
	if err != nil {
		a.setPasswordLinkFailed(c, err)
		return
	}
	form := NewForm(nil)
	if password != c.PostForm("confirm") {
		form.SetFieldError("confirm", "The two passwords are not the same.")
		a.render(c, Page{Name: "set-password", Title: "Choose your password", Status: http.StatusUnprocessableEntity,
			Form: form, Data: setPasswordData{token, u.Email}})
		return
	}
	client := auth.Client(c.Request)
	_, secret, err := a.store.SetPasswordFromLink(c.Request.Context(), token, password, client)
	if err != nil {
		if form.TakeError(err, "password") {
			a.render(c, Page{Name: "set-password", Title: "Choose your password", Status: http.StatusUnprocessableEntity,
				Form: form, Data: setPasswordData{token, u.Email}})
			return
		}
		a.setPasswordLinkFailed(c, err)
		return
	}
	// Setting the password signs the person in: they just proved they hold the link.
	a.setSessionCookie(c.Writer, secret)
	a.flash(c, "ok", "Your password is set, and you are signed in.")
	c.Redirect(http.StatusSeeOther, "/")
}

// setPasswordLinkFailed answers a link that cannot be used: 410 for used or expired, 404 for
// one that never existed is answered the same way, so links cannot be probed.
func (a *App) setPasswordLinkFailed(c *gin.Context, err error) {
	if errors.Is(err, models.ErrGone) || errors.Is(err, models.ErrNotFound) || errors.Is(err, models.ErrUnauthorized) {
		a.renderError(c, http.StatusGone, linkGone)
		return
	}
	a.fail(c, err)
}
