package models

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field length limits, in characters.
const (
	MaxShort = 100   // identifiers: asset tags, serials, codes, references
	MaxName  = 200   // names, models, locations
	MaxNotes = 10000 // free notes
)

// checker accumulates field problems for one record.
type checker struct{ FieldError }

// text checks a string's length and, unless multiline, that it holds no control characters.
func (c *checker) text(field, v string, maxLen int, required bool) {
	switch {
	case required && strings.TrimSpace(v) == "":
		c.Add(field, "required")
	case !utf8.ValidString(v):
		c.Add(field, "is not valid UTF-8")
	case utf8.RuneCountInString(v) > maxLen:
		c.Add(field, fmt.Sprintf("longer than %d characters", maxLen))
	case maxLen < MaxNotes && strings.IndexFunc(v, unicode.IsControl) >= 0:
		c.Add(field, "contains control characters")
	}
}

// notes allows newlines and tabs but no other control characters.
func (c *checker) notes(v string) {
	c.text("notes", v, MaxNotes, false)
	if strings.IndexFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) >= 0 {
		c.Add("notes", "contains control characters")
	}
}

// ident checks an optional identifier such as an asset tag or serial number.
func (c *checker) ident(field string, v *string) {
	if v != nil {
		c.text(field, *v, MaxShort, true)
	}
}

// enum checks that v is one of the allowed values (empty allowed unless required).
func (c *checker) enum(field, v string, allowed []string, required bool) {
	if v == "" {
		if required {
			c.Add(field, "required")
		}
		return
	}
	if !slices.Contains(allowed, v) {
		c.Add(field, "must be one of "+strings.Join(allowed, ", "))
	}
}

// money checks that an amount, when set, has a known currency and is not negative.
func (c *checker) money(field string, m Money) {
	if m.IsZero() {
		if m.Amount != 0 {
			c.Add(field, "currency required")
		}
		return
	}
	if !ValidCurrency(m.Currency) {
		c.Add(field, fmt.Sprintf("unknown currency code %q", m.Currency))
	} else if m.Amount < 0 {
		c.Add(field, "must not be negative")
	} else if m.Amount > MaxMinorAmount {
		c.Add(field, "is too large: at most "+FormatMinor(MaxMinorAmount, CurrencyScale(m.Currency))+" "+m.Currency)
	}
}

// dateOrder checks that end is not before start when both are set.
func (c *checker) dateOrder(startField string, start Date, endField string, end Date) {
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		c.Add(endField, "must not be before "+startField)
	}
}

// nonNegative checks a count or number of days.
func (c *checker) nonNegative(field string, v int64) {
	if v < 0 {
		c.Add(field, "must not be negative")
	}
}

// email checks an optional e-mail address.
func (c *checker) email(field, v string) {
	if v == "" {
		return
	}
	if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
		c.Add(field, "is not an e-mail address")
	}
}
