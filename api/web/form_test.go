package web

import (
	"errors"
	"fmt"
	"net/url"
	"testing"

	"itreg/models"
)

func TestFormTakeError(t *testing.T) {
	tests := []struct {
		name        string
		err         error
		shown       []string
		taken       bool
		wantField   map[string]string // field -> the sentence next to it
		wantMessage string
	}{
		{"field errors go next to their fields",
			&models.FieldError{Fields: map[string]string{"email": "required", "name": "longer than 200 characters"}},
			[]string{"email", "name"}, true,
			map[string]string{"email": "Email is required.", "name": "Name longer than 200 characters."},
			"Please correct the fields marked below."},
		{"a field the form does not show is named above it",
			&models.FieldError{Fields: map[string]string{"owner_id": "no such user"}},
			[]string{"name"}, true, nil, "Please correct: owner_id: no such user."},
		{"a wrapped field error is found",
			fmt.Errorf("save: %w", &models.FieldError{Fields: map[string]string{"email": "Already taken by someone."}}),
			[]string{"email"}, true, map[string]string{"email": "Already taken by someone."}, "Please correct the fields marked below."},
		{"a conflict is a message",
			&models.ConflictError{Message: "A vendor named Dell exists."}, nil, true, nil, "A vendor named Dell exists."},
		{"anything else is the caller's", errors.New("disk full"), nil, false, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewForm(url.Values{})
			if got := f.TakeError(tt.err, tt.shown...); got != tt.taken {
				t.Fatalf("TakeError = %v, want %v", got, tt.taken)
			}
			for field, want := range tt.wantField {
				label := map[string]string{"email": "Email", "name": "Name"}[field]
				if got := f.Field(field, label, "text").Error; got != want {
					t.Errorf("%s: %q, want %q", field, got, want)
				}
			}
			if f.Message != tt.wantMessage {
				t.Errorf("message %q, want %q", f.Message, tt.wantMessage)
			}
		})
	}
}

func TestFormFieldNeverEchoesPasswords(t *testing.T) {
	f := NewForm(url.Values{"password": {"hunter2hunter2"}, "email": {"a@b.c"}})
	if v := f.Field("password", "Password", "password").Value; v != "" {
		t.Errorf("password value %q", v)
	}
	if v := f.Field("email", "Email", "email", "required", "maxlength=254").Value; v != "a@b.c" {
		t.Errorf("email value %q", v)
	}
}
