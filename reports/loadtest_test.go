package reports

import (
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// largeStore returns a fresh Postgres store (skipping without ITREG_TEST_POSTGRES_URL) loaded
// with the full benchmark register. Call it once per top-level benchmark and share it across
// sub-benchmarks: loading takes tens of seconds.
func largeStore(b *testing.B) *models.Store {
	b.Helper()
	if modeltest.PostgresURL() == "" {
		b.Skip("ITREG_TEST_POSTGRES_URL not set; the large-register benchmarks run on Postgres only")
	}
	st := modeltest.MustStore(b, models.Postgres)
	start := time.Now()
	modeltest.LoadRegister(b, st, modeltest.FullLoad)
	n := modeltest.FullLoad
	b.Logf("loaded %d devices, %d licences, %d warranties in %s", n.Devices, n.Licences, n.Warranties, time.Since(start).Round(time.Millisecond))
	return st
}
