package web_test

import (
	"context"
	"net/http"
	"testing"

	"itreg/api/web/webtest"
	"itreg/models"
	"itreg/models/modeltest"
)

// BenchmarkHomePages times the server side of the three home views, the search page and the
// first page of each list a home tile links to (its total included), through the real router
// with the render (and the client's HTML parse, so an upper bound), on Postgres with the
// issue's register (modeltest.FullLoad: 1,000,000 devices, 100,000 licences, 200,000
// warranties), vacuumed and analysed as autovacuum leaves a register in use. It skips without
// ITREG_TEST_POSTGRES_URL.
func BenchmarkHomePages(b *testing.B) {
	if modeltest.PostgresURL() == "" {
		b.Skip("ITREG_TEST_POSTGRES_URL not set; the large-register benchmarks run on Postgres only")
	}
	st := modeltest.MustStore(b, models.Postgres)
	modeltest.LoadRegister(b, st, modeltest.FullLoad)
	modeltest.Exec(b, st, "VACUUM ANALYZE vendors, budget_lines, devices, licences, licence_seats, warranties, warranty_devices")
	srv := webtest.MustServerOn(b, st)
	srv.MustUser(b, "bench@example.com", "Bench", models.RoleEditor)
	c := srv.Client(b)
	c.SignIn("bench@example.com", webtest.Password)
	ctx, today := context.Background(), st.Today()
	it, err := st.ITDashboard(ctx, today)
	if err != nil {
		b.Fatal(err)
	}
	pr, err := st.ProcurementDashboard(ctx, today, 1)
	if err != nil {
		b.Fatal(err)
	}
	pages := []struct{ name, path string }{
		{"home_it", "/?view=it"},
		{"home_procurement", "/?view=procurement"},
		{"home_finance", "/?view=finance"},
		{"search_tag", "/search?q=A0004242"},
		{"search_host", "/search?q=host-77"},
	}
	for _, t := range []struct {
		name string
		tile models.Tile
	}{
		{"list_past_end_of_life", it.PastEndOfLife}, {"list_uncovered", it.Uncovered},
		{"list_end_of_life_fy", pr.EndOfLife}, {"list_over_assigned", it.OverAssigned},
	} {
		l := t.tile.Lists[0]
		pages = append(pages, struct{ name, path string }{t.name, "/" + l.List + "?" + l.Query().Encode()})
	}
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				if r := c.Get(p.path); r.Status != http.StatusOK {
					b.Fatalf("%s: status %d", p.path, r.Status)
				}
			}
		})
	}
}
