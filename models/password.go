package models

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn/frequency"
	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's Password Storage Cheat Sheet's first choice (19 MiB, two
// passes, one lane).
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// Password limits, in characters.
const (
	MinPassword = 12
	MaxPassword = 256 // hashing cost grows with length; no one types more
)

var b64 = base64.RawStdEncoding

// HashPassword returns the argon2id hash of a password in PHC string form:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemoryKiB, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches a PHC argon2id hash. A malformed or empty
// hash matches nothing.
func VerifyPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var mem, iters uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iters, &threads); err != nil {
		return false
	}
	// Refuse parameters that would let a stored row make us burn memory or time.
	if mem == 0 || mem > 1<<20 || iters == 0 || iters > 20 || threads == 0 {
		return false
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, iters, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when there is no real hash (an unknown email, a user with no
// password yet), so that a wrong email costs the same time as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("itreg dummy password, never matches a request")
	if err != nil {
		panic(err) // the system's random source failed
	}
	return h
})

// commonPasswords is the "passwords" frequency list behind zxcvbn (the most common passwords
// of Xato's ten-million-password corpus, as github.com/trustelem/zxcvbn carries it).
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	list := frequency.FrequencyLists["passwords"]
	out := make(map[string]struct{}, len(list))
	for _, p := range list {
		out[p] = struct{}{}
	}
	return out
})

// CheckPassword says what is wrong with a new password for the account email, or "".
func CheckPassword(password, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password):
		return "is not valid UTF-8"
	case n < MinPassword:
		return fmt.Sprintf("must be at least %d characters", MinPassword)
	case n > MaxPassword:
		return fmt.Sprintf("must be at most %d characters", MaxPassword)
	}
	lower := strings.ToLower(password)
	if _, common := commonPasswords()[lower]; common {
		return "is one of the most common passwords; choose another"
	}
	email = strings.ToLower(NormalizeEmail(email))
	local, _, _ := strings.Cut(email, "@")
	if email != "" && (strings.Contains(lower, email) || (len(local) >= 3 && strings.Contains(lower, local))) {
		return "must not contain your e-mail address"
	}
	return ""
}
