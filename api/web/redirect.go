package web

import (
	"fmt"
	"net/url"
	"time"

	"itreg/api/auth"
)

// safeNext is auth.SafeNext (a path on this site, else "/"), and never a sign-in page itself,
// so signing in cannot loop.
func safeNext(next string) string {
	next = auth.SafeNext(next)
	if u, err := url.Parse(next); err != nil || u.Path == "/sign-in" || u.Path == "/sign-out" || u.Path == "/set-password" {
		return "/"
	}
	return next
}

// signInURL is the sign-in page that comes back to the page asked for.
func signInURL(requestURI string) string {
	next := safeNext(requestURI)
	if next == "/" {
		return "/sign-in"
	}
	return "/sign-in?next=" + url.QueryEscape(next)
}

// inWords says a wait as a person would: "45 seconds", "3 minutes", "1 hour and 5 minutes".
func inWords(d time.Duration) string {
	if d < time.Second {
		d = time.Second
	}
	d = d.Round(time.Second)
	plural := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case d < time.Minute:
		return plural(int64(d/time.Second), "second")
	case d < time.Hour:
		// Round up: "try again in 1 minute" after 61 seconds would come too early.
		return plural(int64((d+time.Minute-1)/time.Minute), "minute")
	}
	h := int64(d / time.Hour)
	m := int64((d % time.Hour) / time.Minute)
	if m == 0 {
		return plural(h, "hour")
	}
	return plural(h, "hour") + " and " + plural(m, "minute")
}
