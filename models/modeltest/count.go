package modeltest

import (
	"context"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"itreg/models"
)

// CountQueries counts every statement the store runs through GORM from now on (queries, row
// reads and raw statements), for tests that a list costs the same at any page size.
func CountQueries(tb testing.TB, st *models.Store) *atomic.Int64 {
	tb.Helper()
	var n atomic.Int64
	db := st.DB(context.Background())
	count := func(*gorm.DB) { n.Add(1) }
	for name, err := range map[string]error{
		"query": db.Callback().Query().Before("gorm:query").Register("test:count_query", count),
		"row":   db.Callback().Row().Before("gorm:row").Register("test:count_row", count),
		"raw":   db.Callback().Raw().Before("gorm:raw").Register("test:count_raw", count),
	} {
		if err != nil {
			tb.Fatalf("register %s callback: %v", name, err)
		}
	}
	return &n
}
