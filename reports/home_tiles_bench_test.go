package reports

import (
	"context"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// BenchmarkHomeTiles times the home pages' tiles (Store.ITDashboard, Store.ProcurementDashboard)
// and the first page of the lists behind the costliest tiles, on Postgres with the issue's
// register (modeltest.FullLoad: 1,000,000 devices, 100,000 licences, 200,000 warranties), vacuumed
// and analysed as autovacuum leaves a register in use (index-only scans need the visibility
// map). It skips without ITREG_TEST_POSTGRES_URL.
func BenchmarkHomeTiles(b *testing.B) {
	st := modeltest.MustFullRegister(b)
	ctx := context.Background()
	asOf := models.DateOf(modeltest.Clock)
	it, err := st.ITDashboard(ctx, asOf)
	if err != nil {
		b.Fatal(err)
	}
	pr, err := st.ProcurementDashboard(ctx, asOf, 1)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("past end of life %d, uncovered %d, over-assigned %d; renewals %d/%d/%d/%d; end of life FY%d %d",
		it.PastEndOfLife.Count, it.Uncovered.Count, it.OverAssigned.Count,
		pr.Renewals[0].Count, pr.Renewals[1].Count, pr.Renewals[2].Count, pr.Renewals[3].Count, pr.FiscalYear, pr.EndOfLife.Count)
	b.Run("it", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.ITDashboard(ctx, asOf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("procurement", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.ProcurementDashboard(ctx, asOf, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, tc := range []struct {
		name string
		f    *models.DeviceFilter
	}{
		{"list_past_end_of_life", it.PastEndOfLife.Lists[0].Devices},
		{"list_uncovered", it.Uncovered.Lists[0].Devices},
		{"list_end_of_life_fy", pr.EndOfLife.Lists[0].Devices},
	} {
		b.Run(tc.name, func(b *testing.B) {
			f := *tc.f
			f.Limit = 50
			for b.Loop() {
				if _, err := st.ListDevices(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("list_over_assigned", func(b *testing.B) {
		f := *it.OverAssigned.Lists[0].Licences
		f.Limit = 50
		for b.Loop() {
			if _, err := st.ListLicences(ctx, f); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("search", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.Search(ctx, "A0004242", 10); err != nil {
				b.Fatal(err)
			}
		}
	})
}
