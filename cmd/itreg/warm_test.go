package main

import (
	"context"
	"log/slog"
	"net/http"
	"testing"

	"itreg/api/web/webtest"
	"itreg/models"
	"itreg/models/modeltest"
)

// TestWarmHome holds the warmer to the pages: after it has run, the three home views, the list
// behind every tile, and the renewals, end-of-life, depreciation and budget pages as they open
// read only kept figures (no figure is counted on request), on Postgres, where figures are
// kept. It runs again only after the register changed and settled.
func TestWarmHome(t *testing.T) {
	ctx := context.Background()
	t.Run("sqlite keeps no figures: the warmer does nothing", func(t *testing.T) {
		st := modeltest.MustStore(t, models.SQLite)
		app := webtest.MustServerOn(t, st).App
		if _, open := <-startWarmer(ctx, st, app.Warm, 1, slog.New(slog.DiscardHandler)); open {
			t.Fatal("the warmer runs on SQLite")
		}
		last := int64(-1)
		if warmed, err := warmIfChanged(ctx, st, app.Warm, &last); warmed || err != nil {
			t.Fatalf("warmed %v, %v", warmed, err)
		}
	})
	if modeltest.PostgresURL() == "" {
		t.Skip("figures are kept on Postgres only; ITREG_TEST_POSTGRES_URL not set")
	}
	st := modeltest.MustStore(t, models.Postgres)
	modeltest.LoadRegister(t, st, modeltest.LoadSize{Devices: 2000, Licences: 200, Warranties: 300, SeatsPerLicence: 3, DevicesPerWarranty: 4})
	srv := webtest.MustServerOn(t, st) // fiscal years on the calendar, GBP
	srv.MustUser(t, "fin@example.com", "Fin", models.RoleViewer)
	c := srv.Client(t)
	c.SignIn("fin@example.com", webtest.Password)
	it, err := st.ITDashboard(ctx, st.Today())
	if err != nil {
		t.Fatal(err)
	}
	pr, err := st.ProcurementDashboard(ctx, st.Today(), 1)
	if err != nil {
		t.Fatal(err)
	}
	pages := []string{"/?view=it", "/?view=procurement", "/?view=finance", "/renewals", "/end-of-life", "/depreciation", "/budget"}
	for _, tile := range append(append([]models.Tile{it.PastEndOfLife, it.Uncovered, it.OverAssigned, pr.EndOfLife}, it.ByStatus...), pr.Renewals...) {
		for _, l := range tile.Lists {
			pages = append(pages, "/"+l.List+"?"+l.Query().Encode())
		}
	}
	counted := func(t *testing.T) {
		t.Helper()
		for _, p := range pages {
			before := st.SummaryMisses()
			if r := c.Get(p); r.Status != http.StatusOK {
				t.Fatalf("%s: status %d", p, r.Status)
			}
			if n := st.SummaryMisses() - before; n != 0 {
				t.Errorf("%s counted %d figures on request after the warmer ran", p, n)
			}
		}
	}
	last := int64(-1)
	warm := func(t *testing.T, want bool) {
		t.Helper()
		warmed, err := warmIfChanged(ctx, st, srv.App.Warm, &last)
		if err != nil || warmed != want {
			t.Fatalf("warmed %v (%v), want %v", warmed, err, want)
		}
	}
	modeltest.Exec(t, st, "UPDATE vendors SET notes = 'changed'") // nothing kept from the checks above
	warm(t, true)
	t.Run("every first page reads kept figures", counted)
	t.Run("nothing changed: no recount", func(t *testing.T) { warm(t, false) })
	t.Run("after a change, counted again for the pages", func(t *testing.T) {
		modeltest.Exec(t, st, "UPDATE devices SET status = 'retired' WHERE id IN (SELECT id FROM devices ORDER BY id LIMIT 10)")
		warm(t, true)
		counted(t)
	})
	t.Run("a write in flight: not counted until it settles", func(t *testing.T) {
		tx, err := st.SQLDB().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, "UPDATE devices SET status = 'deployed' WHERE id IN (SELECT id FROM devices ORDER BY id LIMIT 10)"); err != nil {
			t.Fatal(err)
		}
		warm(t, false)
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		warm(t, true)
		counted(t)
	})
}

// BenchmarkWarmHome times one recount of the first pages' figures (web.App.Warm) at the
// issue's size (1,000,000 devices, 100,000 licences, 200,000 warranties): the work the warmer
// does after each settled change, at most once per ITREG_WARM_SECONDS. It skips without ITREG_TEST_POSTGRES_URL.
//
//	ITREG_TEST_POSTGRES_URL=... go test -run '^$' -bench WarmHome -benchtime 3x -timeout 30m ./cmd/itreg/
func BenchmarkWarmHome(b *testing.B) {
	st := modeltest.MustFullRegister(b)
	app, ctx := webtest.MustServerOn(b, st).App, context.Background()
	last := int64(-1)
	for b.Loop() {
		b.StopTimer()
		modeltest.Exec(b, st, "UPDATE vendors SET notes = notes WHERE id = (SELECT MIN(id) FROM vendors)")
		b.StartTimer()
		if warmed, err := warmIfChanged(ctx, st, app.Warm, &last); err != nil || !warmed {
			b.Fatalf("warmed %v, %v", warmed, err)
		}
	}
}
