package main

import (
	"log/slog"
	"maps"
	"strings"
	"testing"
	"time"
)

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name    string
		environ []string
		check   func(t *testing.T, c Config)
		wantErr []string // substrings of the error; none means no error
	}{
		{
			name:    "defaults",
			environ: []string{"HOME=/root", "PATH=/bin"},
			check: func(t *testing.T, c Config) {
				want := Config{Addr: ":8080", Currency: "GBP", FiscalYearStart: 1, MaxUploadMB: 50, LogLevel: slog.LevelInfo}
				if c.DatabaseURL != "" || c.Addr != want.Addr || c.Currency != want.Currency ||
					c.FiscalYearStart != want.FiscalYearStart || c.MaxUploadMB != want.MaxUploadMB ||
					c.LogLevel != want.LogLevel || c.Lifetimes != nil {
					t.Errorf("got %+v, want %+v", c, want)
				}
				if c.MaxUploadBytes() != 50<<20 {
					t.Errorf("MaxUploadBytes = %d", c.MaxUploadBytes())
				}
			},
		},
		{
			name: "every variable set",
			environ: []string{
				"ITREG_DATABASE_URL=postgres://u@db/itreg", "ITREG_ADDR=127.0.0.1:9000", "ITREG_CURRENCY=EUR",
				"ITREG_FISCAL_YEAR_START=4", "ITREG_MAX_UPLOAD_MB=5", "ITREG_LOG_LEVEL=debug",
				"ITREG_LIFETIME_LAPTOP=36", "ITREG_LIFETIME_SERVER= 72 ",
			},
			check: func(t *testing.T, c Config) {
				if c.DatabaseURL != "postgres://u@db/itreg" || c.Addr != "127.0.0.1:9000" || c.Currency != "EUR" ||
					c.FiscalYearStart != 4 || c.MaxUploadMB != 5 || c.LogLevel != slog.LevelDebug {
					t.Errorf("got %+v", c)
				}
				if want := map[string]int{"laptop": 36, "server": 72}; !maps.Equal(c.Lifetimes, want) {
					t.Errorf("Lifetimes = %v, want %v", c.Lifetimes, want)
				}
			},
		},
		{
			name:    "fiscal year start out of range",
			environ: []string{"ITREG_FISCAL_YEAR_START=13"},
			wantErr: []string{"ITREG_FISCAL_YEAR_START", "1 to 12"},
		},
		{
			name:    "currency not ISO 4217",
			environ: []string{"ITREG_CURRENCY=pounds"},
			wantErr: []string{"ITREG_CURRENCY", "ISO 4217"},
		},
		{
			name:    "upload size not a number",
			environ: []string{"ITREG_MAX_UPLOAD_MB=lots"},
			wantErr: []string{"ITREG_MAX_UPLOAD_MB"},
		},
		{
			name:    "log level unknown",
			environ: []string{"ITREG_LOG_LEVEL=chatty"},
			wantErr: []string{"ITREG_LOG_LEVEL"},
		},
		{
			name:    "lifetime of an unknown category and a bad number, both reported",
			environ: []string{"ITREG_LIFETIME_SPACESHIP=12", "ITREG_LIFETIME_PHONE=0"},
			wantErr: []string{"ITREG_LIFETIME_SPACESHIP", "not a device category", "ITREG_LIFETIME_PHONE", "1 to 600"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadConfig(tt.environ)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				tt.check(t, c)
				return
			}
			if err == nil {
				t.Fatalf("no error, want one mentioning %q", tt.wantErr)
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
}

func TestLoadPeopleConfig(t *testing.T) {
	tests := []struct {
		name    string
		environ []string
		check   func(t *testing.T, p PeopleConfig)
		wantErr []string
	}{
		{name: "defaults", environ: nil, check: func(t *testing.T, p PeopleConfig) {
			if p.PublicURL != "" || p.SessionIdle != 12*time.Hour || p.SessionMax != 30*24*time.Hour || !p.PasswordLogin ||
				p.OIDC.Enabled() || p.OIDC.Claim != "groups" {
				t.Errorf("got %+v", p)
			}
		}},
		{name: "every variable set", environ: []string{
			"ITREG_PUBLIC_URL=https://itreg.example.com/", "ITREG_SESSION_IDLE=90m", "ITREG_SESSION_MAX=7d",
			"ITREG_PASSWORD_LOGIN=false", "ITREG_OIDC_ISSUER=https://login.example.com", "ITREG_OIDC_CLIENT_ID=itreg",
			"ITREG_OIDC_CLIENT_SECRET=s3cret", "ITREG_OIDC_CLAIM=roles", "ITREG_OIDC_SCOPES=email profile groups",
			"ITREG_OIDC_ROLES=itreg-admins=admin, it=editor,finance=viewer",
		}, check: func(t *testing.T, p PeopleConfig) {
			want := map[string]string{"itreg-admins": "admin", "it": "editor", "finance": "viewer"}
			if p.PublicURL != "https://itreg.example.com" || p.SessionIdle != 90*time.Minute || p.SessionMax != 7*24*time.Hour ||
				p.PasswordLogin || p.OIDC.ClientSecret != "s3cret" || p.OIDC.Claim != "roles" || !maps.Equal(p.OIDC.Roles, want) ||
				len(p.OIDC.Scopes) != 3 || !p.API().PasswordLoginOff {
				t.Errorf("got %+v", p)
			}
		}},
		{name: "bad values, each named", environ: []string{"ITREG_PUBLIC_URL=itreg.example.com", "ITREG_SESSION_IDLE=forever",
			"ITREG_PASSWORD_LOGIN=maybe", "ITREG_OIDC_ROLES=admins=root"},
			wantErr: []string{"ITREG_PUBLIC_URL", "ITREG_SESSION_IDLE", "ITREG_PASSWORD_LOGIN", "ITREG_OIDC_ROLES"}},
		{name: "an issuer without client or roles", environ: []string{"ITREG_OIDC_ISSUER=https://login.example.com"},
			wantErr: []string{"ITREG_OIDC_CLIENT_ID", "ITREG_OIDC_ROLES"}},
		{name: "password sign-in off with no single sign-on", environ: []string{"ITREG_PASSWORD_LOGIN=false"},
			wantErr: []string{"ITREG_PASSWORD_LOGIN=false needs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadConfig(tt.environ)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				tt.check(t, c.People)
				return
			}
			for _, s := range tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), s) {
					t.Errorf("error %v does not mention %q", err, s)
				}
			}
		})
	}
}
