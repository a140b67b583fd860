package models_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestSummariesFollowEveryWrite holds the kept figures (home tiles, list totals, report page
// totals) to the register: after a write of any kind, through the store or behind its back
// from another connection, the next read counts it; a write still in flight is not seen and
// not kept; a figure asked twice with nothing written between is answered from the kept one
// on Postgres (SQLite counts every time).
func TestSummariesFollowEveryWrite(t *testing.T) {
	ctx := models.WithActor(context.Background(), "test")
	asOf := models.MustDate("2026-11-22")
	for _, d := range modeltest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			url := modeltest.MustDatabaseURL(t, d)
			open := func() *models.Store {
				st, err := models.Open(ctx, url, models.Options{Now: func() time.Time { return modeltest.Clock },
					Secrets: modeltest.MustKeyring(t, modeltest.TestSecretKey)})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				return st
			}
			st := open()
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			other := open() // another process writing the same register (the CLI, a second server)
			exec := func(t *testing.T, query string, args ...any) {
				t.Helper()
				if err := other.DB(ctx).Exec(query, args...).Error; err != nil {
					t.Fatalf("%s: %v", query, err)
				}
			}
			r := mustDashRegister(t, st)
			yes := true
			pastEOL := models.DeviceFilter{DeviceStateFilter: models.DeviceStateFilter{InService: &yes, EOLBefore: asOf}}
			uncovered := models.DeviceFilter{DeviceStateFilter: models.DeviceStateFilter{InService: &yes, UncoveredOn: asOf}}
			type figures struct{ pastEOL, uncovered, pastEOLList, uncoveredList, deployed int64 }
			read := func() figures {
				t.Helper()
				dash, err := st.ITDashboard(ctx, asOf)
				if err != nil {
					t.Fatal(err)
				}
				var f figures
				f.pastEOL, f.uncovered = dash.PastEndOfLife.Count, dash.Uncovered.Count
				for _, tile := range dash.ByStatus {
					if tile.Key == "status_deployed" {
						f.deployed = tile.Count
					}
				}
				for _, lf := range []struct {
					filter models.DeviceFilter
					dst    *int64
				}{{pastEOL, &f.pastEOLList}, {uncovered, &f.uncoveredList}} {
					res, err := st.ListDevices(ctx, lf.filter)
					if err != nil {
						t.Fatal(err)
					}
					*lf.dst = res.Total
				}
				return f
			}
			expectKept := func(t *testing.T, want figures) {
				t.Helper()
				before := st.SummaryHits()
				if got := read(); got != want {
					t.Fatalf("read again: %+v, want %+v", got, want)
				}
				hits := st.SummaryHits() - before
				if d == models.Postgres && hits != 3 { // the dashboard and the two list totals
					t.Errorf("a second read with nothing written took %d kept figures, want 3", hits)
				}
				if d == models.SQLite && hits != 0 {
					t.Errorf("SQLite keeps no figures, took %d", hits)
				}
			}
			// mustDashRegister's figures: D1 past end of life in service; D1, D4 and D5 in
			// service without cover; D1, D2, D5 and D6 deployed.
			want := figures{pastEOL: 1, uncovered: 3, pastEOLList: 1, uncoveredList: 3, deployed: 4}
			if got := read(); got != want {
				t.Fatalf("register as built: %+v, want %+v", got, want)
			}
			expectKept(t, want)
			d1 := r.devices["D1"].ID
			for _, w := range []struct {
				name   string
				write  func(t *testing.T)
				change func(*figures)
			}{
				{"a store update retiring a device", func(t *testing.T) {
					if _, err := st.UpdateDevice(ctx, d1, r.devices["D1"].Version, func(d *models.Device) error {
						d.Status = models.StatusRetired
						return nil
					}); err != nil {
						t.Fatal(err)
					}
				}, func(f *figures) { f.pastEOL, f.pastEOLList, f.uncovered, f.uncoveredList, f.deployed = 0, 0, 2, 2, 3 }},
				{"another connection redeploying it", func(t *testing.T) {
					exec(t, "UPDATE devices SET status = 'deployed' WHERE id = ?", d1)
				}, func(f *figures) { f.pastEOL, f.pastEOLList, f.uncovered, f.uncoveredList, f.deployed = 1, 1, 3, 3, 4 }},
				{"another connection covering it", func(t *testing.T) {
					exec(t, "INSERT INTO warranty_devices (warranty_id, device_id) "+
						"SELECT warranty_id, ? FROM warranty_devices WHERE device_id = ?", d1, r.devices["D2"].ID)
				}, func(f *figures) { f.uncovered, f.uncoveredList = 2, 2 }},
				{"a category's lifetime shortened", func(t *testing.T) {
					// D2, a laptop bought 2025-06-01, reaches end of life 2026-06-01 at 12 months.
					exec(t, "UPDATE categories SET lifetime_months = 12 WHERE name = 'laptop'")
				}, func(f *figures) { f.pastEOL, f.pastEOLList = 2, 2 }},
				{"a device deleted", func(t *testing.T) {
					exec(t, "DELETE FROM warranty_devices WHERE device_id = ?", r.devices["D5"].ID)
					exec(t, "DELETE FROM devices WHERE id = ?", r.devices["D5"].ID)
				}, func(f *figures) { f.uncovered, f.uncoveredList, f.deployed = 1, 1, 3 }},
			} {
				t.Run(w.name, func(t *testing.T) {
					w.write(t)
					w.change(&want)
					if got := read(); got != want {
						t.Fatalf("after the write: %+v, want %+v", got, want)
					}
					expectKept(t, want)
				})
			}
			t.Run("a write in flight is neither seen nor kept", func(t *testing.T) {
				for _, commit := range []bool{false, true} {
					tx := other.DB(ctx).Begin()
					t.Cleanup(func() { tx.Rollback() }) // a failure must not leave the row locked
					if err := tx.Exec("UPDATE devices SET status = 'retired' WHERE id = ?", d1).Error; err != nil {
						t.Fatal(err)
					}
					if got := read(); got != want {
						t.Fatalf("while another transaction retires D1: %+v, want %+v (uncommitted)", got, want)
					}
					if !commit {
						if err := tx.Rollback().Error; err != nil {
							t.Fatal(err)
						}
						if got := read(); got != want {
							t.Fatalf("after the rollback: %+v, want %+v", got, want)
						}
						continue
					}
					if err := tx.Commit().Error; err != nil {
						t.Fatal(err)
					}
					want.pastEOL, want.pastEOLList, want.deployed = 1, 1, 2
					if got := read(); got != want {
						t.Fatalf("after the commit: %+v, want %+v", got, want)
					}
				}
			})
		})
	}
}

// TestRegisterTablesCarryTheChangeTrigger holds migration 10's trigger list to the tables the
// summaries depend on.
func TestRegisterTablesCarryTheChangeTrigger(t *testing.T) {
	if modeltest.PostgresURL() == "" {
		t.Skip("the change number exists on Postgres only; ITREG_TEST_POSTGRES_URL not set")
	}
	st := modeltest.MustStore(t, models.Postgres)
	var tables []string
	err := st.DB(context.Background()).Raw(`SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
		WHERE NOT g.tgisinternal AND g.tgname = c.relname || '_changed' AND c.relnamespace = current_schema()::regnamespace
		ORDER BY 1`).Scan(&tables).Error
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Sorted(slices.Values(models.RegisterTables))
	if !slices.Equal(tables, want) {
		t.Errorf("tables with the change trigger: %v, want %v", tables, want)
	}
}
