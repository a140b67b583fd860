package models_test

import (
	"context"
	"fmt"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestReportStreamsCrossPages checks that the paged report queries return every row once and
// in order across page boundaries (pages are 1,000 rows).
func TestReportStreamsCrossPages(t *testing.T) {
	const n = 2300
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		err := st.WithTx(ctx, func(tx *models.Store) error {
			for i := range n {
				// Few distinct sort keys, so pages cut inside runs of equal keys.
				seats := int64(i%3 + 1)
				l := &models.Licence{Product: fmt.Sprintf("P%05d", i), Type: "subscription", Metric: "per_user", Seats: &seats,
					Cost: models.Money{Amount: int64(100 * (i % 4)), Currency: "GBP"}, BillingPeriod: "annual"}
				if err := tx.CreateLicence(ctx, l); err != nil {
					return err
				}
				tag := fmt.Sprintf("D%05d", i)
				d := &models.Device{AssetTag: &tag, Category: []string{"laptop", "server", "phone"}[i%3], Status: "deployed",
					PurchaseDate: models.MustDate("2024-01-15"), PurchaseCost: models.Money{Amount: 1000, Currency: "GBP"}}
				if err := tx.CreateDevice(ctx, d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Run("licence compliance", func(t *testing.T) {
			seen := map[int64]bool{}
			var prev *models.LicenceCompliance
			err := st.EachLicenceCompliance(ctx, models.ComplianceFilter{}, func(l *models.LicenceCompliance) error {
				if seen[l.ID] {
					t.Fatalf("licence %d twice", l.ID)
				}
				seen[l.ID] = true
				if prev != nil {
					pu, lu := unusedCost(prev), unusedCost(l)
					if pu < lu || (pu == lu && prev.ID > l.ID) {
						t.Fatalf("licence %d (unused %d) after %d (unused %d)", l.ID, lu, prev.ID, pu)
					}
				}
				c := *l
				prev = &c
				return nil
			})
			if err != nil || len(seen) != n {
				t.Fatalf("%d licences, err %v; want %d", len(seen), err, n)
			}
		})
		t.Run("depreciable devices", func(t *testing.T) {
			seen := map[int64]bool{}
			var prevCat string
			var prevID int64
			err := st.EachDepreciableDevice(ctx, models.DepreciationFilter{PurchasedBy: models.MustDate("2026-12-31")},
				func(d *models.DepreciableDevice) error {
					if seen[d.ID] {
						t.Fatalf("device %d twice", d.ID)
					}
					seen[d.ID] = true
					if d.Category < prevCat || (d.Category == prevCat && d.ID < prevID) {
						t.Fatalf("device %d (%s) after %d (%s)", d.ID, d.Category, prevID, prevCat)
					}
					prevCat, prevID = d.Category, d.ID
					return nil
				})
			if err != nil || len(seen) != n {
				t.Fatalf("%d devices, err %v; want %d", len(seen), err, n)
			}
		})
	})
}

// unusedCost is the order's second key in minor units: unused seats x yearly cost / seats.
func unusedCost(l *models.LicenceCompliance) int64 {
	if l.Seats == nil || *l.Seats <= l.Assigned {
		return 0
	}
	return (*l.Seats - l.Assigned) * l.Cost.Amount / *l.Seats
}
