package web_test

import (
	"net/http"
	"testing"

	"itreg/api/web/webtest"
	"itreg/models"
	"itreg/models/modeltest"
)

// BenchmarkProcurementPages times the server side of the home views and the renewals, budget,
// end-of-life, depreciation and search pages through the real router, render included (and
// the client's HTML parse, so an upper bound), on Postgres with the register
// (modeltest.FullLoad: 1,000,000 devices, 100,000 licences, 200,000 warranties). It skips
// without ITREG_TEST_POSTGRES_URL.
func BenchmarkProcurementPages(b *testing.B) {
	if modeltest.PostgresURL() == "" {
		b.Skip("ITREG_TEST_POSTGRES_URL not set; the large-register benchmarks run on Postgres only")
	}
	st := modeltest.MustStore(b, models.Postgres)
	modeltest.LoadRegister(b, st, modeltest.FullLoad)
	srv := webtest.MustServerOn(b, st)
	srv.MustUser(b, "bench@example.com", "Bench", models.RoleEditor)
	c := srv.Client(b)
	c.SignIn("bench@example.com", webtest.Password)
	for _, p := range []struct{ name, path string }{
		{"home_it", "/?view=it"},
		{"home_procurement", "/?view=procurement"},
		{"home_finance", "/?view=finance"},
		{"renewals_90", "/renewals?within=90"},
		{"budget", "/budget"},
		{"end_of_life_90", "/end-of-life?within=90"},
		{"search", "/search?q=A0004242"},
		{"depreciation", "/depreciation"},
	} {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				if r := c.Get(p.path); r.Status != http.StatusOK {
					b.Fatalf("%s: status %d", p.path, r.Status)
				}
			}
		})
	}
}
