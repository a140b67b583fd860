package modeltest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"itreg/models"
)

// LoadSize says how many rows LoadRegister writes.
type LoadSize struct {
	Devices, Licences, Warranties int
	SeatsPerLicence               int // seats assigned per licence (by assignee)
	DevicesPerWarranty            int // devices each warranty covers
}

// FullLoad is the register the issue benchmarks: a million devices, 100,000 licences and
// 200,000 warranties (each covering five devices, so every device has one warranty).
var FullLoad = LoadSize{Devices: 1_000_000, Licences: 100_000, Warranties: 200_000, SeatsPerLicence: 5, DevicesPerWarranty: 5}

// LoadRegister fills a Postgres store with a synthetic register generated in SQL
// (generate_series), so a million rows load in seconds without passing through Go. The data
// is deterministic and spread around modeltest.Clock (2026-11-22):
//   - 50 vendors; 80 budget lines (20 codes x fiscal years 2025-2028, capex and opex alternating).
//   - devices: 11 categories in turn; status 1 in 10 retired, 1 in 20 in stock, else deployed;
//     20 departments; purchase dates over 2019-01-01 .. 2026-09-01; cost 500.00-2499.99, GBP
//     except 1 in 10 in EUR; 1 in 7 with a manufacturer end of support; 1 in 9 with its own lifetime.
//   - licences: end dates over 2025-06-01 .. 2028-02-xx, 1 in 25 without one; billing monthly,
//     annual, one_off in turn; 1 in 20 with unlimited seats; notice 0, 30, 60 or 90 days; each
//     with SeatsPerLicence seats assigned by name.
//   - warranties: four kinds in turn, end dates over 2025-01-01 .. 2029-02-xx; warranty g covers
//     devices (g-1)*DevicesPerWarranty+1 .. g*DevicesPerWarranty (wrapping around the devices).
func LoadRegister(tb testing.TB, st *models.Store, n LoadSize) {
	tb.Helper()
	if st.Dialect() != models.Postgres {
		tb.Fatalf("loadRegister needs Postgres, not %s", st.Dialect())
	}
	ctx := context.Background()
	stmts := []string{
		`INSERT INTO vendors (created_at, updated_at, name, roles)
		 SELECT now(), now(), 'Vendor ' || g, 'manufacturer,supplier,service_provider'
		 FROM generate_series(1, 50) g`,
		`INSERT INTO budget_lines (created_at, updated_at, code, name, fiscal_year, category, allocated_amount, allocated_currency)
		 SELECT now(), now(), 'BL-' || lpad(c::text, 2, '0'), 'Budget line ' || c, y,
		        CASE WHEN c % 2 = 0 THEN 'opex' ELSE 'capex' END, 100000000 + c * 1000000, 'GBP'
		 FROM generate_series(2025, 2028) y, generate_series(1, 20) c`,
		fmt.Sprintf(`INSERT INTO devices (created_at, updated_at, asset_tag, serial_number, hostname, category,
		        manufacturer_id, model, status, assigned_to, department, cost_centre, location,
		        purchase_date, purchase_cost_amount, purchase_cost_currency, supplier_id, budget_line_id,
		        lifetime_months, eol_date)
		 SELECT now(), now(), 'A' || lpad(g::text, 7, '0'), 'SN' || g, 'host-' || g,
		        (ARRAY['laptop','desktop','server','network','phone','tablet','monitor','printer','av','peripheral','other'])[1 + g %% 11],
		        1 + g %% 50, 'Model ' || (g %% 37),
		        CASE WHEN g %% 10 = 0 THEN 'retired' WHEN g %% 20 = 5 THEN 'in_stock' ELSE 'deployed' END,
		        'user' || (g %% 5000) || '@example.com', 'Dept ' || lpad((g %% 20)::text, 2, '0'), 'CC' || (g %% 20), 'Site ' || (g %% 7),
		        DATE '2019-01-01' + (g %% 2800), 50000 + (g::bigint * 7919) %% 200000,
		        CASE WHEN g %% 10 = 3 THEN 'EUR' ELSE 'GBP' END, 1 + (g * 3) %% 50,
		        1 + g %% 80, CASE WHEN g %% 9 = 0 THEN 24 + g %% 60 END,
		        CASE WHEN g %% 7 = 0 THEN DATE '2025-01-01' + (g %% 1500) END
		 FROM generate_series(1, %d) g`, n.Devices),
		fmt.Sprintf(`INSERT INTO licences (created_at, updated_at, product, publisher_id, supplier_id, reference, type, metric,
		        seats, start_date, end_date, auto_renew, notice_days, cost_amount, cost_currency, billing_period, budget_line_id)
		 SELECT now(), now(), 'Product ' || g, 1 + g %% 50, 1 + (g + 7) %% 50, 'AGR-' || g,
		        CASE WHEN g %% 25 = 0 THEN 'perpetual' ELSE 'subscription' END,
		        (ARRAY['per_user','per_device','site','concurrent','per_core'])[1 + g %% 5],
		        CASE WHEN g %% 20 = 0 THEN NULL ELSE 3 + g %% 10 END,
		        DATE '2024-06-01' + (g %% 365),
		        CASE WHEN g %% 25 = 0 THEN NULL ELSE DATE '2025-06-01' + (g %% 1000) END,
		        g %% 3 = 0, (g %% 4) * 30, 1000 + (g::bigint * 104729) %% 5000000,
		        CASE WHEN g %% 10 = 3 THEN 'EUR' ELSE 'GBP' END,
		        (ARRAY['monthly','annual','one_off'])[1 + g %% 3], 1 + g %% 80
		 FROM generate_series(1, %d) g`, n.Licences),
		fmt.Sprintf(`INSERT INTO licence_seats (created_at, updated_at, licence_id, assignee, assigned_on)
		 SELECT now(), now(), l, 'user' || s || '@example.com', DATE '2025-01-01'
		 FROM generate_series(1, %d) l, generate_series(1, %d) s`, n.Licences, n.SeatsPerLicence),
		fmt.Sprintf(`INSERT INTO warranties (created_at, updated_at, provider_id, kind, reference, service_level,
		        start_date, end_date, cost_amount, cost_currency, budget_line_id, auto_renew, notice_days)
		 SELECT now(), now(), 1 + g %% 50, (ARRAY['manufacturer','extended','support','lease'])[1 + g %% 4],
		        'W-' || g, 'NBD', DATE '2022-01-01' + (g %% 1000), DATE '2025-01-01' + (g %% 1500),
		        (g::bigint * 15485863) %% 100000, CASE WHEN g %% 10 = 3 THEN 'EUR' ELSE 'GBP' END,
		        1 + g %% 80, g %% 2 = 0, (g %% 3) * 30
		 FROM generate_series(1, %d) g`, n.Warranties),
		fmt.Sprintf(`INSERT INTO warranty_devices (warranty_id, device_id)
		 SELECT w, 1 + ((w - 1) * %[1]d + k) %% %[2]d
		 FROM generate_series(1, %[3]d) w, generate_series(0, %[1]d - 1) k
		 ON CONFLICT DO NOTHING`, n.DevicesPerWarranty, n.Devices, n.Warranties),
		`ANALYZE`,
	}
	for _, q := range stmts {
		start := time.Now()
		if _, err := st.SQLDB().ExecContext(ctx, q); err != nil {
			tb.Fatalf("load register: %v\n%s", err, q)
		}
		words := strings.Fields(q)
		tb.Logf("load: %s in %s", strings.Join(words[:min(3, len(words))], " "), time.Since(start).Round(time.Millisecond))
	}
}

// MustFullRegister returns a fresh Postgres store loaded with FullLoad, vacuumed and analysed
// as autovacuum leaves a register in use (index-only scans need the visibility map), for the
// benchmarks at the issues' size; it skips without ITREG_TEST_POSTGRES_URL. Loading takes
// minutes: call it once per top-level benchmark and share the store across sub-benchmarks.
func MustFullRegister(tb testing.TB) *models.Store {
	tb.Helper()
	if PostgresURL() == "" {
		tb.Skip("ITREG_TEST_POSTGRES_URL not set; the large-register benchmarks run on Postgres only")
	}
	st := MustStore(tb, models.Postgres)
	start := time.Now()
	LoadRegister(tb, st, FullLoad)
	Exec(tb, st, "VACUUM ANALYZE vendors, budget_lines, devices, licences, licence_seats, warranties, warranty_devices")
	n := FullLoad
	tb.Logf("loaded %d devices, %d licences, %d warranties in %s", n.Devices, n.Licences, n.Warranties, time.Since(start).Round(time.Millisecond))
	return st
}
