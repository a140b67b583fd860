package notify

import (
	"fmt"

	"itreg/models"
)

// day writes a date as people read it in a message: "31 Mar 2027".
func day(d models.Date) string { return models.DayText(d) }

// inDays says how far off a date is: "today", "tomorrow", "in 90 days", "3 days ago".
func inDays(n int) string {
	switch {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n == -1:
		return "yesterday"
	case n < 0:
		return fmt.Sprintf("%d days ago", -n)
	}
	return fmt.Sprintf("in %d days", n)
}

// facts is an item's dates in words (models.RenewalWords, as the renewals page says them)
// and its next-term cost: "ends 31 Mar 2027; 90 days' notice; decide by 31 Dec 2026; renews
// automatically; next term 1200.00 GBP".
func facts(it *models.ReminderItem) string {
	s := models.RenewalWords(it.End, it.NoticeDays, it.AutoRenew)
	if !it.Cost.IsZero() {
		s += "; next term " + it.Cost.String()
	}
	return s
}

// headline says what to do about one item at a stage, relative to today.
func headline(it *models.ReminderItem, stage int, today models.Date) string {
	anchor := it.Anchor()
	left := today.DaysUntil(anchor)
	switch {
	case stage == models.StageMissed && it.AutoRenew:
		return fmt.Sprintf("The notice deadline for %s passed on %s; it renews automatically on %s.", it.Name, day(anchor), day(it.End))
	case stage == models.StageMissed:
		return fmt.Sprintf("The notice deadline for %s passed on %s; it ends on %s.", it.Name, day(anchor), day(it.End))
	case it.NoticeDays > 0:
		return fmt.Sprintf("Decide on %s by %s (%s).", it.Name, day(anchor), inDays(left))
	}
	return fmt.Sprintf("%s ends on %s (%s).", it.Name, day(it.End), inDays(left))
}

// subject is the email subject of one item's reminder.
func subject(it *models.ReminderItem, stage int, today models.Date) string {
	anchor := it.Anchor()
	switch {
	case stage == models.StageMissed:
		return "Notice deadline missed: " + it.Name
	case it.NoticeDays > 0:
		return fmt.Sprintf("Decide by %s: %s (%s)", day(anchor), it.Name, inDays(today.DaysUntil(anchor)))
	}
	return fmt.Sprintf("Ends %s: %s (%s)", day(it.End), it.Name, inDays(today.DaysUntil(it.End)))
}
