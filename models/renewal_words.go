package models

import (
	"fmt"
	"strings"
)

// DayText writes a date as people read it in a message or on a page: "31 Mar 2027"; "" for
// no date.
func DayText(d Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 Jan 2006")
}

// RenewalWords is an item's renewal dates in words: "ends 31 Mar 2027; 90 days' notice;
// decide by 31 Dec 2026; renews automatically". Reminder messages and the renewals page say
// the same arithmetic with it.
func RenewalWords(end Date, noticeDays int, autoRenew bool) string {
	parts := []string{"ends " + DayText(end)}
	if noticeDays > 0 {
		parts = append(parts, fmt.Sprintf("%d days' notice", noticeDays), "decide by "+DayText(end.AddDays(-noticeDays)))
	}
	if autoRenew {
		parts = append(parts, "renews automatically")
	} else {
		parts = append(parts, "does not renew by itself")
	}
	return strings.Join(parts, "; ")
}
