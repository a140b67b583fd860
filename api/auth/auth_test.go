package auth

import (
	"errors"
	"net/http/httptest"
	"testing"

	"itreg/models"
)

func TestSafeNext(t *testing.T) {
	tests := []struct{ next, want string }{
		{"", "/"},
		{"/devices?status=deployed", "/devices?status=deployed"},
		{"/reports/renewals#q3", "/reports/renewals#q3"},
		{"https://evil.example/", "/"},
		{"//evil.example/", "/"},
		{"/\\evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"devices", "/"},
		{"/ok\r\nSet-Cookie: x=y", "/"},
		{"/tab\there", "/"},
		{"/\x7f", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			if got := SafeNext(tt.next); got != tt.want {
				t.Errorf("SafeNext(%q) = %q, want %q", tt.next, got, tt.want)
			}
		})
	}
}

func TestSetPasswordURL(t *testing.T) {
	tests := []struct{ public, want string }{
		{"", "http://localhost:8080/set-password?token=itp_a%2Bb"},
		{"https://itreg.example.com/", "https://itreg.example.com/set-password?token=itp_a%2Bb"},
	}
	for _, tt := range tests {
		t.Run(tt.public, func(t *testing.T) {
			if got := SetPasswordURL(tt.public, "itp_a+b"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCheckOrigin(t *testing.T) {
	a, err := New(nil, "https://itreg.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Secure {
		t.Error("an https public URL must make cookies Secure")
	}
	tests := []struct {
		name, method, host string
		header             map[string]string
		refused            bool
	}{
		{"a non-browser client", "POST", "internal:8080", nil, false},
		{"same origin by Sec-Fetch-Site", "POST", "internal:8080", map[string]string{"Sec-Fetch-Site": "same-origin"}, false},
		{"cross-site by Sec-Fetch-Site", "POST", "internal:8080", map[string]string{"Sec-Fetch-Site": "cross-site"}, true},
		{"the public URL behind a proxy", "POST", "internal:8080", map[string]string{"Origin": "https://itreg.example.com"}, false},
		{"another origin", "POST", "internal:8080", map[string]string{"Origin": "https://evil.example"}, true},
		{"a cross-site GET is safe", "GET", "internal:8080", map[string]string{"Sec-Fetch-Site": "cross-site"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "http://"+tt.host+"/api/v1/vendors", nil)
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			err := a.CheckOrigin(r)
			if (err != nil) != tt.refused || (err != nil && !errors.Is(err, models.ErrForbidden)) {
				t.Errorf("CheckOrigin = %v, refused want %v", err, tt.refused)
			}
		})
	}
	t.Run("a public URL that is not absolute is refused", func(t *testing.T) {
		if _, err := New(nil, "itreg.example.com"); err == nil {
			t.Error("no error")
		}
	})
}

func TestClient(t *testing.T) {
	for _, tt := range []struct{ remote, want string }{
		{"192.0.2.1:1234", "192.0.2.1"},
		{"[2001:db8::1]:443", "2001:db8::1"},
		{"pipe", "pipe"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		r.Header.Set("User-Agent", "curl/8")
		if c := Client(r); c.Addr != tt.want || c.UserAgent != "curl/8" {
			t.Errorf("Client(%q) = %+v", tt.remote, c)
		}
	}
}
