package api

import (
	"fmt"
	"net/url"
	"strings"

	"itreg/models"
)

// OIDCConfig configures single sign-on with an OpenID Connect provider (Entra ID, Google
// Workspace, Okta, Keycloak ...).
type OIDCConfig struct {
	// Issuer is the provider's issuer URL (ITREG_OIDC_ISSUER); empty turns single sign-on off.
	Issuer string
	// ClientID and ClientSecret identify itreg at the provider.
	ClientID, ClientSecret string
	// Claim names the ID token claim whose values map to roles (default "groups").
	Claim string
	// Roles maps claim values to roles (ITREG_OIDC_ROLES: "itreg-admins=admin,it=editor").
	Roles map[string]string
	// Scopes are requested besides openid (ITREG_OIDC_SCOPES; default email and profile).
	// Some providers put the groups claim in the token only when a "groups" scope is asked for.
	Scopes []string
}

// scopes lists the scopes to request: openid first, then the configured ones.
func (c OIDCConfig) scopes() []string {
	extra := c.Scopes
	if len(extra) == 0 {
		extra = []string{"email", "profile"}
	}
	out := []string{"openid"}
	for _, s := range extra {
		if s != "openid" {
			out = append(out, s)
		}
	}
	return out
}

// Enabled reports whether single sign-on is configured.
func (c OIDCConfig) Enabled() bool { return c.Issuer != "" }

// ProviderName is what the sign-in button calls the provider: the issuer's host.
func (c OIDCConfig) ProviderName() string {
	if u, err := url.Parse(c.Issuer); err == nil && u.Host != "" {
		return u.Hostname()
	}
	return "your organisation"
}

// roleOf returns the greatest role any of values maps to, or "".
func (c OIDCConfig) roleOf(values []string) string {
	best := ""
	for _, v := range values {
		if r := c.Roles[v]; r != "" && (best == "" || models.RoleAtLeast(r, best)) {
			best = r
		}
	}
	return best
}

// ParseOIDCRoles reads "value=role,value=role" (ITREG_OIDC_ROLES); roles are admin, editor
// or viewer.
func ParseOIDCRoles(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		value, role, ok := strings.Cut(pair, "=")
		value, role = strings.TrimSpace(value), strings.TrimSpace(role)
		if !ok || value == "" {
			return nil, fmt.Errorf("%q is not value=role", pair)
		}
		if role != models.RoleAdmin && role != models.RoleEditor && role != models.RoleViewer {
			return nil, fmt.Errorf("%q: role %q must be admin, editor or viewer", pair, role)
		}
		out[value] = role
	}
	return out, nil
}
