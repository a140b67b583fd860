package notify

import (
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestDaylightSavingChanges runs a daily schedule and a reminder rule in Pacific/Auckland and
// in America/Los_Angeles across both daylight-saving changes of 2027, at the hour that is
// skipped or repeated that night: every local day gets exactly one send.
func TestDaylightSavingChanges(t *testing.T) {
	cases := []struct {
		name, zone string
		hour       int
		change     models.Date // the local date the clocks change
	}{
		{"Auckland, clocks back (02:00-03:00 twice)", "Pacific/Auckland", 2, models.MustDate("2027-04-04")},
		{"Auckland, clocks forward (02:00 never happens)", "Pacific/Auckland", 2, models.MustDate("2027-09-26")},
		{"Los Angeles, clocks forward (02:00 never happens)", "America/Los_Angeles", 2, models.MustDate("2027-03-14")},
		{"Los Angeles, clocks back (01:00 twice)", "America/Los_Angeles", 1, models.MustDate("2027-11-07")},
	}
	for _, dialect := range modeltest.Dialects(t) {
		for _, tc := range cases {
			t.Run(dialect+"/"+tc.name, func(t *testing.T) {
				loc, err := time.LoadLocation(tc.zone)
				if err != nil {
					t.Fatal(err)
				}
				start := time.Date(tc.change.Year, tc.change.Month, tc.change.Day-2, 12, 0, 0, 0, loc)
				e := mustEnv(t, dialect, start.UTC())
				s := models.ReportSchedule{Name: "daily", Enabled: true, Report: "renewals", Frequency: models.Daily, MonthDay: 1,
					SendHour: tc.hour, TimeZone: tc.zone, Format: "csv", Recipients: models.Recipients{{Kind: models.RecipientEmail, Value: "daily@example.org"}}}
				if err := e.st.CreateReportSchedule(e.ctx, &s); err != nil {
					t.Fatal(err)
				}
				mustRule(t, e.st, models.ReminderRule{TimeZone: tc.zone, SendHour: tc.hour, Stages: models.Stages{1, 0},
					Recipients: models.Recipients{{Kind: models.RecipientEmail, Value: "rule@example.org"}}})
				// The deadline falls on the day of the change: stage 1 the day before, stage 0 that day.
				mustLicence(t, e.st, "Zoned", tc.change.AddDays(30), 30, true)
				e.run(t, start.Add(4*24*time.Hour), 15*time.Minute)

				perDay := map[string]int{}
				var reminders []string
				for _, m := range mustOutbox(t, e.st) {
					if m.Status != models.StatusSent {
						t.Errorf("row %d (%s %s stage %d) is %s: %s", m.ID, m.ItemKind, m.AnchorDate, m.Stage, m.Status, m.Reason)
						continue
					}
					local := m.SentAt.In(loc)
					if m.Kind == models.OutboxReport {
						perDay[m.AnchorDate.String()]++
						if got := models.DateOf(local); got != m.AnchorDate {
							t.Errorf("run of %s sent on local day %s", m.AnchorDate, got)
						}
						continue
					}
					reminders = append(reminders, models.DateOf(local).String())
				}
				for d := tc.change.AddDays(-1); !d.After(tc.change.AddDays(1)); d = d.AddDays(1) {
					if perDay[d.String()] != 1 {
						t.Errorf("local day %s got %d report runs, want 1 (%v)", d, perDay[d.String()], perDay)
					}
				}
				want := []string{tc.change.AddDays(-1).String(), tc.change.String()}
				if len(reminders) != 2 || reminders[0] != want[0] || reminders[1] != want[1] {
					t.Errorf("reminders sent on %v, want %v", reminders, want)
				}
				if n, rows := len(e.smtp.messages()), len(mustOutbox(t, e.st)); n != rows {
					t.Errorf("SMTP server got %d messages for %d rows", n, rows)
				}
			})
		}
	}
}
