package fields

import (
	"strconv"
	"testing"

	"itreg/importers/sheet"
)

// str returns a text cell.
func str(s string) sheet.Cell { return sheet.Cell{Kind: sheet.KindString, Text: s} }

// num returns a number cell with its shortest decimal text, as readers yield it.
func num(f float64) sheet.Cell {
	return sheet.Cell{Kind: sheet.KindNumber, Number: f, Text: strconv.FormatFloat(f, 'f', -1, 64)}
}

// dateCell returns a date-formatted number cell holding an Excel serial.
func dateCell(serial float64) sheet.Cell { return sheet.Cell{Kind: sheet.KindDate, Number: serial} }

// textRow turns header strings into a row of text cells ("" is an empty cell).
func textRow(hs ...string) []sheet.Cell {
	row := make([]sheet.Cell, len(hs))
	for i, h := range hs {
		if h != "" {
			row[i] = str(h)
		}
	}
	return row
}

// wantErr fails unless err is non-nil exactly when want is non-empty and its message contains want.
func wantErr(tb testing.TB, err error, want string) {
	tb.Helper()
	switch {
	case want == "" && err != nil:
		tb.Fatalf("unexpected error: %v", err)
	case want != "" && err == nil:
		tb.Fatalf("no error, want one containing %q", want)
	case want != "" && !contains(err.Error(), want):
		tb.Fatalf("error %q does not contain %q", err.Error(), want)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
