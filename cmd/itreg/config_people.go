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

// check reports the problems no single variable shows: settings that only make sense together.
func (p PeopleConfig) check() []error {
	var errs []error
	if p.OIDC.Issuer != "" {
		if p.OIDC.ClientID == "" {
			errs = append(errs, fmt.Errorf("ITREG_OIDC_ISSUER is set but ITREG_OIDC_CLIENT_ID is not"))
		}
		if len(p.OIDC.Roles) == 0 {
			errs = append(errs, fmt.Errorf("ITREG_OIDC_ISSUER is set but ITREG_OIDC_ROLES maps no %s value to a role", p.OIDC.Claim))
		}
	}
	if !p.PasswordLogin && p.OIDC.Issuer == "" {
		errs = append(errs, fmt.Errorf("ITREG_PASSWORD_LOGIN=false needs single sign-on (ITREG_OIDC_ISSUER), or no one could sign in"))
	}
	return errs
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

// durationSetter sets the duration field of a Config that field returns, from a minute to a year.
func durationSetter(field func(*Config) *time.Duration) func(*Config, string, string) error {
	const lo, hi = time.Minute, 365 * 24 * time.Hour
	return func(c *Config, name, v string) error {
		d, err := parseDays(v)
		*field(c) = d
		if err != nil || d < lo || d > hi {
			return fmt.Errorf("%s=%q must be a duration from %s to %s, e.g. 12h or 30d", name, v, lo, hi)
		}
		return nil
	}
}

// httpURL reports whether v is an absolute http:// or https:// URL.
func httpURL(v string) bool {
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func setPublicURL(c *Config, name, v string) error {
	c.People.PublicURL = strings.TrimSuffix(v, "/")
	if !httpURL(v) {
		return fmt.Errorf("%s=%q must be an absolute http:// or https:// URL, e.g. https://itreg.example.com", name, v)
	}
	return nil
}

func setPasswordLogin(c *Config, name, v string) error {
	b, err := strconv.ParseBool(v)
	c.People.PasswordLogin = b
	if err != nil {
		return fmt.Errorf("%s=%q must be true or false", name, v)
	}
	return nil
}

func setOIDCIssuer(c *Config, name, v string) error {
	c.People.OIDC.Issuer = v
	if !httpURL(v) {
		return fmt.Errorf("%s=%q must be the provider's issuer URL", name, v)
	}
	return nil
}

func setOIDCRoles(c *Config, name, v string) error {
	roles, err := api.ParseOIDCRoles(v)
	c.People.OIDC.Roles = roles
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
