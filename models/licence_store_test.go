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

// mustDevice inserts a device directly (the device store is not needed for these tests).
func mustDevice(t *testing.T, st *models.Store, tag string) *models.Device {
	t.Helper()
	d := &models.Device{AssetTag: &tag, Category: models.CategoryLaptop, Status: models.StatusDeployed, Record: models.Record{Version: 1}}
	if err := st.DB(context.Background()).Create(d).Error; err != nil {
		t.Fatalf("insert device %s: %v", tag, err)
	}
	return d
}

// mustLicence creates a licence through the store.
func mustLicence(t *testing.T, ctx context.Context, st *models.Store, l models.Licence) *models.Licence {
	t.Helper()
	if l.Type == "" {
		l.Type = "subscription"
	}
	if l.Metric == "" {
		l.Metric = "per_user"
	}
	if err := st.CreateLicence(ctx, &l); err != nil {
		t.Fatalf("create licence %s: %v", l.Product, err)
	}
	return &l
}

func seats(n int64) *int64 { return &n }

func TestLicenceStore(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "test")
		pub := &models.Vendor{Name: "Microsoft"}
		if err := st.CreateVendor(ctx, pub); err != nil {
			t.Fatal(err)
		}
		office := mustLicence(t, ctx, st, models.Licence{Product: "Office 365 E3", PublisherID: &pub.ID, Reference: models.StrPtr("EA-1"),
			Seats: seats(3), Key: "SECRET-KEY-1234", EndDate: models.MustDate("2027-03-31"), NoticeDays: 30,
			Cost: models.Money{Amount: 1200000, Currency: "GBP"}, BillingPeriod: "annual"})

		t.Run("get fills seats used and names", func(t *testing.T) {
			for _, tag := range []string{"A1", "A2"} {
				d := mustDevice(t, st, tag)
				if err := st.CreateSeat(ctx, &models.LicenceSeat{LicenceID: office.ID, DeviceID: &d.ID}); err != nil {
					t.Fatal(err)
				}
			}
			got, err := st.GetLicence(ctx, office.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.SeatsUsed != 2 || got.Publisher == nil || got.Publisher.Name != "Microsoft" || got.Key != "SECRET-KEY-1234" {
				t.Fatalf("got %+v", got)
			}
			if got.NoticeDeadline() != models.MustDate("2027-03-01") {
				t.Fatalf("notice deadline %s", got.NoticeDeadline())
			}
		})
		t.Run("find by publisher and reference", func(t *testing.T) {
			got, err := st.FindLicence(ctx, &pub.ID, "EA-1")
			if err != nil || got.ID != office.ID {
				t.Fatalf("find: %v %+v", err, got)
			}
			if _, err := st.FindLicence(ctx, nil, "EA-1"); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("find without publisher: %v", err)
			}
		})
		t.Run("duplicate reference per publisher is a conflict", func(t *testing.T) {
			err := st.CreateLicence(ctx, &models.Licence{Product: "Other", PublisherID: &pub.ID, Reference: models.StrPtr("EA-1"), Type: "perpetual", Metric: "site"})
			var ce *models.ConflictError
			if !errors.As(err, &ce) || ce.Fields["reference"] == "" {
				t.Fatalf("want reference conflict, got %v", err)
			}
			mustLicence(t, ctx, st, models.Licence{Product: "Other", Reference: models.StrPtr("EA-1")})
		})
		t.Run("the key is audited as a hash and never in errors", func(t *testing.T) {
			evs, err := st.ListAuditEvents(ctx, models.AuditFilter{Entity: "licence", EntityID: office.ID})
			if err != nil || len(evs.Items) != 1 {
				t.Fatalf("audit: %v %d", err, len(evs.Items))
			}
			if s := fmt.Sprint(evs.Items[0].Changes); strings.Contains(s, "SECRET") {
				t.Fatalf("audit leaks the key: %s", s)
			}
			_, err = st.UpdateLicence(ctx, office.ID, office.Version, func(l *models.Licence) error { l.Key = "SECRET\x00KEY"; return nil })
			if err == nil || strings.Contains(err.Error(), "SECRET") {
				t.Fatalf("want a field error without the key, got %v", err)
			}
		})
		t.Run("stale update changes nothing", func(t *testing.T) {
			_, err := st.UpdateLicence(ctx, office.ID, 7, func(l *models.Licence) error { l.Product = "x"; return nil })
			if !errors.Is(err, models.ErrStale) {
				t.Fatalf("want stale, got %v", err)
			}
			got, _ := st.GetLicence(ctx, office.ID)
			if got.Product != "Office 365 E3" || got.Version != 1 {
				t.Fatalf("changed: %+v", got)
			}
		})
		t.Run("deleting a licence removes its seats", func(t *testing.T) {
			if err := st.DeleteLicence(ctx, office.ID, seats(1)); err != nil {
				t.Fatal(err)
			}
			var n int64
			if err := st.DB(ctx).Model(&models.LicenceSeat{}).Where("licence_id = ?", office.ID).Count(&n).Error; err != nil || n != 0 {
				t.Fatalf("seats left: %d %v", n, err)
			}
			evs, _ := st.ListAuditEvents(ctx, models.AuditFilter{Entity: "licence", EntityID: office.ID, Action: "delete"})
			if len(evs.Items) != 1 {
				t.Fatalf("delete audited %d times", len(evs.Items))
			}
		})
	})
}

func TestListLicences(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		ends := []string{"", "2027-01-31", "", "2026-12-01", "2027-01-31", "2028-06-30", ""}
		for i, e := range ends {
			l := models.Licence{Product: fmt.Sprintf("Product %d", i), OrderNumber: fmt.Sprintf("PO-%d", i), Key: "KEY-100%_" + fmt.Sprint(i)}
			if e != "" {
				l.EndDate = models.MustDate(e)
			}
			mustLicence(t, ctx, st, l)
		}
		mustLicence(t, ctx, st, models.Licence{Product: "100% Cotton_Tools", Seats: seats(5)})

		t.Run("keyset pages by end date cover NULL end dates once", func(t *testing.T) {
			for _, sort := range []string{"end_date", "-end_date", "seats", "-cost", "product"} {
				items := allPages(t, models.Page{Limit: 2, Sort: sort}, func(p models.Page) (models.ListResult[models.Licence], error) {
					return st.ListLicences(ctx, models.LicenceFilter{Page: p})
				}, func(l *models.Licence) int64 { return l.ID })
				var order []string
				for _, it := range items {
					order = append(order, it.EndDate.String())
				}
				if len(items) != 8 {
					t.Fatalf("%s: saw %d licences, want 8", sort, len(items))
				}
				if sort == "end_date" && (order[0] != "" || order[4] != "2026-12-01" || order[7] != "2028-06-30") {
					t.Fatalf("end_date order %q", order)
				}
			}
		})
		cases := []filterCase[models.LicenceFilter]{
			{"percent is literal", models.LicenceFilter{Q: "%"}, 1},
			{"underscore is literal", models.LicenceFilter{Q: "n_t"}, 1},
			{"order number", models.LicenceFilter{Q: "po-3"}, 1},
			{"the key is never searched", models.LicenceFilter{Q: "KEY-100"}, 0},
			{"ends before", models.LicenceFilter{EndsBefore: models.MustDate("2027-01-31")}, 1},
			{"type", models.LicenceFilter{Type: "perpetual"}, 0},
		}
		runFilterCases(t, cases, func(f models.LicenceFilter) (int, int64, error) {
			res, err := st.ListLicences(ctx, f)
			return len(res.Items), res.Total, err
		})
	})
}

// BenchmarkListLicences lists one page of 50 licences (sorted by end date, seats counted)
// out of 2,000 holding 10,000 seats.
func BenchmarkListLicences(b *testing.B) {
	for _, d := range modeltest.Dialects(b) {
		b.Run(d, func(b *testing.B) {
			st := modeltest.MustStore(b, d)
			ctx := context.Background()
			err := st.WithTx(ctx, func(tx *models.Store) error {
				for i := range 2000 {
					l := &models.Licence{Product: fmt.Sprintf("P%04d", i), Type: "subscription", Metric: "per_user",
						EndDate: models.NewDate(2027, 1, 1).AddDays(i % 400), Record: models.Record{Version: 1}}
					if err := tx.DB(ctx).Create(l).Error; err != nil {
						return err
					}
					seats := make([]models.LicenceSeat, 5)
					for j := range seats {
						seats[j] = models.LicenceSeat{LicenceID: l.ID, Assignee: fmt.Sprint("u", j), Record: models.Record{Version: 1}}
					}
					if err := tx.DB(ctx).Omit("Device").Create(&seats).Error; err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			f := models.LicenceFilter{Page: models.Page{Limit: 50, Sort: "end_date"}}
			for b.Loop() {
				res, err := st.ListLicences(ctx, f)
				if err != nil || len(res.Items) != 50 || res.Items[0].SeatsUsed != 5 {
					b.Fatalf("%v %d", err, len(res.Items))
				}
			}
		})
	}
}
