package models

import (
	"context"
	"fmt"
)

// ImportRunHasFile reports whether a run still keeps its file (without loading it): the web
// application offers a dry run's commit only while the file is there.
func (s *Store) ImportRunHasFile(ctx context.Context, id int64) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&ImportRun{}).Where("id = ? AND file_bytes IS NOT NULL", id).Count(&n).Error
	if err != nil {
		return false, s.translate(fmt.Sprintf("get import run %d", id), err)
	}
	return n > 0, nil
}

// TakeImportRunFile returns the file kept with a run and removes it from the run in one
// transaction, so that of two requests committing the same dry run only one gets the file:
// the other gets a *ConflictError. A run that does not exist is ErrNotFound.
func (s *Store) TakeImportRunFile(ctx context.Context, id int64) ([]byte, error) {
	var file []byte
	err := s.WithTx(ctx, func(tx *Store) error {
		var r ImportRun
		if err := tx.db.Select("id", "file_bytes").Take(&r, id).Error; err != nil {
			return tx.translate(fmt.Sprintf("get import run %d", id), err)
		}
		// Two takers may both have read the file; the conditional update lets only one
		// through (on Postgres the second waits for the first and then matches no row).
		res := tx.db.Model(&ImportRun{}).Where("id = ? AND file_bytes IS NOT NULL", id).Update("file_bytes", nil)
		if res.Error != nil {
			return tx.translate(fmt.Sprintf("take the file of import run %d", id), res.Error)
		}
		if res.RowsAffected == 0 || r.File == nil {
			return &ConflictError{Message: "This dry run has been committed already (or its file was not kept); upload the file again."}
		}
		file = r.File
		return nil
	})
	return file, err
}
