package notify

import (
	"fmt"
	"strings"
	"time"

	"itreg/models"
)

// deadlineICS is a calendar with one all-day event per item on its anchor date (notice
// deadline, else end date), so the recipient can put the deadline in their calendar. UIDs
// are stable per item and date, so importing a repeat updates the event instead of adding one.
func deadlineICS(items []*models.ReminderItem, stamp time.Time) []byte {
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\r\n") }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//itreg//reminders//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	for _, it := range items {
		a := it.Anchor()
		label := "Notice deadline"
		if it.NoticeDays == 0 {
			label = "Ends"
		}
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:%s-%s@itreg", it.Ref(), a))
		line("DTSTAMP:" + stamp.UTC().Format("20060102T150405Z"))
		line("DTSTART;VALUE=DATE:" + a.Time().Format("20060102"))
		line("DTEND;VALUE=DATE:" + a.AddDays(1).Time().Format("20060102"))
		line("SUMMARY:" + icsEscape(label+": "+it.Name))
		line("DESCRIPTION:" + icsEscape(facts(it)))
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return []byte(b.String())
}

// icsEscape escapes text for an iCalendar property (RFC 5545 3.3.11) and drops control characters.
func icsEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`)
	s = r.Replace(s)
	return strings.Map(func(c rune) rune {
		if c < 0x20 || c == 0x7f {
			return -1
		}
		return c
	}, s)
}
