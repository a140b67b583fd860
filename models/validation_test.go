package models_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"

	"itreg/models"
)

func TestRegisterValidations(t *testing.T) {
	v := validator.New(validator.WithRequiredStructEnabled())
	models.RegisterValidations(v)
	for tag, values := range models.EnumTags() {
		t.Run(tag, func(t *testing.T) {
			if len(values) == 0 {
				t.Fatal("empty list")
			}
			for _, ok := range values {
				if err := v.Var(ok, tag); err != nil {
					t.Errorf("%q rejected: %v", ok, err)
				}
			}
			err := v.Var("not-a-"+tag, tag)
			var ve validator.ValidationErrors
			if !errors.As(err, &ve) || len(ve) != 1 {
				t.Fatalf("a value off the list gave %v", err)
			}
			fe := ve[0]
			if fe.Tag() != tag || fe.ActualTag() != "oneof" || fe.Param() != strings.Join(values, " ") {
				t.Errorf("tag %q actual %q param %q, want %q, oneof, %q", fe.Tag(), fe.ActualTag(), fe.Param(), tag, strings.Join(values, " "))
			}
			if err := v.Var([]string{values[0], "nope"}, "dive,"+tag); err == nil {
				t.Error("dive did not check each element")
			}
		})
	}
	if got := strings.Join(models.EnumTags()["device_status"], " "); got != strings.Join(models.DeviceStatuses, " ") {
		t.Errorf("status list %q", got)
	}
	// A category is any name of up to MaxCategoryName characters; the store checks it exists.
	for _, c := range []struct {
		name string
		ok   bool
	}{{"UPS", true}, {"laptop", true}, {strings.Repeat("x", models.MaxCategoryName), true}, {strings.Repeat("x", models.MaxCategoryName+1), false}} {
		if err := v.Var(c.name, "category"); (err == nil) != c.ok {
			t.Errorf("category %q: %v, want ok %v", c.name, err, c.ok)
		}
	}
}
