package sheet

import "io"

// unclosedQuote reports the line on which a quoted field opens and never closes. encoding/csv
// with lazy quotes would read such a field to the end of the file as one cell, so a cut-off
// file would import as "N rows, OK": the file must be rejected instead. The scan follows the
// same rules: a quote opens a field only at its start, "" inside a quoted field is a quote,
// and a quote followed by anything but the delimiter or a line end stays in the field.
// It works on bytes: the delimiters, quotes and newlines are ASCII, which UTF-8 never reuses
// inside a multi-byte character.
func unclosedQuote(r io.Reader, comma rune) (line int, open bool, err error) {
	delim := byte(comma)
	buf := make([]byte, 64<<10)
	line, openedAt := 1, 0
	fieldStart, quoted, afterQuote := true, false, false // afterQuote: a quote seen inside a quoted field
	for {
		n, rerr := r.Read(buf)
		for _, c := range buf[:n] {
			if afterQuote {
				afterQuote = false
				switch c {
				case '"':
					continue // an escaped quote: still inside the field
				case delim, '\n':
					quoted = false // the field closed; c is handled below as outside a quote
				default:
					continue // a lazy quote: kept in the field, which stays quoted
				}
			}
			switch {
			case quoted && c == '"':
				afterQuote = true
			case quoted:
				if c == '\n' {
					line++
				}
			case c == '"' && fieldStart:
				quoted, openedAt, fieldStart = true, line, false
			case c == delim:
				fieldStart = true
			case c == '\n':
				fieldStart = true
				line++
			default:
				fieldStart = false
			}
		}
		if rerr == io.EOF {
			return openedAt, quoted && !afterQuote, nil
		}
		if rerr != nil {
			return 0, false, rerr
		}
	}
}
