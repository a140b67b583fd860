package models_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func TestWarrantyStore(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "test")
		var ids []int64
		for i := range 4 {
			ids = append(ids, mustDevice(t, st, fmt.Sprintf("W%d", i)).ID)
		}
		prov := &models.Vendor{Name: "Dell"}
		if err := st.CreateVendor(ctx, prov); err != nil {
			t.Fatal(err)
		}
		w := &models.Warranty{ProviderID: &prov.ID, Kind: "support", Reference: models.StrPtr("SC-1"),
			StartDate: models.MustDate("2026-01-01"), EndDate: models.MustDate("2027-01-01"),
			DeviceIDs: []int64{ids[2], ids[0], ids[1], ids[0]}}
		if err := st.CreateWarranty(ctx, w); err != nil {
			t.Fatal(err)
		}
		links := func() []int64 {
			t.Helper()
			m, err := st.DeviceIDsForWarranties(ctx, []int64{w.ID})
			if err != nil {
				t.Fatal(err)
			}
			return m[w.ID]
		}
		t.Run("three devices, duplicates collapsed", func(t *testing.T) {
			if got := links(); !reflect.DeepEqual(got, ids[:3]) {
				t.Fatalf("links %v, want %v", got, ids[:3])
			}
			got, err := st.GetWarranty(ctx, w.ID)
			if err != nil || !reflect.DeepEqual(got.DeviceIDs, ids[:3]) || got.Provider.Name != "Dell" {
				t.Fatalf("get: %v %+v", err, got)
			}
		})
		t.Run("unknown devices are a field error and change nothing", func(t *testing.T) {
			_, err := st.UpdateWarranty(ctx, w.ID, 1, func(x *models.Warranty) error { x.DeviceIDs = []int64{ids[0], 998, 999}; return nil })
			var fe *models.FieldError
			if !errors.As(err, &fe) || fe.Fields["device_ids"] != "no device with id 998, 999" {
				t.Fatalf("want device_ids error, got %v", err)
			}
			if got := links(); !reflect.DeepEqual(got, ids[:3]) {
				t.Fatalf("links changed: %v", got)
			}
		})
		t.Run("updated to two devices: one audit event with old and new ids", func(t *testing.T) {
			got, err := st.UpdateWarranty(ctx, w.ID, 1, func(x *models.Warranty) error {
				if !reflect.DeepEqual(x.DeviceIDs, ids[:3]) {
					return fmt.Errorf("change sees %v", x.DeviceIDs)
				}
				x.DeviceIDs = []int64{ids[3], ids[1]}
				return nil
			})
			if err != nil || got.Version != 2 {
				t.Fatalf("update: %v %+v", err, got)
			}
			want := []int64{ids[1], ids[3]}
			if l := links(); !reflect.DeepEqual(l, want) {
				t.Fatalf("links %v, want %v", l, want)
			}
			evs, _ := st.ListAuditEvents(ctx, models.AuditFilter{Entity: "warranty", EntityID: w.ID, Action: "update"})
			if len(evs.Items) != 1 {
				t.Fatalf("%d update events", len(evs.Items))
			}
			ch := evs.Items[0].Changes
			if len(ch) != 1 || fmt.Sprint(ch["device_ids"].Old) != fmt.Sprint(toAny(ids[:3])) || fmt.Sprint(ch["device_ids"].New) != fmt.Sprint(toAny(want)) {
				t.Fatalf("changes %+v", ch)
			}
			same, err := st.UpdateWarranty(ctx, w.ID, 2, func(x *models.Warranty) error { x.DeviceIDs = []int64{ids[3], ids[1], ids[3]}; return nil })
			if err != nil || same.Version != 2 {
				t.Fatalf("the same set again must change nothing: %v %+v", err, same)
			}
		})
		t.Run("covered devices are capped with the full count", func(t *testing.T) {
			m, err := st.CoveredDevicesFor(ctx, []int64{w.ID, 999}, 1)
			if err != nil {
				t.Fatal(err)
			}
			c := m[w.ID]
			if c.Count != 2 || len(c.Devices) != 1 || c.Devices[0].AssetTag != "W1" || len(m[999].Devices) != 0 {
				t.Fatalf("covered %+v", m)
			}
		})
		t.Run("find by provider and reference", func(t *testing.T) {
			got, err := st.FindWarranty(ctx, &prov.ID, "SC-1")
			if err != nil || got.ID != w.ID || len(got.DeviceIDs) != 2 {
				t.Fatalf("find: %v %+v", err, got)
			}
			if _, err := st.FindWarranty(ctx, nil, "SC-1"); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("find without provider: %v", err)
			}
		})
		t.Run("delete removes the links and audits the devices", func(t *testing.T) {
			if err := st.DeleteWarranty(ctx, w.ID, nil); err != nil {
				t.Fatal(err)
			}
			if l := links(); len(l) != 0 {
				t.Fatalf("links left: %v", l)
			}
			evs, _ := st.ListAuditEvents(ctx, models.AuditFilter{Entity: "warranty", EntityID: w.ID, Action: "delete"})
			if len(evs.Items) != 1 || evs.Items[0].Changes["device_ids"].Old == nil {
				t.Fatalf("delete audit %+v", evs.Items)
			}
		})
	})
}

// toAny converts ids the way they read back from the audit trail's JSON.
func toAny(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = float64(id)
	}
	return out
}

func TestListWarranties(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		dev := mustDevice(t, st, "L1")
		rows := []struct{ kind, ref, level, start, end string }{
			{"manufacturer", "M-1", "NBD on-site", "2024-01-01", "2026-11-21"},
			{"support", "S-100%", "4h", "2026-01-01", "2027-12-31"},
			{"extended", "E_1", "NBD", "", "2026-11-22"},
			{"lease", "L-1", "", "2026-12-01", "2029-12-01"},
		}
		for i, r := range rows {
			w := &models.Warranty{Kind: r.kind, Reference: models.StrPtr(r.ref), ServiceLevel: r.level, EndDate: models.MustDate(r.end)}
			if r.start != "" {
				w.StartDate = models.MustDate(r.start)
			}
			if i == 1 {
				w.DeviceIDs = []int64{dev.ID}
			}
			if err := st.CreateWarranty(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		today := st.Today()
		cases := []struct {
			name string
			f    models.WarrantyFilter
			want []string
		}{
			{"active today", models.WarrantyFilter{ActiveOn: today, Page: models.Page{Sort: "end_date"}}, []string{"E_1", "S-100%"}},
			{"ends before", models.WarrantyFilter{EndsBefore: today}, []string{"M-1"}},
			{"covering a device", models.WarrantyFilter{DeviceID: dev.ID}, []string{"S-100%"}},
			{"kind", models.WarrantyFilter{Kind: "lease"}, []string{"L-1"}},
			{"percent is literal", models.WarrantyFilter{Q: "%"}, []string{"S-100%"}},
			{"underscore is literal", models.WarrantyFilter{Q: "_"}, []string{"E_1"}},
			{"service level", models.WarrantyFilter{Q: "nbd", Page: models.Page{Sort: "-start_date"}}, []string{"M-1", "E_1"}},
			{"sorted by kind", models.WarrantyFilter{Page: models.Page{Sort: "kind"}}, []string{"E_1", "L-1", "M-1", "S-100%"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				res, err := st.ListWarranties(ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, w := range res.Items {
					got = append(got, models.Str(w.Reference))
				}
				if !reflect.DeepEqual(got, tc.want) || res.Total != int64(len(tc.want)) {
					t.Fatalf("got %v (total %d), want %v", got, res.Total, tc.want)
				}
			})
		}
	})
}
