package reports

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	ics "github.com/arran4/golang-ical"
)

// ErrNoCalendar is returned by RenderICS for a report without a CalendarSpec; the API answers
// it with 400. The message reads "report budget has no dates for a calendar".
var ErrNoCalendar = errors.New("no dates for a calendar")

// ProdID identifies itreg as the producer of its calendars.
const ProdID = "-//itreg//reports//EN"

// icsConfig serialises with CRLF line endings and 75-octet folded lines, as RFC 5545 requires
// (golang-ical defaults to LF on Unix).
var icsConfig = &ics.SerializationConfiguration{MaxLength: 75, PropertyMaxLength: 75, NewLine: "\r\n"}

// RenderICS writes the table as an RFC 5545 iCalendar, streaming one VEVENT per row and
// CalendarEvent whose date is set (subtotal rows have none). Each event is all-day
// (DTSTART;VALUE=DATE, DTEND the next day, transparent so it does not block time), with
// UID "<uid column value>-<date key>@itreg", SUMMARY "<Label>: <summary columns joined by
// ' — '>", a DESCRIPTION listing the other non-blank columns as "Title: value" lines and
// DTSTAMP the table's generation time in UTC. The calendar is named after the title.
// A report without a CalendarSpec returns an error wrapping ErrNoCalendar.
func RenderICS(w io.Writer, t *Table) error {
	if err := t.validate(); err != nil {
		return err
	}
	spec := t.Calendar
	if spec == nil || len(spec.Events) == 0 {
		return fmt.Errorf("report %s has %w", t.Name, ErrNoCalendar)
	}
	plan, err := newICSPlan(t)
	if err != nil {
		return err
	}

	cal := ics.NewCalendarFor("itreg")
	cal.SetProductId(ProdID)
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(icsText(t.Title))

	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString("BEGIN:VCALENDAR\r\n"); err != nil {
		return err
	}
	for _, p := range cal.CalendarProperties {
		if err := p.SerializeTo(bw, icsConfig); err != nil {
			return err
		}
	}
	stamp := t.generatedAt()
	n := 0
	for r, err := range t.rows() {
		if err != nil {
			_ = bw.Flush()
			return err
		}
		n++
		if r.Subtotal {
			continue
		}
		for _, e := range plan.events(r, n) {
			e.SetDtStampTime(stamp)
			if err := e.SerializeTo(bw, icsConfig); err != nil {
				return err
			}
		}
	}
	if _, err := bw.WriteString("END:VCALENDAR\r\n"); err != nil {
		return err
	}
	return bw.Flush()
}

// icsPlan holds the column positions a calendar needs, resolved once per render.
type icsPlan struct {
	t       *Table
	uid     int   // uid is the position of the UID column, or -1.
	summary []int // summary lists the positions of the summary columns.
	others  []int // others lists the columns described in DESCRIPTION.
	dates   []int // dates[k] is the position of the date column of Calendar.Events[k].
}

// newICSPlan checks the CalendarSpec against the columns: every key must exist and every
// event key must name a date column.
func newICSPlan(t *Table) (*icsPlan, error) {
	spec := t.Calendar
	p := &icsPlan{t: t, uid: t.ColumnIndex(spec.UIDKey)}
	if spec.UIDKey != "" && p.uid < 0 {
		return nil, fmt.Errorf("%w: report %q calendar uid column %q does not exist", ErrInvalidTable, t.Name, spec.UIDKey)
	}
	inSummary := map[int]bool{}
	for _, k := range spec.SummaryKeys {
		i := t.ColumnIndex(k)
		if i < 0 {
			return nil, fmt.Errorf("%w: report %q calendar summary column %q does not exist", ErrInvalidTable, t.Name, k)
		}
		p.summary = append(p.summary, i)
		inSummary[i] = true
	}
	for i := range t.Columns {
		if !inSummary[i] {
			p.others = append(p.others, i)
		}
	}
	for _, e := range spec.Events {
		i := t.ColumnIndex(e.DateKey)
		if i < 0 || t.Columns[i].Type != DateCol {
			return nil, fmt.Errorf("%w: report %q calendar event %q needs a date column", ErrInvalidTable, t.Name, e.DateKey)
		}
		p.dates = append(p.dates, i)
	}
	return p, nil
}

// events returns the events of one row; n is the row's position, used as its id when the
// report has no UID column or the row leaves it blank.
func (p *icsPlan) events(r Row, n int) []*ics.VEvent {
	cols := p.t.Columns
	id := ""
	if p.uid >= 0 {
		id = cellAt(cols, r.Cells, p.uid).display()
	}
	if id == "" {
		id = "row" + strconv.Itoa(n)
	}
	var parts []string
	for _, i := range p.summary {
		if s := cellAt(cols, r.Cells, i).display(); s != "" {
			parts = append(parts, s)
		}
	}
	var desc []string
	for _, i := range p.others {
		if s := cellAt(cols, r.Cells, i).display(); s != "" {
			desc = append(desc, cols[i].heading()+": "+s)
		}
	}
	var out []*ics.VEvent
	for k, e := range p.t.Calendar.Events {
		c := cellAt(cols, r.Cells, p.dates[k])
		if c.kind != kindDate {
			continue
		}
		ev := ics.NewEvent(icsText(id + "-" + e.DateKey + "@itreg"))
		day := c.date.Time()
		ev.SetAllDayStartAt(day)
		ev.SetAllDayEndAt(day.AddDate(0, 0, 1))
		summary := e.Label
		if len(parts) > 0 {
			summary += ": " + strings.Join(parts, " — ")
		}
		ev.SetSummary(icsText(summary))
		if len(desc) > 0 {
			ev.SetDescription(icsText(strings.Join(desc, "\n")))
		}
		ev.SetTimeTransparency(ics.TransparencyTransparent)
		out = append(out, ev)
	}
	return out
}

// icsText normalises line breaks to LF, which golang-ical escapes as \n (a bare CR would end
// the content line early), and drops the other control characters RFC 5545 forbids in text.
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n', r == '\t':
			return r
		case r < ' ', r == 0x7f:
			return -1
		}
		return r
	}, s)
}
