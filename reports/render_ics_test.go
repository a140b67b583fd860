package reports

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
)

func TestRenderICS(t *testing.T) {
	out := render(t, fixture(), "ics")
	cal, err := ics.ParseCalendar(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	// Six dated rows, the first with a notice deadline too; the subtotal row has no dates.
	if len(events) != 7 {
		t.Fatalf("%d events, want 7", len(events))
	}
	first, notice := events[0], events[1]
	prop := func(e *ics.VEvent, p ics.ComponentProperty) *ics.IANAProperty {
		t.Helper()
		v := e.GetProperty(p)
		if v == nil {
			t.Fatalf("event %s has no %s", e.Id(), p)
		}
		return v
	}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"uid", first.Id(), "L-1-end_date@itreg"},
		{"second uid", notice.Id(), "L-1-notice_deadline@itreg"},
		{"dtstart", prop(first, ics.ComponentPropertyDtStart).Value, "20270131"},
		{"dtstart is a date", strings.Join(prop(first, ics.ComponentPropertyDtStart).ICalParameters["VALUE"], ","), "DATE"},
		{"dtend next day", prop(first, ics.ComponentPropertyDtEnd).Value, "20270201"},
		{"dtstamp", prop(first, ics.ComponentPropertyDtstamp).Value, "20261122T093000Z"},
		{"summary unescaped", prop(first, ics.ComponentPropertySummary).Value, "Ends: L-1 — Office, Pro; E3"},
		{"notice summary", prop(notice, ics.ComponentPropertySummary).Value, "Notice deadline: L-1 — Office, Pro; E3"},
		{"description", prop(first, ics.ComponentPropertyDescription).Value,
			"End date: 2027-01-31\nNotice deadline: 2026-12-01\nCost: 1234.50 GBP\nSeats: 10\nUsed: 25.0%\nAuto-renew: yes"},
		{"formula-like text kept", prop(events[2], ics.ComponentPropertySummary).Value, "Ends: L-2 — =1+1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
	t.Run("raw escaping and line rules", func(t *testing.T) {
		s := string(out)
		for _, want := range []string{
			"BEGIN:VCALENDAR\r\n", "PRODID:-//itreg//reports//EN\r\n", "VERSION:2.0\r\n",
			"X-WR-CALNAME:Renewals due within 90 days of 2026-11-22\r\n",
			`SUMMARY:Ends: L-1 — Office\, Pro\; E3`, "END:VCALENDAR\r\n",
		} {
			if !strings.Contains(s, want) {
				t.Errorf("output lacks %q", want)
			}
		}
		lines := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
		for i, l := range lines {
			if strings.ContainsAny(l, "\r\n") {
				t.Errorf("line %d has a bare line break: %q", i+1, l)
			}
			if len(l) > 75 {
				t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
			}
		}
	})
}

func TestRenderICSErrors(t *testing.T) {
	tests := []struct {
		name string
		spec *CalendarSpec
		want error
	}{
		{"no calendar", nil, ErrNoCalendar},
		{"no events", &CalendarSpec{UIDKey: "item_id"}, ErrNoCalendar},
		{"event on a text column", &CalendarSpec{Events: []CalendarEvent{{DateKey: "product"}}}, ErrInvalidTable},
		{"missing uid column", &CalendarSpec{UIDKey: "nope", Events: []CalendarEvent{{DateKey: "end_date"}}}, ErrInvalidTable},
		{"missing summary column", &CalendarSpec{SummaryKeys: []string{"nope"}, Events: []CalendarEvent{{DateKey: "end_date"}}}, ErrInvalidTable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tb := fixture()
			tb.Name = "budget"
			tb.Calendar = tc.spec
			err := RenderICS(&bytes.Buffer{}, tb)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if tc.want == ErrNoCalendar && err.Error() != "report budget has no dates for a calendar" {
				t.Errorf("message = %q", err)
			}
		})
	}
}

func TestRenderICSControlCharacters(t *testing.T) {
	tb := &Table{
		Name: "x", Title: "Line\r\nbreak", GeneratedAt: fixedTime,
		Columns: []Column{{Key: "id", Title: "ID", Type: Text}, {Key: "d", Title: "D", Type: DateCol}},
		Rows: StaticRows([]Row{
			{Cells: []any{"a\rb\x00c\\d", fixedTime}},
			{Cells: []any{"x", "not a date"}},
			{Cells: []any{"", fixedTime}},
		}),
		Calendar: &CalendarSpec{UIDKey: "id", SummaryKeys: []string{"id"}, Events: []CalendarEvent{{DateKey: "d", Label: "Due"}}},
	}
	out := render(t, tb, "ics")
	cal, err := ics.ParseCalendar(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	// The second row's date cell is not a date, so it makes no event; the third row's
	// blank id falls back to the row number.
	events := cal.Events()
	if len(events) != 2 || events[1].Id() != "row3-d@itreg" {
		t.Fatalf("%d events, want 2 with the second id row3-d@itreg", len(events))
	}
	if got := events[0].GetProperty(ics.ComponentPropertySummary).Value; got != "Due: a\nbc\\d" {
		t.Errorf("summary = %q", got)
	}
	if strings.Contains(string(out), "\x00") || strings.Count(string(out), "\r") != strings.Count(string(out), "\n") {
		t.Errorf("control characters leaked: %q", out)
	}
}
