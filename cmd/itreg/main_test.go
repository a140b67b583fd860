package main

import (
	"strings"
	"testing"
)

// TestRunArguments covers what run answers before any command touches a database.
func TestRunArguments(t *testing.T) {
	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		wantCode   int
		wantStdout []string
		wantStderr []string
	}{
		{name: "version", args: []string{"version"}, wantCode: exitOK, wantStdout: []string{"itreg dev"}},
		{name: "help lists commands and variables", args: []string{"help"}, wantCode: exitOK,
			wantStdout: []string{"serve ", "migrate ", "demo ", "token ", "user ", "version ", "ITREG_DATABASE_URL", "ITREG_LIFETIME_<CATEGORY>",
				"ITREG_PUBLIC_URL", "ITREG_OIDC_ROLES"}},
		{name: "no command", args: nil, wantCode: exitUsage, wantStderr: []string{"Commands:"}},
		{name: "unknown command", args: []string{"frobnicate"}, wantCode: exitUsage, wantStderr: []string{`unknown command "frobnicate"`}},
		{name: "bad configuration", env: map[string]string{"ITREG_FISCAL_YEAR_START": "0", "ITREG_CURRENCY": "xx"},
			args: []string{"version"}, wantCode: exitUsage,
			wantStderr: []string{"bad configuration", "- ITREG_CURRENCY", "- ITREG_FISCAL_YEAR_START"}},
		{name: "unknown flag", args: []string{"serve", "--port", "80"}, wantCode: exitUsage, wantStderr: []string{"-port"}},
		{name: "token create without a role", args: []string{"token", "create", "--name", "x"}, wantCode: exitUsage,
			wantStderr: []string{"--role"}},
		{name: "token create with an unknown role", args: []string{"token", "create", "--name", "x", "--role", "god"},
			wantCode: exitUsage, wantStderr: []string{"admin, editor, viewer, feed"}},
		{name: "token revoke of a non-number", args: []string{"token", "revoke", "abc"}, wantCode: exitUsage,
			wantStderr: []string{`"abc" is not a token ID`}},
		{name: "token without a subcommand", args: []string{"token"}, wantCode: exitUsage, wantStderr: []string{"usage:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			stdout, stderr := mustRun(t, tt.wantCode, tt.args...)
			for _, s := range tt.wantStdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout does not contain %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.wantStderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr does not contain %q:\n%s", s, stderr)
				}
			}
		})
	}
}
