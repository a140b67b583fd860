package notify

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// fakeDirectory knows the people of one role.
type fakeDirectory struct{ roles map[string][]string }

func (f fakeDirectory) EmailsOfRole(_ context.Context, role string) ([]string, error) {
	return f.roles[role], nil
}
func (f fakeDirectory) EmailOfUser(context.Context, string) (string, error) {
	return "", models.ErrNotFound
}

// TestRecipientsAndDigest routes reminders to the budget line's owner and to a role's people,
// one digest per recipient; an owner that is no address is logged as skipped, with the reason.
func TestRecipientsAndDigest(t *testing.T) {
	for _, dialect := range modeltest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			e := mustEnv(t, dialect, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
			e.plan.Directory = fakeDirectory{roles: map[string][]string{"viewer": {"Fin@example.org", "proc@example.org"}}}
			mustRule(t, e.st, models.ReminderRule{SendHour: 8, Stages: models.Stages{30}, Digest: true, Recipients: models.Recipients{
				{Kind: models.RecipientBudgetOwner}, {Kind: models.RecipientRole, Value: "viewer"}}})
			owned := &models.BudgetLine{Code: "IT-SW", Name: "Software", FiscalYear: 2026, Category: "opex", Owner: "fin@example.org"}
			unowned := &models.BudgetLine{Code: "IT-HW", Name: "Hardware", FiscalYear: 2026, Category: "capex", Owner: "Jane in finance"}
			for _, b := range []*models.BudgetLine{owned, unowned} {
				if err := e.st.CreateBudgetLine(e.ctx, b); err != nil {
					t.Fatal(err)
				}
			}
			for _, x := range []struct {
				product string
				line    int64
			}{{"Alpha", owned.ID}, {"Beta", owned.ID}, {"Gamma", unowned.ID}} {
				l := mustLicence(t, e.st, x.product, models.MustDate("2026-12-31"), 0, false)
				if _, err := e.st.UpdateLicence(e.ctx, l.ID, l.Version, func(l *models.Licence) error { l.BudgetLineID = &x.line; return nil }); err != nil {
					t.Fatal(err)
				}
			}
			e.pass(t)
			got := map[string][]string{}
			for _, m := range e.smtp.messages() {
				got[m.Header.Get("To")] = append(got[m.Header.Get("To")], m.Header.Get("Subject"))
			}
			want := map[string][]string{
				// fin@ is the owner of IT-SW and a viewer: one digest of all three, not two messages.
				"<fin@example.org>":  {"3 renewals to decide on, the first by 31 Dec 2026"},
				"<proc@example.org>": {"3 renewals to decide on, the first by 31 Dec 2026"},
			}
			if len(got) != len(want) {
				t.Fatalf("received %v, want %v", got, want)
			}
			for to, subjects := range want {
				if !slices.Equal(got[to], subjects) {
					t.Errorf("%s got %q, want %q", to, got[to], subjects)
				}
			}
			var skipped []string
			for _, m := range mustOutbox(t, e.st) {
				if m.Status == models.StatusSkipped {
					skipped = append(skipped, m.Recipient+": "+m.Reason)
				}
			}
			if len(skipped) != 1 || !strings.Contains(skipped[0], "budget_owner:IT-HW") || !strings.Contains(skipped[0], "Jane in finance") {
				t.Errorf("skipped rows: %q", skipped)
			}
		})
	}
}

// TestDigestAcrossBatches: a digest whose rows a small claim batch splits still goes as one message.
func TestDigestAcrossBatches(t *testing.T) {
	for _, dialect := range modeltest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			e := mustEnv(t, dialect, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
			e.disp.Batch = 2
			mustRule(t, e.st, models.ReminderRule{SendHour: 8, Stages: models.Stages{30}, Digest: true,
				Recipients: models.Recipients{{Kind: models.RecipientEmail, Value: "a@example.org"}, {Kind: models.RecipientEmail, Value: "b@example.org"}}})
			for _, p := range []string{"One", "Two", "Three", "Four", "Five"} {
				mustLicence(t, e.st, p, models.MustDate("2026-12-31"), 0, false)
			}
			e.pass(t)
			if got := e.subjects(); len(got) != 2 || got[0] != got[1] || !strings.HasPrefix(got[0], "5 renewals") {
				t.Errorf("subjects %q, want one digest of 5 to each of 2 recipients", got)
			}
		})
	}
}
