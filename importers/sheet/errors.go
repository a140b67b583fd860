package sheet

import (
	"fmt"

	"itreg/models"
)

// FileError says, in words meant for the person who uploaded the file, why it cannot be read:
// the file is not a spreadsheet this package reads, or it is damaged. It unwraps to
// models.ErrUnreadable, which callers answer with a 422 or CLI exit status 2.
type FileError struct {
	Msg string
	Err error // the underlying cause, if any (for logs); may be nil
}

// Error returns Msg.
func (e *FileError) Error() string { return e.Msg }

// Unwrap returns models.ErrUnreadable and the underlying cause, if any.
func (e *FileError) Unwrap() []error {
	if e.Err != nil {
		return []error{models.ErrUnreadable, e.Err}
	}
	return []error{models.ErrUnreadable}
}

// LimitError says which limit of Limits a file breaks, and where. It unwraps to
// models.ErrTooLarge (413).
type LimitError struct {
	Limit string // the Limits field: "MaxUncompressed", "MaxRows", "MaxColumns" or "MaxCellBytes"
	Sheet string // the sheet, if it applies
	Row   int    // the row number a person sees, if it applies
	Msg   string
}

// Error returns Msg.
func (e *LimitError) Error() string { return e.Msg }

// Unwrap returns models.ErrTooLarge.
func (e *LimitError) Unwrap() error { return models.ErrTooLarge }

func fileErr(cause error, format string, args ...any) *FileError {
	return &FileError{Msg: fmt.Sprintf(format, args...), Err: cause}
}

// where prefixes a message with "sheet S row N: " as far as they are known.
func where(sheet string, row int) string {
	switch {
	case sheet != "" && row > 0:
		return fmt.Sprintf("sheet %s row %d: ", sheet, row)
	case sheet != "":
		return fmt.Sprintf("sheet %s: ", sheet)
	case row > 0:
		return fmt.Sprintf("row %d: ", row)
	}
	return ""
}

// thousands formats n with comma separators ("1,201").
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := false
	if n < 0 {
		neg, s = true, s[1:]
	}
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	if neg {
		return "-" + string(b)
	}
	return string(b)
}
