package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/models"
)

// identifyOptional resolves the session cookie, when there is one, into the request's
// auth.Identity (auth.From(ctx); meFrom(c) for pages). An unknown or ended session is simply
// no one, and its cookie is dropped.
func (a *App) identifyOptional(c *gin.Context) {
	// Pages are for browsers: a bearer token is the API's business, not a page's.
	c.Request.Header.Del("Authorization")
	id, err := a.auth.Resolve(c.Request)
	switch {
	case err == nil && id.User != nil:
		c.Request = c.Request.WithContext(auth.WithIdentity(c.Request.Context(), id))
	case err == nil, errors.Is(err, auth.ErrNoCredentials):
	case errors.Is(err, auth.ErrBadSession):
		a.clearSessionCookie(c.Writer)
	case errors.Is(err, auth.ErrCrossOrigin):
		a.renderError(c, http.StatusForbidden, crossSite)
		return
	default:
		a.fail(c, err)
		return
	}
	c.Next()
}

// sessionOf is the request's session, or nil.
func sessionOf(c *gin.Context) *models.Session {
	if id, ok := auth.From(c.Request.Context()); ok {
		return id.Session
	}
	return nil
}

// requireSignIn sends anyone not signed in to the sign-in page, which brings them back here.
// An unsafe request (a form posted after the session ended) goes to the plain sign-in page:
// replaying it after sign-in would surprise.
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

const crossSite = "This form was sent from another site, so it was refused. Open the page here and send it again."

// crossOriginCheck refuses every unsafe cross-site request, signed in or not (a forged
// sign-in is an attack too), with the 403 page: api/auth's http.CrossOriginProtection.
func (a *App) crossOriginCheck(c *gin.Context) {
	if err := a.auth.CheckOrigin(c.Request); err != nil {
		a.renderError(c, http.StatusForbidden, crossSite)
		return
	}
	c.Next()
}
