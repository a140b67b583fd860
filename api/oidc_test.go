package api

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"itreg/api/auth"
	"itreg/models"
	"itreg/models/modeltest"
)

// The provider is github.com/oauth2-proxy/mockoidc: a real OpenID provider (discovery, JWKS,
// authorization and token endpoints, PKCE S256 checked) that runs inside the test on a
// loopback port. It was picked over zitadel/oidc because it is small and because its User
// interface lets a test shape any claim of an ID token that the provider then signs with its
// real key (another issuer), while FastForward moves its clock (an expired token).

// forgedUser is a provider user whose ID token claims a test may tamper with.
type forgedUser struct {
	*mockoidc.MockUser
	forge func(c *mockoidc.IDTokenClaims)
}

func (u forgedUser) Claims(scope []string, c *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	if u.forge != nil {
		u.forge(c)
	}
	return u.MockUser.Claims(scope, c)
}

type ssoRig struct {
	t     *testing.T
	idp   *mockoidc.MockOIDC
	app   *httptest.Server
	store *models.Store
	logs  *testLog
}

func newSSORig(t *testing.T, dialect string) *ssoRig {
	t.Helper()
	idp, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idp.Shutdown() })
	st := modeltest.MustStore(t, dialect)
	// Sessions are checked against the real clock here: the provider's tokens are.
	st.Now = time.Now
	logs := &testLog{}
	srv := &Server{Store: st, Log: slog.New(slog.NewTextHandler(logs, nil)), Version: "test",
		People: PeopleConfig{OIDC: OIDCConfig{Issuer: idp.Issuer(), ClientID: idp.ClientID, ClientSecret: idp.ClientSecret,
			Claim: "groups", Scopes: []string{"email", "profile", "groups"}, Roles: map[string]string{"itreg-admins": "admin", "it": "editor", "finance": "viewer"}}}}
	app := httptest.NewServer(srv.Router())
	t.Cleanup(app.Close)
	return &ssoRig{t: t, idp: idp, app: app, store: st, logs: logs}
}

// signIn drives the whole redirect dance with a real client and cookie jar: itreg's start,
// the provider's authorization endpoint, itreg's callback. rewrite may tamper with a request
// on the way. It returns the callback's answer and the client.
func (r *ssoRig) signIn(user mockoidc.User, rewrite func(req *http.Request)) (*http.Response, *http.Client) {
	r.t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if rewrite != nil {
			rewrite(req)
		}
		if strings.HasPrefix(via[len(via)-1].URL.Path, "/auth/oidc/callback") {
			return http.ErrUseLastResponse // stop at the callback's own answer
		}
		return nil
	}}
	r.idp.QueueUser(user)
	resp, err := client.Get(r.app.URL + "/auth/oidc/start?next=/devices%3Fstatus%3Ddeployed")
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() { resp.Body.Close() })
	return resp, client
}

// sessionCookie returns the app's session cookie in the client's jar, or "".
func (r *ssoRig) sessionCookie(c *http.Client) string {
	u, _ := url.Parse(r.app.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == auth.CookieName {
			return ck.Value
		}
	}
	return ""
}

func person(sub, email string, groups ...string) *mockoidc.MockUser {
	return &mockoidc.MockUser{Subject: sub, Email: email, EmailVerified: true, PreferredUsername: strings.Split(email, "@")[0], Groups: groups}
}

func TestOIDCSignIn(t *testing.T) {
	for _, d := range modeltest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			r := newSSORig(t, d)
			t.Run("first sign-in creates the user with the claim's role", func(t *testing.T) {
				resp, client := r.signIn(person("u-1", "ana@example.com", "itreg-admins", "it"), nil)
				if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/devices?status=deployed" {
					body, _ := io.ReadAll(resp.Body)
					t.Fatalf("callback answered %d %s: %s", resp.StatusCode, resp.Header.Get("Location"), body)
				}
				if r.sessionCookie(client) == "" {
					t.Fatal("no session cookie after single sign-on")
				}
				me, err := client.Get(r.app.URL + "/api/v1/me")
				if err != nil {
					t.Fatal(err)
				}
				defer me.Body.Close()
				body, _ := io.ReadAll(me.Body)
				if me.StatusCode != 200 || !strings.Contains(string(body), `"email":"ana@example.com"`) || !strings.Contains(string(body), `"role":"admin"`) {
					t.Fatalf("me: %d %s", me.StatusCode, body)
				}
			})
			t.Run("the role follows the claim at the next sign-in", func(t *testing.T) {
				resp, _ := r.signIn(person("u-1", "ana@example.com", "finance"), nil)
				if resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("callback answered %d", resp.StatusCode)
				}
				u, err := r.store.FindUserByEmail(context.Background(), "ana@example.com")
				if err != nil || u.Role != models.RoleViewer {
					t.Fatalf("user %+v, %v", u, err)
				}
			})

			refused := []struct {
				name    string
				user    mockoidc.User
				rewrite func(req *http.Request)
				before  func()
				after   func()
				status  int
				why     string // what the server logs as the reason
			}{
				{name: "a forged state", user: person("u-2", "bo@example.com", "it"), status: http.StatusBadRequest,
					rewrite: func(req *http.Request) { setQuery(req, "/auth/oidc/callback", "state", "forged-state") }},
				{name: "a wrong nonce", user: person("u-2", "bo@example.com", "it"), status: http.StatusUnauthorized,
					rewrite: func(req *http.Request) { setQuery(req, mockoidc.AuthorizationEndpoint, "nonce", "not-the-nonce") },
					why:     "nonce does not match"},
				{name: "an expired ID token", user: person("u-2", "bo@example.com", "it"), status: http.StatusUnauthorized,
					before: func() { r.idp.FastForward(-2 * time.Hour) }, after: func() { r.idp.FastForward(2 * time.Hour) }, why: "token is expired"},
				{name: "a token from another issuer", status: http.StatusUnauthorized, user: forgedUser{person("u-2", "bo@example.com", "it"),
					func(c *mockoidc.IDTokenClaims) { c.Issuer = "https://other-issuer.example/oidc" }}, why: "issued by a different provider"},
				{name: "a person the claim grants no role", user: person("u-3", "cy@example.com", "sales"), status: http.StatusForbidden},
			}
			for _, tc := range refused {
				t.Run(tc.name+" is refused and signs no one in", func(t *testing.T) {
					if tc.before != nil {
						tc.before()
						defer tc.after()
					}
					_, mark := r.logs.since(0)
					resp, client := r.signIn(tc.user, tc.rewrite)
					if logged, _ := r.logs.since(mark); !strings.Contains(logged, tc.why) {
						t.Errorf("refused, but not because of %q: %s", tc.why, logged)
					}
					if resp.StatusCode != tc.status {
						body, _ := io.ReadAll(resp.Body)
						t.Fatalf("callback answered %d, want %d: %s", resp.StatusCode, tc.status, body)
					}
					if c := r.sessionCookie(client); c != "" {
						t.Fatalf("a session cookie was set")
					}
					users, err := r.store.ListUsers(context.Background())
					if err != nil || len(users) != 1 {
						t.Fatalf("users after a refused sign-on: %d (%v)", len(users), err)
					}
					if n, err := r.store.ListSessions(context.Background(), users[0].ID); err != nil || len(n) != 2 {
						t.Fatalf("sessions: %d (%v)", len(n), err)
					}
				})
			}
			t.Run("a callback replayed after use is refused", func(t *testing.T) {
				var callback string
				resp, client := r.signIn(person("u-1", "ana@example.com", "it"), func(req *http.Request) {
					if req.URL.Path == "/auth/oidc/callback" {
						callback = req.URL.String()
					}
				})
				if resp.StatusCode != http.StatusSeeOther || callback == "" {
					t.Fatalf("first callback answered %d", resp.StatusCode)
				}
				again, err := client.Get(callback)
				if err != nil {
					t.Fatal(err)
				}
				defer again.Body.Close()
				if again.StatusCode != http.StatusBadRequest {
					t.Fatalf("replayed callback answered %d", again.StatusCode)
				}
			})
		})
	}
}

// testLog keeps the server's log lines, which say why a token was refused.
type testLog struct {
	mu    sync.Mutex
	lines []string
}

func (w *testLog) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lines = append(w.lines, string(p))
	return len(p), nil
}

// since returns the lines logged after the first n.
func (w *testLog) since(n int) (string, int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.lines[n:], ""), len(w.lines)
}

// setQuery changes one query parameter of a request on its way to path.
func setQuery(req *http.Request, path, name, value string) {
	if req.URL.Path != path {
		return
	}
	q := req.URL.Query()
	q.Set(name, value)
	req.URL.RawQuery = q.Encode()
}
