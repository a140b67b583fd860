// Package models is the register's domain and storage: the records (Vendor, Device, Licence,
// Warranty, BudgetLine, seats, tokens, import runs) as GORM models with their validation, the
// value types they share (Money, Date, fiscal years), the enums and the rules that belong to
// the domain (a device's end of life, a licence's billing period and annual cost), and the
// Store, which opens SQLite or Postgres, runs the numbered migrations in models/migrations and
// holds every SQL query of the project: CRUD with optimistic locking and audit events, bulk
// upserts for imports, import jobs, and the queries the reports stream from.
//
// The sentinel errors in errors.go (ErrNotFound, ErrConflict, ErrInvalid, ErrStale, ...) are
// the vocabulary every layer above maps to HTTP statuses and exit codes. Tests get a fresh,
// migrated store on each dialect from models/modeltest.
//
// models imports no other package of the project.
package models
