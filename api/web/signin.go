package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/models"
)

// signInData is what the sign-in page shows besides the form.
type signInData struct {
	Next          string
	Provider      string // "Sign in with <Provider>" when OpenID Connect is configured
	PasswordLogin bool
	RetryIn       string // the throttle's wait, in words
}

// wrongCredentials is the one answer for an unknown e-mail address and a wrong password, so
// the page does not tell which addresses have accounts.
const wrongCredentials = "The e-mail address or the password is not right."

func (a *App) registerSignInRoutes(g *gin.RouterGroup) {
	g.GET("/sign-in", a.signInPage)
	g.POST("/sign-in", a.signIn)
	g.POST("/sign-out", a.signOut)
}

func (a *App) signInData(next string) signInData {
	return signInData{Next: safeNext(next), Provider: a.cfg.OIDCProvider, PasswordLogin: a.cfg.PasswordLogin}
}

func (a *App) signInPage(c *gin.Context) {
	next := safeNext(c.Query("next"))
	if meFrom(c) != nil {
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	a.render(c, Page{Name: "sign-in", Title: "Sign in", Data: a.signInData(next)})
}

func (a *App) signIn(c *gin.Context) {
	form := NewForm(url.Values{"email": {c.PostForm("email")}})
	data := a.signInData(c.PostForm("next"))
	if !a.cfg.PasswordLogin {
		a.renderError(c, http.StatusForbidden, "Password sign-in is turned off here. Use the single sign-on button.")
		return
	}
	email, password := c.PostForm("email"), c.PostForm("password")
	if email == "" {
		form.SetFieldError("email", "Enter your e-mail address.")
	}
	if password == "" {
		form.SetFieldError("password", "Enter your password.")
	}
	if form.Invalid() {
		a.render(c, Page{Name: "sign-in", Title: "Sign in", Status: http.StatusUnprocessableEntity, Form: form, Data: data})
		return
	}
	client := auth.Client(c.Request)
	u, secret, err := a.store.PasswordSignIn(c.Request.Context(), email, password, client)
	var te *models.ThrottleError
	switch {
	case errors.As(err, &te):
		c.Header("Retry-After", strconv.Itoa(int(te.RetryAfter.Seconds()+0.999)))
		data.RetryIn = inWords(te.RetryAfter)
		a.render(c, Page{Name: "sign-in", Title: "Sign in", Status: http.StatusTooManyRequests, Form: form, Data: data})
		return
	case errors.Is(err, models.ErrUnauthorized), errors.Is(err, models.ErrInvalid):
		form.Message = wrongCredentials
		a.render(c, Page{Name: "sign-in", Title: "Sign in", Status: http.StatusUnauthorized, Form: form, Data: data})
		return
	case err != nil:
		a.fail(c, err)
		return
	}
	a.setSessionCookie(c.Writer, secret)
	a.log.Info("web: signed in", "user_id", u.ID)
	c.Redirect(http.StatusSeeOther, data.Next)
}

// signOut ends this browser's session. It is a POST (a link could be followed by anyone's
// page), and it answers the sign-in page whether or not the session was still alive.
func (a *App) signOut(c *gin.Context) {
	if secret := sessionSecret(c.Request); secret != "" {
		if err := a.store.EndSession(c.Request.Context(), secret); err != nil {
			a.fail(c, err)
			return
		}
	}
	a.clearSessionCookie(c.Writer)
	a.flash(c, "ok", "You have signed out.")
	c.Redirect(http.StatusSeeOther, "/sign-in")
}
