package web

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"itreg/api/auth"
	"itreg/models"
)

//go:embed templates static
var embedded embed.FS

// Config is what the web application takes from itreg's configuration.
type Config struct {
	// PublicURL is ITREG_PUBLIC_URL; an https URL makes cookies Secure.
	PublicURL string
	// Currency is the default ISO 4217 currency.
	Currency string
	// FiscalYearStart is the month (1-12) fiscal years start on.
	FiscalYearStart int
	// OIDCProvider is the name on the "Sign in with ..." button; empty when OpenID Connect is
	// not configured.
	OIDCProvider string
	// PasswordLogin is false when ITREG_PASSWORD_LOGIN=false turns password sign-in off.
	PasswordLogin bool
	// Version is the build's version, shown in the footer.
	Version string
	// SessionMaxAge is the session's absolute lifetime, the cookie's Max-Age (0: the default).
	SessionMaxAge time.Duration

	// Imports and admin pages.

	// MaxUpload caps import uploads in bytes, as api.Server.MaxUpload (ITREG_MAX_UPLOAD_MB);
	// 0 sets no cap beyond the importer's own limits.
	MaxUpload int64
	// ImportJobBytes is the upload size past which an import runs as a background job, as
	// api.Server.ImportJobBytes (ITREG_IMPORT_JOB_KB); 0 runs every import within the request.
	ImportJobBytes int64
	// AllowPrivateWebhooks is ITREG_WEBHOOK_ALLOW_PRIVATE: webhook endpoints may point at
	// private and loopback addresses.
	AllowPrivateWebhooks bool
}

// App serves the web pages. Build it with New; it is safe for concurrent use.
type App struct {
	store Store
	// models is the store as package importers takes it (it runs imports on the concrete
	// store); nil when New was given another Store, and then the upload pages say so.
	models *models.Store
	auth   *auth.Authenticator
	cfg    Config
	log    *slog.Logger
	pages  *templates
	assets *assets
}

// New builds the web application from its dependencies. It parses every template and hashes
// every asset now, so a broken template fails at start, not on the first request.
func New(store Store, cfg Config, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.Default()
	}
	static, err := fs.Sub(embedded, "static")
	if err != nil {
		return nil, fmt.Errorf("web: static assets: %w", err)
	}
	as, err := loadAssets(static)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	tfs, err := fs.Sub(embedded, "templates")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	authn, err := auth.New(store, cfg.PublicURL)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	a := &App{store: store, auth: authn, cfg: cfg, log: log, assets: as}
	a.models, _ = store.(*models.Store)
	a.pages, err = parseTemplates(tfs, a.funcs())
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return a, nil
}
