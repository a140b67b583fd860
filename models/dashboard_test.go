package models_test

import (
	"context"
	"fmt"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// dashRegister is a small register whose tiles are worked out by hand (as of 2026-11-22,
// fiscal years on the calendar).
type dashRegister struct {
	devices map[string]*models.Device
}

func mustInsert(tb testing.TB, st *models.Store, v any) {
	tb.Helper()
	if err := st.DB(context.Background()).Create(v).Error; err != nil {
		tb.Fatalf("insert %T: %v", v, err)
	}
}

func gbp(minor int64) models.Money { return models.Money{Amount: minor, Currency: "GBP"} }

func mustDashRegister(tb testing.TB, st *models.Store) *dashRegister {
	tb.Helper()
	ctx := models.WithActor(context.Background(), "test")
	r := &dashRegister{devices: map[string]*models.Device{}}
	ten := 10
	for _, d := range []struct {
		tag, category, status string
		purchase, eol         string
		lifetime              *int
		cost                  models.Money
	}{
		{"D1", "laptop", "deployed", "2020-01-15", "", nil, gbp(90000)},                                 // EOL 2024-01-15
		{"D2", "laptop", "deployed", "2025-06-01", "", nil, gbp(120000)},                                // EOL 2029
		{"D3", "server", "retired", "2010-03-01", "", nil, gbp(500000)},                                 // past, out of service
		{"D4", "desktop", "in_stock", "2026-01-01", "2026-12-01", nil, gbp(1000)},                       // EOL 2026-12-01
		{"D5", "phone", "deployed", "2026-01-31", "", &ten, models.Money{Amount: 500, Currency: "USD"}}, // EOL 2026-11-30
		{"D6", "monitor", "deployed", "", "", nil, models.Money{}},                                      // no EOL
	} {
		tag := d.tag
		dev := &models.Device{AssetTag: &tag, Category: d.category, Status: d.status, LifetimeMonths: d.lifetime,
			PurchaseCost: d.cost, Record: models.Record{Version: 1}}
		if d.purchase != "" {
			dev.PurchaseDate = models.MustDate(d.purchase)
		}
		if d.eol != "" {
			dev.EOLDate = models.MustDate(d.eol)
		}
		mustInsert(tb, st, dev)
		r.devices[tag] = dev
	}
	id := func(tag string) int64 { return r.devices[tag].ID }
	for _, w := range []models.Warranty{
		{Kind: "support", Reference: models.StrPtr("W1"), StartDate: models.MustDate("2025-01-01"), EndDate: models.MustDate("2027-01-01"),
			NoticeDays: 10, Cost: gbp(5000), DeviceIDs: []int64{id("D2"), id("D6")}},
		{Kind: "manufacturer", Reference: models.StrPtr("W2"), EndDate: models.MustDate("2026-06-01"), DeviceIDs: []int64{id("D4")}},
		{Kind: "extended", Reference: models.StrPtr("W3"), StartDate: models.MustDate("2026-12-01"), EndDate: models.MustDate("2027-12-01"),
			DeviceIDs: []int64{id("D5")}},
		{Kind: "support", Reference: models.StrPtr("W4"), EndDate: models.MustDate("2026-12-20"), NoticeDays: 30, Cost: gbp(777),
			DeviceIDs: []int64{id("D3")}},
	} {
		if err := st.CreateWarranty(ctx, &w); err != nil {
			tb.Fatalf("create warranty: %v", err)
		}
	}
	one := int64(1)
	for _, l := range []models.Licence{
		{Product: "L1", Seats: &one, EndDate: models.MustDate("2026-12-10"), NoticeDays: 30, Cost: gbp(10000), BillingPeriod: "annual"},
		{Product: "L2", EndDate: models.MustDate("2027-01-15"), NoticeDays: 30, Cost: models.Money{Amount: 1000, Currency: "EUR"}, BillingPeriod: "monthly"},
		{Product: "L3", EndDate: models.MustDate("2027-02-20"), Cost: gbp(99900), BillingPeriod: "one_off"},
		{Product: "L4", EndDate: models.MustDate("2026-11-01")},
	} {
		l.Type, l.Metric = "subscription", "per_user"
		if err := st.CreateLicence(ctx, &l); err != nil {
			tb.Fatalf("create licence: %v", err)
		}
		if l.Product == "L1" { // over-assigned, as an import can leave it
			for _, who := range []string{"a@example.com", "b@example.com"} {
				mustInsert(tb, st, &models.LicenceSeat{LicenceID: l.ID, Assignee: who, AssignedOn: models.MustDate("2026-01-01"),
					Record: models.Record{Version: 1}})
			}
		}
	}
	for i := range 6 {
		if err := st.CreateImportRun(ctx, &models.ImportRun{FileName: fmt.Sprintf("f%d.xlsx", i), Status: models.ImportSucceeded, Created: int64(i)}); err != nil {
			tb.Fatal(err)
		}
	}
	return r
}

// mustListTotal returns the total of the list behind a tile.
func mustListTotal(tb testing.TB, st *models.Store, l models.TileList) int64 {
	tb.Helper()
	ctx := context.Background()
	var (
		n   int64
		err error
	)
	switch {
	case l.Devices != nil:
		var res models.ListResult[models.Device]
		res, err = st.ListDevices(ctx, *l.Devices)
		n = res.Total
	case l.Licences != nil:
		var res models.ListResult[models.Licence]
		res, err = st.ListLicences(ctx, *l.Licences)
		n = res.Total
	case l.Warranties != nil:
		var res models.ListResult[models.Warranty]
		res, err = st.ListWarranties(ctx, *l.Warranties)
		n = res.Total
	default:
		tb.Fatalf("tile list %q has no filter", l.List)
	}
	if err != nil {
		tb.Fatalf("list %s: %v", l.List, err)
	}
	return n
}

func checkTile(t *testing.T, st *models.Store, tile models.Tile, count int64, totals string) {
	t.Helper()
	if tile.Count != count {
		t.Errorf("%s: count %d, want %d", tile.Key, tile.Count, count)
	}
	if got := fmt.Sprint(tile.Totals); got != totals {
		t.Errorf("%s: totals %s, want %s", tile.Key, got, totals)
	}
	var sum int64
	for _, l := range tile.Lists {
		sum += mustListTotal(t, st, l)
	}
	if sum != tile.Count {
		t.Errorf("%s: count %d but its lists total %d (%v)", tile.Key, tile.Count, sum, tile.Lists[0].Query())
	}
}

func TestITDashboard(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		mustDashRegister(t, st)
		d, err := st.ITDashboard(context.Background(), models.MustDate("2026-11-22"))
		if err != nil {
			t.Fatal(err)
		}
		byStatus := map[string]int64{"deployed": 4, "retired": 1, "in_stock": 1}
		for _, tile := range d.ByStatus {
			t.Run(tile.Key, func(t *testing.T) { checkTile(t, st, tile, byStatus[tile.Key[len("status_"):]], "[]") })
		}
		for _, tc := range []struct {
			name  string
			tile  models.Tile
			count int64
		}{
			{"past end of life", d.PastEndOfLife, 1},
			{"uncovered", d.Uncovered, 3},
			{"over-assigned", d.OverAssigned, 1},
		} {
			t.Run(tc.name, func(t *testing.T) { checkTile(t, st, tc.tile, tc.count, "[]") })
		}
		t.Run("last imports", func(t *testing.T) {
			if len(d.LastImports) != 5 || d.LastImports[0].FileName != "f5.xlsx" || d.LastImports[0].Created != 5 {
				t.Fatalf("last imports: %+v", d.LastImports)
			}
		})
	})
}

func TestProcurementDashboard(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		mustDashRegister(t, st)
		d, err := st.ProcurementDashboard(context.Background(), models.MustDate("2026-11-22"), 1)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			key    string
			count  int64
			totals string
		}{
			{"notice_overdue", 1, "[100.00 GBP]"},
			{"notice_30", 2, "[120.00 EUR 50.00 GBP]"},
			{"notice_60", 0, "[]"},
			{"notice_90", 1, "[]"},
		}
		if len(d.Renewals) != len(want) {
			t.Fatalf("%d renewal tiles, want %d", len(d.Renewals), len(want))
		}
		for i, w := range want {
			t.Run(w.key, func(t *testing.T) {
				if d.Renewals[i].Key != w.key {
					t.Fatalf("tile %d is %s, want %s", i, d.Renewals[i].Key, w.key)
				}
				checkTile(t, st, d.Renewals[i], w.count, w.totals)
			})
		}
		t.Run("end of life this fiscal year", func(t *testing.T) {
			if d.FiscalYear != 2026 {
				t.Errorf("fiscal year %d", d.FiscalYear)
			}
			checkTile(t, st, d.EndOfLife, 2, "[10.00 GBP 5.00 USD]")
		})
	})
}
