package models

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
)

// Prefixes of the secrets itreg hands out, so that a leaked one is recognisable (and a
// secret scanner can be taught them).
const (
	sessionPrefix = "its_"
	linkPrefix    = "itp_"
)

// newSecret returns a prefixed random secret with 256 bits of entropy.
func newSecret(prefix string) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("new secret: %w", err)
	}
	return prefix + base64.RawURLEncoding.EncodeToString(raw), nil
}

// plausibleSecret rejects what cannot be one of our secrets before it reaches the database.
func plausibleSecret(secret, prefix string) bool {
	return len(secret) == len(prefix)+43 && secret[:len(prefix)] == prefix
}
