package models

import (
	"database/sql"
	"errors"

	"gorm.io/gorm"
)

// reportPage is how many rows a report query reads per page.
const reportPage = 1000

// streamPages reads a report's rows in pages by key: page(last) returns the query of the rows
// after last (nil for the first page), ordered by that key. Each page is read whole and its
// cursor closed before fn sees a row, so no database connection is held while the caller
// writes to a slow client, and memory stays one page. fn returning ErrStopStream stops early.
func streamPages[T any](op string, page func(last *T) *gorm.DB, scan func(*sql.Rows, *T) error, fn func(*T) error) error {
	var last *T
	batch := make([]T, 0, reportPage)
	for {
		batch = batch[:0]
		err := streamReportRows(op, page(last).Limit(reportPage), func(r *sql.Rows) error {
			var v T
			if err := scan(r, &v); err != nil {
				return err
			}
			batch = append(batch, v)
			return nil
		})
		if err != nil {
			return err
		}
		for i := range batch {
			if err := fn(&batch[i]); err != nil {
				if errors.Is(err, ErrStopStream) {
					return nil
				}
				return err
			}
		}
		if len(batch) < reportPage {
			return nil
		}
		keep := batch[len(batch)-1]
		last = &keep
	}
}
