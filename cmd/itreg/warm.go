package main

import (
	"context"
	"log/slog"
	"time"

	"itreg/models"
)

// startWarmer calls warm (the web application's Warm: the figures behind the pages people open
// first) once the register has changed and settled (no write in flight), every interval at
// most, so the next person to open those pages reads kept figures instead of counting a
// million rows (models/summaries.go). It runs on stores that keep figures (Postgres);
// elsewhere, and with a zero interval, it does nothing and its channel is closed at once.
func startWarmer(ctx context.Context, st *models.Store, warm func(context.Context) error, every time.Duration, log *slog.Logger) <-chan struct{} {
	done := make(chan struct{})
	if !st.KeepsSummaries() || every <= 0 {
		close(done)
		return done
	}
	go func() {
		defer close(done)
		var last int64 = -1
		for {
			warmed, err := warmIfChanged(ctx, st, warm, &last)
			if err != nil && ctx.Err() == nil {
				log.Warn("warming the first pages' figures", "err", err)
			} else if warmed {
				log.Debug("first pages' figures counted", "change", last)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(every):
			}
		}
	}()
	return done
}

// warmIfChanged calls warm when the register's change number is settled and is not *last,
// then records it in *last; it reports whether it called warm.
func warmIfChanged(ctx context.Context, st *models.Store, warm func(context.Context) error, last *int64) (bool, error) {
	change, settled, err := st.RegisterChange(ctx)
	if err != nil || !settled || change == *last {
		return false, err
	}
	if err := warm(ctx); err != nil {
		return false, err
	}
	*last = change
	return true, nil
}
