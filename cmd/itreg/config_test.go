package main

import (
	"log/slog"
	"maps"
	"strings"
	"testing"
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
