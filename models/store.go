package models

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" database/sql driver
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	msqlite "modernc.org/sqlite" // pure-Go SQLite, registered as "sqlite"
)

// registerLower replaces SQLite's lower() once per process, before the first SQLite database
// opens (the driver keeps one table of functions).
var registerLower sync.Once

// useGoLower replaces SQLite's own lower(), which folds ASCII only, by Go's, which folds every
// letter as Postgres's does: case-insensitive names, filters and searches ("Émile" = "ÉMILE")
// then behave alike on both, indexes on lower(name) included.
func useGoLower() {
	msqlite.MustRegisterDeterministicScalarFunction("lower", 1, func(_ *msqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		}
		return args[0], nil
	})
}

// Dialects the store runs on.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// Store is the register's database. Every method takes a context; writes of several steps run
// in one transaction.
type Store struct {
	db    *gorm.DB
	sqlDB *sql.DB
	// secrets seals licence keys at rest (nil: none configured).
	secrets *Keyring
	// readDB is SQLite's read-only pool (nil on Postgres and in memory); see routeReads.
	readDB  *sql.DB
	dialect string
	// summaries keeps costly figures while the register is unchanged (Postgres outside a
	// transaction; nil otherwise).
	summaries *summaries
	// Now is the clock; tests fix it.
	Now func() time.Time
	// Lifetimes overrides the default lifetime in months per device category.
	Lifetimes map[string]int
	// Sessions sets how long browser sessions last; zero values mean the defaults.
	Sessions SessionPolicy
}

// Options tune Open.
type Options struct {
	// Now is the store's clock; nil means time.Now.
	Now func() time.Time
	// Secrets seals licence keys at rest; nil stores them as given (no key configured).
	Secrets *Keyring
	// Log receives GORM's warnings and database errors (slow queries, failed statements),
	// with parameters left out so no value, secret or not, reaches the log; nil discards them.
	Log *slog.Logger
}

// DefaultSQLitePath is the database file used when no URL is configured.
const DefaultSQLitePath = "itreg.db"

// Open connects to url: a postgres:// (or postgresql://) URL, or an SQLite file path
// (optionally "sqlite:" or "file:" prefixed); empty means itreg.db in the working directory.
func Open(ctx context.Context, dbURL string, opt Options) (*Store, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	s := &Store{Now: opt.Now, secrets: opt.Secrets}
	cfg := &gorm.Config{
		Logger:                 gormLogger(opt.Log),
		NowFunc:                func() time.Time { return opt.Now().UTC() },
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
	}
	var dial gorm.Dialector
	if strings.HasPrefix(dbURL, "postgres://") || strings.HasPrefix(dbURL, "postgresql://") {
		s.dialect = Postgres
		pgCfg, err := pgx.ParseConfig(dbURL)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		applySessionSettings(pgCfg.RuntimeParams)
		sqlDB := stdlib.OpenDB(*pgCfg)
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(10)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		s.sqlDB = sqlDB
		s.summaries = &summaries{}
		dial = postgres.New(postgres.Config{Conn: sqlDB})
	} else {
		s.dialect = SQLite
		registerLower.Do(useGoLower)
		path := sqlitePath(dbURL)
		sqlDB, err := sql.Open("sqlite", sqliteDSN(path))
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		// One connection: SQLite has one writer, and this keeps every statement on the
		// connection whose pragmas were set.
		sqlDB.SetMaxOpenConns(1)
		s.sqlDB = sqlDB
		dial = sqlite.Dialector{DriverName: "sqlite", Conn: sqlDB}
	}
	db, err := gorm.Open(dial, cfg)
	if err != nil {
		s.sqlDB.Close()
		return nil, fmt.Errorf("open %s: %w", s.dialect, err)
	}
	s.db = db
	if err := registerSecretCallbacks(db, s.secrets); err != nil {
		s.sqlDB.Close()
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		s.sqlDB.Close()
		return nil, err
	}
	if s.dialect == SQLite && sqlitePath(dbURL) != ":memory:" {
		// Opened after the writer, which has set WAL mode on the file.
		if err := s.openReaders(ctx, sqlitePath(dbURL)); err != nil {
			s.sqlDB.Close()
			return nil, err
		}
	}
	return s, nil
}

// sessionSettings are set on every Postgres session the store opens, unless the URL sets them.
// JIT compilation is off: the register's statements are short aggregates and index look-ups,
// for which compiling took longer (0.45-0.7 s on the home tiles at a million devices) than the
// statement saved. Plans are made for each statement's values (the driver caches prepared
// statements, and after five runs Postgres may switch to one generic plan): a generic plan of
// the search's LIKE $1 cannot tell a rare text from a common one and scanned a million
// devices (0.75 s) where the trigram indexes answer in milliseconds.
var sessionSettings = map[string]string{"jit": "off", "plan_cache_mode": "force_custom_plan"}

func applySessionSettings(params map[string]string) {
	for k, v := range sessionSettings {
		if _, set := params[k]; !set {
			params[k] = v
		}
	}
}

func sqlitePath(u string) string {
	u = strings.TrimPrefix(u, "sqlite://")
	u = strings.TrimPrefix(u, "sqlite:")
	u = strings.TrimPrefix(u, "file:")
	if i := strings.IndexByte(u, '?'); i >= 0 {
		u = u[:i]
	}
	if u == "" {
		return DefaultSQLitePath
	}
	return u
}

// sqliteDSN sets the pragmas PocketBase runs with: WAL, NORMAL sync, foreign keys, a busy
// timeout and in-memory temp tables.
func sqliteDSN(path string) string {
	q := url.Values{}
	for _, p := range []string{
		"journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)", "busy_timeout(10000)", "temp_store(MEMORY)",
	} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite") // sortable "2006-01-02 15:04:05.999999999-07:00" text
	// Transactions take the write lock when they begin, so a second writer (another process
	// importing) waits out the busy timeout instead of failing when it first writes.
	q.Set("_txlock", "immediate")
	if path == ":memory:" {
		return "file::memory:?" + q.Encode()
	}
	return "file:" + path + "?" + q.Encode()
}

// Dialect returns "postgres" or "sqlite".
func (s *Store) Dialect() string { return s.dialect }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := s.sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	if s.readDB != nil {
		s.readDB.Close()
	}
	return s.sqlDB.Close()
}

// SQLDB exposes the connection pool for tools that need database/sql (migrations, COPY).
func (s *Store) SQLDB() *sql.DB { return s.sqlDB }

func (s *Store) now() time.Time { return s.Now().UTC() }

// Today is the store clock's civil date, in UTC.
func (s *Store) Today() Date { return DateOf(s.now()) }

// WithTx runs fn in one transaction on a store bound to it; an error or panic rolls back.
func (s *Store) WithTx(ctx context.Context, fn func(tx *Store) error) error {
	return s.db.WithContext(ctx).Transaction(func(gtx *gorm.DB) error {
		return fn(s.inTx(gtx))
	})
}

// inTx returns the store bound to the transaction gtx. It keeps no summaries: a transaction
// sees its own uncommitted writes, which must not be kept for others.
func (s *Store) inTx(gtx *gorm.DB) *Store {
	inner := *s
	inner.db = gtx
	inner.summaries = nil
	return &inner
}

// LifetimeDefaults returns the lifetime in months per category name: the category's own,
// or the configured override for that name.
func (s *Store) LifetimeDefaults() map[string]int { return s.categoryLifetimes() }

// gormLogger sends GORM's warnings and errors to log as structured lines, statements without
// their parameters; record-not-found is an answer, not a failure.
func gormLogger(log *slog.Logger) logger.Interface {
	if log == nil {
		return logger.Discard
	}
	return logger.NewSlogLogger(log, logger.Config{LogLevel: logger.Warn, SlowThreshold: 2 * time.Second,
		IgnoreRecordNotFoundError: true, ParameterizedQueries: true})
}
