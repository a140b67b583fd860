package web

import (
	"context"
	"fmt"
	"net/url"

	"itreg/models"
	"itreg/reports"
)

// Warm reads, as of today, the figures behind the pages people open first, through the very
// functions and parameters those pages use: the three home views and the list each tile links
// to, and the renewals, end-of-life and depreciation pages as they open without parameters. On
// Postgres the store keeps what it counts until the register changes (models.Summary), so the
// next visitor reads kept figures; serve calls it once a change has settled
// (cmd/itreg/warm.go).
func (a *App) Warm(ctx context.Context) error {
	today := a.store.Today()
	if _, err := a.financeHome(ctx, today); err != nil {
		return fmt.Errorf("warm the finance home: %w", err)
	}
	it, err := a.store.ITDashboard(ctx, today)
	if err != nil {
		return fmt.Errorf("warm the IT home: %w", err)
	}
	pr, err := a.store.ProcurementDashboard(ctx, today, a.cfg.FiscalYearStart)
	if err != nil {
		return fmt.Errorf("warm the procurement home: %w", err)
	}
	tiles := append([]models.Tile{it.PastEndOfLife, it.Uncovered, it.OverAssigned, pr.EndOfLife}, it.ByStatus...)
	for _, t := range append(tiles, pr.Renewals...) {
		for _, l := range t.Lists {
			if err := a.warmList(ctx, l); err != nil {
				return fmt.Errorf("warm the %s list of %s: %w", l.List, t.Key, err)
			}
		}
	}
	st, p, err := a.reportParams("end-of-life", url.Values{})
	if err == nil {
		_, err = reports.EndOfLifeSummary(ctx, st, p, eolDefaultGroup)
	}
	if err != nil {
		return fmt.Errorf("warm the end-of-life page: %w", err)
	}
	if st, p, err = a.reportParams("depreciation", url.Values{}); err == nil {
		_, err = reports.DepreciationSubtotals(ctx, st, p)
	}
	if err != nil {
		return fmt.Errorf("warm the depreciation page: %w", err)
	}
	if err := a.warmRenewals(ctx); err != nil {
		return fmt.Errorf("warm the renewals page: %w", err)
	}
	return nil
}

// warmList reads the first page of a tile's list, which counts its total.
func (a *App) warmList(ctx context.Context, l models.TileList) error {
	var err error
	switch {
	case l.Devices != nil:
		_, err = a.store.ListDevices(ctx, *l.Devices)
	case l.Licences != nil:
		_, err = a.store.ListLicences(ctx, *l.Licences)
	case l.Warranties != nil:
		_, err = a.store.ListWarranties(ctx, *l.Warranties)
	}
	return err
}

// warmRenewals reads what the renewals page reads when it opens: each bucket's totals and the
// first items of every bucket that has any.
func (a *App) warmRenewals(ctx context.Context) error {
	st, p, err := a.reportParams("renewals", url.Values{"within": {renewalsWithin}})
	if err != nil {
		return err
	}
	upTo := renewalUpTo(p.AsOf)
	totals, err := reports.RenewalTotals(ctx, st, p, upTo)
	if err != nil {
		return err
	}
	counts := make([]int64, len(renewalBucketBounds))
	for _, t := range totals {
		counts[t.Bucket] += t.Items
	}
	for i, n := range counts {
		if n == 0 {
			continue
		}
		if _, err := a.renewalItems(ctx, st, p, bucketWindow(upTo, i), 0, renewalsFirst); err != nil {
			return err
		}
	}
	return nil
}
