package sheet

import (
	"bufio"
	"io"
)

// unclosedQuote reports the line on which a quoted field opens and never closes. encoding/csv
// with lazy quotes would read such a field to the end of the file as one cell, so a cut-off
// file would import as "N rows, OK": the file must be rejected instead. The scan follows the
// same rules: a quote opens a field only at its start, "" inside a quoted field is a quote,
// and a quote followed by anything but the delimiter or a line end stays in the field.
func unclosedQuote(r io.Reader, comma rune) (line int, open bool, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	line, fieldStart, quoted, openedAt := 1, true, false, 0
	for {
		c, _, err := br.ReadRune()
		if err == io.EOF {
			return openedAt, quoted, nil
		}
		if err != nil {
			return 0, false, err
		}
		switch {
		case quoted && c == '"':
			next, _, err := br.ReadRune()
			switch {
			case err == io.EOF:
				return 0, false, nil
			case err != nil:
				return 0, false, err
			case next == '"':
				// an escaped quote: still inside the field
			case next == comma:
				quoted, fieldStart = false, true
			case next == '\n':
				quoted, fieldStart = false, true
				line++
			default:
				// a lazy quote: kept in the field, which stays quoted
			}
		case quoted:
			if c == '\n' {
				line++
			}
		case c == '"' && fieldStart:
			quoted, openedAt, fieldStart = true, line, false
		case c == comma:
			fieldStart = true
		case c == '\n':
			fieldStart = true
			line++
		default:
			fieldStart = false
		}
	}
}
