package notify

import (
	"context"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestWorkerSendsTestMessageAndStops: a queued test message goes out on the worker's first
// pass, and the worker stops when its context ends.
func TestWorkerSendsTestMessageAndStops(t *testing.T) {
	for _, dialect := range modeltest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			e := mustEnv(t, dialect, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
			m, err := e.st.QueueTestMessage(e.ctx, models.ChannelEmail, "ops@example.org")
			if err != nil {
				t.Fatal(err)
			}
			w := &Worker{Planner: e.plan, Dispatcher: e.disp, Interval: time.Hour, Log: quiet}
			w.Pass(e.ctx)
			if got := e.subjects(); len(got) != 1 || got[0] != "itreg test message" {
				t.Errorf("received %q", got)
			}
			if row, err := e.st.GetOutbox(e.ctx, m.ID); err != nil || row.Status != models.StatusSent {
				t.Errorf("test row %+v (%v)", row, err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := w.Start(ctx)
			cancel()
			<-done // returns once the worker has stopped; a hang fails the test by its timeout
		})
	}
}
