package models

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ImportCommit records that a dry run was committed, by whom, and as which run.
type ImportCommit struct {
	DryRunID  int64     `gorm:"primaryKey;autoIncrement:false"`
	RunID     *int64    `gorm:"column:run_id"`
	Actor     string    `gorm:"not null;default:''"`
	CreatedAt time.Time `gorm:"not null"`
}

// ClaimDryRunCommit marks the dry run as being committed by actor. A run that is no dry run, or
// whose dry run found invalid rows, is a *FieldError; a dry run committed already (by anyone,
// even at the same moment) is a *ConflictError naming the import that committed it.
func (s *Store) ClaimDryRunCommit(ctx context.Context, dryRunID int64, actor string) error {
	run, err := s.GetImportRun(ctx, dryRunID)
	if err != nil {
		return err
	}
	if !run.DryRun {
		return &FieldError{Fields: map[string]string{"id": fmt.Sprintf("import #%d is no dry run; only a dry run is committed", dryRunID)}}
	}
	if run.Status != ImportSucceeded {
		return &FieldError{Fields: map[string]string{"id": fmt.Sprintf("dry run #%d is %s: fix the file and run it again", dryRunID, run.Status)}}
	}
	err = s.db.WithContext(ctx).Create(&ImportCommit{DryRunID: dryRunID, Actor: actor, CreatedAt: s.now()}).Error
	if err == nil {
		return nil
	}
	if err = s.translate("commit dry run", err); !errors.Is(err, ErrConflict) {
		return err
	}
	var c ImportCommit
	if s.db.WithContext(ctx).Take(&c, "dry_run_id = ?", dryRunID).Error == nil && c.RunID != nil {
		return &ConflictError{Message: fmt.Sprintf("dry run #%d was committed already, as import #%d by %s", dryRunID, *c.RunID, c.Actor)}
	}
	return &ConflictError{Message: fmt.Sprintf("dry run #%d is being committed already by %s", dryRunID, c.Actor)}
}

// FinishDryRunCommit records the run that committed the dry run.
func (s *Store) FinishDryRunCommit(ctx context.Context, dryRunID, runID int64) error {
	err := s.db.WithContext(ctx).Model(&ImportCommit{}).Where("dry_run_id = ?", dryRunID).Update("run_id", runID).Error
	return s.translate("commit dry run", err)
}

// ReleaseDryRunCommit forgets a claim whose commit failed before writing anything, so the dry
// run can be committed again.
func (s *Store) ReleaseDryRunCommit(ctx context.Context, dryRunID int64) error {
	err := s.db.WithContext(ctx).Where("dry_run_id = ? AND run_id IS NULL", dryRunID).Delete(&ImportCommit{}).Error
	return s.translate("release dry run commit", err)
}
