package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

const ctxSession = "web_session"

// identifyOptional resolves the session cookie, when there is one, into the person (meFrom)
// and their session; an unknown or ended session is simply no one.
func (a *App) identifyOptional(c *gin.Context) {
	secret := sessionSecret(c.Request)
	if secret == "" {
		return
	}
	u, sess, err := a.store.SessionUser(c.Request.Context(), secret)
	if err != nil {
		return
	}
	c.Set(ctxMe, meOf(u))
	c.Set(ctxSession, sess)
	c.Request = c.Request.WithContext(models.WithActor(c.Request.Context(), u.Actor()))
}

// meOf is the page's view of a user.
func meOf(u *models.User) *Me {
	return &Me{UserID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Landing: u.Landing}
}

// sessionOf is the request's session, or nil.
func sessionOf(c *gin.Context) *models.Session {
	if v, ok := c.Get(ctxSession); ok {
		if s, ok := v.(*models.Session); ok {
			return s
		}
	}
	return nil
}

// requireSignIn sends anyone not signed in to the sign-in page, which brings them back here.
// An unsafe request (a form posted after the session ended) goes back to the home page
// instead: replaying it after sign-in would surprise.
func (a *App) requireSignIn(c *gin.Context) {
	if meFrom(c) != nil {
		c.Next()
		return
	}
	target := "/sign-in"
	if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
		target = signInURL(c.Request.URL.RequestURI())
	}
	if c.GetHeader("HX-Request") == "true" {
		// htmx follows redirects inside the fragment; ask it to load the whole page instead.
		c.Header("HX-Redirect", target)
		c.AbortWithStatus(http.StatusUnauthorized)
		return
	}
	c.Redirect(http.StatusSeeOther, target)
	c.Abort()
}

// crossOriginCheck refuses unsafe cross-site requests (a form posted from another site with
// this browser's cookie) with the 403 page: the standard library's CrossOriginProtection,
// which reads Sec-Fetch-Site and Origin, trusting the public URL's origin.
func (a *App) crossOriginCheck() gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	if u, err := url.Parse(a.cfg.PublicURL); err == nil && u.Scheme != "" && u.Host != "" {
		if err := cop.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			a.log.Warn("web: public URL is not a usable origin", "err", err)
		}
	}
	return func(c *gin.Context) {
		if err := cop.Check(c.Request); err != nil {
			a.renderError(c, http.StatusForbidden, "This form was sent from another site, so it was refused. Open the page here and send it again.")
			return
		}
		c.Next()
	}
}
