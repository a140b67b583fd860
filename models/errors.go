package models

import (
	"errors"
	"fmt"
)

// The one error vocabulary of itreg. The store, the importers and the reports return errors
// that are or unwrap to one of these; api.Describe maps them to an HTTP status and the one
// error shape, and the CLI derives its exit code from that status.
var (
	// ErrNotFound: no such record (404).
	ErrNotFound = errors.New("not found")
	// ErrConflict: a duplicate key or a record still in use (409).
	ErrConflict = errors.New("conflict")
	// ErrInvalid: some fields of a record are invalid (422).
	ErrInvalid = errors.New("invalid")
	// ErrStale: the record changed since the version the client read (412).
	ErrStale = errors.New("stale version")
	// ErrBadParam: a parameter (query, form field, option, flag) is malformed or not allowed
	// (400, not 422: the request is wrong, not a record).
	ErrBadParam = errors.New("bad parameter")
	// ErrTooLarge: a limit was exceeded: upload size, uncompressed size, rows, columns, cell
	// length (413).
	ErrTooLarge = errors.New("too large")
	// ErrUnreadable: the file cannot be read as a spreadsheet: not one, legacy .xls, encrypted
	// or corrupt (422 unreadable_file).
	ErrUnreadable = errors.New("unreadable file")
)

// ParamError names the parameter that is wrong. It unwraps to ErrBadParam.
type ParamError struct {
	Param   string
	Message string
}

func (e *ParamError) Error() string { return e.Param + ": " + e.Message }

// Unwrap makes errors.Is(err, ErrBadParam) true.
func (e *ParamError) Unwrap() error { return ErrBadParam }

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
