package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/models"
)

// errorData is what the error page shows.
type errorData struct {
	Status  int
	Heading string
	Message string
}

// renderError answers a status with the error page inside the layout. An empty message says
// the status's usual words; a 500 never shows the cause (it is logged where it happens).
func (a *App) renderError(c *gin.Context, status int, message string) {
	heading := "Something went wrong"
	switch status {
	case http.StatusForbidden:
		heading = "Not allowed"
		if message == "" {
			message = "Your role does not allow this. Ask an administrator if you need it."
		}
	case http.StatusNotFound:
		heading = "Not found"
		if message == "" {
			message = "There is no page at this address. It may have been deleted, or the link is wrong."
		}
	case http.StatusGone:
		heading = "This link no longer works"
	case http.StatusBadRequest:
		heading = "Bad request"
	case http.StatusConflict:
		heading = "Conflict"
	case http.StatusTooManyRequests:
		heading = "Too many attempts"
	case http.StatusInternalServerError:
		message = "The server could not answer. Try again; if it keeps happening, tell your administrator the time it happened."
	}
	c.Abort()
	a.render(c, Page{Name: "error", Title: heading, Status: status, Data: errorData{status, heading, message}})
}

// fail answers a store error with the error page: not found 404, forbidden 403, conflict 409,
// stale 409, invalid 400, anything else 500 (logged with the request, never shown).
func (a *App) fail(c *gin.Context, err error) {
	var ce *models.ConflictError
	switch {
	case errors.Is(err, models.ErrNotFound):
		a.renderError(c, http.StatusNotFound, "")
	case errors.As(err, &ce):
		a.renderError(c, http.StatusConflict, ce.Message)
	case errors.Is(err, models.ErrStale):
		a.renderError(c, http.StatusConflict, "Someone else changed this record since you opened it. Open it again to see their change.")
	case errors.Is(err, models.ErrInvalid):
		a.renderError(c, http.StatusBadRequest, "The request was not valid. Go back, check the form and try again.")
	default:
		a.log.Error("web: request failed", "path", c.Request.URL.Path, "err", err)
		a.renderError(c, http.StatusInternalServerError, "")
	}
}

// recoverPage answers a panic in a page handler with the 500 page (the API's recoverer would
// answer JSON), logging it; the cause never reaches the person.
func (a *App) recoverPage(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("web: panic", "path", c.Request.URL.Path, "panic", r)
			if !c.Writer.Written() {
				a.renderError(c, http.StatusInternalServerError, "")
			}
		}
	}()
	c.Next()
}

// NotFound answers the HTML 404 page; the router calls it for paths outside /api.
func (a *App) NotFound(c *gin.Context) {
	setSecurityHeaders(c)
	c.Header("Cache-Control", "no-store")
	if id, err := a.auth.Resolve(c.Request); err == nil && id.User != nil {
		c.Request = c.Request.WithContext(auth.WithIdentity(c.Request.Context(), id))
	}
	a.renderError(c, http.StatusNotFound, "")
}
