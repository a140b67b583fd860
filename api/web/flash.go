package web

import (
	"encoding/base64"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// Flash is a one-time message shown on the next page after a redirect ("Password changed").
type Flash struct {
	Kind    string // "ok" or "error"
	Message string
}

const (
	flashCookie = "itreg_flash"
	maxFlash    = 300
)

// flash stores a message for the next page in a short-lived cookie. It carries no secret
// (never put one in a flash), and templates escape it like any text, so a forged cookie can at
// most show its own words to its own browser.
func (a *App) flash(c *gin.Context, kind, msg string) {
	if len(msg) > maxFlash {
		msg = msg[:maxFlash]
	}
	v := base64.RawURLEncoding.EncodeToString([]byte(kind + "|" + msg))
	http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Value: v, Path: "/", MaxAge: 60,
		HttpOnly: true, Secure: a.secureCookies(), SameSite: http.SameSiteLaxMode})
}

// takeFlash reads and clears the message.
func (a *App) takeFlash(c *gin.Context) *Flash {
	ck, err := c.Request.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: a.secureCookies(), SameSite: http.SameSiteLaxMode})
	raw, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil || !utf8.Valid(raw) {
		return nil
	}
	kind, msg, ok := strings.Cut(string(raw), "|")
	if !ok || msg == "" || len(msg) > maxFlash || (kind != "ok" && kind != "error") {
		return nil
	}
	return &Flash{Kind: kind, Message: msg}
}

// secureCookies is true when the public URL is https.
func (a *App) secureCookies() bool { return a.auth.Secure }
