package notify

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// outboxLog lists an item's outbox rows as "stage status day" (day = days after day0 it was
// sent, or "-"), in plan order.
func outboxLog(tb testing.TB, e *env, kind string, id int64) []string {
	tb.Helper()
	res, err := e.st.ListOutbox(e.ctx, models.OutboxFilter{ItemKind: kind, ItemID: id, Page: models.Page{Limit: 1000, Sort: "id"}})
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, m := range res.Items {
		when := "-"
		if m.SentAt != nil {
			when = fmt.Sprint(int(m.SentAt.Sub(day0) / (24 * time.Hour)))
		}
		out = append(out, fmt.Sprintf("%s %d %s %s", m.AnchorDate, m.Stage, m.Status, when))
	}
	return out
}

// TestRemindersOverTwoHundredDays drives the planner and dispatcher with a fake clock, twice a
// day for 200 days, and checks which stages arrive, when, and what happens to the rest.
func TestRemindersOverTwoHundredDays(t *testing.T) {
	a120, a160 := dayN(120).String(), dayN(160).String()
	cases := []struct {
		name   string
		stages models.Stages
		down   [2]int // days with no server running: [from, to)
		events map[int]func(tb testing.TB, e *env, l *models.Licence)
		want   []string
	}{
		{
			name: "each stage once", stages: models.DefaultStages,
			want: []string{a120 + " 90 sent 30", a120 + " 30 sent 90", a120 + " 7 sent 113", a120 + " 0 sent 120"},
		},
		{
			name: "renewal mid-way restarts the stages", stages: models.DefaultStages,
			events: map[int]func(testing.TB, *env, *models.Licence){100: func(tb testing.TB, e *env, l *models.Licence) {
				_, err := e.st.UpdateLicence(e.ctx, l.ID, l.Version, func(l *models.Licence) error { l.EndDate = dayN(190); return nil })
				if err != nil {
					tb.Fatal(err)
				}
			}},
			want: []string{
				a120 + " 90 sent 30", a120 + " 30 sent 90", a120 + " 7 cancelled -", a120 + " 0 cancelled -",
				// The new term's 90-day stage had passed when it was renewed: it goes at once, then the rest on time.
				a160 + " 90 sent 100", a160 + " 30 sent 130", a160 + " 7 sent 153", a160 + " 0 sent 160",
			},
		},
		{
			name: "a decision stops the later stages", stages: models.DefaultStages,
			events: map[int]func(testing.TB, *env, *models.Licence){95: func(_ testing.TB, e *env, l *models.Licence) {
				e.decis.decide(DecisionKey{models.RenewalLicence, l.ID, l.EndDate})
			}},
			want: []string{a120 + " 90 sent 30", a120 + " 30 sent 90", a120 + " 7 cancelled -", a120 + " 0 cancelled -"},
		},
		{
			name: "a 40-day outage sends one catch-up", stages: models.Stages{90, 60, 50, 40, 30, 7, 0}, down: [2]int{55, 95},
			want: []string{
				a120 + " 90 sent 30", a120 + " 60 skipped -", a120 + " 50 skipped -", a120 + " 40 skipped -",
				a120 + " 30 sent 95", a120 + " 7 sent 113", a120 + " 0 sent 120",
			},
		},
		{
			name: "a deadline passed unnoticed gets one missed notice", stages: models.DefaultStages, down: [2]int{110, 125},
			want: []string{
				a120 + " 90 sent 30", a120 + " 30 sent 90", a120 + " 7 skipped -", a120 + " 0 skipped -", a120 + " -1 sent 125",
			},
		},
	}
	for _, dialect := range modeltest.Dialects(t) {
		for _, tc := range cases {
			t.Run(dialect+"/"+tc.name, func(t *testing.T) {
				e := mustEnv(t, dialect, day0)
				mustRule(t, e.st, models.ReminderRule{Stages: tc.stages, SendHour: 8,
					Recipients: models.Recipients{{Kind: models.RecipientEmail, Value: "procurement@example.org"}}})
				l := mustLicence(t, e.st, "Design Suite", dayN(150), 30, true)
				done := map[int]bool{}
				for e.clk.Now().Before(day0.AddDate(0, 0, 200)) {
					e.clk.add(12 * time.Hour)
					n := int(e.clk.Now().Sub(day0) / (24 * time.Hour))
					if n >= tc.down[0] && n < tc.down[1] {
						continue
					}
					if ev := tc.events[n]; ev != nil && !done[n] {
						done[n] = true
						ev(t, e, l)
					}
					e.pass(t)
				}
				got := outboxLog(t, e, models.RenewalLicence, l.ID)
				if !slices.Equal(got, tc.want) {
					t.Errorf("outbox:\n got  %q\n want %q", got, tc.want)
				}
				sent := 0
				for _, w := range tc.want {
					if slices.Contains([]string{"sent"}, fieldAt(w, 2)) {
						sent++
					}
				}
				if n := len(e.smtp.messages()); n != sent {
					t.Errorf("the SMTP server received %d messages, want %d: %q", n, sent, e.subjects())
				}
			})
		}
	}
}

// fieldAt returns the i-th space-separated field of s.
func fieldAt(s string, i int) string {
	var f []string
	start := 0
	for j := 0; j <= len(s); j++ {
		if j == len(s) || s[j] == ' ' {
			f = append(f, s[start:j])
			start = j + 1
		}
	}
	if i < len(f) {
		return f[i]
	}
	return ""
}

// TestPlanIsIdempotent plans the same day twice and from a second planner: nothing new.
func TestPlanIsIdempotent(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		clk := &clock{now: day0}
		st.Now = clk.Now
		mustLicence(t, st, "Office", dayN(60), 0, false)
		p := &Planner{Store: st, Log: quiet}
		first, err := p.Plan(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The default rule goes to the budget owner, and the licence has no budget line: the
		// rows are logged as skipped with the reason, one per stage not yet past.
		// The 90-day stage's day has passed but the 30-day one's has not: it is the latest due
		// stage, so it is planned (to go now) with the three to come.
		if first.Planned != 4 {
			t.Errorf("first plan made %d rows, want 4", first.Planned)
		}
		for range 2 {
			again, err := (&Planner{Store: st, Log: quiet}).Plan(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if again.Planned != 0 {
				t.Errorf("planning again made %d rows", again.Planned)
			}
		}
		res, err := st.ListOutbox(ctx, models.OutboxFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range res.Items {
			if m.Status != models.StatusSkipped || m.Reason != "not sent: the item has no budget line, so no budget owner" {
				t.Errorf("row %d: %s %q", m.ID, m.Status, m.Reason)
			}
		}
	})
}
