package importers

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"itreg/importers/sheet"
	"itreg/models"
)

// WorkerOptions tunes the background import worker. Zero fields take the defaults.
type WorkerOptions struct {
	Poll       time.Duration // how often to look for queued imports; default 2 s
	Heartbeat  time.Duration // how often a running import records its progress, and stale runs are looked for; default 10 s
	StaleAfter time.Duration // a running import whose heartbeat is older than this is failed; default 30 s
	Limits     sheet.Limits  // bounds on reading queued files
	// KeepErrorFiles is how long a finished run's file is kept for its error workbook; default 7 days.
	KeepErrorFiles time.Duration
	Log            *slog.Logger // default slog.Default()
}

func (o *WorkerOptions) defaults() {
	if o.Poll <= 0 {
		o.Poll = 2 * time.Second
	}
	if o.Heartbeat <= 0 {
		o.Heartbeat = models.ImportHeartbeat
	}
	if o.StaleAfter <= 0 {
		o.StaleAfter = models.ImportStaleAfter
	}
	if o.KeepErrorFiles <= 0 {
		o.KeepErrorFiles = 7 * 24 * time.Hour
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
}

// MsgInterrupted is the message of an import the worker could not finish.
const MsgInterrupted = "interrupted by a restart; upload the file again"

// wake nudges the workers of this process when an import is queued, so a job starts without
// waiting for the next poll.
var wake = make(chan struct{}, 1)

// Enqueue checks that the file is a spreadsheet and stores it with its options as a queued
// import run, for a worker (StartWorker, in any replica) to import. It returns the queued
// result; its ID names the run. Like Import, an unreadable file or wrong options are an error
// (wrapping models.ErrUnreadable or models.ErrTooLarge, or a *models.ParamError) and nothing is stored.
func Enqueue(ctx context.Context, st *models.Store, name string, data []byte, opt Options) (*Result, error) {
	if err := CheckOptions(opt); err != nil {
		return nil, err
	}
	book, err := sheet.Open(name, bytes.NewReader(data), int64(len(data)), opt.Limits)
	if err != nil {
		return nil, err
	}
	// The job keeps options, not profiles: the profile is settled now and its choices stored.
	opt, use, err := applyProfile(book, opt)
	book.Close()
	if err != nil {
		return nil, err
	}
	opt.Profile, opt.Profiles = nil, nil
	sum := sha256.Sum256(data)
	res := &Result{FileName: name, SHA256: hex.EncodeToString(sum[:]), Kind: opt.Kind, DryRun: opt.DryRun,
		SkipInvalid: opt.SkipInvalid, Sheets: []SheetResult{}, Errors: []RowError{}, Status: models.ImportQueued,
		Message: "queued: the import runs in the background", Profile: use}
	run := &models.ImportRun{Actor: opt.Actor}
	fillRun(run, res, &opt, int64(len(data)))
	run.Status, run.File = models.ImportQueued, data
	if err := st.CreateImportRun(ctx, run); err != nil {
		return nil, err
	}
	res.ID, res.CreatedAt = run.ID, run.CreatedAt
	select {
	case wake <- struct{}{}:
	default:
	}
	return res, nil
}

// RunResult rebuilds the result of a run from its record: the stored result with its errors,
// and the run's current status, counts and message (a queued or running run has no sheets
// yet).
func RunResult(run *models.ImportRun) (*Result, error) {
	res := &Result{}
	if run.Result != "" {
		if err := json.Unmarshal([]byte(run.Result), res); err != nil {
			return nil, fmt.Errorf("import run %d: result: %w", run.ID, err)
		}
	}
	res.Errors = []RowError{}
	if run.Errors != "" && run.Errors != "null" {
		if err := json.Unmarshal([]byte(run.Errors), &res.Errors); err != nil {
			return nil, fmt.Errorf("import run %d: errors: %w", run.ID, err)
		}
	}
	if res.Sheets == nil {
		res.Sheets = []SheetResult{}
	}
	res.ID, res.Status, res.FileName, res.SHA256, res.Kind = run.ID, run.Status, run.FileName, run.SHA256, run.Kind
	res.DryRun, res.SkipInvalid, res.Message = run.DryRun, run.SkipInvalid, run.Message
	res.Counts = Counts{Rows: int(run.Rows), Created: int(run.Created), Updated: int(run.Updated),
		Unchanged: int(run.Unchanged), Failed: int(run.Failed)}
	res.CreatedAt, res.FinishedAt = run.CreatedAt, run.FinishedAt
	return res, nil
}

// StartWorker starts the background import worker and returns at once; the returned channel
// is closed when the worker has stopped, after ctx ends. The worker first fails the runs left
// "running" whose heartbeat stopped (their server was restarted: MsgInterrupted), and does so
// again every Heartbeat; it then claims queued runs one at a time (FOR UPDATE SKIP LOCKED on
// Postgres, so any number of replicas can run a worker), imports each with its stored options,
// and records progress and a heartbeat while it runs.
func StartWorker(ctx context.Context, st *models.Store, opt WorkerOptions) <-chan struct{} {
	opt.defaults()
	done := make(chan struct{})
	go func() {
		defer close(done)
		w := &worker{st: st, opt: opt}
		w.failStale(ctx)
		lastStale := time.Now()
		for ctx.Err() == nil {
			if time.Since(lastStale) > opt.Heartbeat {
				w.failStale(ctx)
				lastStale = time.Now()
			}
			run, err := st.ClaimQueuedImport(ctx)
			if err != nil && ctx.Err() == nil {
				opt.Log.Error("import worker: claim", "err", err)
			}
			if run != nil {
				w.run(ctx, run)
				continue
			}
			select {
			case <-ctx.Done():
			case <-wake:
			case <-time.After(opt.Poll):
			}
		}
	}()
	return done
}

type worker struct {
	st  *models.Store
	opt WorkerOptions
}

func (w *worker) failStale(ctx context.Context) {
	// Files kept for error workbooks expire.
	if n, err := w.st.ExpireImportFiles(ctx, w.st.Now().Add(-w.opt.KeepErrorFiles)); err != nil && ctx.Err() == nil {
		w.opt.Log.Error("import worker: expire files", "err", err)
	} else if n > 0 {
		w.opt.Log.Info("import worker: expired the files of finished imports", "runs", n)
	}
	n, err := w.st.MarkStaleRunningFailed(ctx, w.opt.StaleAfter)
	switch {
	case err != nil && ctx.Err() == nil:
		w.opt.Log.Error("import worker: fail stale runs", "err", err)
	case n > 0:
		w.opt.Log.Warn("import worker: failed runs left running by a restart", "runs", n)
	}
}

// run imports one claimed run, beating its heartbeat with the progress until it ends.
func (w *worker) run(ctx context.Context, run *models.ImportRun) {
	log := w.opt.Log.With("import", run.ID)
	opt, err := OptionsOf(run)
	if err != nil {
		w.fail(run, "the stored options cannot be read; upload the file again")
		log.Error("import worker", "err", err)
		return
	}
	opt.Limits = w.opt.Limits
	var done, total atomic.Int64
	opt.Progress = func(d, t int) { done.Store(int64(d)); total.Store(int64(t)) }
	beatCtx, stopBeat := context.WithCancel(ctx)
	beating := make(chan struct{})
	go func() {
		defer close(beating)
		t := time.NewTicker(w.opt.Heartbeat)
		defer t.Stop()
		for {
			select {
			case <-beatCtx.Done():
				return
			case <-t.C:
				if err := w.st.SetImportProgress(beatCtx, run.ID, int(done.Load()), int(total.Load())); err != nil && beatCtx.Err() == nil {
					log.Warn("import worker: heartbeat", "err", err)
				}
			}
		}
	}()
	file := run.File
	run.File = nil
	start := time.Now()
	res, err := RunQueued(ctx, w.st, run, bytes.NewReader(file), int64(len(file)), opt)
	stopBeat()
	<-beating
	// A job's file is kept only until the job ends, unless rows failed: the error workbook
	// needs it until it expires (KeepErrorFiles).
	if res == nil || len(res.Errors) == 0 {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		if err := w.st.DropImportRunFile(dctx, run.ID); err != nil {
			log.Error("import worker: drop file", "err", err)
		}
		cancel()
	}
	switch {
	case ctx.Err() != nil:
		w.fail(run, MsgInterrupted)
		log.Warn("import worker: interrupted", "err", ctx.Err())
	case err != nil && (errors.Is(err, models.ErrUnreadable) || errors.Is(err, models.ErrTooLarge) || errors.Is(err, models.ErrBadParam)):
		// RunQueued recorded the failure on the run.
		log.Info("import worker: file rejected", "err", err)
	case err != nil:
		w.fail(run, "the import failed; upload the file again")
		log.Error("import worker", "err", err)
	default:
		log.Info("import worker: done", "status", res.Status, "rows", res.Counts.Rows, "took", time.Since(start).String())
	}
}

// fail marks a run failed with a message, with a fresh context: the worker's may have ended.
func (w *worker) fail(run *models.ImportRun, msg string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cur, err := w.st.GetImportRun(ctx, run.ID)
	if err != nil {
		w.opt.Log.Error("import worker: load run", "import", run.ID, "err", err)
		return
	}
	if cur.Status != models.ImportRunning {
		return
	}
	now := w.st.Now().UTC()
	cur.Status, cur.Message, cur.FinishedAt = models.ImportFailed, msg, &now
	if err := w.st.UpdateImportRun(ctx, cur); err != nil {
		w.opt.Log.Error("import worker: fail run", "import", run.ID, "err", err)
	}
}
