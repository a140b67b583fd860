package models

import "testing"

func TestMaskKey(t *testing.T) {
	for _, tc := range []struct{ name, key, want string }{
		{"empty", "", ""},
		{"short keys show a third at most", "ABCD-123", "••••23"},
		{"very short keys are all dots", "AB", "••••"},
		{"long keys keep the last four", "XXXX-YYYY-ZZZZ-1234", "••••1234"},
		{"runes, not bytes", "ÄÖÜ-ÄÖÜ-ÄÖÜ-éééé", "••••éééé"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := MaskKey(tc.key); got != tc.want {
				t.Errorf("MaskKey(%q) = %q, want %q", tc.key, got, tc.want)
			}
		})
	}
}
