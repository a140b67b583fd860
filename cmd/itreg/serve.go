package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"itreg/api"
	"itreg/api/web"
	"itreg/importers"
	"itreg/models"
)

// HTTP server timeouts. Reads allow a large workbook upload over a slow link; writes allow a
// large report download; headers must arrive quickly (slowloris).
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 5 * time.Minute
	writeTimeout      = 10 * time.Minute
	idleTimeout       = 2 * time.Minute
)

// serve runs the HTTP API and the import worker until ctx ends, then shuts down gracefully:
// the HTTP server stops first, then the worker, then the store closes.
func serve(ctx context.Context, env *Env, args []string) int {
	fs := env.FlagSet("serve")
	fs.StringVar(&env.Config.Addr, "addr", env.Config.Addr, "address to listen on (overrides ITREG_ADDR)")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "itreg serve: unexpected arguments %q\n", fs.Args())
		return exitUsage
	}
	log := env.Log
	st, err := env.OpenMigrated(ctx)
	if err != nil {
		log.Error("cannot start", "err", err)
		return env.fail("serve", err)
	}
	defer st.Close()
	if err := checkSecrets(ctx, env, st); err != nil {
		log.Error("cannot start", "err", err)
		return env.fail("serve", err)
	}
	schema, err := st.SchemaVersion(ctx)
	if err != nil {
		return env.fail("serve", err)
	}

	srv := &api.Server{
		Store:             st,
		Log:               log,
		Version:           version,
		Currency:          env.Config.Currency,
		FiscalYearStart:   env.Config.FiscalYearStart,
		MaxUpload:         env.Config.MaxUploadBytes(),
		ImportJobBytes:    env.Config.ImportJobBytes(),
		WriteStall:        time.Duration(env.Config.WriteStallSeconds) * time.Second,
		HeavyPerIdentity:  env.Config.HeavyPerToken,
		ConcurrentUploads: env.Config.ConcurrentUploads,
		MaxQueuedBytes:    int64(env.Config.MaxQueuedMB) << 20,
		People:            env.Config.People.API(),
		Reminders:         api.ReminderOptions{AllowPrivateWebhooks: env.Config.WebhookAllowPrivate},
	}
	reminders, err := newNotifyWorker(env, st)
	if err != nil {
		return env.fail("serve", err)
	}
	if srv.Web, err = newWebApp(env, st); err != nil {
		return env.fail("serve", err)
	}
	httpServer := &http.Server{
		Handler:           srv.Router(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", env.Config.Addr)
	if err != nil {
		log.Error("cannot listen", "addr", env.Config.Addr, "err", err)
		return env.fail("serve", err)
	}
	log.Info("listening", "addr", ln.Addr().String(), "version", version, "dialect", st.Dialect(), "schema", schema)

	// Background tasks run until the HTTP server has stopped: serve ends their context only
	// then, and waits for them before the deferred st.Close.
	bgCtx, stopBackground := context.WithCancel(context.WithoutCancel(ctx))
	defer stopBackground()
	// The import worker claims the jobs of uploads past ITREG_IMPORT_JOB_KB, from any replica.
	importWorker := importers.StartWorker(bgCtx, st, importers.WorkerOptions{Log: log,
		KeepErrorFiles: time.Duration(env.Config.ErrorFileDays) * 24 * time.Hour})
	// The reminder worker plans and sends reminders and scheduled reports, from any replica.
	// The warmer counts the first pages' figures again after the register changes (Postgres).
	warmer := startWarmer(bgCtx, st, srv.Web.Warm, time.Duration(env.Config.WarmSeconds)*time.Second, log)
	background := []<-chan struct{}{importWorker, reminders.Start(bgCtx), warmer}

	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(ln) }()
	code := exitOK
	select {
	case err := <-served:
		log.Error("server stopped", "err", err)
		code = exitFailure
	case <-ctx.Done():
		code = shutdown(httpServer, served, log)
	}
	stopBackground()
	if !waitAll(background, shutdownTimeout) {
		log.Error("background tasks did not stop in time", "timeout", shutdownTimeout.String())
		code = exitFailure
	}
	if code == exitOK {
		log.Info("stopped")
	}
	return code
}

// shutdown stops accepting connections and waits, at most shutdownTimeout, for the requests in
// flight.
func shutdown(httpServer *http.Server, served <-chan error, log *slog.Logger) int {
	log.Info("shutting down", "timeout", shutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := httpServer.Shutdown(sctx); err != nil {
		log.Error("shutdown", "err", err)
		return exitFailure
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("server stopped", "err", err)
		return exitFailure
	}
	return exitOK
}

// waitAll waits for every channel to close, at most timeout in all.
func waitAll(done []<-chan struct{}, timeout time.Duration) bool {
	deadline := time.After(timeout)
	for _, d := range done {
		select {
		case <-d:
		case <-deadline:
			return false
		}
	}
	return true
}

// migrate applies pending migrations and prints the schema version.
func migrate(ctx context.Context, env *Env, args []string) int {
	fs := env.FlagSet("migrate")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	return env.withStore(ctx, "migrate", func(st *models.Store) int {
		v, err := st.SchemaVersion(ctx)
		if err != nil {
			return env.fail("migrate", err)
		}
		fmt.Fprintf(env.Stdout, "schema version %d\n", v)
		return exitOK
	})
}

// newWebApp builds the web application served at / beside the API, from the same configuration.
func newWebApp(env *Env, st *models.Store) (*web.App, error) {
	people := env.Config.People
	provider := ""
	if people.OIDC.Enabled() {
		provider = people.OIDC.ProviderName()
	}
	return web.New(st, web.Config{
		PublicURL:       people.PublicURL,
		Currency:        env.Config.Currency,
		FiscalYearStart: env.Config.FiscalYearStart,
		OIDCProvider:    provider,
		PasswordLogin:   people.PasswordLogin,
		Version:         version,
		SessionMaxAge:   people.SessionMax,
		MaxUpload:       env.Config.MaxUploadBytes(),
		ImportJobBytes:  env.Config.ImportJobBytes(),

		AllowPrivateWebhooks: env.Config.WebhookAllowPrivate,
	}, env.Log)
}
