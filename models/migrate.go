package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"itreg/models/migrations"
)

// ErrSchemaUnknown means the database holds migrations this build does not know (a newer
// release migrated it) or has migrations still to apply; serve refuses to start on it.
var ErrSchemaUnknown = errors.New("database schema does not match this build")

func (s *Store) migrator() (*goose.Provider, error) {
	steps := make([]*goose.Migration, 0, len(migrations.All))
	for _, st := range migrations.All {
		step := st
		steps = append(steps, goose.NewGoMigration(step.Version, &goose.GoFunc{
			RunTx: func(ctx context.Context, tx *sql.Tx) error { return step.Apply(ctx, tx, s.dialect) },
		}, nil))
	}
	opts := []goose.ProviderOption{
		goose.WithGoMigrations(steps...),
		goose.WithDisableGlobalRegistry(true),
		goose.WithTableName("schema_migrations"),
	}
	dialect := goose.DialectSQLite3
	if s.dialect == Postgres {
		dialect = goose.DialectPostgres
		// Replicas starting together take turns: one migrates, the others wait for it.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, s.sqlDB, nil, opts...)
}

// Migrate applies every migration not yet applied and returns the schema version.
func (s *Store) Migrate(ctx context.Context) (int64, error) {
	p, err := s.migrator()
	if err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	return p.GetDBVersion(ctx)
}

// MigrateTo applies the migrations up to and including version; tests use it to start from an
// earlier release's schema.
func (s *Store) MigrateTo(ctx context.Context, version int64) error {
	p, err := s.migrator()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("migrate to %d: %w", version, err)
	}
	return nil
}

// CheckSchema fails with ErrSchemaUnknown unless the database is at exactly this build's version.
func (s *Store) CheckSchema(ctx context.Context) error {
	p, err := s.migrator()
	if err != nil {
		return fmt.Errorf("check schema: %w", err)
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("check schema: %w", err)
	}
	if current != target {
		return fmt.Errorf("%w: database is at version %d, this build expects %d (run itreg migrate, or upgrade itreg)",
			ErrSchemaUnknown, current, target)
	}
	return nil
}

// SchemaVersion returns the last applied migration (0 for an empty database).
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := s.migrator()
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}
