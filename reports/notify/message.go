package notify

import (
	"errors"
	"fmt"
	"time"
)

// Message is what one outbox row (or one digest of rows) says, in every form a channel needs.
type Message struct {
	// ID is stable for the outbox key: the local part of the Message-ID and the webhook id.
	ID          string
	Event       string // reminder.due, reminder.missed, report.ready or test
	Subject     string
	Text, HTML  string
	Attachments []Attachment
	// Data is the webhook payload's data object.
	Data any
}

// Attachment is a file sent with an email.
type Attachment struct {
	Name, ContentType string
	Data              []byte
}

// DeliveryError is a failed send, classified: a temporary failure is retried (after
// RetryAfter when the receiver asked for it), a permanent one ends the row as dead, and Gone
// (a webhook receiver's 410) also disables the endpoint.
type DeliveryError struct {
	Temporary  bool
	Gone       bool
	RetryAfter time.Duration
	Err        error
}

func (e *DeliveryError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *DeliveryError) Unwrap() error { return e.Err }

// permanent wraps err as a failure that no retry will fix.
func permanent(format string, args ...any) error {
	return &DeliveryError{Err: fmt.Errorf(format, args...)}
}

// temporary wraps err as a failure worth retrying.
func temporary(err error) error { return &DeliveryError{Temporary: true, Err: err} }

// classify reads a send error: a DeliveryError as it says, anything else as temporary.
func classify(err error) *DeliveryError {
	var de *DeliveryError
	if errors.As(err, &de) {
		return de
	}
	return &DeliveryError{Temporary: true, Err: err}
}
