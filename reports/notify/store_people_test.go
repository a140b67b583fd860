package notify

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func TestStoreDirectory(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "test")
		mustUser := func(email, role string) *models.User {
			u, _, err := st.CreateUser(ctx, models.UserInput{Email: email, Name: email, Role: role, Landing: models.LandingIT})
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		ana := mustUser("ana@example.com", models.RoleViewer)
		mustUser("bo@example.com", models.RoleEditor)
		gone := mustUser("gone@example.com", models.RoleViewer)
		if _, err := st.SetUserDisabled(ctx, gone.ID, true); err != nil {
			t.Fatal(err)
		}
		d := StoreDirectory{Store: st}
		got, err := d.EmailsOfRole(ctx, models.RoleViewer)
		if err != nil || !slices.Equal(got, []string{"ana@example.com"}) {
			t.Errorf("viewers %v, %v; want ana only (gone is disabled)", got, err)
		}
		cases := []struct {
			name, user, want string
			err              error
		}{
			{"by email, any case", "ANA@example.com", "ana@example.com", nil},
			{"by id", strconv.FormatInt(ana.ID, 10), "ana@example.com", nil},
			{"disabled", "gone@example.com", "", models.ErrNotFound},
			{"unknown", "who@example.com", "", models.ErrNotFound},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				got, err := d.EmailOfUser(ctx, c.user)
				if got != c.want || !errors.Is(err, c.err) || (c.err == nil && err != nil) {
					t.Errorf("EmailOfUser(%q) = %q, %v; want %q, %v", c.user, got, err, c.want, c.err)
				}
			})
		}
	})
}

func TestStoreDecisions(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "test")
		end := models.MustDate("2027-03-31")
		var keys []DecisionKey
		for _, decision := range []string{"renew", "undecided", ""} {
			l := &models.Licence{Product: "P " + decision, Type: "subscription", Metric: "per_user", EndDate: end}
			if err := st.CreateLicence(ctx, l); err != nil {
				t.Fatal(err)
			}
			if decision != "" {
				item := models.RenewalItem{Kind: models.RenewalLicence, ID: l.ID}
				if _, err := st.SetRenewalDecision(ctx, item, 0, models.RenewalDecisionInput{Decision: decision}); err != nil {
					t.Fatal(err)
				}
			}
			keys = append(keys, DecisionKey{Kind: models.RenewalLicence, ID: l.ID, End: end})
		}
		d := StoreDecisions{Store: st}
		got, err := d.Decided(ctx, keys)
		if err != nil || len(got) != 1 || !got[keys[0]] {
			t.Errorf("decided %v, %v; want only the renewed licence (undecided and none do not stop reminders)", got, err)
		}
		later := DecisionKey{Kind: models.RenewalLicence, ID: keys[0].ID, End: end.AddMonths(12)}
		if got, err := d.Decided(ctx, []DecisionKey{later}); err != nil || len(got) != 0 {
			t.Errorf("for a later term: %v, %v; want no decision (it was made for %s)", got, err, end)
		}
	})
}
