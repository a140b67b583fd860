package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"time"

	"itreg/models"
	"itreg/reports"
)

// startWarmer counts the figures the home views read again once the register has changed and
// settled (no write in flight), every interval at most, so the next person to open a home
// page or a tile's list reads kept figures instead of counting a million rows
// (models/summaries.go). It runs on stores that keep figures (Postgres); elsewhere, and with a
// zero interval, it does nothing and its channel is closed at once.
func startWarmer(ctx context.Context, st *models.Store, cfg Config, every time.Duration, log *slog.Logger) <-chan struct{} {
	done := make(chan struct{})
	if !st.KeepsSummaries() || every <= 0 {
		close(done)
		return done
	}
	go func() {
		defer close(done)
		var last int64 = -1
		for {
			warmed, err := warmIfChanged(ctx, st, cfg, &last)
			if err != nil && ctx.Err() == nil {
				log.Warn("warming the home figures", "err", err)
			} else if warmed {
				log.Debug("home figures counted", "change", last)
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

// warmIfChanged counts the home figures when the register's change number is settled and is not
// *last, then records it in *last; it reports whether it counted.
func warmIfChanged(ctx context.Context, st *models.Store, cfg Config, last *int64) (bool, error) {
	change, settled, err := st.RegisterChange(ctx)
	if err != nil || !settled || change == *last {
		return false, err
	}
	if err := warmHome(ctx, st, cfg); err != nil {
		return false, err
	}
	*last = change
	return true, nil
}

// warmHome reads, as of today, what the three home views read (the IT and procurement tiles,
// the budget of this fiscal year) and the total of each list a tile links to, each through the
// same store call and parameters the pages use, so each is kept under the same key.
func warmHome(ctx context.Context, st *models.Store, cfg Config) error {
	today := st.Today()
	it, err := st.ITDashboard(ctx, today)
	if err != nil {
		return err
	}
	pr, err := st.ProcurementDashboard(ctx, today, cfg.FiscalYearStart)
	if err != nil {
		return err
	}
	tiles := append([]models.Tile{it.PastEndOfLife, it.Uncovered, it.OverAssigned, pr.EndOfLife}, it.ByStatus...)
	for _, t := range append(tiles, pr.Renewals...) {
		for _, l := range t.Lists {
			if err := warmList(ctx, st, l); err != nil {
				return err
			}
		}
	}
	r, _ := reports.Lookup("budget")
	fy := strconv.Itoa(models.FiscalYearOf(today, cfg.FiscalYearStart))
	p, err := reports.ParseParams(r, url.Values{"fiscal_year": {fy}},
		reports.Params{AsOf: today, Currency: cfg.Currency, FiscalYearStart: cfg.FiscalYearStart})
	if err != nil {
		return err
	}
	_, err = r.Build(ctx, st, p)
	return err
}

// warmList reads the first page of a tile's list, which counts (and keeps) its total.
func warmList(ctx context.Context, st *models.Store, l models.TileList) error {
	var err error
	switch {
	case l.Devices != nil:
		_, err = st.ListDevices(ctx, *l.Devices)
	case l.Licences != nil:
		_, err = st.ListLicences(ctx, *l.Licences)
	case l.Warranties != nil:
		_, err = st.ListWarranties(ctx, *l.Warranties)
	}
	if err != nil {
		return fmt.Errorf("warm the %s list: %w", l.List, err)
	}
	return nil
}
