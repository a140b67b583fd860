package web

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"itreg/models"
)

// Form is a form being shown again: the values the person typed and, per field, what is wrong
// with them. Templates render each field with the "field" partial, which puts the error next
// to its input:
//
//	{{template "field" (.Form.Field "email" "Email" "email" "required" "autocomplete=username")}}
type Form struct {
	Values url.Values
	// Errors maps a field name (the store's, as in models.FieldError) to its message.
	Errors map[string]string
	// Message is an error about the whole form, shown above it.
	Message string
	// Prefix keeps input ids unique when a page has two forms with a field of the same name:
	// a field's id is "f-" + Prefix + name.
	Prefix string
}

// NewForm starts a form from submitted (or initial) values; nil is an empty form.
func NewForm(values url.Values) *Form {
	if values == nil {
		values = url.Values{}
	}
	return &Form{Values: values, Errors: map[string]string{}}
}

// Value is the field's current text.
func (f *Form) Value(name string) string { return f.Values.Get(name) }

// Error is the field's error message, or "".
func (f *Form) Error(name string) string { return f.Errors[name] }

// Invalid reports whether any field or the form as a whole has an error.
func (f *Form) Invalid() bool { return len(f.Errors) > 0 || f.Message != "" }

// SetFieldError records one field's error.
func (f *Form) SetFieldError(name, msg string) { f.Errors[name] = msg }

// TakeError takes a store error into the form: a *models.FieldError's fields go next to their
// inputs (a field the form does not show lands in Message, so no error is ever lost) and a
// *models.ConflictError's message above the form. It reports whether err was such an error;
// any other error is the caller's to answer (a 404, a 500).
func (f *Form) TakeError(err error, shown ...string) bool {
	var fe *models.FieldError
	var ce *models.ConflictError
	switch {
	case errors.As(err, &fe):
		var hidden []string
		for name, msg := range fe.Fields {
			f.Errors[name] = msg
			if len(shown) > 0 && !contains(shown, name) {
				hidden = append(hidden, name+": "+msg)
			}
		}
		f.Message = "Please correct the fields marked below."
		if len(hidden) > 0 {
			f.Message = "Please correct: " + strings.Join(hidden, "; ") + "."
		}
		return true
	case errors.As(err, &ce):
		f.Message = ce.Message
		for name, msg := range ce.Fields {
			f.Errors[name] = msg
		}
		return true
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Field describes one input for the "field" partial.
type Field struct {
	ID, Name, Label, Type, Value, Error string
	Required, Autofocus                 bool
	Autocomplete, Hint                  string
	MaxLength                           int
	Options                             []Option // for Type "select"
}

// Option is one choice of a select field.
type Option struct {
	Value, Label string
	Selected     bool
}

// Field builds the partial's input from the form. Options are "required", "autofocus",
// "autocomplete=<token>", "hint=<text shown under the input>" and "maxlength=<n>". A password
// input never shows the value it was sent back with.
func (f *Form) Field(name, label, typ string, opts ...string) Field {
	fd := Field{ID: "f-" + f.Prefix + name, Name: name, Label: label, Type: typ, Value: f.Value(name), Error: sentence(label, f.Error(name))}
	if typ == "password" {
		fd.Value = ""
	}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "required":
			fd.Required = true
		case "autofocus":
			fd.Autofocus = true
		case "autocomplete":
			fd.Autocomplete = v
		case "hint":
			fd.Hint = v
		case "maxlength":
			fd.MaxLength, _ = strconv.Atoi(v)
		}
	}
	return fd
}

// Select builds a select input; choices alternate value and label ("it", "IT manager", ...).
func (f *Form) Select(name, label string, choices ...string) Field {
	fd := Field{ID: "f-" + f.Prefix + name, Name: name, Label: label, Type: "select", Value: f.Value(name), Error: sentence(label, f.Error(name))}
	for i := 0; i+1 < len(choices); i += 2 {
		fd.Options = append(fd.Options, Option{Value: choices[i], Label: choices[i+1], Selected: choices[i] == fd.Value})
	}
	return fd
}

// sentence turns the store's short field messages ("required", "is not an e-mail address")
// into a sentence naming the field ("Email is required."); a message that is a sentence
// already (it starts with a capital) is shown as it is.
func sentence(label, msg string) string {
	if msg == "" {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(msg)
	if !unicode.IsLower(r) {
		return msg
	}
	if msg == "required" {
		msg = "is required"
	}
	msg = label + " " + msg
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
