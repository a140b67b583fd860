package models

import (
	"context"
	"fmt"
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
