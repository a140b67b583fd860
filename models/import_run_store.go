package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ImportRunFilter selects import runs for a list.
type ImportRunFilter struct {
	Status string // one of the Import* statuses; "" for all
	Page
}

var importRunSorts = map[string]SortField[ImportRun]{
	"created_at": {Expr: "import_runs.created_at", Key: func(r *ImportRun) any { return r.CreatedAt }},
}

// runColumns are the columns lists read: everything but the stored file.
var runColumns = []string{"id", "created_at", "finished_at", "actor", "file_name", "sha256", "size", "kind",
	"options", "dry_run", "skip_invalid", "status", "rows_total", "rows_created", "rows_updated",
	"rows_unchanged", "rows_failed", "errors", "errors_omitted", "result", "message", "progress_done",
	"progress_total", "claimed_at", "heartbeat_at", "interrupted_at"}

// CreateImportRun stores a new run; its id names the run in audit events ("import #id").
func (s *Store) CreateImportRun(ctx context.Context, r *ImportRun) error {
	r.ID = 0
	if r.CreatedAt.IsZero() {
		r.CreatedAt = s.now()
	}
	if r.Status == "" {
		r.Status = ImportRunning
	}
	if err := s.db.WithContext(ctx).Create(r).Error; err != nil {
		return s.translate("create import run", err)
	}
	return nil
}

// UpdateImportRun saves every column of the run but its file.
func (s *Store) UpdateImportRun(ctx context.Context, r *ImportRun) error {
	err := s.db.WithContext(ctx).Model(r).Omit("file_bytes", "created_at").Select("*").Updates(r).Error
	return s.translate(fmt.Sprintf("update import run %d", r.ID), err)
}

// SetImportProgress records how far a running import has got and beats its heartbeat.
func (s *Store) SetImportProgress(ctx context.Context, id int64, done, total int) error {
	now := s.now()
	err := s.db.WithContext(ctx).Model(&ImportRun{}).Where("id = ?", id).Updates(map[string]any{
		"progress_done": done, "progress_total": total, "heartbeat_at": now}).Error
	return s.translate(fmt.Sprintf("update import run %d", id), err)
}

// GetImportRun loads one run without its file.
func (s *Store) GetImportRun(ctx context.Context, id int64) (*ImportRun, error) {
	var r ImportRun
	err := s.db.WithContext(ctx).Select(runColumns).Take(&r, id).Error
	if err != nil {
		return nil, s.translate(fmt.Sprintf("get import run %d", id), err)
	}
	if r.Status == ImportRunning && s.stale(&r) {
		// Whoever looks first fails an interrupted run, so nobody reads "running" for minutes.
		if _, err := s.MarkStaleRunningFailed(ctx, ImportStaleAfter); err != nil {
			return nil, err
		}
		r = ImportRun{}
		if err := s.db.WithContext(ctx).Select(runColumns).Take(&r, id).Error; err != nil {
			return nil, s.translate(fmt.Sprintf("get import run %d", id), err)
		}
	}
	return &r, nil
}

// ListImportRuns lists runs, newest first unless the page sorts otherwise; files are not loaded.
func (s *Store) ListImportRuns(ctx context.Context, f ImportRunFilter) (ListResult[ImportRun], error) {
	q := s.db.Model(&ImportRun{}).Select(runColumns)
	if f.Status != "" {
		q = q.Where("import_runs.status = ?", f.Status)
	}
	if f.Sort == "" {
		f.Sort = "-created_at"
	}
	return listPage(ctx, s, q, "import_runs", f.Page, importRunSorts, func(r *ImportRun) int64 { return r.ID })
}

// ImportRunFile returns the file stored with a run (nil when none was kept).
func (s *Store) ImportRunFile(ctx context.Context, id int64) ([]byte, error) {
	var r ImportRun
	err := s.db.WithContext(ctx).Select("id", "file_bytes").Take(&r, id).Error
	if err != nil {
		return nil, s.translate(fmt.Sprintf("get import run %d", id), err)
	}
	return r.File, nil
}

// ClaimQueuedImport takes the oldest queued run, marks it running and returns it with its
// file; it returns nil, nil when none is queued. Two workers never claim the same run
// (FOR UPDATE SKIP LOCKED on Postgres; SQLite has a single writer).
func (s *Store) ClaimQueuedImport(ctx context.Context) (*ImportRun, error) {
	var out *ImportRun
	err := s.WithTx(ctx, func(tx *Store) error {
		var r ImportRun
		q := tx.db.Where("status = ?", ImportQueued).Order("id")
		if tx.dialect == Postgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		if err := q.Take(&r).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return nil
			}
			return tx.translate("claim import run", err)
		}
		now := tx.now()
		res := tx.db.Model(&ImportRun{}).Where("id = ? AND status = ?", r.ID, ImportQueued).
			Updates(map[string]any{"status": ImportRunning, "claimed_at": now, "heartbeat_at": now})
		if res.Error != nil {
			return tx.translate("claim import run", res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		r.Status, r.ClaimedAt, r.HeartbeatAt = ImportRunning, &now, &now
		out = &r
		return nil
	})
	return out, err
}

// MarkStaleRunningFailed fails, as interrupted, the runs left running whose heartbeat (or
// claim, or creation) is older than olderThan: the process running them stopped (a crash, a
// kill -9, a restart). InterruptedAt records their last sign of life. It returns how many runs
// it failed. Any process may call it; a run that is still beating is never touched.
func (s *Store) MarkStaleRunningFailed(ctx context.Context, olderThan time.Duration) (int64, error) {
	now := s.now()
	cut := now.Add(-olderThan)
	res := s.db.WithContext(ctx).Model(&ImportRun{}).
		Where("status = ? AND COALESCE(heartbeat_at, claimed_at, created_at) < ?", ImportRunning, cut).
		Updates(map[string]any{"status": ImportFailed, "finished_at": now,
			"interrupted_at": gorm.Expr("COALESCE(heartbeat_at, claimed_at, created_at)"),
			"message":        "interrupted: the process running it stopped; upload the file again"})
	if res.Error != nil {
		return 0, s.translate("fail stale import runs", res.Error)
	}
	return res.RowsAffected, nil
}

// ImportStaleAfter is how old a running import's heartbeat may grow before any process that
// looks fails it as interrupted; runs beat every ImportHeartbeat.
const (
	ImportStaleAfter = 30 * time.Second
	ImportHeartbeat  = 10 * time.Second
)

// BeatImportRun records that a running import is alive.
func (s *Store) BeatImportRun(ctx context.Context, id int64) error {
	err := s.db.WithContext(ctx).Model(&ImportRun{}).Where("id = ? AND status = ?", id, ImportRunning).
		Update("heartbeat_at", s.now()).Error
	return s.translate(fmt.Sprintf("beat import run %d", id), err)
}

// stale reports whether a running run's last sign of life is older than ImportStaleAfter.
func (s *Store) stale(r *ImportRun) bool {
	last := r.CreatedAt
	for _, t := range []*time.Time{r.ClaimedAt, r.HeartbeatAt} {
		if t != nil && t.After(last) {
			last = *t
		}
	}
	return s.now().Sub(last) > ImportStaleAfter
}
