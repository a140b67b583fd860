package api

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// securityHeaders sets the headers every response carries, before any handler writes, so
// errors, 404s and streamed downloads carry them too. nosniff stops a browser from reading an
// uploaded or exported file as HTML or script; no-store keeps API answers, which may hold a
// licence key, a token or a person's name, out of browser and proxy caches. A handler that
// means a response to be cached may replace Cache-Control.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		if p := c.Request.URL.Path; p == "/api" || strings.HasPrefix(p, "/api/") {
			h.Set("Cache-Control", "no-store")
		}
		c.Next()
	}
}
