package models

import (
	"strings"
	"testing"
)

func TestHashPassword(t *testing.T) {
	hash, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("PHC string with OWASP parameters", func(t *testing.T) {
		if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") || len(strings.Split(hash, "$")) != 6 {
			t.Fatalf("hash %q", hash)
		}
	})
	t.Run("salted: the same password hashes differently", func(t *testing.T) {
		again, _ := HashPassword("correct horse battery staple")
		if again == hash {
			t.Fatal("two hashes of one password are equal")
		}
	})
	tests := []struct {
		name, hash, password string
		want                 bool
	}{
		{"right password", hash, "correct horse battery staple", true},
		{"wrong password", hash, "correct horse battery stapler", false},
		{"empty hash", "", "", false},
		{"another algorithm", strings.Replace(hash, "argon2id", "argon2i", 1), "correct horse battery staple", false},
		{"absurd memory parameter", strings.Replace(hash, "m=19456", "m=99999999", 1), "correct horse battery staple", false},
		{"truncated", hash[:len(hash)-10], "correct horse battery staple", false},
		{"bad base64", hash[:len(hash)-2] + "!!", "correct horse battery staple", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := VerifyPassword(tt.hash, tt.password); got != tt.want {
				t.Errorf("VerifyPassword = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		password, email, want string // want: a word of the message, or "" for accepted
	}{
		{"correct horse battery staple", "ana@example.com", ""},
		{"short", "ana@example.com", "at least 12"},
		{"élève-à-l'école", "ana@example.com", ""}, // 15 characters, more bytes
		{"12345678901", "ana@example.com", "at least 12"},
		{"1qaz2wsx3edc", "ana@example.com", "common"}, // in zxcvbn's passwords list
		{"Q1W2E3R4T5Y6", "ana@example.com", "common"}, // case does not help
		{"password1234", "ana@example.com", "common"},
		{"staple battery horse", "ana@example.com", ""}, // not in the list, long enough
		{"my ANA@example.com pass", "ana@example.com", "e-mail"},
		{"anastasia-rocks-2026", "anastasia@example.com", "e-mail"},
		{strings.Repeat("x", MaxPassword+1), "ana@example.com", "at most"},
		{"bad utf-8 \xff\xfe padding", "ana@example.com", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.password[:min(len(tt.password), 20)], func(t *testing.T) {
			got := CheckPassword(tt.password, tt.email)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("CheckPassword(%q) = %q, want %q", tt.password, got, tt.want)
			}
		})
	}
}
