package models

import (
	"errors"
	"fmt"
)

// The error vocabulary of the store. Typed errors unwrap to one of these; the API maps them to
// a status and the one error shape.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrInvalid  = errors.New("invalid")
	ErrStale    = errors.New("stale version")
)

// FieldError says which fields of a record are invalid and why. It unwraps to ErrInvalid.
type FieldError struct {
	Fields map[string]string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("invalid fields: %v", e.Fields)
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// Add records a problem with one field, keeping the first message per field.
func (e *FieldError) Add(field, msg string) {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = msg
	}
}

// OrNil returns e when it holds any field, else nil.
func (e *FieldError) OrNil() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

// ConflictError explains a conflict (a duplicate key, a record still in use). It unwraps to ErrConflict.
type ConflictError struct {
	Message string
	Fields  map[string]string
}

func (e *ConflictError) Error() string { return e.Message }

// Unwrap makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Unwrap() error { return ErrConflict }
