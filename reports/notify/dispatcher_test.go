package notify

import (
	"bytes"
	"context"
	"html"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"itreg/models"
	"itreg/models/modeltest"
)

// mustOutbox loads every outbox row, oldest first.
func mustOutbox(tb testing.TB, st *models.Store) []models.OutboxMessage {
	tb.Helper()
	res, err := st.ListOutbox(context.Background(), models.OutboxFilter{Page: models.Page{Limit: 1000, Sort: "id"}})
	if err != nil {
		tb.Fatal(err)
	}
	return res.Items
}

// TestEmailContent sends one reminder and reads it back at the SMTP server: headers, the
// text and HTML parts with the facts in words and the link, and the .ics attachment.
func TestEmailContent(t *testing.T) {
	for _, dialect := range modeltest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			e := mustEnv(t, dialect, time.Date(2026, 10, 2, 9, 0, 0, 0, time.UTC))
			mustRule(t, e.st, models.ReminderRule{SendHour: 8, Recipients: models.Recipients{{Kind: models.RecipientEmail, Value: "Buyer@Example.org"}}})
			l := mustLicence(t, e.st, "Design Suite", models.MustDate("2027-03-31"), 90, true)
			e.pass(t)
			msgs := e.smtp.messages()
			if len(msgs) != 1 {
				t.Fatalf("received %d messages, want 1", len(msgs))
			}
			m := msgs[0]
			for h, want := range map[string]string{
				"Subject":        "Decide by 31 Dec 2026: Design Suite (in 90 days)",
				"Auto-Submitted": "auto-generated",
				"To":             "<buyer@example.org>",
			} {
				if got := m.Header.Get(h); got != want {
					t.Errorf("%s = %q, want %q", h, got, want)
				}
			}
			row := mustOutbox(t, e.st)[0]
			if got, want := m.Header.Get("Message-ID"), "<itreg-"+row.MessageID+"@example.org>"; got != want {
				t.Errorf("Message-ID = %q, want %q", got, want)
			}
			parts := mustParts(t, m)
			byType := map[string]part{}
			for _, p := range parts {
				byType[p.contentType] = p
			}
			facts := "ends 31 Mar 2027; 90 days' notice; decide by 31 Dec 2026; renews automatically; next term 1200.00 GBP"
			link := "https://itreg.example.org/licences/" + strconv.FormatInt(l.ID, 10)
			for _, ct := range []string{"text/plain", "text/html"} {
				body := html.UnescapeString(string(byType[ct].body))
				for _, want := range []string{facts, link, "Decide on Design Suite by 31 Dec 2026 (in 90 days)."} {
					if !strings.Contains(body, want) {
						t.Errorf("%s part lacks %q:\n%s", ct, want, body)
					}
				}
			}
			ics := byType["text/calendar"]
			if ics.fileName != "deadlines.ics" {
				t.Errorf("calendar attachment named %q", ics.fileName)
			}
			uid := "UID:licence-" + strconv.FormatInt(l.ID, 10) + "-2026-12-31@itreg"
			for _, want := range []string{"DTSTART;VALUE=DATE:20261231", "SUMMARY:Notice deadline: Design Suite", uid} {
				if !strings.Contains(string(ics.body), want) {
					t.Errorf(".ics lacks %q:\n%s", want, ics.body)
				}
			}
		})
	}
}

// TestSMTPRetries: a server answering 451 twice, then accepting, gets the message on the
// third try, after the back-off each time; a server that always refuses ends the row dead.
func TestSMTPRetries(t *testing.T) {
	cases := []struct {
		name       string
		fail       int
		maxTries   int
		wantStatus string
		wantTries  int
	}{
		{"451 twice then accepted", 2, 5, models.StatusSent, 3},
		{"dead after the last try", 10, 4, models.StatusDead, 4},
	}
	for _, dialect := range modeltest.Dialects(t) {
		for _, tc := range cases {
			t.Run(dialect+"/"+tc.name, func(t *testing.T) {
				e := mustEnv(t, dialect, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
				e.disp.MaxTries = tc.maxTries
				e.smtp.failTimes(tc.fail)
				mustRule(t, e.st, models.ReminderRule{SendHour: 8, Stages: models.Stages{30},
					Recipients: models.Recipients{{Kind: models.RecipientEmail, Value: "a@example.org"}}})
				mustLicence(t, e.st, "Backup", models.MustDate("2026-12-31"), 0, false)
				e.pass(t)
				for i := 0; i < 20 && !models.Final(mustOutbox(t, e.st)[0].Status); i++ {
					row := mustOutbox(t, e.st)[0]
					if row.Status != models.StatusRetry || !row.NextAttemptAt.After(e.clk.Now()) {
						t.Fatalf("after try %d: %s next %s", row.Attempts, row.Status, row.NextAttemptAt)
					}
					e.pass(t) // not yet due: nothing happens
					if again := mustOutbox(t, e.st)[0]; again.Attempts != row.Attempts {
						t.Fatalf("retried before its back-off ended")
					}
					e.clk.set(row.NextAttemptAt)
					e.pass(t)
				}
				row := mustOutbox(t, e.st)[0]
				if row.Status != tc.wantStatus || row.Attempts != tc.wantTries {
					t.Errorf("ended %s after %d tries, want %s after %d (last error %q)", row.Status, row.Attempts, tc.wantStatus, tc.wantTries, row.LastError)
				}
				if tc.wantStatus == models.StatusDead && !strings.Contains(row.LastError, "451") {
					t.Errorf("dead row's last error %q does not say what the server answered", row.LastError)
				}
				if tc.wantStatus == models.StatusSent && len(e.smtp.messages()) != 1 {
					t.Errorf("server has %d messages", len(e.smtp.messages()))
				}
			})
		}
	}
}

// TestBackoffDoublesWithJitter checks the retry delays: doubling, capped, half random.
func TestBackoffDoublesWithJitter(t *testing.T) {
	cases := []struct {
		name       string
		attempt    int
		jitter     float64
		retryAfter time.Duration
		want       time.Duration
	}{
		{"first, no jitter", 1, 0, 0, 30 * time.Second},
		{"first, full jitter", 1, 0.999999, 0, 60 * time.Second},
		{"third doubles twice", 3, 0, 0, 2 * time.Minute},
		{"capped", 30, 0, 0, 3 * time.Hour},
		{"retry-after wins when longer", 1, 0, 10 * time.Minute, 10 * time.Minute},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := &Dispatcher{Jitter: func() float64 { return tc.jitter }}
			d.defaults()
			got := d.backoff(tc.attempt, tc.retryAfter).Round(time.Second)
			if got != tc.want {
				t.Errorf("backoff = %s, want %s", got, tc.want)
			}
		})
	}
}

// TestNoSMTPSaysWhy: without an SMTP server nothing is claimed, and the log says why.
func TestNoSMTPSaysWhy(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
		st.Now = clk.Now
		mustRule(t, st, models.ReminderRule{Name: "r2", SendHour: 8, Stages: models.Stages{30},
			Recipients: models.Recipients{{Kind: models.RecipientEmail, Value: "a@example.org"}}})
		mustLicence(t, st, "Backup", models.MustDate("2026-12-31"), 0, false)
		if _, err := (&Planner{Store: st}).Plan(context.Background()); err != nil {
			t.Fatal(err)
		}
		d := &Dispatcher{Store: st, Composer: NewComposer(st, "", 1, "GBP"), Log: quiet}
		if _, err := d.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, m := range mustOutbox(t, st) {
			if m.Recipient == "a@example.org" && (m.Status != models.StatusPlanned || m.LastError != NoSMTP || m.Attempts != 0) {
				t.Errorf("row: %s, %d tries, %q", m.Status, m.Attempts, m.LastError)
			}
		}
	})
}

// TestScheduledReportWorkbook sends the renewals report as XLSX on a weekly schedule and
// reopens the attachment with excelize; a schedule that skips empty reports sends nothing.
func TestScheduledReportWorkbook(t *testing.T) {
	for _, dialect := range modeltest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			// Monday 7 Dec 2026, 07:30 in London (UTC in winter).
			e := mustEnv(t, dialect, time.Date(2026, 12, 7, 7, 30, 0, 0, time.UTC))
			mustLicence(t, e.st, "Design Suite", models.MustDate("2027-01-31"), 30, true)
			for _, s := range []models.ReportSchedule{
				{Name: "Weekly renewals", Report: "renewals", Params: "within=90", Frequency: models.Weekly, Weekday: 1, MonthDay: 1, SendHour: 8,
					TimeZone: "Europe/London", Format: "xlsx", Recipients: models.Recipients{{Kind: models.RecipientEmail, Value: "fin@example.org"}}},
				{Name: "Empty", Report: "renewals", Params: "within=1", Frequency: models.Daily, MonthDay: 1, SendHour: 8, SkipEmpty: true,
					TimeZone: "Europe/London", Format: "csv", Recipients: models.Recipients{{Kind: models.RecipientEmail, Value: "fin@example.org"}}},
			} {
				s.Enabled = true
				if err := e.st.CreateReportSchedule(e.ctx, &s); err != nil {
					t.Fatal(err)
				}
			}
			e.pass(t)
			if n := len(e.smtp.messages()); n != 0 {
				t.Fatalf("%d messages before 08:00", n)
			}
			e.run(t, time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC), 30*time.Minute)
			msgs := e.smtp.messages()
			if len(msgs) != 1 {
				t.Fatalf("received %d messages, want 1: %q", len(msgs), e.subjects())
			}
			var xlsx []byte
			for _, p := range mustParts(t, msgs[0]) {
				if strings.HasSuffix(p.fileName, ".xlsx") {
					xlsx = p.body
				}
			}
			f, err := excelize.OpenReader(bytes.NewReader(xlsx))
			if err != nil {
				t.Fatalf("attachment does not open: %v", err)
			}
			defer f.Close()
			rows, err := f.GetRows(f.GetSheetList()[0])
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, r := range rows {
				for _, c := range r {
					found = found || c == "Design Suite"
				}
			}
			if !found {
				t.Errorf("the workbook does not list the licence: %q", rows)
			}
			var skipped int
			for _, m := range mustOutbox(t, e.st) {
				if m.Status == models.StatusSkipped && strings.Contains(m.Reason, "empty") {
					skipped++
				}
			}
			if skipped != 1 {
				t.Errorf("%d empty runs skipped, want 1", skipped)
			}
		})
	}
}

// TestRacingDispatchersDeliverOnce: two planners and two dispatchers on separate connections
// race over 200 due reminders; each is delivered exactly once (counted at the SMTP server).
func TestRacingDispatchersDeliverOnce(t *testing.T) {
	for _, dialect := range modeltest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			url := modeltest.MustDatabaseURL(t, dialect)
			now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
			open := func() *models.Store {
				st, err := models.Open(context.Background(), url, models.Options{Now: func() time.Time { return now }})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				return st
			}
			a, b := open(), open()
			if _, err := a.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			srv := mustSMTPServer(t)
			dropRules(t, a)
			mustRule(t, a, models.ReminderRule{Name: "race", SendHour: 8, Stages: models.Stages{0},
				Recipients: models.Recipients{{Kind: models.RecipientEmail, Value: "a@example.org"}}})
			for i := range 200 {
				mustLicence(t, a, "Product "+strconv.Itoa(i), models.MustDate("2026-12-01"), 0, false)
			}
			var wg sync.WaitGroup
			for _, st := range []*models.Store{a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					p := &Planner{Store: st, Log: quiet}
					d := &Dispatcher{Store: st, Composer: NewComposer(st, "", 1, "GBP"), Mailer: srv.mailer(t), Batch: 7, Log: quiet}
					for range 3 {
						if _, err := p.Plan(context.Background()); err != nil {
							t.Error(err)
							return
						}
						for {
							s, err := d.RunOnce(context.Background())
							if err != nil {
								t.Error(err)
								return
							}
							if s.Claimed == 0 {
								break
							}
						}
					}
				}()
			}
			wg.Wait()
			ids := map[string]int{}
			for _, m := range srv.messages() {
				ids[m.Header.Get("Message-ID")]++
			}
			if len(ids) != 200 || len(srv.messages()) != 200 {
				t.Errorf("server received %d messages with %d distinct ids, want 200 of 200", len(srv.messages()), len(ids))
			}
			for _, m := range mustOutbox(t, a) {
				if m.Status != models.StatusSent {
					t.Errorf("row %d is %s", m.ID, m.Status)
				}
			}
		})
	}
}

// blockingMailer delivers, then hangs until its context ends: a dispatcher killed between
// sending and recording.
type blockingMailer struct {
	inner Mailer
	sent  chan struct{}
}

func (b *blockingMailer) Send(ctx context.Context, to string, msg *Message) error {
	if err := b.inner.Send(context.Background(), to, msg); err != nil {
		return err
	}
	close(b.sent)
	<-ctx.Done()
	return ctx.Err()
}

// TestKilledDispatcherResendsSameMessageID: the message went out but the row was not marked;
// once the lease runs out another dispatcher sends it again with the same Message-ID.
func TestKilledDispatcherResendsSameMessageID(t *testing.T) {
	for _, dialect := range modeltest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			e := mustEnv(t, dialect, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
			mustRule(t, e.st, models.ReminderRule{SendHour: 8, Stages: models.Stages{30},
				Recipients: models.Recipients{{Kind: models.RecipientEmail, Value: "a@example.org"}}})
			mustLicence(t, e.st, "Backup", models.MustDate("2026-12-31"), 0, false)
			if _, err := e.plan.Plan(e.ctx); err != nil {
				t.Fatal(err)
			}
			bm := &blockingMailer{inner: e.smtp.mailer(t), sent: make(chan struct{})}
			doomed := &Dispatcher{Store: e.st, Composer: e.disp.Composer, Mailer: bm, Lease: time.Minute, Log: quiet}
			ctx, kill := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() {
				defer close(done)
				doomed.RunOnce(ctx)
			}()
			<-bm.sent
			kill()
			<-done
			if row := mustOutbox(t, e.st)[0]; row.Status != models.StatusSending {
				t.Fatalf("after the kill the row is %s, want still sending", row.Status)
			}
			e.pass(t) // the lease still holds: nobody else sends
			if n := len(e.smtp.messages()); n != 1 {
				t.Fatalf("%d messages while the lease held", n)
			}
			e.clk.add(2 * time.Minute)
			e.pass(t)
			msgs := e.smtp.messages()
			if len(msgs) != 2 {
				t.Fatalf("%d messages after the lease ran out, want 2", len(msgs))
			}
			if a, b := msgs[0].Header.Get("Message-ID"), msgs[1].Header.Get("Message-ID"); a != b || a == "" {
				t.Errorf("the repeat has Message-ID %q, the first %q", b, a)
			}
			if row := mustOutbox(t, e.st)[0]; row.Status != models.StatusSent || row.Attempts != 2 {
				t.Errorf("row %s after %d tries", row.Status, row.Attempts)
			}
		})
	}
}
