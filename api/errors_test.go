package api

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"itreg/importers/sheet"
	"itreg/models"
)

// TestDescribe pins the one mapping from the error vocabulary to statuses and codes, wrapped
// errors included.
func TestDescribe(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("import devices.xlsx: %w", err) }
	tests := []struct {
		name    string
		err     error
		status  int
		code    string
		message string // "" = not checked
		field   string // a field the detail must name, if any
	}{
		{"not found", wrap(models.ErrNotFound), http.StatusNotFound, "not_found", "no such record", ""},
		{"conflict", wrap(models.ErrConflict), http.StatusConflict, "conflict", "", ""},
		{"conflict naming a field", &models.ConflictError{Message: "taken", Fields: map[string]string{"name": "taken"}},
			http.StatusConflict, "conflict", "taken", "name"},
		{"invalid", wrap(models.ErrInvalid), http.StatusUnprocessableEntity, "validation_failed", "", ""},
		{"invalid fields", &models.FieldError{Fields: map[string]string{"seats": "must be at least 0"}},
			http.StatusUnprocessableEntity, "validation_failed", "", "seats"},
		{"stale", wrap(models.ErrStale), http.StatusPreconditionFailed, "stale_version", "", ""},
		{"bad parameter", wrap(&models.ParamError{Param: "limit", Message: "must be between 1 and 1000"}),
			http.StatusBadRequest, "bad_parameter", "limit: must be between 1 and 1000", "limit"},
		{"bad parameter sentinel", fmt.Errorf("%w: unknown kind", models.ErrBadParam), http.StatusBadRequest, "bad_parameter",
			"bad parameter: unknown kind", ""},
		{"too large", fmt.Errorf("%w: more than 100 rows", models.ErrTooLarge), http.StatusRequestEntityTooLarge, "too_large",
			"too large: more than 100 rows", ""},
		{"unreadable", fmt.Errorf("%w: a legacy .xls workbook", models.ErrUnreadable), http.StatusUnprocessableEntity, "unreadable_file",
			"unreadable file: a legacy .xls workbook", ""},
		{"sheet limit", wrap(&sheet.LimitError{Limit: "MaxRows", Msg: "more than 10 rows"}), http.StatusRequestEntityTooLarge, "too_large",
			"import devices.xlsx: more than 10 rows", ""},
		{"sheet unreadable", wrap(&sheet.FileError{Msg: "not a spreadsheet", Err: models.ErrNotFound}), http.StatusUnprocessableEntity,
			"unreadable_file", "import devices.xlsx: not a spreadsheet", ""},
		{"request body too large", &http.MaxBytesError{Limit: 10}, http.StatusRequestEntityTooLarge, "too_large", "", ""},
		{"the API's own", errForbidden("viewers read only"), http.StatusForbidden, "forbidden", "viewers read only", ""},
		{"anything else", errors.New("pq: connection refused at 10.0.0.3"), http.StatusInternalServerError, "internal", "internal error", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, detail := Describe(tt.err)
			if status != tt.status || detail.Code != tt.code {
				t.Fatalf("Describe = %d %q, want %d %q", status, detail.Code, tt.status, tt.code)
			}
			if tt.message != "" && detail.Message != tt.message {
				t.Errorf("message %q, want %q", detail.Message, tt.message)
			}
			if tt.field != "" && detail.Fields[tt.field] == "" {
				t.Errorf("fields %v do not name %s", detail.Fields, tt.field)
			}
		})
	}
}
