package web

import (
	"crypto/rand"
	"encoding/base64"

	"github.com/gin-gonic/gin"
)

const ctxNonce = "web_csp_nonce"

// securityHeaders sets the Content-Security-Policy with a fresh nonce, and the other headers
// every page carries. Scripts run only when they carry the nonce, so an injected <script> or an
// inline event handler does nothing; styles come from our own files only.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		setSecurityHeaders(c)
		c.Next()
	}
}

func setSecurityHeaders(c *gin.Context) {
	nonce := newNonce()
	c.Set(ctxNonce, nonce)
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy(nonce))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
}

func contentSecurityPolicy(nonce string) string {
	return "default-src 'self'; script-src 'nonce-" + nonce + "'; style-src 'self'; img-src 'self' data:; " +
		"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}

// noStore keeps pages that show private data out of every cache, the browser's back button
// included.
func noStore() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Header("Cache-Control", "no-store")
		c.Next()
	}
}

func newNonce() string {
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawStdEncoding.EncodeToString(b)
}

// nonce is the request's CSP nonce.
func nonce(c *gin.Context) string { return c.GetString(ctxNonce) }
