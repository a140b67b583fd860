package modeltest

import (
	"sync/atomic"
	"testing"

	"itreg/models"
)

// CountQueries counts every statement the store runs through GORM from now on (queries, row
// reads and raw statements), for tests that a list costs the same at any page size.
func CountQueries(tb testing.TB, st *models.Store) *atomic.Int64 {
	tb.Helper()
	var n atomic.Int64
	if err := st.OnStatement("test:count", func() { n.Add(1) }); err != nil {
		tb.Fatalf("count statements: %v", err)
	}
	return &n
}
