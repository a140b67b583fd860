package models

import "testing"

func TestDateCompare(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"2026-11-22", "2026-11-22", 0},
		{"2026-11-21", "2026-11-22", -1},
		{"2026-12-01", "2026-11-30", 1},
		{"2025-12-31", "2026-01-01", -1},
		{"2028-02-29", "2028-03-01", -1},
		{"0001-01-01", "9999-12-31", -1},
	}
	for _, tc := range cases {
		a, b := MustDate(tc.a), MustDate(tc.b)
		if got := a.Compare(b); got != tc.want {
			t.Errorf("%s vs %s = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := b.Compare(a); got != -tc.want {
			t.Errorf("%s vs %s = %d, want %d", tc.b, tc.a, got, -tc.want)
		}
	}
}
