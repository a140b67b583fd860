package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestDemo loads the demo register through the CLI, checks what the reports rely on, and
// checks that a second run changes nothing.
func TestDemo(t *testing.T) {
	modeltest.ForEachDatabase(t, func(t *testing.T, db string) {
		out, _ := mustRun(t, exitOK, "demo", "--database", db)
		if !strings.Contains(out, "Demo register loaded: 17 vendors, 12 budget lines, 300 devices") {
			t.Errorf("first run printed %q", out)
		}
		ctx := context.Background()
		st, err := models.Open(ctx, db, models.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		today := st.Today()
		counts := registerCounts(t, st)

		t.Run("support contract ends in 60 days and covers the infrastructure", func(t *testing.T) {
			res, err := st.ListWarranties(ctx, models.WarrantyFilter{Kind: "support"})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Items) != 1 {
				t.Fatalf("%d support contracts, want 1", len(res.Items))
			}
			w := res.Items[0]
			ids, err := st.DeviceIDsForWarranties(ctx, []int64{w.ID})
			if err != nil {
				t.Fatal(err)
			}
			if got := today.DaysUntil(w.EndDate); got != 60 || w.NoticeDays != 30 || len(ids[w.ID]) < 30 {
				t.Errorf("support contract ends in %d days with %d days notice covering %d devices; want 60, 30, at least 30",
					got, w.NoticeDays, len(ids[w.ID]))
			}
		})
		t.Run("subscriptions fall due within 90 days", func(t *testing.T) {
			res, err := st.ListLicences(ctx, models.LicenceFilter{Type: "subscription", EndsBefore: today.AddDays(91)})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total < 3 {
				t.Errorf("%d subscriptions end within 90 days, want at least 3", res.Total)
			}
		})
		t.Run("some devices are past end of life", func(t *testing.T) {
			res, err := st.ListDevices(ctx, models.DeviceFilter{Status: models.StatusDeployed, Page: models.Page{Limit: models.MaxLimit}})
			if err != nil {
				t.Fatal(err)
			}
			past := 0
			for i := range res.Items {
				if eol := res.Items[i].EndOfLife(st.LifetimeDefaults()); !eol.IsZero() && eol.Before(today) {
					past++
				}
			}
			if past == 0 {
				t.Errorf("no deployed device is past end of life")
			}
		})

		out, _ = mustRun(t, exitOK, "demo", "--database", db)
		if !strings.Contains(out, "already holds 300 devices") {
			t.Errorf("second run printed %q", out)
		}
		if again := registerCounts(t, st); !maps.Equal(again, counts) {
			t.Errorf("second run changed the register: %v, then %v", counts, again)
		}
	})
}

// registerCounts counts the records of each kind.
func registerCounts(t *testing.T, st *models.Store) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, table := range []string{"vendors", "budget_lines", "devices", "licences", "licence_seats", "warranties", "audit_events"} {
		out[table] = modeltest.Count(t, st, table)
	}
	return out
}

// TestDemoAllOrNothing checks that a demo load that fails part-way writes nothing: a device
// already holding an asset tag the forced load will reach makes it fail.
func TestDemoAllOrNothing(t *testing.T) {
	modeltest.ForEachDatabase(t, func(t *testing.T, db string) {
		mustRun(t, exitOK, "migrate", "--database", db)
		ctx := models.WithActor(context.Background(), "test")
		st, err := models.Open(ctx, db, models.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		// One device exists, so a forced load numbers its tags from IT-000002: the 150th
		// collides with this one.
		tag := "IT-000151"
		if err := st.CreateDevice(ctx, &models.Device{AssetTag: &tag, Category: models.CategoryLaptop, Status: models.StatusDeployed}); err != nil {
			t.Fatal(err)
		}
		before := registerCounts(t, st)
		_, stderr := mustRun(t, exitFailure, "demo", "--force", "--database", db)
		if !strings.Contains(stderr, "nothing was written") {
			t.Errorf("the failure does not say nothing was written: %s", stderr)
		}
		if after := registerCounts(t, st); !maps.Equal(after, before) {
			t.Errorf("a failed demo load wrote records: %v, then %v", before, after)
		}
	})
}

// TestDemoFiscalYears checks that the demo's budget lines follow ITREG_FISCAL_YEAR_START: the
// fiscal year today falls in and the one before.
func TestDemoFiscalYears(t *testing.T) {
	for _, start := range []int{1, 4} {
		t.Run(fmt.Sprintf("start month %d", start), func(t *testing.T) {
			t.Setenv("ITREG_FISCAL_YEAR_START", strconv.Itoa(start))
			db := modeltest.MustDatabaseURL(t, models.SQLite)
			mustRun(t, exitOK, "demo", "--database", db)
			st, err := models.Open(context.Background(), db, models.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			lines, err := st.ListBudgetLines(context.Background(), models.BudgetLineFilter{Page: models.Page{Limit: 1000, Sort: "fiscal_year"}})
			if err != nil {
				t.Fatal(err)
			}
			var years []int
			for _, b := range lines.Items {
				if !slices.Contains(years, b.FiscalYear) {
					years = append(years, b.FiscalYear)
				}
			}
			fy := models.FiscalYearOf(st.Today(), start)
			if want := []int{fy - 1, fy}; !slices.Equal(years, want) {
				t.Errorf("budget lines for fiscal years %v, want %v", years, want)
			}
		})
	}
}
