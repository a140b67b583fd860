package models

import "errors"

// ErrTooLarge means an upload breaks a size limit: the body, the uncompressed workbook, or
// the rows, columns or cell length a file may have (413).
var ErrTooLarge = errors.New("too large")

// ErrUnreadable means an uploaded file cannot be read as a spreadsheet: a wrong format, a
// damaged, encrypted or empty file (422 unreadable_file).
var ErrUnreadable = errors.New("unreadable file")
