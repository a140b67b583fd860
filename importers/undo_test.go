package importers_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"itreg/importers"
	"itreg/importers/fields"
	"itreg/models"
	"itreg/models/modeltest"
)

func TestUndoImport(t *testing.T) {
	changed := strings.Replace(devicesCSV, "A-1,SN1,Laptop,Dell,Latitude,In use", "A-1,SN1,Laptop,Dell,Latitude,In repair", 1) +
		"A-4,SN4,Tablet,Apple,iPad,In stock,2024-04-01,300,CDW,\n"
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "alice")
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		opt := importers.Options{Currency: "GBP", DateOrder: fields.DMY}
		first := run(t, st, "devices.csv", devicesCSV, opt)
		second := run(t, st, "devices.csv", changed, opt)
		if second.Counts.Created != 1 || second.Counts.Updated != 1 {
			t.Fatalf("second import %+v %v", second.Counts, second.Errors)
		}
		dry := opt
		dry.DryRun = true
		dryRun := run(t, st, "devices.csv", devicesCSV, dry)
		t.Run("a dry run has nothing to undo", func(t *testing.T) {
			if _, err := st.UndoImport(ctx, dryRun.ID); !errors.Is(err, models.ErrInvalid) {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("the first import cannot be undone while the second's changes stand", func(t *testing.T) {
			_, err := st.UndoImport(ctx, first.ID)
			if !errors.Is(err, models.ErrConflict) || !strings.Contains(err.Error(), "device ") {
				t.Fatalf("err = %v", err)
			}
			if n := modeltest.Count(t, st, "devices"); n != 4 {
				t.Fatalf("devices = %d: something changed", n)
			}
		})
		t.Run("undo the second: created removed, updated restored", func(t *testing.T) {
			res, err := st.UndoImport(ctx, second.ID)
			// A-4 and Apple, the vendor the second import created for it.
			if err != nil || res.Removed != 2 || res.Restored != 1 {
				t.Fatalf("%+v %v", res, err)
			}
			if _, err := st.FindDeviceByAssetTag(ctx, "A-4"); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("A-4 still there: %v", err)
			}
			d, err := st.FindDeviceByAssetTag(ctx, "A-1")
			if err != nil || d.Status != models.StatusDeployed {
				t.Fatalf("A-1 %+v %v", d, err)
			}
			undo, err := st.ListAuditEvents(ctx, models.AuditFilter{Actor: "alice: undo of import #" + itoa64(second.ID)})
			if err != nil || undo.Total != 3 {
				t.Fatalf("undo audit events = %d (%v), want 3", undo.Total, err)
			}
		})
		t.Run("the same import is not undone twice", func(t *testing.T) {
			if _, err := st.UndoImport(ctx, second.ID); !errors.Is(err, models.ErrConflict) || !strings.Contains(err.Error(), "undone already") {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("an edit since the import refuses the undo, naming the record", func(t *testing.T) {
			d, err := st.FindDeviceByAssetTag(ctx, "A-2")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.UpdateDevice(ctx, d.ID, d.Version, func(x *models.Device) error { x.Location = "Leeds"; return nil }); err != nil {
				t.Fatal(err)
			}
			_, err = st.UndoImport(ctx, first.ID)
			if !errors.Is(err, models.ErrConflict) || !strings.Contains(err.Error(), "device "+itoa64(d.ID)) {
				t.Fatalf("err = %v", err)
			}
			if n := modeltest.Count(t, st, "devices"); n != 3 {
				t.Fatalf("devices = %d: something changed", n)
			}
		})
	})
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
