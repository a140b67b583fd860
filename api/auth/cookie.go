package auth

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// CookieName is the session cookie's name.
const CookieName = "itreg_session"

// SetSessionCookie gives the browser its session secret: HttpOnly (no script reads it),
// SameSite=Lax (not sent on cross-site subrequests and posts), Secure when the public URL is
// https, and lasting at most maxAge (the session's absolute lifetime).
func SetSessionCookie(w http.ResponseWriter, secret string, secure bool, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: secret, Path: "/", MaxAge: int(maxAge / time.Second),
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	})
}

// ClearSessionCookie tells the browser to forget its session cookie.
func ClearSessionCookie(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	})
}

// SessionSecret returns the session cookie's value, or "".
func SessionSecret(r *http.Request) string {
	c, err := r.Cookie(CookieName)
	if err != nil {
		return ""
	}
	return c.Value
}

// SecureURL reports whether a public URL is https, so cookies must be Secure.
func SecureURL(publicURL string) bool {
	u, err := url.Parse(publicURL)
	return err == nil && u.Scheme == "https"
}

// SafeNext returns next when it is a path on this site, else "/". It refuses other hosts
// ("https://evil.example", "//evil.example", "/\evil.example"), schemes and control
// characters, so a sign-in link cannot send a person elsewhere.
func SafeNext(next string) string {
	if next == "" || len(next) > 500 || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\x00\r\n\t") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// DefaultPublicURL is where itreg is reached when ITREG_PUBLIC_URL is unset.
const DefaultPublicURL = "http://localhost:8080"

// SetPasswordURL is the link a person opens to set a password: the web page at
// /set-password with the link's secret.
func SetPasswordURL(publicURL, secret string) string {
	if publicURL == "" {
		publicURL = DefaultPublicURL
	}
	return strings.TrimSuffix(publicURL, "/") + "/set-password?token=" + url.QueryEscape(secret)
}
