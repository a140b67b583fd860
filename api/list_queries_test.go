package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// mustCountQueries counts every statement the store runs through GORM from now on.
func mustCountQueries(t *testing.T, st *models.Store) *atomic.Int64 {
	t.Helper()
	return modeltest.CountQueries(t, st)
}

// TestListQueryCountConstant checks that a list page costs the same number of statements
// whatever its size (no query per row): each list with references, seats and covered devices
// on every row, at 2, 20 and 200 rows a page.
func TestListQueryCountConstant(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		ctx := models.WithActor(context.Background(), "test")
		var vendors, lines []int64
		for i := range 5 {
			v := &models.Vendor{Name: fmt.Sprintf("V%d", i)}
			if err := a.store.CreateVendor(ctx, v); err != nil {
				t.Fatal(err)
			}
			vendors = append(vendors, v.ID)
			bl := &models.BudgetLine{Code: fmt.Sprintf("BL%d", i), Name: "line", FiscalYear: 2026, Category: "capex"}
			if err := a.store.CreateBudgetLine(ctx, bl); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, bl.ID)
		}
		for i := range 250 {
			d := &models.Device{AssetTag: models.StrPtr(fmt.Sprintf("Q%03d", i)), Category: "laptop", Status: "deployed",
				ManufacturerID: &vendors[i%5], SupplierID: &vendors[(i+1)%5], BudgetLineID: &lines[i%5]}
			if err := a.store.CreateDevice(ctx, d); err != nil {
				t.Fatal(err)
			}
			l := &models.Licence{Product: fmt.Sprintf("P%03d", i), Type: "subscription", Metric: "per_user", PublisherID: &vendors[i%5],
				SupplierID: &vendors[(i+2)%5], BudgetLineID: &lines[i%5]}
			if err := a.store.CreateLicence(ctx, l); err != nil {
				t.Fatal(err)
			}
			if err := a.store.CreateSeat(ctx, &models.LicenceSeat{LicenceID: l.ID, DeviceID: &d.ID}); err != nil {
				t.Fatal(err)
			}
			w := &models.Warranty{Kind: "support", Reference: models.StrPtr(fmt.Sprintf("W%03d", i)), EndDate: models.MustDate("2027-01-01"),
				ProviderID: &vendors[i%5], BudgetLineID: &lines[i%5], DeviceIDs: []int64{d.ID}}
			if err := a.store.CreateWarranty(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		n := mustCountQueries(t, a.store)
		for _, list := range []string{"/api/v1/devices", "/api/v1/devices?in_service=true&uncovered_on=2026-01-01",
			"/api/v1/licences", "/api/v1/warranties", "/api/v1/vendors", "/api/v1/budget-lines"} {
			t.Run(list, func(t *testing.T) {
				counts := map[int]int64{}
				for _, size := range []int{2, 20, 200} {
					sep := "?"
					if strings.Contains(list, "?") {
						sep = "&"
					}
					// A change to the register first, so every page counts its total afresh
					// (on Postgres a total is kept until the register changes).
					modeltest.Exec(t, a.store, "UPDATE vendors SET notes = notes")
					before := n.Load()
					w := a.do(req{Method: "GET", Path: fmt.Sprintf("%s%slimit=%d", list, sep, size), Role: "viewer"})
					if w.Code != http.StatusOK {
						t.Fatalf("status %d: %s", w.Code, w.Body.String())
					}
					counts[size] = n.Load() - before
				}
				if counts[2] != counts[20] || counts[20] != counts[200] || counts[2] == 0 {
					t.Errorf("statements per page by page size: %v; want the same at every size", counts)
				}
			})
		}
	})
}
