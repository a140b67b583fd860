package models

import (
	"net/url"
	"time"
)

// Schedule frequencies.
const (
	Daily   = "daily"
	Weekly  = "weekly"
	Monthly = "monthly"
)

// ScheduleFrequencies lists how often a report may be sent.
var ScheduleFrequencies = []string{Daily, Weekly, Monthly}

// ScheduleFormats lists the attachment formats of a scheduled report.
var ScheduleFormats = []string{"xlsx", "csv"}

// ReportSchedule sends a report with its parameters to recipients daily, weekly on a day or
// monthly on a day, at a local hour in a time zone.
type ReportSchedule struct {
	Record
	Name    string `gorm:"not null"`
	Enabled bool   `gorm:"not null;default:true"`
	Report  string `gorm:"not null"`
	// Params is the report's query string ("within=30&vendor_id=4"), checked by the report.
	Params     string     `gorm:"not null;default:''"`
	Frequency  string     `gorm:"not null"`
	Weekday    int        `gorm:"not null;default:1"` // 0 Sunday .. 6 Saturday, for weekly
	MonthDay   int        `gorm:"not null;default:1"` // 1..31, for monthly; past the month's end means its last day
	SendHour   int        `gorm:"not null;default:8"`
	TimeZone   string     `gorm:"not null;default:'UTC'"`
	Format     string     `gorm:"not null"`
	SkipEmpty  bool       `gorm:"not null;default:false"`
	Recipients Recipients `gorm:"not null"`
}

// TableName names the table.
func (ReportSchedule) TableName() string { return "report_schedules" }

// Validate checks the schedule's own fields; the report name and parameters are checked by the
// reports package, which knows them.
func (s *ReportSchedule) Validate() error {
	var c checker
	c.text("name", s.Name, MaxName, true)
	c.text("report", s.Report, MaxShort, true)
	if _, err := url.ParseQuery(s.Params); err != nil || len(s.Params) > 2000 {
		c.Add("params", "must be a query string such as within=30&vendor_id=4")
	}
	c.enum("frequency", s.Frequency, ScheduleFrequencies, true)
	if s.Weekday < 0 || s.Weekday > 6 {
		c.Add("weekday", "must be 0 (Sunday) to 6 (Saturday)")
	}
	if s.MonthDay < 1 || s.MonthDay > 31 {
		c.Add("month_day", "must be a day of the month from 1 to 31")
	}
	c.enum("format", s.Format, ScheduleFormats, true)
	validateRecipients(&c, s.Recipients, false)
	validateZoneHour(&c, s.TimeZone, s.SendHour)
	c.notes(s.Notes)
	return c.OrNil()
}

// RunsOn reports whether the schedule sends on the local date d.
func (s *ReportSchedule) RunsOn(d Date) bool {
	switch s.Frequency {
	case Daily:
		return true
	case Weekly:
		return d.Time().Weekday() == time.Weekday(s.Weekday)
	case Monthly:
		last := NewDate(d.Year, d.Month+1, 0).Day
		return d.Day == min(s.MonthDay, last)
	}
	return false
}

// AuditFields lists the fields the audit trail compares.
func (s *ReportSchedule) AuditFields() map[string]any {
	rc, _ := s.Recipients.Value()
	return map[string]any{
		"name": s.Name, "enabled": s.Enabled, "report": s.Report, "params": s.Params, "frequency": s.Frequency,
		"weekday": s.Weekday, "month_day": s.MonthDay, "send_hour": s.SendHour, "time_zone": s.TimeZone,
		"format": s.Format, "skip_empty": s.SkipEmpty, "recipients": rc, "notes": s.Notes,
	}
}
