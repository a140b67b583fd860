package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"itreg/models"
)

// Store is what authentication needs of the register.
type Store interface {
	Authenticate(ctx context.Context, secret string) (*models.APIToken, error)
	SessionUser(ctx context.Context, secret string) (*models.User, *models.Session, error)
}

// Errors Resolve answers with. Both wrap the models sentinels, so the API's one error mapping
// turns them into 401 and 403.
var (
	// ErrNoCredentials: the request carries neither a bearer token nor a session cookie.
	ErrNoCredentials = fmt.Errorf("sign in, or send an API token as Authorization: Bearer <token>: %w", models.ErrUnauthorized)
	// ErrBadToken: the bearer token is unknown, revoked, or its owner disabled.
	ErrBadToken = fmt.Errorf("the API token is unknown or revoked: %w", models.ErrUnauthorized)
	// ErrBadSession: the session is unknown, ended or expired, or its user disabled.
	ErrBadSession = fmt.Errorf("the session has ended; sign in again: %w", models.ErrUnauthorized)
	// ErrCrossOrigin: an unsafe request authenticated by a cookie came from another origin.
	ErrCrossOrigin = fmt.Errorf("a request from another site may not change anything here: %w", models.ErrForbidden)
)

// Authenticator turns credentials into an Identity.
type Authenticator struct {
	store Store
	csrf  *http.CrossOriginProtection
	// Secure is true when cookies must be Secure (the public URL is https).
	Secure bool
}

// New returns an Authenticator. publicURL (ITREG_PUBLIC_URL) is the origin browsers reach
// itreg at; it is trusted besides same-origin requests, which matters behind a proxy that
// rewrites Host.
func New(store Store, publicURL string) (*Authenticator, error) {
	a := &Authenticator{store: store, csrf: http.NewCrossOriginProtection(), Secure: SecureURL(publicURL)}
	if publicURL != "" {
		u, err := url.Parse(publicURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("public URL %q is not an absolute http(s) URL", publicURL)
		}
		if err := a.csrf.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			return nil, fmt.Errorf("public URL: %w", err)
		}
	}
	return a, nil
}

// CheckOrigin refuses an unsafe cross-origin browser request (http.CrossOriginProtection:
// Sec-Fetch-Site, else Origin against Host and the trusted origin). Safe methods and requests
// with neither header (non-browser clients) pass.
func (a *Authenticator) CheckOrigin(r *http.Request) error {
	if err := a.csrf.Check(r); err != nil {
		return ErrCrossOrigin
	}
	return nil
}

// Resolve finds the caller of r: a bearer token if one is sent (a cookie is then ignored),
// else the session cookie, whose unsafe requests must pass CheckOrigin.
func (a *Authenticator) Resolve(r *http.Request) (*Identity, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, ErrNoCredentials
		}
		tok, err := a.store.Authenticate(r.Context(), strings.TrimSpace(secret))
		if errors.Is(err, models.ErrNotFound) {
			return nil, ErrBadToken
		}
		if err != nil {
			return nil, err
		}
		return TokenIdentity(tok), nil
	}
	secret := SessionSecret(r)
	if secret == "" {
		return nil, ErrNoCredentials
	}
	if err := a.CheckOrigin(r); err != nil {
		return nil, err
	}
	u, s, err := a.store.SessionUser(r.Context(), secret)
	if errors.Is(err, models.ErrUnauthorized) {
		return nil, ErrBadSession
	}
	if err != nil {
		return nil, err
	}
	return SessionIdentity(u, s), nil
}

// Middleware resolves the caller and puts the Identity in the request's context. Without
// credentials the request goes on anonymous when optional is true (pages that show a sign-in
// link); any other failure is handed to fail.
func (a *Authenticator) Middleware(optional bool, fail func(w http.ResponseWriter, r *http.Request, err error)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id, err := a.Resolve(r)
			switch {
			case err == nil:
				next.ServeHTTP(w, r.WithContext(WithIdentity(r.Context(), id)))
			case optional && errors.Is(err, ErrNoCredentials):
				next.ServeHTTP(w, r)
			default:
				fail(w, r, err)
			}
		})
	}
}

// Client describes the request's client for the throttle and the sessions list.
func Client(r *http.Request) models.ClientInfo {
	addr := r.RemoteAddr
	if i := strings.LastIndexByte(addr, ':'); i > 0 && !strings.HasSuffix(addr, "]") {
		addr = addr[:i]
	}
	return models.ClientInfo{Addr: strings.Trim(addr, "[]"), UserAgent: r.UserAgent()}
}
