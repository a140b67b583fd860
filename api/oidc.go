package api

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gin-gonic/gin"
	"golang.org/x/oauth2"

	"itreg/api/auth"
	"itreg/models"
)

// oidcStateCookie binds a sign-on in progress to the browser that started it, so a link made
// by someone else (login CSRF) cannot complete it.
const oidcStateCookie = "itreg_oidc_state"

// oidcProvider discovers the provider once it first answers and keeps it.
type oidcProvider struct {
	mu       sync.Mutex
	provider *oidc.Provider
}

func (p *oidcProvider) get(ctx context.Context, issuer string) (*oidc.Provider, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.provider != nil {
		return p.provider, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	prov, err := oidc.NewProvider(ctx, issuer)
	if err != nil {
		return nil, err
	}
	p.provider = prov
	return prov, nil
}

// registerOIDCRoutes registers single sign-on's two steps (outside /api/v1: browsers visit
// them).
func (s *Server) registerOIDCRoutes(g *gin.RouterGroup) {
	if s.oidc == nil {
		s.oidc = &oidcProvider{}
	}
	handle(g, op{Method: "GET", Path: "/auth/oidc/start", Summary: "Single sign-on: redirect to the identity provider", Query: []string{"next"},
		Status: http.StatusFound}, s.oidcStart)
	handle(g, op{Method: "GET", Path: "/auth/oidc/callback", Summary: "Single sign-on: the provider's answer; signs in and redirects",
		Query: []string{"code", "state"}, Status: http.StatusSeeOther}, s.oidcCallback)
}

var errNoSSO = &httpError{http.StatusNotFound, "not_found", "single sign-on is not configured (ITREG_OIDC_ISSUER)", nil}

func errProvider(msg string) error {
	return &httpError{http.StatusBadGateway, "identity_provider", msg, nil}
}

// oauthConfig is the OAuth 2 client for this request's callback URL.
func (s *Server) oauthConfig(c *gin.Context, prov *oidc.Provider) *oauth2.Config {
	base := strings.TrimSuffix(s.People.PublicURL, "/")
	if base == "" {
		scheme := "http"
		if c.Request.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + c.Request.Host
	}
	return &oauth2.Config{
		ClientID: s.People.OIDC.ClientID, ClientSecret: s.People.OIDC.ClientSecret,
		Endpoint: prov.Endpoint(), RedirectURL: base + "/auth/oidc/callback",
		Scopes: s.People.OIDC.scopes(),
	}
}

func randomString() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func (s *Server) oidcStart(c *gin.Context) {
	if !s.People.OIDC.Enabled() {
		writeError(c, errNoSSO)
		return
	}
	prov, err := s.oidc.get(c.Request.Context(), s.People.OIDC.Issuer)
	if err != nil {
		s.Log.Warn("oidc discovery", "issuer", s.People.OIDC.Issuer, "err", err)
		writeError(c, errProvider("the identity provider does not answer; try again later"))
		return
	}
	state, err1 := randomString()
	nonce, err2 := randomString()
	if err := errors.Join(err1, err2); err != nil {
		writeError(c, err)
		return
	}
	verifier := oauth2.GenerateVerifier()
	if err := s.Store.SaveOIDCLogin(c.Request.Context(), state, nonce, verifier, auth.SafeNext(c.Query("next"))); err != nil {
		writeError(c, err)
		return
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: oidcStateCookie, Value: state, Path: "/auth/oidc", MaxAge: int(models.OIDCLoginTTL / time.Second),
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode})
	c.Header("Cache-Control", "no-store")
	c.Redirect(http.StatusFound, s.oauthConfig(c, prov).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)))
}

var errBadState = &httpError{http.StatusBadRequest, "bad_state",
	"this sign-in did not start in this browser or has expired; start again", nil}

func (s *Server) oidcCallback(c *gin.Context) {
	if !s.People.OIDC.Enabled() {
		writeError(c, errNoSSO)
		return
	}
	state := c.Query("state")
	cookie, _ := c.Request.Cookie(oidcStateCookie)
	http.SetCookie(c.Writer, &http.Cookie{Name: oidcStateCookie, Value: "", Path: "/auth/oidc", MaxAge: -1, HttpOnly: true,
		Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode})
	if state == "" || cookie == nil || subtle.ConstantTimeCompare([]byte(cookie.Value), []byte(state)) != 1 {
		writeError(c, errBadState)
		return
	}
	login, err := s.Store.TakeOIDCLogin(c.Request.Context(), state)
	if errors.Is(err, models.ErrNotFound) {
		err = errBadState
	}
	if err != nil {
		writeError(c, err)
		return
	}
	if e := c.Query("error"); e != "" {
		writeError(c, &httpError{http.StatusUnauthorized, "unauthorized", "the identity provider did not sign you in (" + clipText(e, 100) + ")", nil})
		return
	}
	identity, err := s.verifyOIDC(c, login)
	if err != nil {
		writeError(c, err)
		return
	}
	_, secret, err := s.Store.OIDCSignIn(c.Request.Context(), *identity, auth.Client(c.Request))
	if err != nil {
		writeError(c, err)
		return
	}
	s.setSession(c, secret)
	c.Redirect(http.StatusSeeOther, auth.SafeNext(login.NextPath))
}

var errBadIDToken = &httpError{http.StatusUnauthorized, "unauthorized", "the identity provider's answer could not be verified; sign in again", nil}

// verifyOIDC exchanges the code (with the PKCE verifier), verifies the ID token (signature,
// issuer, audience, expiry) and its nonce, and maps its claim to a role.
func (s *Server) verifyOIDC(c *gin.Context, login *models.OIDCLogin) (*models.OIDCIdentity, error) {
	ctx := c.Request.Context()
	prov, err := s.oidc.get(ctx, s.People.OIDC.Issuer)
	if err != nil {
		return nil, errProvider("the identity provider does not answer; try again later")
	}
	code := c.Query("code")
	if code == "" {
		return nil, errBadIDToken
	}
	tok, err := s.oauthConfig(c, prov).Exchange(ctx, code, oauth2.VerifierOption(login.Verifier))
	if err != nil {
		s.Log.Warn("oidc code exchange", "err", err)
		return nil, errBadIDToken
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := prov.Verifier(&oidc.Config{ClientID: s.People.OIDC.ClientID}).Verify(ctx, raw)
	if err != nil {
		s.Log.Warn("oidc id token refused", "err", err)
		return nil, errBadIDToken
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(login.Nonce)) != 1 {
		s.Log.Warn("oidc id token refused", "err", "nonce does not match")
		return nil, errBadIDToken
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, errBadIDToken
	}
	role := s.People.OIDC.roleOf(claimValues(claims[s.claimName()]))
	if role == "" {
		return nil, &httpError{http.StatusForbidden, "forbidden", fmt.Sprintf(
			"your account at the identity provider grants no role here (claim %q); ask an admin", s.claimName()), nil}
	}
	email, _ := claims["email"].(string)
	verified, _ := claims["email_verified"].(bool)
	name, _ := claims["name"].(string)
	if name == "" {
		name, _ = claims["preferred_username"].(string)
	}
	return &models.OIDCIdentity{Issuer: idt.Issuer, Subject: idt.Subject, Email: email, EmailVerified: verified, Name: name, Role: role}, nil
}

func (s *Server) claimName() string {
	if s.People.OIDC.Claim == "" {
		return "groups"
	}
	return s.People.OIDC.Claim
}

// claimValues reads a claim that is a string or a list of strings.
func claimValues(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// clipText shortens text a remote party sent before it goes into a message.
func clipText(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if len(s) > n {
		return s[:n]
	}
	return s
}
