package models_test

import (
	"context"
	"errors"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func TestVendorCRUD(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "test")
		v := &models.Vendor{Name: "Dell", Roles: models.StringList{"manufacturer"}}
		if err := st.CreateVendor(ctx, v); err != nil {
			t.Fatalf("create: %v", err)
		}
		if v.ID == 0 || v.Version != 1 {
			t.Fatalf("got id %d version %d", v.ID, v.Version)
		}
		t.Run("duplicate name differing in case is a conflict", func(t *testing.T) {
			err := st.CreateVendor(ctx, &models.Vendor{Name: "DELL"})
			var ce *models.ConflictError
			if !errors.As(err, &ce) || ce.Fields["name"] == "" {
				t.Fatalf("want name conflict, got %v", err)
			}
		})
		t.Run("stale version is rejected and changes nothing", func(t *testing.T) {
			_, err := st.UpdateVendor(ctx, v.ID, 99, func(x *models.Vendor) error { x.Website = "x"; return nil })
			if !errors.Is(err, models.ErrStale) {
				t.Fatalf("want stale, got %v", err)
			}
		})
		t.Run("update bumps the version and audits", func(t *testing.T) {
			got, err := st.UpdateVendor(ctx, v.ID, 1, func(x *models.Vendor) error { x.Website = "https://dell.com"; return nil })
			if err != nil || got.Version != 2 {
				t.Fatalf("update: %v %+v", err, got)
			}
			same, err := st.UpdateVendor(ctx, v.ID, 2, func(x *models.Vendor) error { x.Website = "https://dell.com"; return nil })
			if err != nil || same.Version != 2 {
				t.Fatalf("no-op update must not bump: %v %+v", err, same)
			}
			evs, err := st.ListAuditEvents(ctx, models.AuditFilter{Entity: "vendor", EntityID: v.ID})
			if err != nil || len(evs.Items) != 2 {
				t.Fatalf("audit: %v %d", err, len(evs.Items))
			}
			ch := evs.Items[0].Changes["website"]
			if evs.Items[0].Action != "update" || ch.New != "https://dell.com" || evs.Items[0].Actor != "test" {
				t.Fatalf("audit event: %+v", evs.Items[0])
			}
		})
		t.Run("list with q searches text literally", func(t *testing.T) {
			st.CreateVendor(ctx, &models.Vendor{Name: "100%_Pure"})
			for q, want := range map[string]int{"%": 1, "_": 1, "dell": 1, "' OR 1=1 --": 0} {
				res, err := st.ListVendors(ctx, models.VendorFilter{Q: q})
				if err != nil || len(res.Items) != want {
					t.Errorf("q=%q: %v, %d items, want %d", q, err, len(res.Items), want)
				}
			}
		})
		t.Run("keyset pages cover everything once", func(t *testing.T) {
			for _, n := range []string{"a", "B", "c", "D", "e"} {
				if err := st.CreateVendor(ctx, &models.Vendor{Name: "vendor " + n}); err != nil {
					t.Fatal(err)
				}
			}
			seen := map[int64]bool{}
			page := models.Page{Limit: 2, Sort: "-name"}
			for i := 0; ; i++ {
				res, err := st.ListVendors(ctx, models.VendorFilter{Page: page})
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range res.Items {
					if seen[it.ID] {
						t.Fatalf("%s seen twice", it.Name)
					}
					seen[it.ID] = true
				}
				if res.Next == "" {
					break
				}
				page.Cursor = res.Next
			}
			if len(seen) != 7 {
				t.Fatalf("saw %d vendors, want 7", len(seen))
			}
		})
	})
}

func TestCaseInsensitiveBeyondASCII(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		if err := st.CreateVendor(ctx, &models.Vendor{Name: "Émile Électronique"}); err != nil {
			t.Fatal(err)
		}
		t.Run("a name differing in accented case is a duplicate", func(t *testing.T) {
			if err := st.CreateVendor(ctx, &models.Vendor{Name: "ÉMILE ÉLECTRONIQUE"}); !errors.Is(err, models.ErrConflict) {
				t.Fatalf("want conflict, got %v", err)
			}
		})
		t.Run("found by name in any case", func(t *testing.T) {
			if _, err := st.FindVendorByName(ctx, "émile électronique"); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("search folds accented letters", func(t *testing.T) {
			res, err := st.ListVendors(ctx, models.VendorFilter{Q: "ÉMILE"})
			if err != nil || res.Total != 1 {
				t.Fatalf("%v, %d found", err, res.Total)
			}
		})
		t.Run("filters fold accented letters", func(t *testing.T) {
			tag := "D-1"
			if err := st.CreateDevice(ctx, &models.Device{AssetTag: &tag, Category: "laptop", Status: "deployed", Department: "Ärzte"}); err != nil {
				t.Fatal(err)
			}
			for _, dept := range []string{"ärzte", "ÄRZTE"} {
				res, err := st.ListDevices(ctx, models.DeviceFilter{Department: dept})
				if err != nil || res.Total != 1 {
					t.Errorf("department %q: %v, %d found", dept, err, res.Total)
				}
			}
		})
	})
}
