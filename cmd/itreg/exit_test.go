package main

import (
	"errors"
	"fmt"
	"testing"

	"itreg/models"
)

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"bad parameter", &models.ParamError{Param: "--within", Message: "must be from 0 to 3650"}, exitUsage},
		{"too large", fmt.Errorf("big.xlsx: %w", models.ErrTooLarge), exitUsage},
		{"unreadable", fmt.Errorf("pic.xlsx: %w", models.ErrUnreadable), exitUsage},
		{"invalid fields", &models.FieldError{Fields: map[string]string{"name": "required"}}, exitUsage},
		{"conflict", fmt.Errorf("demo: %w", models.ErrConflict), exitFailure},
		{"not found", models.ErrNotFound, exitFailure},
		{"anything else", errors.New("disk full"), exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exitCode(tt.err); got != tt.want {
				t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
			}
		})
	}
}
