package models_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestEndOfLifeFilterMatchesRule holds the end-of-life list filters (SQL) to Device.EndOfLife
// (Go) on devices bought on month ends, leap days and ordinary days, on their category's
// lifetime, their own, a store override, and with or without an end-of-support date.
func TestEndOfLifeFilterMatchesRule(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		st.Lifetimes = map[string]int{"tablet": 25}
		ctx := context.Background()
		var devices []models.Device
		purchases := []string{"", "2020-02-29", "2021-01-31", "2021-03-31", "2022-08-30", "2022-12-31", "2023-05-15", "2024-01-29"}
		lifetimes := []int{0, 1, 13, 36}
		eols := []string{"", "2024-02-29", "2026-11-30"}
		i := 0
		for _, p := range purchases {
			for _, lt := range lifetimes {
				for _, e := range eols {
					for _, cat := range []string{"laptop", "phone", "tablet"} {
						if p == "" && e == "" && lt > 1 {
							continue
						}
						i++
						tag := fmt.Sprintf("E%04d", i)
						d := models.Device{AssetTag: &tag, Category: cat, Status: "deployed", Record: models.Record{Version: 1}}
						if p != "" {
							d.PurchaseDate = models.MustDate(p)
						}
						if e != "" {
							d.EOLDate = models.MustDate(e)
						}
						if lt > 0 {
							v := lt
							d.LifetimeMonths = &v
						}
						mustInsert(t, st, &d)
						devices = append(devices, d)
					}
				}
			}
		}
		defaults := st.LifetimeDefaults()
		for _, tc := range []struct{ from, before string }{
			{"", "2024-02-29"}, {"", "2024-03-01"}, {"", "2025-02-28"}, {"2024-01-31", "2024-03-31"},
			{"2022-02-28", ""}, {"2026-01-01", "2027-01-01"}, {"2021-02-28", "2021-03-01"}, {"2023-12-31", "2025-06-30"},
		} {
			t.Run(tc.from+"_"+tc.before, func(t *testing.T) {
				var f models.DeviceFilter
				f.Limit = models.MaxLimit
				var want []int64
				for _, d := range devices {
					eol := d.EndOfLife(defaults)
					in := !eol.IsZero()
					if tc.from != "" {
						f.EOLFrom = models.MustDate(tc.from)
						in = in && !eol.Before(f.EOLFrom)
					}
					if tc.before != "" {
						f.EOLBefore = models.MustDate(tc.before)
						in = in && eol.Before(f.EOLBefore)
					}
					if in {
						want = append(want, d.ID)
					}
				}
				res, err := st.ListDevices(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, d := range res.Items {
					got = append(got, d.ID)
				}
				if !slices.Equal(got, want) || res.Total != int64(len(want)) {
					t.Errorf("got %d devices (total %d), want %d:\n got %v\nwant %v", len(got), res.Total, len(want), got, want)
				}
			})
		}
	})
}
