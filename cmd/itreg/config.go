package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"

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
	// LogLevel is the lowest level logged.
	LogLevel slog.Level
	// Lifetimes overrides the default lifetime in months per device category.
	Lifetimes map[string]int
	// SMTPURL is the SMTP server reminders and scheduled reports go through; empty sends no email.
	SMTPURL string
	// MailFrom is the sender of reminder and report emails.
	MailFrom string
	// PublicURL is where people open itreg, for links in messages.
	PublicURL string
	// WebhookAllowPrivate lets webhooks reach private and loopback addresses.
	WebhookAllowPrivate bool
	// NotifyMaxTries is how many tries a message gets before it is dead.
	NotifyMaxTries int
}

// MaxUploadBytes is MaxUploadMB in bytes.
func (c Config) MaxUploadBytes() int64 { return int64(c.MaxUploadMB) << 20 }

// configVar documents one environment variable for help and the README.
type configVar struct {
	Name, Help string
}

// configVars lists the variables LoadConfig reads, in the order help shows them.
var configVars = []configVar{
	{"ITREG_DATABASE_URL", "postgres://... for Postgres; unset = SQLite file itreg.db in the working directory"},
	{"ITREG_ADDR", "address serve listens on (default :8080)"},
	{"ITREG_CURRENCY", "default ISO 4217 currency (default GBP)"},
	{"ITREG_FISCAL_YEAR_START", "month a fiscal year starts, 1-12 (default 1)"},
	{"ITREG_MAX_UPLOAD_MB", "largest import upload in MB (default 50)"},
	{"ITREG_IMPORT_JOB_KB", "uploads larger than this many KB import as a background job (default 2048)"},
	{"ITREG_LOG_LEVEL", "debug, info, warn or error (default info)"},
	{"ITREG_SMTP_URL", "SMTP server for reminders and scheduled reports: smtp://user:pass@host:587 (STARTTLS) or smtps://...:465; unset = no email"},
	{"ITREG_MAIL_FROM", "sender address of reminder and report emails (required with ITREG_SMTP_URL)"},
	{"ITREG_PUBLIC_URL", "address people open itreg at, for links in messages, e.g. https://itreg.example.org"},
	{"ITREG_WEBHOOK_ALLOW_PRIVATE", "true lets webhook endpoints point at private and loopback addresses (default false)"},
	{"ITREG_NOTIFY_MAX_TRIES", "tries before a reminder or report message is marked dead (default 8)"},
	{"ITREG_LIFETIME_<CATEGORY>", "lifetime in months for a device category, e.g. ITREG_LIFETIME_LAPTOP=36"},
}

const lifetimePrefix = "ITREG_LIFETIME_"

// LoadConfig reads the configuration from environment entries ("KEY=value"). Every problem is
// reported, not just the first.
func LoadConfig(environ []string) (Config, error) {
	vars := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, "ITREG_") {
			vars[k] = strings.TrimSpace(v)
		}
	}
	cfg := Config{
		DatabaseURL:     vars["ITREG_DATABASE_URL"],
		Addr:            ":8080",
		Currency:        "GBP",
		FiscalYearStart: 1,
		MaxUploadMB:     50,
		ImportJobKB:     2048,
		LogLevel:        slog.LevelInfo,
		SMTPURL:         vars["ITREG_SMTP_URL"],
		MailFrom:        vars["ITREG_MAIL_FROM"],
		PublicURL:       strings.TrimRight(vars["ITREG_PUBLIC_URL"], "/"),
		NotifyMaxTries:  notify.DefaultMaxTries,
	}
	var errs []error
	if v := vars["ITREG_ADDR"]; v != "" {
		cfg.Addr = v
	}
	if v := vars["ITREG_CURRENCY"]; v != "" {
		if !models.ValidCurrency(v) {
			errs = append(errs, fmt.Errorf("ITREG_CURRENCY=%q is not an ISO 4217 currency code in upper case (e.g. GBP, EUR, USD)", v))
		}
		cfg.Currency = v
	}
	if v := vars["ITREG_FISCAL_YEAR_START"]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 12 {
			errs = append(errs, fmt.Errorf("ITREG_FISCAL_YEAR_START=%q must be a month number from 1 to 12", v))
		}
		cfg.FiscalYearStart = n
	}
	intVar := func(name string, dst *int, lo, hi int, unit string) {
		if v := vars[name]; v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < lo || n > hi {
				errs = append(errs, fmt.Errorf("%s=%q must be a whole number of %s from %d to %d", name, v, unit, lo, hi))
			}
			*dst = n
		}
	}
	intVar("ITREG_MAX_UPLOAD_MB", &cfg.MaxUploadMB, 1, 10240, "megabytes")
	intVar("ITREG_IMPORT_JOB_KB", &cfg.ImportJobKB, 1, 10<<20, "kilobytes")
	intVar("ITREG_NOTIFY_MAX_TRIES", &cfg.NotifyMaxTries, 1, 100, "tries")
	errs = append(errs, cfg.checkNotify(vars)...)
	if v := vars["ITREG_LOG_LEVEL"]; v != "" {
		if err := cfg.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("ITREG_LOG_LEVEL=%q must be debug, info, warn or error", v))
		}
	}
	for k, v := range vars {
		if !strings.HasPrefix(k, lifetimePrefix) {
			continue
		}
		cat := strings.ToLower(strings.TrimPrefix(k, lifetimePrefix))
		if !slices.Contains(models.DeviceCategories, cat) {
			errs = append(errs, fmt.Errorf("%s: %q is not a device category (one of %s)",
				k, cat, strings.Join(models.DeviceCategories, ", ")))
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 600 {
			errs = append(errs, fmt.Errorf("%s=%q must be a number of months from 1 to 600", k, v))
			continue
		}
		if cfg.Lifetimes == nil {
			cfg.Lifetimes = map[string]int{}
		}
		cfg.Lifetimes[cat] = n
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return cfg, errors.Join(errs...)
}

// checkNotify reads and checks the reminder settings: the SMTP URL parses and has a sender,
// the public URL is absolute, and the private-webhook switch is a boolean.
func (c *Config) checkNotify(vars map[string]string) []error {
	var errs []error
	if v := vars["ITREG_WEBHOOK_ALLOW_PRIVATE"]; v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("ITREG_WEBHOOK_ALLOW_PRIVATE=%q must be true or false", v))
		}
		c.WebhookAllowPrivate = b
	}
	if c.SMTPURL != "" {
		if c.MailFrom == "" {
			errs = append(errs, fmt.Errorf("ITREG_MAIL_FROM is required with ITREG_SMTP_URL (the sender of reminder emails)"))
		} else if _, err := notify.NewSMTPMailer(c.SMTPURL, c.MailFrom); err != nil {
			errs = append(errs, err) // the message names the variable and never repeats the password
		}
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			errs = append(errs, fmt.Errorf("ITREG_PUBLIC_URL=%q must be an http or https address such as https://itreg.example.org", c.PublicURL))
		}
	}
	return errs
}
