package notify

import (
	"context"
	"log/slog"
	"time"
)

// Worker runs the planner and the dispatcher on every replica: a planning pass, then dispatch
// passes until nothing is due, then a pause of Interval.
type Worker struct {
	Planner    *Planner
	Dispatcher *Dispatcher
	Interval   time.Duration
	Log        *slog.Logger
}

// Start runs the worker until ctx ends; the channel closes once it has stopped.
func (w *Worker) Start(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	if w.Interval <= 0 {
		w.Interval = 30 * time.Second
	}
	if w.Log == nil {
		w.Log = slog.Default()
	}
	go func() {
		defer close(done)
		t := time.NewTicker(w.Interval)
		defer t.Stop()
		for {
			w.Pass(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return done
}

// Pass plans once and dispatches until a pass claims nothing (or ctx ends).
func (w *Worker) Pass(ctx context.Context) {
	if st, err := w.Planner.Plan(ctx); err != nil {
		w.Log.Error("reminders: planning failed", "err", err)
	} else if st.Planned+st.Cancelled+st.Expired > 0 {
		w.Log.Info("reminders planned", "planned", st.Planned, "cancelled", st.Cancelled, "expired", st.Expired)
	}
	for ctx.Err() == nil {
		st, err := w.Dispatcher.RunOnce(ctx)
		if err != nil {
			w.Log.Error("reminders: dispatch failed", "err", err)
			return
		}
		if st.Claimed == 0 {
			return
		}
		w.Log.Info("reminders dispatched", "sent", st.Sent, "retry", st.Retried, "dead", st.Dead, "dropped", st.Dropped)
	}
}
