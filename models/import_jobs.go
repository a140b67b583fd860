package models

import (
	"context"
	"fmt"
	"time"
)

// SaveImportRunFile keeps the file of a finished run, so its error workbook can be made later
// (imports run within a request store no file otherwise).
func (s *Store) SaveImportRunFile(ctx context.Context, id int64, file []byte) error {
	// A map update passes no struct through the secret callbacks: seal here.
	sealed, err := s.secrets.SealBytes(file)
	if err != nil {
		return err
	}
	res := s.db.WithContext(ctx).Model(&ImportRun{}).Where("id = ?", id).Update("file_bytes", sealed)
	if res.Error != nil {
		return s.translate(fmt.Sprintf("save the file of import run %d", id), res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("save the file of import run %d: %w", id, ErrNotFound)
	}
	return nil
}

// QueuedImportBytes returns the bytes of the files of queued and running imports: what the
// import queue holds.
func (s *Store) QueuedImportBytes(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&ImportRun{}).Where("status IN ? AND file_bytes IS NOT NULL",
		[]string{ImportQueued, ImportRunning}).Select("COALESCE(SUM(size), 0)").Scan(&n).Error
	return n, s.translate("bytes in the import queue", err)
}

// DropImportRunFile forgets the file of a finished run: a job's file is kept only until the
// job ends, unless rows failed and the error workbook needs it (see ExpireImportFiles).
func (s *Store) DropImportRunFile(ctx context.Context, id int64) error {
	err := s.db.WithContext(ctx).Model(&ImportRun{}).Where("id = ?", id).Update("file_bytes", nil).Error
	return s.translate(fmt.Sprintf("drop the file of import run %d", id), err)
}

// ExpireImportFiles forgets the files of runs finished before the cut, kept for their error
// workbooks; it returns how many it forgot.
func (s *Store) ExpireImportFiles(ctx context.Context, finishedBefore time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Model(&ImportRun{}).
		Where("file_bytes IS NOT NULL AND finished_at IS NOT NULL AND finished_at < ? AND status NOT IN ?",
			finishedBefore, []string{ImportQueued, ImportRunning}).
		Update("file_bytes", nil)
	return res.RowsAffected, s.translate("expire import files", res.Error)
}
