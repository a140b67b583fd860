package importers

import (
	"context"
	"log/slog"
	"time"

	"itreg/models"
)

// beatRun records that the run is alive now and every models.ImportHeartbeat until the
// returned stop is called, so that if this process dies, another fails the run as interrupted
// within models.ImportStaleAfter instead of it reading "running" for minutes. Runs within a
// request and from the CLI use it; the worker beats with its progress.
func beatRun(ctx context.Context, st *models.Store, id int64) (stop func()) {
	beatCtx, cancel := context.WithCancel(ctx)
	beat := func() {
		// A short wait: on SQLite the import's own transaction may hold the writer; the next
		// beat, or the final status, follows.
		bctx, done := context.WithTimeout(beatCtx, models.ImportHeartbeat/2)
		defer done()
		if err := st.BeatImportRun(bctx, id); err != nil && beatCtx.Err() == nil && bctx.Err() == nil {
			slog.Default().Warn("import heartbeat", "import", id, "err", err)
		}
	}
	beat()
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(models.ImportHeartbeat)
		defer t.Stop()
		for {
			select {
			case <-beatCtx.Done():
				return
			case <-t.C:
				beat()
			}
		}
	}()
	return func() { cancel(); <-stopped }
}
