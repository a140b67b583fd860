package models_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// mustOutboxRow plans one reminder row due at due.
func mustOutboxRow(tb testing.TB, st *models.Store, id int64, due time.Time) {
	tb.Helper()
	k := models.OutboxKey{ItemKind: "licence", ItemID: id, AnchorDate: models.MustDate("2027-01-31"), Stage: 30,
		Channel: models.ChannelEmail, Recipient: "a@example.org"}
	n, err := st.PlanOutbox(context.Background(), []models.OutboxMessage{models.NewOutboxMessage(models.OutboxReminder, nil, k, due, due.Add(48*time.Hour))})
	if err != nil || n != 1 {
		tb.Fatalf("plan: %d rows, %v", n, err)
	}
}

// TestOutboxLifecycle: a key is planned once; a claim leases rows to one caller; only the
// holder of the lease records the outcome; a dead row can be resent, with the same message id.
func TestOutboxLifecycle(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		now := modeltest.Clock
		mustOutboxRow(t, st, 1, now.Add(-time.Minute))
		mustOutboxRow(t, st, 2, now.Add(time.Hour)) // not due yet
		k := models.OutboxKey{ItemKind: "licence", ItemID: 1, AnchorDate: models.MustDate("2027-01-31"), Stage: 30, Channel: "email", Recipient: "a@example.org"}
		dup := models.NewOutboxMessage(models.OutboxReminder, nil, k, now, now.Add(time.Hour))
		if n, err := st.PlanOutbox(ctx, []models.OutboxMessage{dup}); err != nil || n != 0 {
			t.Fatalf("planning the same key again: %d rows, %v", n, err)
		}
		email := []string{models.ChannelEmail}
		if rows, err := st.ClaimOutbox(ctx, []string{models.ChannelWebhook}, "x", time.Minute, 10); err != nil || len(rows) != 0 {
			t.Fatalf("webhook claim got %d email rows (%v)", len(rows), err)
		}
		rows, err := st.ClaimOutbox(ctx, email, "first", time.Minute, 10)
		if err != nil || len(rows) != 1 || rows[0].ItemID != 1 || rows[0].Attempts != 1 || rows[0].Status != models.StatusSending {
			t.Fatalf("claim: %+v, %v", rows, err)
		}
		if again, err := st.ClaimOutbox(ctx, email, "second", time.Minute, 10); err != nil || len(again) != 0 {
			t.Fatalf("a leased row was claimed again: %d (%v)", len(again), err)
		}
		st.Now = func() time.Time { return now.Add(2 * time.Minute) } // the lease ran out
		taken, err := st.ClaimOutbox(ctx, email, "second", time.Minute, 10)
		if err != nil || len(taken) != 1 || taken[0].Attempts != 2 {
			t.Fatalf("an expired lease was not taken over: %+v (%v)", taken, err)
		}
		err = st.FinishOutbox(ctx, rows[0].ID, "first", models.OutboxResult{Status: models.StatusSent})
		if !errors.Is(err, models.ErrStale) {
			t.Errorf("the old lease holder recorded an outcome: %v", err)
		}
		if err := st.FinishOutbox(ctx, rows[0].ID, "second", models.OutboxResult{Status: models.StatusDead, Error: "550 no such user"}); err != nil {
			t.Fatal(err)
		}
		m, err := st.ResendOutbox(ctx, rows[0].ID)
		if err != nil || m.Status != models.StatusRetry || m.Attempts != 0 || m.MessageID != rows[0].MessageID || m.LastError != "550 no such user" {
			t.Fatalf("resend: %+v, %v", m, err)
		}
		if _, err := st.ResendOutbox(ctx, rows[0].ID); !errors.Is(err, models.ErrConflict) {
			t.Errorf("resending a row that is not dead: %v", err)
		}
		st.Now = func() time.Time { return now.Add(72 * time.Hour) }
		if n, err := st.ExpireOutbox(ctx); err != nil || n != 2 {
			t.Errorf("expire: %d rows (%v), want 2 (row 2 never sent, the resent row not picked up within a day)", n, err)
		}
	})
}

// TestReminderItemsScope checks which items a rule's scope takes.
func TestReminderItemsScope(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		today := models.MustDate("2026-12-01")
		vendor := &models.Vendor{Name: "Acme"}
		if err := st.CreateVendor(ctx, vendor); err != nil {
			t.Fatal(err)
		}
		mk := func(product string, end models.Date, notice int, amount int64, publisher *int64) *models.Licence {
			l := &models.Licence{Product: product, Type: "subscription", Metric: "site", EndDate: end, NoticeDays: notice,
				Cost: models.Money{Amount: amount, Currency: "GBP"}, BillingPeriod: "annual", PublisherID: publisher}
			if err := st.CreateLicence(ctx, l); err != nil {
				t.Fatal(err)
			}
			return l
		}
		mk("cheap soon", today.AddDays(40), 0, 100, nil)
		mk("dear far, long notice", today.AddDays(300), 250, 900000, &vendor.ID) // anchor in 50 days
		mk("ended", today.AddDays(-1), 0, 100, nil)
		mk("beyond the horizon", today.AddDays(200), 0, 100, nil)
		laptop := &models.Device{AssetTag: ptr("L1"), Category: "laptop", Status: "deployed"}
		retired := &models.Device{AssetTag: ptr("S1"), Category: "server", Status: "retired"}
		for _, d := range []*models.Device{laptop, retired} {
			if err := st.CreateDevice(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		for _, w := range []*models.Warranty{
			{Kind: "manufacturer", Reference: ptr("W-LAPTOP"), EndDate: today.AddDays(20), DeviceIDs: []int64{laptop.ID}},
			{Kind: "manufacturer", Reference: ptr("W-RETIRED"), EndDate: today.AddDays(20), DeviceIDs: []int64{retired.ID}},
		} {
			if err := st.CreateWarranty(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			name  string
			scope models.ReminderScope
			want  []string
		}{
			{"both", models.ReminderScope{Scope: models.ScopeBoth}, []string{"cheap soon", "dear far, long notice (Acme)", "W-LAPTOP"}},
			{"licences", models.ReminderScope{Scope: models.ScopeLicences}, []string{"cheap soon", "dear far, long notice (Acme)"}},
			{"warranties of laptops", models.ReminderScope{Scope: models.ScopeBoth, Category: "laptop"}, []string{"W-LAPTOP"}},
			{"one vendor", models.ReminderScope{Scope: models.ScopeBoth, VendorID: &vendor.ID}, []string{"dear far, long notice (Acme)"}},
			{"minimum cost", models.ReminderScope{Scope: models.ScopeLicences, MinCost: models.Money{Amount: 1000, Currency: "GBP"}},
				[]string{"dear far, long notice (Acme)"}},
			{"minimum cost in another currency", models.ReminderScope{Scope: models.ScopeLicences, MinCost: models.Money{Amount: 1, Currency: "EUR"}}, nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				items, err := st.ReminderItems(ctx, tc.scope, today, 90)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, it := range items {
					name := it.Name
					if it.Vendor != "" {
						name += " (" + it.Vendor + ")"
					}
					got = append(got, name)
				}
				if len(got) != len(tc.want) {
					t.Fatalf("got %q, want %q", got, tc.want)
				}
				for i := range got {
					if got[i] != tc.want[i] {
						t.Errorf("got %q, want %q", got, tc.want)
					}
				}
			})
		}
	})
}

func ptr[T any](v T) *T { return &v }
