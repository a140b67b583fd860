package api

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"itreg/api/auth"
	"itreg/models"
)

// goodPassword passes the password policy.
const goodPassword = "correct horse battery staple"

// mustPerson invites a user and sets their password through the link; it returns the user
// and a session secret.
func mustPerson(t *testing.T, a *testAPI, email, role string) (*models.User, string) {
	t.Helper()
	ctx := models.WithActor(context.Background(), "test")
	u, link, err := a.store.CreateUser(ctx, models.UserInput{Email: email, Name: "Test " + role, Role: role})
	if err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	_, secret, err := a.store.SetPasswordFromLink(ctx, link, goodPassword, models.ClientInfo{Addr: "192.0.2.9", UserAgent: "test"})
	if err != nil {
		t.Fatalf("set password of %s: %v", email, err)
	}
	return u, secret
}

// withCookie returns headers that send a session cookie (plus any extra headers).
func withCookie(secret string, extra ...string) map[string]string {
	h := map[string]string{"Cookie": auth.CookieName + "=" + secret}
	for i := 0; i+1 < len(extra); i += 2 {
		h[extra[i]] = extra[i+1]
	}
	return h
}

// sessionCookieOf returns the session cookie a response sets, or "".
func sessionCookieOf(w *httptest.ResponseRecorder) string {
	for _, c := range w.Result().Cookies() {
		if c.Name == auth.CookieName {
			return c.Value
		}
	}
	return ""
}

// mustCookieFlags checks the session cookie's attributes.
func mustCookieFlags(t *testing.T, w *httptest.ResponseRecorder, secure bool) {
	t.Helper()
	for _, c := range w.Result().Cookies() {
		if c.Name != auth.CookieName {
			continue
		}
		if !c.HttpOnly || c.Secure != secure || c.SameSite != 2 /* http.SameSiteLaxMode */ || c.Path != "/" || c.MaxAge <= 0 {
			t.Errorf("session cookie %+v", c)
		}
		return
	}
	t.Errorf("no session cookie in %v", w.Header()["Set-Cookie"])
}

// signIn posts the sign-in form's JSON.
func (a *testAPI) signIn(email, password, next string) *httptest.ResponseRecorder {
	a.t.Helper()
	return a.do(req{Method: "POST", Path: "/api/v1/session", Body: map[string]any{"email": email, "password": password, "next": next}})
}

// mustCount counts rows the store lists.
func mustCount[T any](t *testing.T, items []T, err error) int {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	return len(items)
}

// longEmail is an address of n characters.
func longEmail(n int) string { return strings.Repeat("a", n-len("@example.com")) + "@example.com" }
