package models_test

import (
	"context"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func TestListLicencesOfDevice(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "test")
		laptop, other := mustDevice(t, st, "LT-1"), mustDevice(t, st, "LT-2")
		office := mustLicence(t, ctx, st, models.Licence{Product: "Office"})
		adobe := mustLicence(t, ctx, st, models.Licence{Product: "Acrobat"})
		mustLicence(t, ctx, st, models.Licence{Product: "Unused"})
		for _, s := range []models.LicenceSeat{
			{LicenceID: office.ID, DeviceID: &laptop.ID}, {LicenceID: office.ID, Assignee: "bo"},
			{LicenceID: adobe.ID, DeviceID: &other.ID}, {LicenceID: adobe.ID, Assignee: "ana"},
		} {
			if err := st.CreateSeat(ctx, &s); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			name   string
			device int64
			want   []string
		}{
			{"the licence with a seat on the device", laptop.ID, []string{"Office"}},
			{"the other device", other.ID, []string{"Acrobat"}},
			{"a device without seats", other.ID + 100, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res, err := st.ListLicences(ctx, models.LicenceFilter{DeviceID: tc.device})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, l := range res.Items {
					got = append(got, l.Product)
				}
				if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) || res.Total != int64(len(tc.want)) {
					t.Errorf("got %v (total %d), want %v", got, res.Total, tc.want)
				}
			})
		}
	})
}

func TestListDevicesOfWarranty(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "test")
		a, b := mustDevice(t, st, "D-1"), mustDevice(t, st, "D-2")
		mustDevice(t, st, "D-3")
		w := &models.Warranty{Kind: "support", EndDate: models.MustDate("2027-01-01"), DeviceIDs: []int64{a.ID, b.ID}}
		if err := st.CreateWarranty(ctx, w); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			f    models.DeviceFilter
			want int64
		}{
			{"every covered device", models.DeviceFilter{WarrantyID: w.ID}, 2},
			{"with another filter", models.DeviceFilter{WarrantyID: w.ID, Q: "D-2"}, 1},
			{"an unknown warranty", models.DeviceFilter{WarrantyID: w.ID + 1}, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res, err := st.ListDevices(ctx, tc.f)
				if err != nil || res.Total != tc.want || int64(len(res.Items)) != tc.want {
					t.Errorf("got %d (%d items), %v; want %d", res.Total, len(res.Items), err, tc.want)
				}
			})
		}
	})
}
