package main

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"itreg/models"
	"itreg/reports/notify"
)

// Config is itreg's configuration, read from the environment; command flags override it.
type Config struct {
	// DatabaseURL is a postgres:// URL or an SQLite file path; empty means itreg.db here.
	DatabaseURL string
	// Addr is the address serve listens on.
	Addr string
	// Currency is the default ISO 4217 currency.
	Currency string
	// FiscalYearStart is the month (1-12) a fiscal year starts on.
	FiscalYearStart int
	// MaxUploadMB caps import uploads, in megabytes.
	MaxUploadMB int
	// ImportJobKB is the upload size past which an import runs as a background job.
	ImportJobKB int
	// WriteStallSeconds is how long one write to a client may block.
	WriteStallSeconds int
	// HeavyPerToken is how many reports, exports and imports one token may run at once.
	HeavyPerToken int
	// WarmSeconds is how often, at most, serve counts the home figures again after the
	// register changed (0: never; Postgres only).
	WarmSeconds int
	// ConcurrentUploads caps the uploads read at once.
	ConcurrentUploads int
	// MaxQueuedMB caps the megabytes of files waiting in the import queue.
	MaxQueuedMB int
	// ErrorFileDays is how long a finished import's file is kept for its error workbook.
	ErrorFileDays int
	// SecretKey is the licence-key sealing key (base64 or hex of 32 bytes); never printed.
	SecretKey string
	// SecretKeyFile is a file of keys, one a line, the current one first.
	SecretKeyFile string
	// LogLevel is the lowest level logged.
	LogLevel slog.Level
	// Lifetimes overrides the default lifetime in months per device category.
	Lifetimes map[string]int
	// People configures sign-in: public URL, sessions, password sign-in, single sign-on.
	People PeopleConfig
	// SMTPURL is the SMTP server reminders and scheduled reports go through; empty sends no email.
	SMTPURL string
	// MailFrom is the sender of reminder and report emails.
	MailFrom string
	// WebhookAllowPrivate lets webhooks reach private and loopback addresses.
	WebhookAllowPrivate bool
	// NotifyMaxTries is how many tries a message gets before it is dead.
	NotifyMaxTries int
}

// MaxUploadBytes is MaxUploadMB in bytes.
func (c Config) MaxUploadBytes() int64 { return int64(c.MaxUploadMB) << 20 }

// ImportJobBytes is ImportJobKB in bytes.
func (c Config) ImportJobBytes() int64 { return int64(c.ImportJobKB) << 10 }

// configVar is one environment variable: its name, its default (the value LoadConfig uses when
// the variable is unset or empty; "" for none), how a value sets the Config, and the help line.
// The README's configuration table is checked against these (config_readme_test.go).
type configVar struct {
	Name    string
	Default string
	Help    string
	// set parses a value of the variable named name into cfg.
	set func(cfg *Config, name, value string) error
	// prefix, when set, makes the variable a family: every ITREG_<prefix><SUFFIX> is read.
	prefix string
}

// configVars lists the variables LoadConfig reads, in the order help shows them.
var configVars = []configVar{
	{Name: "ITREG_DATABASE_URL", Help: "postgres://... for Postgres; unset = SQLite file itreg.db in the working directory",
		set: func(c *Config, _, v string) error { c.DatabaseURL = v; return nil }},
	{Name: "ITREG_ADDR", Default: ":8080", Help: "address serve listens on",
		set: func(c *Config, _, v string) error { c.Addr = v; return nil }},
	{Name: "ITREG_CURRENCY", Default: "GBP", Help: "default ISO 4217 currency", set: setCurrency},
	{Name: "ITREG_FISCAL_YEAR_START", Default: "1", Help: "month a fiscal year starts, 1-12", set: setFiscalYearStart},
	{Name: "ITREG_MAX_UPLOAD_MB", Default: "50", Help: "largest import upload in MB",
		set: intSetter(func(c *Config) *int { return &c.MaxUploadMB }, 1, 10240, "megabytes")},
	{Name: "ITREG_IMPORT_JOB_KB", Default: "2048", Help: "uploads larger than this many KB import as a background job",
		set: intSetter(func(c *Config) *int { return &c.ImportJobKB }, 1, 10<<20, "kilobytes")},
	{Name: "ITREG_CONCURRENT_UPLOADS", Default: "4", Help: "uploads read at once over every caller (more get 503)",
		set: intSetter(func(c *Config) *int { return &c.ConcurrentUploads }, 1, 1000, "uploads")},
	{Name: "ITREG_MAX_QUEUED_MB", Default: "1024", Help: "megabytes of files the import queue holds at most (more get 503)",
		set: intSetter(func(c *Config) *int { return &c.MaxQueuedMB }, 1, 1<<20, "megabytes")},
	{Name: "ITREG_ERROR_FILE_DAYS", Default: "7", Help: "days a finished import's file is kept for its error workbook",
		set: intSetter(func(c *Config) *int { return &c.ErrorFileDays }, 1, 3650, "days")},
	{Name: "ITREG_WRITE_STALL_SECONDS", Default: "30", Help: "seconds one write to a client may block before the response is abandoned",
		set: intSetter(func(c *Config) *int { return &c.WriteStallSeconds }, 1, 3600, "seconds")},
	{Name: "ITREG_HEAVY_PER_TOKEN", Default: "3", Help: "reports, exports and imports one token may run at once (more get 429)",
		set: intSetter(func(c *Config) *int { return &c.HeavyPerToken }, 1, 1000, "requests")},
	{Name: "ITREG_WARM_SECONDS", Default: "60", Help: "Postgres: seconds between recounts of the first pages' figures after a change (0 = only on request)",
		set: intSetter(func(c *Config) *int { return &c.WarmSeconds }, 0, 86400, "seconds")},
	{Name: "ITREG_SECRET_KEY", Help: "key that encrypts licence keys at rest: 32 bytes as base64 or hex (itreg keys new prints one)",
		set: setSecretKey},
	{Name: "ITREG_SECRET_KEY_FILE", Help: "file of secret keys, one a line, the current one first (used when ITREG_SECRET_KEY is unset)",
		set: func(c *Config, _, v string) error { c.SecretKeyFile = v; return nil }},
	{Name: "ITREG_LOG_LEVEL", Default: "info", Help: "debug, info, warn or error", set: setLogLevel},
	{Name: "ITREG_PUBLIC_URL", Help: "URL browsers reach itreg at: trusted origin, base of set-password links; https makes cookies Secure",
		set: setPublicURL},
	{Name: "ITREG_SESSION_IDLE", Default: "12h", Help: "a browser session unused this long ends (e.g. 90m, 2d)",
		set: durationSetter(func(c *Config) *time.Duration { return &c.People.SessionIdle })},
	{Name: "ITREG_SESSION_MAX", Default: "30d", Help: "a browser session ends this long after sign-in",
		set: durationSetter(func(c *Config) *time.Duration { return &c.People.SessionMax })},
	{Name: "ITREG_PASSWORD_LOGIN", Default: "true", Help: "false turns password sign-in off (single sign-on only)",
		set: setPasswordLogin},
	{Name: "ITREG_OIDC_ISSUER", Help: "OpenID Connect provider's issuer URL; set, people can sign in with it", set: setOIDCIssuer},
	{Name: "ITREG_OIDC_CLIENT_ID", Help: "client id registered at the provider",
		set: func(c *Config, _, v string) error { c.People.OIDC.ClientID = v; return nil }},
	{Name: "ITREG_OIDC_CLIENT_SECRET", Help: "client secret registered at the provider",
		set: func(c *Config, _, v string) error { c.People.OIDC.ClientSecret = v; return nil }},
	{Name: "ITREG_OIDC_CLAIM", Default: "groups", Help: "ID token claim whose values map to roles",
		set: func(c *Config, _, v string) error { c.People.OIDC.Claim = v; return nil }},
	{Name: "ITREG_OIDC_ROLES", Help: "claim values to roles, e.g. itreg-admins=admin,it=editor,finance=viewer", set: setOIDCRoles},
	{Name: "ITREG_OIDC_SCOPES", Default: "email profile", Help: "scopes requested besides openid; add groups for Okta or Keycloak",
		set: func(c *Config, _, v string) error {
			c.People.OIDC.Scopes = strings.Fields(strings.ReplaceAll(v, ",", " "))
			return nil
		}},
	{Name: "ITREG_SMTP_URL", Help: "SMTP server for reminders and scheduled reports: smtp://user:pass@host:587 (STARTTLS) or smtps://...:465",
		set: func(c *Config, _, v string) error { c.SMTPURL = v; return nil }},
	{Name: "ITREG_MAIL_FROM", Help: "sender address of reminder and report emails (required with ITREG_SMTP_URL)",
		set: func(c *Config, _, v string) error { c.MailFrom = v; return nil }},
	{Name: "ITREG_WEBHOOK_ALLOW_PRIVATE", Default: "false", Help: "true lets webhook endpoints point at private and loopback addresses",
		set: setWebhookAllowPrivate},
	{Name: "ITREG_NOTIFY_MAX_TRIES", Default: strconv.Itoa(notify.DefaultMaxTries), Help: "tries before a reminder or report message is marked dead",
		set: intSetter(func(c *Config) *int { return &c.NotifyMaxTries }, 1, 100, "tries")},
	{Name: "ITREG_LIFETIME_<CATEGORY>", prefix: lifetimePrefix, set: setLifetime,
		Help: "lifetime in months for a device category, e.g. ITREG_LIFETIME_LAPTOP=36"},
}

// helpLine is the variable's line in itreg help: its help text and its default.
func (v configVar) helpLine() string {
	if v.Default == "" {
		return v.Help
	}
	return v.Help + " (default " + v.Default + ")"
}

// LoadConfig reads the configuration from environment entries ("KEY=value"). Every problem is
// reported, not just the first.
func LoadConfig(environ []string) (Config, error) {
	vars := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, "ITREG_") {
			vars[k] = strings.TrimSpace(v)
		}
	}
	var cfg Config
	var errs []error
	for _, cv := range configVars {
		if cv.prefix != "" {
			for k, v := range vars {
				if strings.HasPrefix(k, cv.prefix) {
					errs = append(errs, cv.set(&cfg, k, v))
				}
			}
			continue
		}
		v := vars[cv.Name]
		if v == "" {
			v = cv.Default
		}
		if v != "" {
			errs = append(errs, cv.set(&cfg, cv.Name, v))
		}
	}
	errs = append(errs, cfg.People.check()...)
	errs = append(errs, cfg.checkNotify()...)
	errs = slices.DeleteFunc(errs, func(err error) bool { return err == nil })
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return cfg, errors.Join(errs...)
}

func setCurrency(c *Config, name, v string) error {
	c.Currency = v
	if !models.ValidCurrency(v) {
		return fmt.Errorf("%s=%q is not an ISO 4217 currency code in upper case (e.g. GBP, EUR, USD)", name, v)
	}
	return nil
}

func setFiscalYearStart(c *Config, name, v string) error {
	n, err := strconv.Atoi(v)
	c.FiscalYearStart = n
	if err != nil || n < 1 || n > 12 {
		return fmt.Errorf("%s=%q must be a month number from 1 to 12", name, v)
	}
	return nil
}

// intSetter sets the int field of a Config that field returns, from lo to hi unit.
func intSetter(field func(*Config) *int, lo, hi int, unit string) func(*Config, string, string) error {
	return func(c *Config, name, v string) error {
		n, err := strconv.Atoi(v)
		*field(c) = n
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("%s=%q must be a whole number of %s from %d to %d", name, v, unit, lo, hi)
		}
		return nil
	}
}

func setLogLevel(c *Config, name, v string) error {
	if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
		return fmt.Errorf("%s=%q must be debug, info, warn or error", name, v)
	}
	return nil
}

const lifetimePrefix = "ITREG_LIFETIME_"

// setLifetime reads one ITREG_LIFETIME_<CATEGORY>: months of life for a device category.
func setLifetime(c *Config, name, v string) error {
	cat := strings.ToLower(strings.TrimPrefix(name, lifetimePrefix))
	if !slices.Contains(models.DeviceCategories, cat) {
		return fmt.Errorf("%s: %q is not a device category (one of %s)", name, cat, strings.Join(models.DeviceCategories, ", "))
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 600 {
		return fmt.Errorf("%s=%q must be a number of months from 1 to 600", name, v)
	}
	if c.Lifetimes == nil {
		c.Lifetimes = map[string]int{}
	}
	c.Lifetimes[cat] = n
	return nil
}

// setSecretKey checks the key without ever echoing it.
func setSecretKey(c *Config, name, v string) error {
	c.SecretKey = v
	if _, err := models.ParseKeyring(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
