package models

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// constraintFields names the field a unique constraint protects, for the 409 message.
var constraintFields = map[string]string{
	"devices_asset_tag_key":      "asset_tag",
	"devices_serial_key":         "serial_number",
	"vendors_name_key":           "name",
	"budget_lines_code_key":      "code",
	"licences_reference_key":     "reference",
	"warranties_reference_key":   "reference",
	"licence_seats_device_key":   "device_id",
	"licence_seats_assignee_key": "assignee",
	"users_email_key":            "email",
	"users_oidc_subject_key":     "oidc_subject",
	"api_tokens_hash_key":        "token",
	"categories_name_key":        "name",
	"categories_lower_name_key":  "name",
}

// sqliteUniqueColumns maps SQLite's "UNIQUE constraint failed: t.col" column lists to a field.
var sqliteUniqueColumns = map[string]string{
	"devices.asset_tag":        "asset_tag",
	"devices.serial_number":    "serial_number",
	"vendors.name":             "name",
	"budget_lines.code":        "code",
	"licences.reference":       "reference",
	"warranties.reference":     "reference",
	"licence_seats.device_id":  "device_id",
	"licence_seats.assignee":   "assignee",
	"import_profiles_name_idx": "name",
	"categories.name":          "name",
}

// translate turns a database error into the store's vocabulary, wrapped with the operation.
func (s *Store) translate(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("%s: %w", op, ErrNotFound)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			field := constraintFields[pgErr.ConstraintName]
			return fmt.Errorf("%s: %w", op, duplicate(field))
		case "23503":
			return fmt.Errorf("%s: %w", op, &ConflictError{Message: "a referenced record does not exist or is still in use"})
		case "23514", "23502", "22001", "22003", "22007", "22008", "22P02":
			return fmt.Errorf("%s: %w", op, &FieldError{Fields: map[string]string{"": "rejected by the database: " + pgErr.Code}})
		}
		return fmt.Errorf("%s: %w", op, err)
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"):
		field := ""
		for name, f := range constraintFields {
			if strings.Contains(msg, name) {
				field = f
			}
		}
		for cols, f := range sqliteUniqueColumns {
			if strings.Contains(msg, cols) {
				field = f
			}
		}
		return fmt.Errorf("%s: %w", op, duplicate(field))
	case strings.Contains(msg, "FOREIGN KEY constraint failed"):
		return fmt.Errorf("%s: %w", op, &ConflictError{Message: "a referenced record does not exist or is still in use"})
	case strings.Contains(msg, "database is locked"), strings.Contains(msg, "SQLITE_BUSY"):
		return fmt.Errorf("%s: %w", op, &ConflictError{Message: "the database is busy with another change; try again in a moment"})
	case strings.Contains(msg, "CHECK constraint failed"), strings.Contains(msg, "NOT NULL constraint failed"):
		return fmt.Errorf("%s: %w", op, &FieldError{Fields: map[string]string{"": "rejected by the database"}})
	}
	return fmt.Errorf("%s: %w", op, err)
}

func duplicate(field string) *ConflictError {
	if field == "" {
		return &ConflictError{Message: "a record with the same key already exists"}
	}
	return &ConflictError{
		Message: "a record with the same " + field + " already exists",
		Fields:  map[string]string{field: "already exists"},
	}
}
