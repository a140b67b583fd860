package models_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func strp(s string) *string { return &s }

func TestBulkUpdateDevices(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "editor")
		var ids []int64
		for i, status := range []string{"deployed", "deployed", "deployed", "in_stock", "in_stock"} {
			d := &models.Device{AssetTag: strp(fmt.Sprintf("B%d", i)), Category: "laptop", Status: status, Location: "London"}
			if err := st.CreateDevice(ctx, d); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
		}
		deployed := &models.DeviceFilter{Status: "deployed"}
		leeds := models.DeviceUpdate{Location: strp("Leeds")}
		locations := func() string {
			var out []string
			for _, id := range ids {
				d, err := st.GetDevice(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, fmt.Sprintf("%s/v%d", d.Location, d.Version))
			}
			return strings.Join(out, " ")
		}
		steps := []struct {
			name            string
			sel             models.DeviceSelection
			patch           models.DeviceUpdate
			preview         bool
			err             error
			matched, change int
			after           string
			audits          int64
		}{
			{"preview changes nothing", models.DeviceSelection{Filter: deployed}, leeds, true, nil, 3, 3,
				"London/v1 London/v1 London/v1 London/v1 London/v1", 5},
			{"by filter", models.DeviceSelection{Filter: deployed}, leeds, false, nil, 3, 3,
				"Leeds/v2 Leeds/v2 Leeds/v2 London/v1 London/v1", 8},
			{"again changes nothing", models.DeviceSelection{Filter: deployed}, leeds, false, nil, 3, 0,
				"Leeds/v2 Leeds/v2 Leeds/v2 London/v1 London/v1", 8},
			{"by ids, some already so", models.DeviceSelection{IDs: []int64{ids[2], ids[3], ids[3]}}, leeds, false, nil, 2, 1,
				"Leeds/v2 Leeds/v2 Leeds/v2 Leeds/v2 London/v1", 9},
			{"stale version", models.DeviceSelection{IDs: []int64{ids[0], ids[4]}, Versions: map[int64]int64{ids[4]: 7}},
				models.DeviceUpdate{Location: strp("York")}, false, models.ErrStale, 0, 0, "Leeds/v2 Leeds/v2 Leeds/v2 Leeds/v2 London/v1", 9},
			{"stale version in preview", models.DeviceSelection{IDs: []int64{ids[4]}, Versions: map[int64]int64{ids[4]: 7}},
				models.DeviceUpdate{Location: strp("York")}, true, models.ErrStale, 0, 0, "Leeds/v2 Leeds/v2 Leeds/v2 Leeds/v2 London/v1", 9},
			{"invalid value", models.DeviceSelection{Filter: &models.DeviceFilter{}}, models.DeviceUpdate{Status: strp("broken")}, false,
				models.ErrInvalid, 0, 0, "Leeds/v2 Leeds/v2 Leeds/v2 Leeds/v2 London/v1", 9},
			{"missing budget line", models.DeviceSelection{IDs: ids[:1]}, models.DeviceUpdate{BudgetLineID: new(int64(999))}, false,
				models.ErrInvalid, 0, 0, "Leeds/v2 Leeds/v2 Leeds/v2 Leeds/v2 London/v1", 9},
			{"nothing to set", models.DeviceSelection{IDs: ids}, models.DeviceUpdate{}, false, models.ErrInvalid, 0, 0,
				"Leeds/v2 Leeds/v2 Leeds/v2 Leeds/v2 London/v1", 9},
			{"ids and filter", models.DeviceSelection{IDs: ids, Filter: deployed}, leeds, false, models.ErrInvalid, 0, 0,
				"Leeds/v2 Leeds/v2 Leeds/v2 Leeds/v2 London/v1", 9},
			{"unknown id", models.DeviceSelection{IDs: []int64{ids[4], 424242}}, leeds, false, models.ErrInvalid, 0, 0,
				"Leeds/v2 Leeds/v2 Leeds/v2 Leeds/v2 London/v1", 9},
			{"filter matching none", models.DeviceSelection{Filter: &models.DeviceFilter{Status: "lost"}}, leeds, false, nil, 0, 0,
				"Leeds/v2 Leeds/v2 Leeds/v2 Leeds/v2 London/v1", 9},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				res, err := st.BulkUpdateDevices(ctx, s.sel, s.patch, s.preview)
				if !errors.Is(err, s.err) || (s.err == nil && err != nil) {
					t.Fatalf("err %v, want %v", err, s.err)
				}
				if res.Matched != s.matched || res.Changed != s.change || len(res.ChangedIDs) != s.change || res.Preview != s.preview {
					t.Errorf("result %+v, want matched %d changed %d", res, s.matched, s.change)
				}
				if got := locations(); got != s.after {
					t.Errorf("devices %s, want %s", got, s.after)
				}
				if n := mustAuditCount(t, st, "device"); n != s.audits {
					t.Errorf("%d device audit events, want %d", n, s.audits)
				}
			})
		}
		t.Run("invalid names the device", func(t *testing.T) {
			_, err := st.BulkUpdateDevices(ctx, models.DeviceSelection{IDs: ids[1:2]}, models.DeviceUpdate{Status: strp("broken")}, false)
			var fe *models.FieldError
			if !errors.As(err, &fe) || !strings.Contains(fe.Fields["status"], fmt.Sprintf("device %d", ids[1])) {
				t.Fatalf("err %v", err)
			}
		})
	})
}
