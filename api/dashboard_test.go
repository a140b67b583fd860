package api

import (
	"context"
	"net/http"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// mustTileRegister fills a store with devices, warranties and licences that land in every
// tile: past end of life, uncovered, over-assigned, notice overdue and due soon.
func mustTileRegister(t *testing.T, st *models.Store) {
	t.Helper()
	ctx := models.WithActor(context.Background(), "test")
	var ids []int64
	for _, d := range []models.Device{
		{AssetTag: models.StrPtr("T1"), Category: "laptop", Status: "deployed", PurchaseDate: models.MustDate("2020-01-31")},
		{AssetTag: models.StrPtr("T2"), Category: "phone", Status: "deployed", PurchaseDate: models.MustDate("2026-02-28")},
		{AssetTag: models.StrPtr("T3"), Category: "server", Status: "retired", PurchaseDate: models.MustDate("2012-05-01")},
		{AssetTag: models.StrPtr("T4"), Category: "desktop", Status: "in_repair", EOLDate: models.MustDate("2026-12-31"),
			PurchaseCost: models.Money{Amount: 70000, Currency: "GBP"}},
	} {
		if err := st.CreateDevice(ctx, &d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if err := st.CreateWarranty(ctx, &models.Warranty{Kind: "support", Reference: models.StrPtr("C1"), EndDate: models.MustDate("2026-12-15"),
		NoticeDays: 20, Cost: models.Money{Amount: 12300, Currency: "GBP"}, DeviceIDs: ids[1:2]}); err != nil {
		t.Fatal(err)
	}
	one := int64(1)
	l := &models.Licence{Product: "P1", Type: "subscription", Metric: "per_user", Seats: &one, EndDate: models.MustDate("2027-01-10"),
		NoticeDays: 60, Cost: models.Money{Amount: 500, Currency: "USD"}, BillingPeriod: "monthly"}
	if err := st.CreateLicence(ctx, l); err != nil {
		t.Fatal(err)
	}
	modeltest.AddSeats(t, st, l.ID, "x", "y")
}

// TestDashboardTilesMatchLists follows every tile's links through the router: the lists'
// totals add up to the tile's count, and every count here is above zero where data was made.
func TestDashboardTilesMatchLists(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		mustTileRegister(t, a.store)
		it := mustJSON[ITDashboardResponse](t, a.do(req{Method: "GET", Path: "/api/v1/dashboards/it?as_of=2026-11-22", Role: "viewer"}), http.StatusOK)
		prw := a.do(req{Method: "GET", Path: "/api/v1/dashboards/procurement?as_of=2026-11-22", Role: "viewer"})
		pr := mustJSON[ProcurementDashboardResponse](t, prw, http.StatusOK)
		tiles := append([]TileResponse{it.PastEndOfLife, it.Uncovered, it.OverAssigned, pr.EndOfLife}, it.ByStatus...)
		tiles = append(tiles, pr.Renewals...)
		want := map[string]int64{"past_end_of_life": 1, "uncovered": 2, "over_assigned": 1, "end_of_life_fy": 1,
			"status_deployed": 2, "status_retired": 1, "status_in_repair": 1, "notice_overdue": 1, "notice_30": 1}
		for _, tile := range tiles {
			t.Run(tile.Key, func(t *testing.T) {
				if tile.Count != want[tile.Key] {
					t.Errorf("count %d, want %d", tile.Count, want[tile.Key])
				}
				var sum int64
				for _, l := range tile.Links {
					sum += mustJSON[ListResponse[map[string]any]](t, a.do(req{Method: "GET", Path: l.Href, Role: "viewer"}), http.StatusOK).Total
				}
				if sum != tile.Count {
					t.Errorf("count %d, lists behind it total %d (%+v)", tile.Count, sum, tile.Links)
				}
			})
		}
		for i, want := range []models.Money{{Amount: 6000, Currency: "USD"}, {Amount: 12300, Currency: "GBP"}} {
			if got := pr.Renewals[i].Totals; len(got) != 1 || got[0] != want {
				t.Errorf("%s totals %v, want %v", pr.Renewals[i].Key, got, want)
			}
		}
	})
}

func TestDashboardErrors(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		for _, tc := range []struct {
			name, path, role string
			status           int
			code             string
		}{
			{"no token", "/api/v1/dashboards/it", "", http.StatusUnauthorized, "unauthorized"},
			{"bad as_of", "/api/v1/dashboards/it?as_of=2026-02-30", "viewer", http.StatusBadRequest, "bad_parameter"},
			{"bad as_of procurement", "/api/v1/dashboards/procurement?as_of=x", "viewer", http.StatusBadRequest, "bad_parameter"},
			{"bad in_service", "/api/v1/devices?in_service=yes", "viewer", http.StatusBadRequest, "bad_parameter"},
			{"bad eol_before", "/api/v1/devices?eol_before=soon", "viewer", http.StatusBadRequest, "bad_parameter"},
			{"bad notice_from", "/api/v1/licences?notice_from=1", "viewer", http.StatusBadRequest, "bad_parameter"},
			{"bad over_assigned", "/api/v1/licences?over_assigned=1", "viewer", http.StatusBadRequest, "bad_parameter"},
			{"bad renewable", "/api/v1/warranties?renewable=maybe", "viewer", http.StatusBadRequest, "bad_parameter"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantError(t, a.do(req{Method: "GET", Path: tc.path, Role: tc.role}), tc.status, tc.code, "")
			})
		}
		t.Run("default as_of is today", func(t *testing.T) {
			got := mustJSON[ITDashboardResponse](t, a.do(req{Method: "GET", Path: "/api/v1/dashboards/it", Role: "viewer"}), http.StatusOK)
			if got.AsOf != a.store.Today() || len(got.ByStatus) != len(models.DeviceStatuses) {
				t.Errorf("as_of %s, %d status tiles", got.AsOf, len(got.ByStatus))
			}
		})
	})
}

func TestSearchAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		mustTileRegister(t, a.store)
		got := mustJSON[SearchResponse](t, a.do(req{Method: "GET", Path: "/api/v1/search?q=t2", Role: "viewer"}), http.StatusOK)
		if len(got.Items) != 1 || got.Items[0].Kind != "device" || got.Items[0].Title != "T2" || got.Items[0].Path == "" {
			t.Fatalf("search t2: %+v", got)
		}
		opened := mustJSON[DeviceResponse](t, a.do(req{Method: "GET", Path: got.Items[0].Path, Role: "viewer"}), http.StatusOK)
		if opened.ID != got.Items[0].ID {
			t.Errorf("hit path %s opens device %d", got.Items[0].Path, opened.ID)
		}
		for _, tc := range []struct{ name, path string }{
			{"no q", "/api/v1/search"}, {"blank q", "/api/v1/search?q=%20"}, {"bad limit", "/api/v1/search?q=a&limit=x"},
			{"limit too high", "/api/v1/search?q=a&limit=51"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				wantError(t, a.do(req{Method: "GET", Path: tc.path, Role: "viewer"}), http.StatusBadRequest, "bad_parameter", "")
			})
		}
	})
}
