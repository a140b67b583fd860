package notify

import (
	"time"

	"itreg/models"
)

// at returns the instant of hour:00 on the civil date d in loc. On a daylight-saving day
// where that hour does not exist, Go moves it forward by the gap; where it occurs twice, the
// first is taken. Either way a date has exactly one send time, so no day is skipped or doubled.
func at(d models.Date, hour int, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, loc)
}

// dayStart returns the first instant of the civil date d in loc.
func dayStart(d models.Date, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// localToday is the civil date of now in loc.
func localToday(now time.Time, loc *time.Location) models.Date { return models.DateOf(now.In(loc)) }
