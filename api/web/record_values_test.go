package web

import (
	"testing"

	"itreg/models"
)

func TestAuditText(t *testing.T) {
	many := make([]any, 105)
	for i := range many {
		many[i] = float64(i + 1)
	}
	bounded := models.Changes{"device_ids": {New: many}}.Bounded(3)["device_ids"].New
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"unset", nil, ""},
		{"a whole number from JSON", float64(42), "42"},
		{"a fraction", 2.5, "2.5"},
		{"text", "laptop", "laptop"},
		{"a list", []any{float64(3), float64(7)}, "3, 7"},
		{"a list cut short by Bounded", bounded, "1, 2, 3 and 102 more"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := auditText(tc.v); got != tc.want {
				t.Fatalf("auditText(%#v) = %q, want %q", tc.v, got, tc.want)
			}
		})
	}
}
