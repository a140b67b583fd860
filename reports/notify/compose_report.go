package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"

	"itreg/models"
	"itreg/reports"
)

// ErrEmptyReport means a schedule that skips empty reports had nothing to send.
var ErrEmptyReport = errors.New("the report is empty")

// Report writes the message of a schedule's run on a local date: the report built with its
// parameters through the reports package and attached as XLSX or CSV (linked when it is
// larger than MaxAttachment). With SkipEmpty, an empty report is ErrEmptyReport.
func (c *Composer) Report(ctx context.Context, s *models.ReportSchedule, date models.Date, id string) (*Message, error) {
	t, err := BuildReport(ctx, c.Store, s.Report, s.Params, reports.Params{AsOf: date, FiscalYearStart: c.FiscalYearStart, Currency: c.Currency})
	if err != nil {
		return nil, err
	}
	rows, err := t.Collect()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 && s.SkipEmpty {
		return nil, ErrEmptyReport
	}
	t.Rows = reports.StaticRows(rows)
	var buf bytes.Buffer
	if err := reports.Render(&buf, t, s.Format); err != nil {
		return nil, err
	}
	name := reports.FileName(t, s.Format, date.String())
	msg := &Message{ID: id, Event: "report.ready", Subject: fmt.Sprintf("%s: %s (%s)", s.Name, t.Title, day(date))}
	v := view{Intro: fmt.Sprintf("%s, %d rows, as of %s.", t.Title, len(rows), day(date)),
		Note: fmt.Sprintf("Sent by the report schedule %q.", s.Name)}
	link := c.reportLink(s.Report, s.Params, s.Format)
	if buf.Len() > c.MaxAttachment {
		v.Intro += " The file is too large to attach; open it in itreg."
		v.Items = []itemView{{Headline: name, Link: link}}
	} else {
		msg.Attachments = []Attachment{{Name: name, ContentType: reports.ContentType(s.Format), Data: buf.Bytes()}}
	}
	if err := c.render(msg, v); err != nil {
		return nil, err
	}
	msg.Data = map[string]any{"subject": msg.Subject, "schedule": s.Name, "report": s.Report, "rows": len(rows),
		"as_of": date, "url": link}
	return msg, nil
}

// BuildReport builds a report by name with its query-string parameters over the defaults,
// through the reports package's public API; an unknown report or a bad parameter is ErrInvalid.
func BuildReport(ctx context.Context, st *models.Store, name, params string, defaults reports.Params) (*reports.Table, error) {
	r, ok := reports.Lookup(name)
	if !ok {
		return nil, &models.FieldError{Fields: map[string]string{"report": fmt.Sprintf("no report %q", name)}}
	}
	q, err := url.ParseQuery(params)
	if err != nil {
		return nil, &models.FieldError{Fields: map[string]string{"params": "not a query string"}}
	}
	p, err := reports.ParseParams(r, q, defaults)
	if err != nil {
		return nil, &models.FieldError{Fields: map[string]string{"params": err.Error()}}
	}
	return r.Build(ctx, st, p)
}
