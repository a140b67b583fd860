package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"itreg/api"
	"itreg/models"
)

// PeopleConfig is the sign-in part of the configuration.
type PeopleConfig struct {
	// PublicURL is where browsers reach itreg; set-password links start with it.
	PublicURL string
	// SessionIdle and SessionMax end browser sessions (idle, and however busy).
	SessionIdle, SessionMax time.Duration
	// PasswordLogin allows password sign-in (default true).
	PasswordLogin bool
	// OIDC configures single sign-on.
	OIDC api.OIDCConfig
}

// Sessions is the store's session policy.
func (p PeopleConfig) Sessions() models.SessionPolicy {
	return models.SessionPolicy{Idle: p.SessionIdle, Max: p.SessionMax}
}

// API is the API server's sign-in configuration.
func (p PeopleConfig) API() api.PeopleConfig {
	return api.PeopleConfig{PublicURL: p.PublicURL, PasswordLoginOff: !p.PasswordLogin, OIDC: p.OIDC}
}

// parseDays reads a Go duration ("12h", "90m") or a number of days ("30d").
func parseDays(v string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, err
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(v)
}

// loadPeople reads the sign-in variables and returns every problem.
func loadPeople(vars map[string]string) (PeopleConfig, []error) {
	p := PeopleConfig{SessionIdle: models.DefaultSessionIdle, SessionMax: models.DefaultSessionMax, PasswordLogin: true}
	var errs []error
	if v := vars["ITREG_PUBLIC_URL"]; v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("ITREG_PUBLIC_URL=%q must be an absolute http:// or https:// URL, e.g. https://itreg.example.com", v))
		}
		p.PublicURL = strings.TrimSuffix(v, "/")
	}
	duration := func(name string, dst *time.Duration, lo, hi time.Duration) {
		if v := vars[name]; v != "" {
			d, err := parseDays(v)
			if err != nil || d < lo || d > hi {
				errs = append(errs, fmt.Errorf("%s=%q must be a duration from %s to %s, e.g. 12h or 30d", name, v, lo, hi))
			}
			*dst = d
		}
	}
	duration("ITREG_SESSION_IDLE", &p.SessionIdle, time.Minute, 365*24*time.Hour)
	duration("ITREG_SESSION_MAX", &p.SessionMax, time.Minute, 365*24*time.Hour)
	if v := vars["ITREG_PASSWORD_LOGIN"]; v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("ITREG_PASSWORD_LOGIN=%q must be true or false", v))
		}
		p.PasswordLogin = b
	}
	p.OIDC = api.OIDCConfig{Issuer: vars["ITREG_OIDC_ISSUER"], ClientID: vars["ITREG_OIDC_CLIENT_ID"],
		ClientSecret: vars["ITREG_OIDC_CLIENT_SECRET"], Claim: vars["ITREG_OIDC_CLAIM"]}
	p.OIDC.Scopes = strings.Fields(strings.ReplaceAll(vars["ITREG_OIDC_SCOPES"], ",", " "))
	if p.OIDC.Claim == "" {
		p.OIDC.Claim = "groups"
	}
	roles, err := api.ParseOIDCRoles(vars["ITREG_OIDC_ROLES"])
	if err != nil {
		errs = append(errs, fmt.Errorf("ITREG_OIDC_ROLES: %w", err))
	}
	p.OIDC.Roles = roles
	if p.OIDC.Issuer != "" {
		if u, err := url.Parse(p.OIDC.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Errorf("ITREG_OIDC_ISSUER=%q must be the provider's issuer URL", p.OIDC.Issuer))
		}
		if p.OIDC.ClientID == "" {
			errs = append(errs, fmt.Errorf("ITREG_OIDC_ISSUER is set but ITREG_OIDC_CLIENT_ID is not"))
		}
		if len(roles) == 0 {
			errs = append(errs, fmt.Errorf("ITREG_OIDC_ISSUER is set but ITREG_OIDC_ROLES maps no %s value to a role", p.OIDC.Claim))
		}
	}
	if !p.PasswordLogin && p.OIDC.Issuer == "" {
		errs = append(errs, fmt.Errorf("ITREG_PASSWORD_LOGIN=false needs single sign-on (ITREG_OIDC_ISSUER), or no one could sign in"))
	}
	return p, errs
}
