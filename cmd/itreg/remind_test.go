package main

import (
	"strings"
	"testing"

	"itreg/models/modeltest"
)

// TestRemindCommand queues a test message without an SMTP server: nothing is sent and the
// delivery log says why.
func TestRemindCommand(t *testing.T) {
	for _, dialect := range modeltest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			db := modeltest.MustDatabaseURL(t, dialect)
			out, _ := mustRun(t, exitOK, "remind", "test", "--database", db, "--email", "ops@example.org")
			if !strings.Contains(out, "sent 0") || !strings.Contains(out, "no SMTP server is configured") {
				t.Errorf("remind test said %q", out)
			}
			out, _ = mustRun(t, exitOK, "remind", "log", "--database", db, "--status", "planned")
			if !strings.Contains(out, "ops@example.org") || !strings.Contains(out, "ITREG_SMTP_URL") {
				t.Errorf("remind log said %q", out)
			}
			mustRun(t, exitUsage, "remind", "fly")
		})
	}
}

// TestNotifyConfig checks the reminder variables.
func TestNotifyConfig(t *testing.T) {
	cases := []struct {
		name    string
		environ []string
		wantErr string
	}{
		{"SMTP with a sender", []string{"ITREG_SMTP_URL=smtp://u:secret@mail.example.org:587", "ITREG_MAIL_FROM=itreg@example.org"}, ""},
		{"SMTP without a sender", []string{"ITREG_SMTP_URL=smtp://mail.example.org"}, "ITREG_MAIL_FROM is required"},
		{"SMTP scheme wrong", []string{"ITREG_SMTP_URL=http://u:secret@mail.example.org", "ITREG_MAIL_FROM=a@example.org"}, "smtp://"},
		{"private webhooks not a boolean", []string{"ITREG_WEBHOOK_ALLOW_PRIVATE=sometimes"}, "ITREG_WEBHOOK_ALLOW_PRIVATE"},
		{"public URL relative", []string{"ITREG_PUBLIC_URL=itreg.local"}, "ITREG_PUBLIC_URL"},
		{"tries out of range", []string{"ITREG_NOTIFY_MAX_TRIES=0"}, "ITREG_NOTIFY_MAX_TRIES"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadConfig(tc.environ)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
			case err != nil && strings.Contains(err.Error(), "secret"):
				t.Errorf("the error repeats the SMTP password: %v", err)
			}
		})
	}
}
