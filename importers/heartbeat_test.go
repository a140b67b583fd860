package importers

import (
	"context"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestBeatRun checks that a run within a request or the CLI records a heartbeat as soon as it
// starts beating, so a crash is found within models.ImportStaleAfter.
func TestBeatRun(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		run := &models.ImportRun{CreatedAt: modeltest.Clock.Add(-models.ImportStaleAfter * 2), Status: models.ImportRunning}
		if err := st.CreateImportRun(ctx, run); err != nil {
			t.Fatal(err)
		}
		stop := beatRun(ctx, st, run.ID)
		stop()
		got, err := st.GetImportRun(ctx, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != models.ImportRunning || got.HeartbeatAt == nil || !got.HeartbeatAt.Equal(modeltest.Clock) {
			t.Fatalf("after a beat the run is %s, heartbeat %v", got.Status, got.HeartbeatAt)
		}
	})
}
