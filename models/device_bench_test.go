package models_test

import (
	"context"
	"fmt"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// benchDevices is the size of the register BenchmarkListDevices lists.
const benchDevices = 1_000_000

// BenchmarkListDevices lists devices filtered by status on a register of 1,000,000 devices in
// Postgres: the first page, and a page about 500,000 rows in reached by its cursor. Keyset
// pagination should keep the deep page within 2x of the first. "keyset_*" time the same pages'
// query without the total, and "count" the COUNT(*) that every list answer carries as its
// total, on its own.
//
// It runs only when ITREG_TEST_POSTGRES_URL is set; loading the rows takes about a minute.
func BenchmarkListDevices(b *testing.B) {
	if modeltest.PostgresURL() == "" {
		b.Skip("ITREG_TEST_POSTGRES_URL not set: the 1,000,000-device benchmark runs on Postgres only")
	}
	ctx := context.Background()
	st := modeltest.MustStore(b, models.Postgres)
	mustLoadDevices(b, st, benchDevices)
	filter := func(cursor string) models.DeviceFilter {
		return models.DeviceFilter{Status: models.StatusDeployed, Page: models.Page{Limit: 50, Cursor: cursor}}
	}

	// Walk to a cursor about 500,000 rows into the whole list, in large pages, outside the timer.
	deep, rowsIn, deepAfter := "", 0, int64(0)
	for rowsIn < benchDevices/2 {
		res, err := st.ListDevices(ctx, models.DeviceFilter{Status: models.StatusDeployed,
			Page: models.Page{Limit: models.MaxLimit, Cursor: deep}})
		if err != nil {
			b.Fatal(err)
		}
		if res.Next == "" {
			break
		}
		deep, rowsIn, deepAfter = res.Next, rowsIn+len(res.Items), res.Items[len(res.Items)-1].ID
	}
	if deep == "" {
		b.Fatal("the list ended before 500,000 rows")
	}
	b.Logf("deep page starts after %d deployed devices", rowsIn)

	for _, tc := range []struct {
		name   string
		cursor string
	}{
		{"page1", ""},
		{"deep", deep},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				res, err := st.ListDevices(ctx, filter(tc.cursor))
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Items) != 50 || res.Next == "" {
					b.Fatalf("got %d items, next %q", len(res.Items), res.Next)
				}
			}
		})
	}
	// The same pages without the COUNT: the keyset query alone.
	for _, tc := range []struct {
		name  string
		after int64
	}{
		{"keyset_page1", 0},
		{"keyset_deep", deepAfter},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				var rows []models.Device
				err := st.DB(ctx).Where("status = ? AND id > ?", models.StatusDeployed, tc.after).
					Order("id").Limit(51).Find(&rows).Error
				if err != nil || len(rows) != 51 {
					b.Fatalf("got %d rows: %v", len(rows), err)
				}
			}
		})
	}
	b.Run("count", func(b *testing.B) {
		for b.Loop() {
			var n int64
			if err := st.DB(ctx).Model(&models.Device{}).Where("status = ?", models.StatusDeployed).Count(&n).Error; err != nil {
				b.Fatal(err)
			}
		}
	})
}

// mustLoadDevices inserts n devices with one INSERT ... SELECT over generate_series: a
// realistic spread of categories, statuses, departments, locations, purchase dates and costs,
// unique asset tags and serial numbers, five manufacturers. Then it analyzes the table.
func mustLoadDevices(b *testing.B, st *models.Store, n int) {
	b.Helper()
	ctx := models.WithActor(context.Background(), "bench")
	var makers []int64
	for _, name := range []string{"Dell", "HP", "Lenovo", "Apple", "Cisco"} {
		v := &models.Vendor{Name: name, Roles: models.StringList{"manufacturer"}}
		if err := st.CreateVendor(ctx, v); err != nil {
			b.Fatal(err)
		}
		makers = append(makers, v.ID)
	}
	sql := fmt.Sprintf(`
INSERT INTO devices (created_at, updated_at, version, notes, asset_tag, serial_number, hostname,
	category, manufacturer_id, model, status, assigned_to, department, cost_centre, location,
	purchase_date, purchase_cost_amount, purchase_cost_currency, order_number, invoice_number)
SELECT now(), now(), 1, '',
	'BM-' || lpad(i::text, 7, '0'),
	'SN' || lpad(((i::bigint * 7919) %% 10000019)::text, 8, '0') || '-' || i,
	'host-' || i,
	(ARRAY['laptop','laptop','laptop','laptop','desktop','desktop','monitor','monitor','monitor','phone',
		'phone','tablet','server','network','printer','av','peripheral','other'])[1 + (i * 31) %% 18],
	(ARRAY[%d, %d, %d, %d, %d]::bigint[])[1 + (i * 7) %% 5],
	'Model ' || ((i * 13) %% 40),
	CASE WHEN (i * 37) %% 100 < 62 THEN 'deployed' WHEN (i * 37) %% 100 < 75 THEN 'in_stock'
		WHEN (i * 37) %% 100 < 80 THEN 'in_repair' WHEN (i * 37) %% 100 < 92 THEN 'retired'
		WHEN (i * 37) %% 100 < 97 THEN 'disposed' WHEN (i * 37) %% 100 < 99 THEN 'ordered' ELSE 'lost' END,
	'Person ' || ((i * 17) %% 20000),
	(ARRAY['Finance','Engineering','Sales','HR','Operations','IT'])[1 + (i * 13) %% 6],
	'CC-' || ((i * 11) %% 60),
	(ARRAY['London HQ','Manchester','Edinburgh','Remote','Data Centre LON1','Data Centre MAN1'])[1 + (i * 5) %% 6],
	DATE '2026-11-22' - ((i::bigint * 7919) %% 2555)::int,
	20000 + (i::bigint * 104729) %% 400000,
	CASE WHEN i %% 20 = 0 THEN 'USD' ELSE 'GBP' END,
	'PO-' || (i / 40), 'INV-' || (i / 25)
FROM generate_series(1, %d) AS s(i)`, makers[0], makers[1], makers[2], makers[3], makers[4], n)
	db := st.DB(context.Background())
	if err := db.Exec(sql).Error; err != nil {
		b.Fatalf("load %d devices: %v", n, err)
	}
	if err := db.Exec("ANALYZE devices").Error; err != nil {
		b.Fatal(err)
	}
}
