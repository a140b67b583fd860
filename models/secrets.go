package models

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// ErrSecretKey is returned when a value is sealed under a key the keyring does not hold, or
// does not open under the key its id names.
var ErrSecretKey = errors.New("secret key unavailable")

// sealedPrefix starts every sealed value: "v1:<key id>:<base64 of nonce and ciphertext>".
const sealedPrefix = "v1:"

// sealedAAD binds a sealed value to its use, so a value cannot be moved to another purpose.
var sealedAAD = []byte("itreg licence key v1")

// Keyring holds the AES-256-GCM keys secrets are sealed with at rest: the first key seals,
// every key opens, so a rotation can re-encrypt while servers keep reading old values.
type Keyring struct {
	ids  []string
	aead map[string]cipher.AEAD
}

// NewSecretKey returns a fresh random 256-bit key, base64-encoded as a keyring line.
func NewSecretKey() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// ParseKeyring reads keys, one a line, each 32 bytes as base64 or 64 hex digits; blank lines
// and lines starting with # are skipped. The first key is the current one.
func ParseKeyring(text string) (*Keyring, error) {
	k := &Keyring{aead: map[string]cipher.AEAD{}}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		raw, err := decodeKey(line)
		if err != nil {
			return nil, fmt.Errorf("secret key on line %d: %w", n+1, err)
		}
		block, err := aes.NewCipher(raw)
		if err != nil {
			return nil, fmt.Errorf("secret key on line %d: %w", n+1, err)
		}
		gcm, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("secret key on line %d: %w", n+1, err)
		}
		sum := sha256.Sum256(raw)
		id := hex.EncodeToString(sum[:4])
		if _, dup := k.aead[id]; !dup {
			k.ids = append(k.ids, id)
			k.aead[id] = gcm
		}
	}
	if len(k.ids) == 0 {
		return nil, errors.New("no secret key given")
	}
	return k, nil
}

// decodeKey accepts 64 hex digits or base64 (standard or URL alphabet) of 32 bytes.
func decodeKey(s string) ([]byte, error) {
	if len(s) == 64 {
		if b, err := hex.DecodeString(s); err == nil {
			return b, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != 32 {
				return nil, fmt.Errorf("a key must be 32 bytes (AES-256), this one is %d", len(b))
			}
			return b, nil
		}
	}
	return nil, errors.New("a key must be 32 bytes as base64 or 64 hex digits (itreg keys new prints one)")
}

// CurrentID returns the id of the key that seals; "" for a nil keyring.
func (k *Keyring) CurrentID() string {
	if k == nil {
		return ""
	}
	return k.ids[0]
}

// Has reports whether the keyring holds the key with the id.
func (k *Keyring) Has(id string) bool {
	if k == nil {
		return false
	}
	_, ok := k.aead[id]
	return ok
}

// Seal encrypts plain under the current key. The empty string stays empty, and a nil keyring
// (no key configured) returns plain unchanged.
func (k *Keyring) Seal(plain string) (string, error) {
	if plain == "" || k == nil {
		return plain, nil
	}
	gcm := k.aead[k.ids[0]]
	buf := make([]byte, gcm.NonceSize(), gcm.NonceSize()+len(plain)+gcm.Overhead())
	rand.Read(buf)
	buf = gcm.Seal(buf, buf, []byte(plain), sealedAAD)
	return sealedPrefix + k.ids[0] + ":" + base64.RawStdEncoding.EncodeToString(buf), nil
}

// Open decrypts a sealed value with the key its id names. A value that is not sealed (written
// before keys were configured) is returned as it is.
func (k *Keyring) Open(stored string) (string, error) {
	id, body, ok := SealedKeyID(stored)
	if !ok {
		return stored, nil
	}
	if !k.Has(id) {
		return "", fmt.Errorf("%w: a value is sealed with key %s, which is not configured (ITREG_SECRET_KEY or ITREG_SECRET_KEY_FILE)",
			ErrSecretKey, id)
	}
	gcm := k.aead[id]
	raw, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil || len(raw) < gcm.NonceSize() {
		return "", fmt.Errorf("%w: a value sealed with key %s is damaged", ErrSecretKey, id)
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], sealedAAD)
	if err != nil {
		return "", fmt.Errorf("%w: a value does not open with key %s", ErrSecretKey, id)
	}
	return string(plain), nil
}

// SealedKeyID splits a sealed value into its key id and body; ok is false for a plain value.
func SealedKeyID(stored string) (id, body string, ok bool) {
	rest, sealed := strings.CutPrefix(stored, sealedPrefix)
	if !sealed {
		return "", "", false
	}
	id, body, ok = strings.Cut(rest, ":")
	if !ok || len(id) != 8 {
		return "", "", false
	}
	if _, err := hex.DecodeString(id); err != nil {
		return "", "", false
	}
	return id, body, true
}

// SealBytes encrypts a file under the current key: "v1:<key id>:" then the nonce and the
// ciphertext, unencoded. Empty and nil stay as they are, as does everything under a nil keyring.
func (k *Keyring) SealBytes(plain []byte) ([]byte, error) {
	if len(plain) == 0 || k == nil {
		return plain, nil
	}
	gcm := k.aead[k.ids[0]]
	head := sealedPrefix + k.ids[0] + ":"
	buf := make([]byte, len(head)+gcm.NonceSize(), len(head)+gcm.NonceSize()+len(plain)+gcm.Overhead())
	copy(buf, head)
	nonce := buf[len(head):]
	rand.Read(nonce)
	return gcm.Seal(buf, nonce, plain, sealedAAD), nil
}

// OpenBytes decrypts what SealBytes wrote; bytes that are not sealed are returned as they are.
func (k *Keyring) OpenBytes(stored []byte) ([]byte, error) {
	const head = len(sealedPrefix) + 9 // "v1:" + 8 hex digits + ":"
	if len(stored) < head {
		return stored, nil
	}
	id, _, ok := SealedKeyID(string(stored[:head]))
	if !ok {
		return stored, nil
	}
	if !k.Has(id) {
		return nil, fmt.Errorf("%w: a stored file is sealed with key %s, which is not configured", ErrSecretKey, id)
	}
	gcm := k.aead[id]
	body := stored[head:]
	if len(body) < gcm.NonceSize() {
		return nil, fmt.Errorf("%w: a stored file sealed with key %s is damaged", ErrSecretKey, id)
	}
	plain, err := gcm.Open(nil, body[:gcm.NonceSize()], body[gcm.NonceSize():], sealedAAD)
	if err != nil {
		return nil, fmt.Errorf("%w: a stored file does not open with key %s", ErrSecretKey, id)
	}
	return plain, nil
}
