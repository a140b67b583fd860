package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestSignInBadInput holds the "Bad input" cases of people and sign-in, each through the real
// router on every dialect.
func TestSignInBadInput(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		ana, _ := mustPerson(t, a, "ana@example.com", models.RoleEditor)

		t.Run("wrong password and unknown email get the same 401", func(t *testing.T) {
			wrong := a.signIn("ana@example.com", "not the password at all", "")
			unknown := a.signIn("nobody@example.com", "not the password at all", "")
			wantError(t, wrong, 401, "unauthorized", "")
			wantError(t, unknown, 401, "unauthorized", "")
			if wrong.Body.String() != unknown.Body.String() {
				t.Errorf("bodies differ:\n%s\n%s", wrong.Body, unknown.Body)
			}
			if sessionCookieOf(wrong) != "" || sessionCookieOf(unknown) != "" {
				t.Error("a failed sign-in set a session cookie")
			}
		})
		t.Run("right password signs in with a safe cookie", func(t *testing.T) {
			w := a.signIn("ANA@example.com", goodPassword, "/devices?status=deployed")
			resp := mustJSON[SignInResponse](t, w, 200)
			if resp.User.ID != ana.ID || resp.Next != "/devices?status=deployed" {
				t.Errorf("sign in answered %+v", resp)
			}
			mustCookieFlags(t, w, false)
		})
		t.Run("next to another host is ignored", func(t *testing.T) {
			for _, next := range []string{"https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "/ok\r\nX: y"} {
				resp := mustJSON[SignInResponse](t, a.signIn("ana@example.com", goodPassword, next), 200)
				if resp.Next != "/" {
					t.Errorf("next %q kept as %q", next, resp.Next)
				}
			}
		})
		t.Run("email too long or with control characters is 422", func(t *testing.T) {
			for _, email := range []string{longEmail(255), "ana\x00@example.com", "ana@exa\nmple.com"} {
				wantError(t, a.signIn(email, goodPassword, ""), 422, "validation_failed", "email")
				w := a.do(req{Method: "POST", Path: "/api/v1/users", Role: "admin", Body: map[string]any{"email": email, "role": "viewer"}})
				wantError(t, w, 422, "validation_failed", "email")
			}
			w := a.do(req{Method: "POST", Path: "/api/v1/users", Role: "admin", Body: map[string]any{"email": longEmail(254), "role": "viewer"}})
			mustJSON[NewUserResponse](t, w, 201)
		})
	})
}

func TestSignInThrottle(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		mustPerson(t, a, "bo@example.com", models.RoleViewer)
		for i := 1; i <= 5; i++ {
			wantError(t, a.signIn("bo@example.com", "wrong password number", ""), 401, "unauthorized", "")
		}
		t.Run("the 6th failure in a minute is 429 with Retry-After", func(t *testing.T) {
			w := a.signIn("bo@example.com", "wrong password number", "")
			wantError(t, w, 429, "too_many_requests", "")
			if ra := w.Header().Get("Retry-After"); ra != "60" {
				t.Errorf("Retry-After %q, want 60", ra)
			}
		})
		t.Run("even the right password waits", func(t *testing.T) {
			wantError(t, a.signIn("bo@example.com", goodPassword, ""), 429, "too_many_requests", "")
		})
		t.Run("the throttle lives in the database: a new server shares it", func(t *testing.T) {
			other := &Server{Store: a.store, Log: a.server.Log, Version: "test"}
			b := &testAPI{t: t, store: a.store, server: other, h: other.Router(), tokens: a.tokens}
			wantError(t, b.signIn("bo@example.com", goodPassword, ""), 429, "too_many_requests", "")
		})
		t.Run("after the wait the right password works, and the count starts afresh", func(t *testing.T) {
			a.store.Now = func() time.Time { return modeltest.Clock.Add(61 * time.Second) }
			defer func() { a.store.Now = func() time.Time { return modeltest.Clock } }()
			mustJSON[SignInResponse](t, a.signIn("bo@example.com", goodPassword, ""), 200)
			wantError(t, a.signIn("bo@example.com", "wrong again, sorry", ""), 401, "unauthorized", "")
		})
		t.Run("every attempt is an audit event without the secret", func(t *testing.T) {
			w := a.do(req{Method: "GET", Path: "/api/v1/audit-events?entity=user&limit=100", Role: "admin"})
			evs := mustJSON[ListResponse[AuditEventResponse]](t, w, 200)
			counts := map[string]int{}
			for _, e := range evs.Items {
				counts[e.Action]++
			}
			if counts["sign_in_failed"] != 6 || counts["sign_in"] != 2 {
				t.Errorf("audit actions %v", counts)
			}
			for _, secret := range []string{goodPassword, "wrong password number", "$argon2id"} {
				if strings.Contains(w.Body.String(), secret) {
					t.Errorf("the audit trail shows %q", secret)
				}
			}
		})
	})
}

func TestDisabledUser(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		cy, session := mustPerson(t, a, "cy@example.com", models.RoleEditor)
		w := a.do(req{Method: "POST", Path: "/api/v1/me/tokens", Body: map[string]any{"name": "ci-export", "role": "viewer"}, Header: withCookie(session)})
		tok := mustJSON[NewTokenResponse](t, w, 201)
		a.tokens["cy"] = tok.Token
		t.Run("the token names its owner in the audit trail", func(t *testing.T) {
			mustJSON[MeResponse](t, a.do(req{Method: "GET", Path: "/api/v1/me", Role: "cy"}), 200)
			w := a.do(req{Method: "GET", Path: "/api/v1/tokens", Role: "admin"})
			list := mustJSON[ListResponse[TokenResponse]](t, w, 200)
			if list.Items[0].Owner == nil || *list.Items[0].Owner != "cy@example.com" || list.Items[len(list.Items)-1].Owner != nil {
				t.Errorf("tokens %s", w.Body)
			}
			me := mustJSON[MeResponse](t, a.do(req{Method: "GET", Path: "/api/v1/me", Role: "cy"}), 200)
			if me.Actor != "token:ci-export (cy@example.com)" || me.Role != "viewer" || me.Via != "token" {
				t.Errorf("me %+v", me)
			}
		})
		mustJSON[UserResponse](t, a.do(req{Method: "POST", Path: "/api/v1/users/" + itoa(int(cy.ID)) + "/disable", Role: "admin"}), 200)
		t.Run("a disabled user's session is 401", func(t *testing.T) {
			wantError(t, a.do(req{Method: "GET", Path: "/api/v1/me", Header: withCookie(session)}), 401, "unauthorized", "")
		})
		t.Run("a disabled user's token is 401", func(t *testing.T) {
			wantError(t, a.do(req{Method: "GET", Path: "/api/v1/devices", Role: "cy"}), 401, "unauthorized", "")
		})
		t.Run("a disabled user cannot sign in", func(t *testing.T) {
			wantError(t, a.signIn("cy@example.com", goodPassword, ""), 401, "unauthorized", "")
		})
		t.Run("enabled again, the token works again but the session stays ended", func(t *testing.T) {
			mustJSON[UserResponse](t, a.do(req{Method: "POST", Path: "/api/v1/users/" + itoa(int(cy.ID)) + "/enable", Role: "admin"}), 200)
			mustJSON[ListResponse[DeviceResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/devices", Role: "cy"}), 200)
			wantError(t, a.do(req{Method: "GET", Path: "/api/v1/me", Header: withCookie(session)}), 401, "unauthorized", "")
		})
	})
}

func TestSetPasswordLink(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		w := a.do(req{Method: "POST", Path: "/api/v1/users", Role: "admin", Body: map[string]any{"email": "di@example.com", "name": "Di", "role": "viewer"}})
		created := mustJSON[NewUserResponse](t, w, 201)
		prefix := "http://localhost:8080/set-password?token="
		if !strings.HasPrefix(created.SetPasswordURL, prefix) || created.Landing != "finance" {
			t.Fatalf("created %+v", created)
		}
		link := strings.TrimPrefix(created.SetPasswordURL, prefix)
		set := func(token, password string) *httptest.ResponseRecorder {
			return a.do(req{Method: "POST", Path: "/api/v1/password/set", Body: map[string]any{"token": token, "password": password}})
		}
		t.Run("a weak password is 422 and leaves the link usable", func(t *testing.T) {
			for _, pw := range []string{"short", "1qaz2wsx3edc", "di@example.com is me", "my name is di@example.com!"} {
				wantError(t, set(link, pw), 422, "validation_failed", "password")
			}
		})
		t.Run("the link sets a password and signs in", func(t *testing.T) {
			w := set(link, goodPassword)
			resp := mustJSON[SignInResponse](t, w, 200)
			if resp.User.Email != "di@example.com" || sessionCookieOf(w) == "" {
				t.Fatalf("set password answered %s", w.Body)
			}
		})
		t.Run("a reused link is 410", func(t *testing.T) {
			wantError(t, set(link, "another good passphrase"), 410, "gone", "")
		})
		t.Run("an expired link is 410", func(t *testing.T) {
			secret, err := a.store.ResetPassword(models.WithActor(context.Background(), "test"), created.ID)
			if err != nil {
				t.Fatal(err)
			}
			a.store.Now = func() time.Time { return modeltest.Clock.Add(models.SetPasswordLinkTTL + time.Second) }
			defer func() { a.store.Now = func() time.Time { return modeltest.Clock } }()
			wantError(t, set(secret, goodPassword), 410, "gone", "")
		})
		t.Run("a made-up link is 410", func(t *testing.T) {
			wantError(t, set("itp_"+strings.Repeat("A", 43), goodPassword), 410, "gone", "")
		})
	})
}

func TestCrossSiteAndPasswordChange(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		_, s1 := mustPerson(t, a, "ed@example.com", models.RoleEditor)
		s2 := sessionCookieOf(a.signIn("ed@example.com", goodPassword, ""))
		vendor := map[string]any{"name": "Dell"}
		t.Run("a cross-site POST with a valid cookie is 403 and changes nothing", func(t *testing.T) {
			for _, h := range [][]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}} {
				w := a.do(req{Method: "POST", Path: "/api/v1/vendors", Body: vendor, Header: withCookie(s1, h...)})
				wantError(t, w, 403, "forbidden", "")
			}
			list := mustJSON[ListResponse[VendorResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/vendors", Role: "admin"}), 200)
			if list.Total != 0 {
				t.Fatalf("a cross-site request created %d vendors", list.Total)
			}
		})
		t.Run("a same-origin POST with the cookie works and names the person", func(t *testing.T) {
			w := a.do(req{Method: "POST", Path: "/api/v1/vendors", Body: vendor, Header: withCookie(s1, "Sec-Fetch-Site", "same-origin")})
			v := mustJSON[VendorResponse](t, w, 201)
			evs := mustJSON[ListResponse[AuditEventResponse]](t, a.do(req{Method: "GET",
				Path: "/api/v1/audit-events?entity=vendor&entity_id=" + itoa(int(v.ID)), Role: "admin"}), 200)
			if evs.Total != 1 || evs.Items[0].Actor != "user:ed@example.com" {
				t.Errorf("audit %+v", evs.Items)
			}
		})
		t.Run("a bearer token is not subject to the origin check", func(t *testing.T) {
			w := a.do(req{Method: "POST", Path: "/api/v1/vendors", Role: "editor", Body: map[string]any{"name": "HP"},
				Header: map[string]string{"Sec-Fetch-Site": "cross-site"}})
			mustJSON[VendorResponse](t, w, 201)
		})
		t.Run("change password: wrong current password is 422", func(t *testing.T) {
			w := a.do(req{Method: "POST", Path: "/api/v1/password", Header: withCookie(s1),
				Body: map[string]any{"current_password": "not it at all", "password": "a brand new passphrase"}})
			wantError(t, w, 422, "validation_failed", "current_password")
		})
		t.Run("a session cookie from before a password change is 401", func(t *testing.T) {
			w := a.do(req{Method: "POST", Path: "/api/v1/password", Header: withCookie(s1),
				Body: map[string]any{"current_password": goodPassword, "password": "a brand new passphrase"}})
			if w.Code != http.StatusNoContent {
				t.Fatalf("change password: %d %s", w.Code, w.Body)
			}
			wantError(t, a.do(req{Method: "GET", Path: "/api/v1/me", Header: withCookie(s2)}), 401, "unauthorized", "")
			mustJSON[MeResponse](t, a.do(req{Method: "GET", Path: "/api/v1/me", Header: withCookie(s1)}), 200)
			wantError(t, a.signIn("ed@example.com", goodPassword, ""), 401, "unauthorized", "")
		})
	})
}

func TestEditorMayNotGrantAdmin(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		_, session := mustPerson(t, a, "fay@example.com", models.RoleEditor)
		t.Run("an editor creating an admin token is 403", func(t *testing.T) {
			w := a.do(req{Method: "POST", Path: "/api/v1/me/tokens", Body: map[string]any{"name": "root", "role": "admin"}, Header: withCookie(session)})
			wantError(t, w, 403, "forbidden", "")
			tokens, err := a.store.ListTokens(context.Background())
			n := mustCount(t, tokens, err)
			if n != len(models.Roles) {
				t.Errorf("%d tokens after a refused create", n)
			}
		})
		t.Run("an editor creating a user is 403", func(t *testing.T) {
			for _, r := range []req{
				{Method: "POST", Path: "/api/v1/users", Role: "editor", Body: map[string]any{"email": "x@example.com", "role": "admin"}},
				{Method: "POST", Path: "/api/v1/users", Body: map[string]any{"email": "x@example.com", "role": "admin"}, Header: withCookie(session)},
			} {
				wantError(t, a.do(r), 403, "forbidden", "")
			}
			users, err := a.store.ListUsers(context.Background())
			n := mustCount(t, users, err)
			if n != 1 {
				t.Errorf("%d users after refused creates", n)
			}
		})
		t.Run("an admin may give a user a token up to the user's role only", func(t *testing.T) {
			users, _ := a.store.ListUsers(context.Background())
			w := a.do(req{Method: "POST", Path: "/api/v1/tokens", Role: "admin", Body: map[string]any{"name": "x", "role": "admin", "owner_id": users[0].ID}})
			wantError(t, w, 403, "forbidden", "")
			w = a.do(req{Method: "POST", Path: "/api/v1/tokens", Role: "admin", Body: map[string]any{"name": "x", "role": "editor", "owner_id": users[0].ID}})
			if tok := mustJSON[NewTokenResponse](t, w, 201); tok.Owner == nil || *tok.Owner != "fay@example.com" {
				t.Errorf("token %+v", tok)
			}
		})
	})
}

func TestMySessions(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		_, s1 := mustPerson(t, a, "gus@example.com", models.RoleViewer)
		s2 := sessionCookieOf(a.signIn("gus@example.com", goodPassword, ""))
		s3 := sessionCookieOf(a.signIn("gus@example.com", goodPassword, ""))
		list := mustJSON[ListResponse[SessionResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/me/sessions", Header: withCookie(s1)}), 200)
		if list.Total != 3 {
			t.Fatalf("sessions %+v", list)
		}
		current := 0
		for _, s := range list.Items {
			if s.Current {
				current++
			}
		}
		if current != 1 {
			t.Errorf("%d sessions marked current", current)
		}
		t.Run("revoke one", func(t *testing.T) {
			var id int64
			for _, s := range list.Items {
				if !s.Current {
					id = s.ID
				}
			}
			if w := a.do(req{Method: "DELETE", Path: "/api/v1/me/sessions/" + itoa(int(id)), Header: withCookie(s1)}); w.Code != 204 {
				t.Fatalf("revoke: %d %s", w.Code, w.Body)
			}
			wantError(t, a.do(req{Method: "DELETE", Path: "/api/v1/me/sessions/" + itoa(int(id)), Header: withCookie(s1)}), 404, "not_found", "")
		})
		t.Run("sign out everywhere else", func(t *testing.T) {
			if w := a.do(req{Method: "POST", Path: "/api/v1/me/sessions/revoke-all", Header: withCookie(s1)}); w.Code != 204 {
				t.Fatalf("revoke-all: %d %s", w.Code, w.Body)
			}
			for _, s := range []string{s2, s3} {
				wantError(t, a.do(req{Method: "GET", Path: "/api/v1/me", Header: withCookie(s)}), 401, "unauthorized", "")
			}
		})
		t.Run("sign out", func(t *testing.T) {
			if w := a.do(req{Method: "DELETE", Path: "/api/v1/session", Header: withCookie(s1)}); w.Code != 204 {
				t.Fatalf("sign out: %d %s", w.Code, w.Body)
			}
			wantError(t, a.do(req{Method: "GET", Path: "/api/v1/me", Header: withCookie(s1)}), 401, "unauthorized", "")
		})
		t.Run("an idle session ends", func(t *testing.T) {
			s := sessionCookieOf(a.signIn("gus@example.com", goodPassword, ""))
			a.store.Now = func() time.Time { return modeltest.Clock.Add(models.DefaultSessionIdle) }
			defer func() { a.store.Now = func() time.Time { return modeltest.Clock } }()
			wantError(t, a.do(req{Method: "GET", Path: "/api/v1/me", Header: withCookie(s)}), 401, "unauthorized", "")
		})
	})
}
