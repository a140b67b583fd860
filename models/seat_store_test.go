package models_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func TestSeatStore(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "test")
		lic := mustLicence(t, ctx, st, models.Licence{Product: "Visio", Seats: seats(2)})
		other := mustLicence(t, ctx, st, models.Licence{Product: "Project"})
		d1, d2 := mustDevice(t, st, "D1"), mustDevice(t, st, "D2")
		first := &models.LicenceSeat{LicenceID: lic.ID, DeviceID: &d1.ID, AssignedOn: models.MustDate("2026-11-01")}
		if err := st.CreateSeat(ctx, first); err != nil {
			t.Fatal(err)
		}
		if first.Device == nil || models.Str(first.Device.AssetTag) != "D1" {
			t.Fatalf("device not loaded: %+v", first.Device)
		}

		cases := []struct {
			name  string
			seat  models.LicenceSeat
			check func(error) bool
		}{
			{"the same device twice", models.LicenceSeat{LicenceID: lic.ID, DeviceID: &d1.ID}, func(err error) bool {
				var ce *models.ConflictError
				return errors.As(err, &ce) && ce.Fields["device_id"] != ""
			}},
			{"a device that does not exist", models.LicenceSeat{LicenceID: lic.ID, DeviceID: seats(999)}, func(err error) bool {
				var fe *models.FieldError
				return errors.As(err, &fe) && fe.Fields["device_id"] != ""
			}},
			{"neither device nor person", models.LicenceSeat{LicenceID: lic.ID}, func(err error) bool { return errors.Is(err, models.ErrInvalid) }},
			{"a licence that does not exist", models.LicenceSeat{LicenceID: 999, Assignee: "ann"}, func(err error) bool { return errors.Is(err, models.ErrNotFound) }},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if err := st.CreateSeat(ctx, &tc.seat); !tc.check(err) {
					t.Fatalf("unexpected error %v", err)
				}
			})
		}
		t.Run("beyond the seats bought is a conflict; unlimited takes any number", func(t *testing.T) {
			if err := st.CreateSeat(ctx, &models.LicenceSeat{LicenceID: lic.ID, Assignee: "ann"}); err != nil {
				t.Fatal(err)
			}
			err := st.CreateSeat(ctx, &models.LicenceSeat{LicenceID: lic.ID, DeviceID: &d2.ID})
			var ce *models.ConflictError
			if !errors.As(err, &ce) || ce.Message[:19] != "all 2 seats are ass" {
				t.Fatalf("want all seats assigned, got %v", err)
			}
			for _, who := range []string{"ann", "bob", "cat"} {
				if err := st.CreateSeat(ctx, &models.LicenceSeat{LicenceID: other.ID, Assignee: who}); err != nil {
					t.Fatal(err)
				}
			}
		})
		t.Run("a seat under another licence is not found", func(t *testing.T) {
			if _, err := st.UpdateSeat(ctx, other.ID, first.ID, 1, func(s *models.LicenceSeat) error { return nil }); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("update: %v", err)
			}
			if err := st.DeleteSeat(ctx, other.ID, first.ID, nil); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("delete: %v", err)
			}
		})
		t.Run("update keeps the seat on its licence and audits", func(t *testing.T) {
			got, err := st.UpdateSeat(ctx, lic.ID, first.ID, 1, func(s *models.LicenceSeat) error {
				s.Notes, s.LicenceID = "moved", other.ID
				return nil
			})
			if err != nil || got.LicenceID != lic.ID || got.Version != 2 || got.Device == nil {
				t.Fatalf("update: %v %+v", err, got)
			}
			evs, _ := st.ListAuditEvents(ctx, models.AuditFilter{Entity: "licence_seat", EntityID: first.ID})
			if len(evs.Items) != 2 || evs.Items[0].Changes["notes"].New != "moved" {
				t.Fatalf("audit: %+v", evs.Items)
			}
		})
		t.Run("list and delete", func(t *testing.T) {
			res, err := st.ListSeats(ctx, lic.ID, models.Page{Sort: "assigned_on"})
			if err != nil || res.Total != 2 || res.Items[1].Device == nil || res.Items[1].ID != first.ID {
				t.Fatalf("list: %v %+v", err, res)
			}
			if err := st.DeleteSeat(ctx, lic.ID, first.ID, seats(1)); !errors.Is(err, models.ErrStale) {
				t.Fatalf("stale delete: %v", err)
			}
			if err := st.DeleteSeat(ctx, lic.ID, first.ID, seats(2)); err != nil {
				t.Fatal(err)
			}
			if _, err := st.ListSeats(ctx, 999, models.Page{}); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("list of a missing licence: %v", err)
			}
		})
	})
}

// TestLastSeatRace assigns the last seat from several goroutines at once: exactly one wins.
func TestLastSeatRace(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		lic := mustLicence(t, ctx, st, models.Licence{Product: "CAD", Seats: seats(1)})
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = st.CreateSeat(ctx, &models.LicenceSeat{LicenceID: lic.ID, Assignee: "user " + string(rune('a'+i))})
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, models.ErrConflict):
				t.Errorf("want a conflict, got %v", err)
			}
		}
		got, err := st.GetLicence(ctx, lic.ID)
		if won != 1 || err != nil || got.SeatsUsed != 1 {
			t.Fatalf("%d assignments won, %d seats used (%v)", won, got.SeatsUsed, err)
		}
	})
}
