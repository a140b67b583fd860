package web

import (
	"testing"
	"time"
)

func TestSafeNext(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "/"},
		{"path", "/devices", "/devices"},
		{"path with query", "/devices?status=deployed&q=a%20b", "/devices?status=deployed&q=a%20b"},
		{"absolute url", "https://evil.example/", "/"},
		{"scheme relative", "//evil.example/x", "/"},
		{"backslash host", "/\\evil.example", "/"},
		{"backslash later", "/a\\b", "/"},
		{"javascript", "javascript:alert(1)", "/"},
		{"relative", "devices", "/"},
		{"newline", "/a\nLocation: x", "/"},
		{"tab", "/\t/evil.example", "/"},
		{"encoded slash is a path", "/%2F%2Fevil.example", "/%2F%2Fevil.example"},
		{"sign-in loop", "/sign-in?next=/x", "/"},
		{"too long", "/" + string(make([]byte, 2001)), "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := safeNext(tt.in); got != tt.want {
				t.Errorf("safeNext(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestInWords(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "1 second"},
		{45 * time.Second, "45 seconds"},
		{time.Minute, "1 minute"},
		{61 * time.Second, "2 minutes"},
		{15 * time.Minute, "15 minutes"},
		{time.Hour, "1 hour"},
		{65 * time.Minute, "1 hour and 5 minutes"},
		{3*time.Hour + time.Minute, "3 hours and 1 minute"},
	}
	for _, tt := range tests {
		t.Run(tt.in.String(), func(t *testing.T) {
			if got := inWords(tt.in); got != tt.want {
				t.Errorf("inWords(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
