// Command itreg is the IT asset, licence and warranty register: one binary that serves the
// HTTP API, migrates the database, imports and exports spreadsheets, renders reports, loads the
// demo register and manages API tokens. The commands are listed in commands.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"itreg/api"
	"itreg/models"
	"itreg/models/migrations"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes every command uses.
const (
	exitOK      = 0
	exitFailure = 1 // the command ran and failed
	exitUsage   = 2 // bad arguments or bad configuration
)

// Env is what a command runs with: where to write, the configuration, and how to reach the
// database.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Config Config
	// Log writes structured JSON logs to Stderr at the configured level.
	Log *slog.Logger
	// OpenStore opens the configured database (not migrated); the caller closes it.
	OpenStore func(ctx context.Context) (*models.Store, error)
}

// Command is one subcommand of itreg.
type Command struct {
	// Summary is the one line help shows.
	Summary string
	// Run runs the command with the arguments after its name and returns the exit code.
	Run func(ctx context.Context, env *Env, args []string) int
}

// commands lists every subcommand by name, in one place: a command's code lives in its own
// file, and this table is where it is wired in.
func commands() map[string]Command {
	return map[string]Command{
		"serve":    {Summary: "migrate the database and serve the HTTP API", Run: serve},
		"migrate":  {Summary: "apply pending database migrations and print the schema version", Run: migrate},
		"import":   {Summary: "import a spreadsheet (XLSX or CSV) of devices, licences, warranties, vendors or budget lines", Run: importCmd},
		"export":   {Summary: "write the whole register to an XLSX workbook that imports back unchanged", Run: export},
		"template": {Summary: "write an XLSX import template (headers, example rows, drop-down lists)", Run: template},
		"report":   {Summary: "render a report (end-of-life, renewals, budget ...) as json, csv, xlsx or ics", Run: report},
		"demo":     {Summary: "load the demo register (once; --force loads another copy)", Run: demo},
		"user":     userCommand(),
		"remind":   remindCommand(),
		"token":    {Summary: "create, list or revoke API tokens (token create|list|revoke)", Run: token},
		"category": {Summary: "list device categories or add one (category list|create)", Run: category},
		"keys":     {Summary: "print a new secret key, or re-encrypt licence keys under the current one (keys new|rotate)", Run: keys},
		"version":  {Summary: "print the version of this build", Run: printVersion},
		"help":     {Summary: "list the commands and the configuration variables", Run: help},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal, restore the default handling: a second one ends the
		// process at once instead of waiting for the graceful shutdown.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program: it reads the configuration from the environment, picks the
// command named by args[0] and runs it. It returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := LoadConfig(os.Environ())
	if err != nil {
		fmt.Fprintln(stderr, "itreg: bad configuration:")
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(stderr, "  -", line)
		}
		return exitUsage
	}
	env := newEnv(cfg, stdout, stderr)
	if len(args) == 0 {
		printHelp(env.Stderr)
		return exitUsage
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" {
		name = "help"
	}
	cmd, ok := commands()[name]
	if !ok {
		fmt.Fprintf(stderr, "itreg: unknown command %q (run itreg help)\n", args[0])
		return exitUsage
	}
	return cmd.Run(ctx, env, args[1:])
}

// newEnv builds the environment commands run in.
func newEnv(cfg Config, stdout, stderr io.Writer) *Env {
	env := &Env{Stdout: stdout, Stderr: stderr, Config: cfg}
	env.Log = slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	// One logger everywhere: what logs through slog's default (the API's error mapping, the
	// import heartbeat) writes the same JSON lines at the same level.
	slog.SetDefault(env.Log)
	env.OpenStore = func(ctx context.Context) (*models.Store, error) {
		keys, err := env.Config.Keyring()
		if err != nil {
			return nil, err
		}
		st, err := models.Open(ctx, env.Config.DatabaseURL, models.Options{Secrets: keys, Log: env.Log})
		if err != nil {
			return nil, err
		}
		st.Lifetimes = env.Config.Lifetimes
		st.Sessions = env.Config.People.Sessions()
		return st, nil
	}
	return env
}

// OpenMigrated opens the database, applies pending migrations and checks that the schema is
// exactly this build's, so commands never write to a schema they do not know.
func (e *Env) OpenMigrated(ctx context.Context) (*models.Store, error) {
	st, err := e.OpenStore(ctx)
	if err != nil {
		return nil, err
	}
	// A newer release may have migrated this database: never touch it.
	current, err := st.SchemaVersion(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	if latest := latestMigration(); current > latest {
		st.Close()
		return nil, fmt.Errorf("%w: database is at version %d, this build knows versions up to %d (upgrade itreg)",
			models.ErrSchemaUnknown, current, latest)
	}
	if _, err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.CheckSchema(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// withStore runs fn with a store at this build's schema and closes the store afterwards. A
// failure to open it is reported as the command's.
func (e *Env) withStore(ctx context.Context, cmd string, fn func(st *models.Store) int) int {
	st, err := e.OpenMigrated(ctx)
	if err != nil {
		return e.fail(cmd, err)
	}
	defer st.Close()
	return fn(st)
}

// latestMigration is the newest schema version this build knows.
func latestMigration() int64 {
	var v int64
	for _, st := range migrations.All {
		v = max(v, st.Version)
	}
	return v
}

// FlagSet returns a flag set for a command that reports errors to the command's stderr and
// accepts --database to override ITREG_DATABASE_URL.
func (e *Env) FlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("itreg "+name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	fs.StringVar(&e.Config.DatabaseURL, "database", e.Config.DatabaseURL,
		"database: a postgres:// URL or an SQLite file path (overrides ITREG_DATABASE_URL)")
	return fs
}

// parseFlags parses args into fs; on failure it returns the exit code to stop with.
func parseFlags(fs *flag.FlagSet, args []string) (ok bool, code int) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return false, exitOK
		}
		return false, exitUsage
	}
	return true, exitOK
}

// fail prints err for a command and returns its exit code (exitCode).
func (e *Env) fail(cmd string, err error) int {
	fmt.Fprintf(e.Stderr, "itreg %s: %v\n", cmd, err)
	return exitCode(err)
}

// exitCode is the exit code for a command's error, from the HTTP status the API would answer
// it with (api.Describe), so the CLI and the API read the error vocabulary alike: when what
// the caller gave is at fault (400 a bad parameter, 413 a limit, 415, 422 an unreadable file
// or invalid fields) it is exitUsage; anything else (404, 409, 412, the database, the file
// system) is exitFailure.
func exitCode(err error) int {
	switch status, _ := api.Describe(err); status {
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity:
		return exitUsage
	}
	return exitFailure
}

// printVersion prints the version of this build.
func printVersion(_ context.Context, env *Env, _ []string) int {
	fmt.Fprintln(env.Stdout, "itreg", version)
	return exitOK
}

// help lists the commands and the configuration variables on stdout.
func help(_ context.Context, env *Env, _ []string) int {
	printHelp(env.Stdout)
	return exitOK
}

// printHelp lists the commands, one line each, and the configuration variables.
func printHelp(w io.Writer) {
	fmt.Fprintf(w, "itreg %s: the IT asset, licence and warranty register\n\nUsage: itreg COMMAND [flags]\n\nCommands:\n", version)
	cmds := commands()
	for _, n := range slices.Sorted(maps.Keys(cmds)) {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].Summary)
	}
	fmt.Fprintln(w, "\nConfiguration (environment; flags override):")
	for _, v := range configVars {
		fmt.Fprintf(w, "  %-26s %s\n", v.Name, v.helpLine())
	}
	fmt.Fprintln(w, "\nRun itreg COMMAND -h for a command's flags.")
}

// shutdownTimeout bounds how long serve waits for requests in flight when asked to stop.
const shutdownTimeout = 30 * time.Second
