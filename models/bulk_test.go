package models_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func TestBulkWrites(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "import #1")
		// 2,000 devices: more parameters than one SQLite statement takes.
		const n = 2000
		devs := make([]*models.Device, n)
		rows := make([][]any, n)
		for i := range devs {
			tag := fmt.Sprintf("B-%04d", i)
			devs[i] = &models.Device{AssetTag: &tag, Category: "laptop", Status: "deployed",
				PurchaseDate: models.MustDate("2025-01-02"), CustomFields: models.JSONMap{"k": "v"}}
			devs[i].CreatedAt, devs[i].UpdatedAt, devs[i].Version = st.Now(), st.Now(), 1
			_, rows[i] = models.BulkRow(devs[i])
		}
		deployed := func() int64 {
			t.Helper()
			d, err := st.ITDashboard(ctx, st.Today())
			if err != nil {
				t.Fatal(err)
			}
			return d.ByStatus[slices.Index(models.DeviceStatuses, models.StatusDeployed)].Count
		}
		before := deployed()
		deployed() // kept on Postgres: the bulk insert below must make it stale
		var ids []int64
		err := st.WithImportTx(ctx, []string{"device"}, func(tx *models.Store) error {
			var err error
			if ids, err = tx.BulkInsert(ctx, "devices", models.BulkColumns("devices"), rows); err != nil {
				return err
			}
			events := make([]models.AuditRow, n)
			for i, id := range ids {
				events[i] = models.AuditRow{Action: "create", Table: "devices", EntityID: id, Changes: models.Changes{"asset_tag": {New: *devs[i].AssetTag}}}
			}
			return tx.BulkAudit(ctx, events)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := deployed(); got != before+n {
			t.Errorf("deployed devices after the bulk insert (COPY on Postgres): %d, want %d", got, before+n)
		}
		d, err := st.FindDeviceByAssetTag(ctx, "B-0123")
		if err != nil || d.ID != ids[123] || d.PurchaseDate.String() != "2025-01-02" || d.CustomFields["k"] != "v" {
			t.Fatalf("device %+v %v", d, err)
		}
		found, err := st.FindDevicesByAssetTags(ctx, []string{"B-0001", "B-1999", "nope"})
		if err != nil || len(found) != 2 || !models.SameValues(&found[0], devs[1]) {
			t.Fatalf("found %d, %v", len(found), err)
		}
		// A new device after the bulk insert takes the next id.
		tag := "AFTER"
		next := &models.Device{AssetTag: &tag, Category: "laptop", Status: "deployed"}
		if err := st.CreateDevice(ctx, next); err != nil || next.ID <= ids[n-1] {
			t.Fatalf("next id %d after %d: %v", next.ID, ids[n-1], err)
		}
		d.Location = "Leeds"
		d.Version = 2
		_, vals := models.BulkRow(d)
		err = st.WithImportTx(ctx, nil, func(tx *models.Store) error {
			return tx.BulkUpdate(ctx, "devices", models.BulkColumns("devices")[1:], []int64{d.ID}, [][]any{vals[1:]})
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := st.GetDevice(ctx, d.ID); got.Location != "Leeds" || got.Version != 2 {
			t.Fatalf("updated %+v", got)
		}
		var events int64
		st.DB(ctx).Table("audit_events").Where("actor = ?", "import #1").Count(&events)
		if events != n+1 {
			t.Errorf("%d audit events by the import", events)
		}
	})
}

func TestBulkUpdateMany(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		const n = 300 // past the point where Postgres copies the updates
		rows := make([][]any, n)
		devs := make([]*models.Device, n)
		for i := range devs {
			tag := fmt.Sprintf("U-%04d", i)
			devs[i] = &models.Device{AssetTag: &tag, Category: "laptop", Status: "deployed"}
			devs[i].CreatedAt, devs[i].UpdatedAt, devs[i].Version = st.Now(), st.Now(), 1
			_, rows[i] = models.BulkRow(devs[i])
		}
		err := st.WithImportTx(ctx, nil, func(tx *models.Store) error {
			ids, err := tx.BulkInsert(ctx, "devices", models.BulkColumns("devices"), rows)
			if err != nil {
				return err
			}
			vals := make([][]any, n)
			for i, d := range devs {
				d.ID, d.Version, d.Location = ids[i], 2, fmt.Sprintf("Room %d", i)
				d.PurchaseDate = models.MustDate("2024-02-29")
				_, v := models.BulkRow(d)
				vals[i] = v[1:]
			}
			return tx.BulkUpdate(ctx, "devices", models.BulkColumns("devices")[1:], ids, vals)
		})
		if err != nil {
			t.Fatal(err)
		}
		d, err := st.FindDeviceByAssetTag(ctx, "U-0299")
		if err != nil || d.Location != "Room 299" || d.Version != 2 || d.PurchaseDate.String() != "2024-02-29" || d.AssetTag == nil {
			t.Fatalf("%+v %v", d, err)
		}
	})
}

// TestBulkAuditDevice checks that a created device given as Device is audited with the same
// changes as its AuditFields give (the import's fast path against the general one).
func TestBulkAuditDevice(t *testing.T) {
	tag, serial, zero, months, mfr := "A-1", "SN <1> & \"2\"", int64(0), 48, int64(7)
	full := &models.Device{AssetTag: &tag, SerialNumber: &serial, Hostname: "h\u00e9", Category: "laptop",
		ManufacturerID: &mfr, Model: "X1", Status: "deployed", AssignedTo: "Ann", Department: "IT",
		CostCentre: "CC1", Location: "Leeds\tRoom 1", PurchaseDate: models.MustDate("2024-02-29"),
		PurchaseCost: models.Money{Amount: 123456, Currency: "GBP"}, SupplierID: &mfr, OrderNumber: "PO1",
		InvoiceNumber: "INV1", BudgetLineID: &mfr, LifetimeMonths: &months, EOLDate: models.MustDate("2028-02-29"),
		CustomFields: models.JSONMap{"Room": "3", "b": "x"}}
	full.Notes = "line\nbreak"
	zeroMonths := 0
	tests := []struct {
		name string
		dev  *models.Device
	}{
		{"every field", full},
		{"serial only", &models.Device{SerialNumber: &serial, Category: "other", Status: "in_stock"}},
		{"zero ids and months", &models.Device{AssetTag: &tag, ManufacturerID: &zero, LifetimeMonths: &zeroMonths}},
		{"nothing", &models.Device{}},
	}
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "import #2")
		var events []models.AuditRow
		for i, tt := range tests {
			events = append(events,
				models.AuditRow{Action: "create", Table: "devices", EntityID: int64(2 * i), Created: tt.dev.AuditFields()},
				models.AuditRow{Action: "create", Table: "devices", EntityID: int64(2*i + 1), Device: tt.dev})
		}
		if err := st.WithImportTx(ctx, nil, func(tx *models.Store) error { return tx.BulkAudit(ctx, events) }); err != nil {
			t.Fatal(err)
		}
		var rows []struct {
			EntityID int64
			Changes  string
		}
		if err := st.DB(ctx).Table("audit_events").Where("actor = ?", "import #2").Order("entity_id").
			Select("entity_id, changes").Scan(&rows).Error; err != nil || len(rows) != 2*len(tests) {
			t.Fatalf("%d events: %v", len(rows), err)
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				want, got := rows[2*i].Changes, rows[2*i+1].Changes
				if got != want {
					t.Fatalf("changes from the device:\n%s\nfrom its AuditFields:\n%s", got, want)
				}
				if tt.name == "every field" && strings.Count(want, `"old":null`) != len(full.AuditFields()) {
					t.Fatalf("not every field audited: %s", want)
				}
			})
		}
	})
}
