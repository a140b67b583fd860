package notify

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"itreg/models"
)

// Composer writes the messages of outbox rows: reminders with the items' facts, scheduled
// reports with the workbook attached, and test messages.
type Composer struct {
	Store *models.Store
	// PublicURL is where people open itreg (ITREG_PUBLIC_URL), for links; "" leaves links out.
	PublicURL string
	// FiscalYearStart and Currency are the report defaults, as the API uses them.
	FiscalYearStart int
	Currency        string
	// MaxAttachment is the size past which a report is linked instead of attached.
	MaxAttachment int
	tmpl          templates
}

// NewComposer returns a composer over the store.
func NewComposer(st *models.Store, publicURL string, fiscalYearStart int, currency string) *Composer {
	return &Composer{Store: st, PublicURL: strings.TrimRight(publicURL, "/"), FiscalYearStart: fiscalYearStart,
		Currency: currency, MaxAttachment: 10 << 20, tmpl: parseTemplates()}
}

// link returns the web address of a path, or "" without a public URL.
func (c *Composer) link(path string) string {
	if c.PublicURL == "" {
		return ""
	}
	return c.PublicURL + path
}

// Reminder writes the message of one reminder row, or of a digest of several rows to one
// recipient. Items deleted since planning are left out; ok is false when none is left.
func (c *Composer) Reminder(ctx context.Context, rows []models.OutboxMessage, id string) (msg *Message, ok bool, err error) {
	type entry struct {
		it    *models.ReminderItem
		stage int
	}
	var entries []entry
	for _, r := range rows {
		it, err := c.Store.ReminderItem(ctx, r.ItemKind, r.ItemID)
		if err != nil {
			if isNotFound(err) {
				continue
			}
			return nil, false, err
		}
		entries = append(entries, entry{it, r.Stage})
	}
	if len(entries) == 0 {
		return nil, false, nil
	}
	slices.SortFunc(entries, func(a, b entry) int { return a.it.Anchor().Compare(b.it.Anchor()) })
	today := c.Store.Today()
	v := view{Note: "Sent by itreg's reminder rules. Record a renewal decision on the item to stop further reminders for this term."}
	var items []*models.ReminderItem
	var data []map[string]any
	event := "reminder.due"
	for _, e := range entries {
		items = append(items, e.it)
		v.Items = append(v.Items, itemView{Headline: headline(e.it, e.stage, today), Facts: facts(e.it), Vendor: e.it.Vendor,
			BudgetLine: e.it.BudgetLine, Link: c.link(itemPath(e.it))})
		if e.stage == models.StageMissed {
			event = "reminder.missed"
		}
		data = append(data, map[string]any{
			"item": e.it.Ref(), "kind": e.it.Kind, "id": e.it.ID, "name": e.it.Name, "vendor": e.it.Vendor,
			"end_date": e.it.End, "notice_days": e.it.NoticeDays, "notice_deadline": e.it.Anchor(), "auto_renew": e.it.AutoRenew,
			"stage": stageName(e.stage), "days_left": today.DaysUntil(e.it.Anchor()), "budget_line": e.it.BudgetLine, "url": c.link(itemPath(e.it)),
		})
	}
	msg = &Message{ID: id, Event: event}
	if len(entries) == 1 {
		msg.Subject = subject(entries[0].it, entries[0].stage, today)
		v.Intro = "A renewal needs a decision."
	} else {
		msg.Subject = fmt.Sprintf("%d renewals to decide on, the first by %s", len(entries), day(entries[0].it.Anchor()))
		v.Intro = fmt.Sprintf("%d renewals need a decision.", len(entries))
	}
	if err := c.render(msg, v); err != nil {
		return nil, false, err
	}
	msg.Attachments = []Attachment{{Name: "deadlines.ics", ContentType: "text/calendar", Data: deadlineICS(items, c.Store.Now())}}
	msg.Data = map[string]any{"subject": msg.Subject, "items": data}
	return msg, true, nil
}

// render fills the text and HTML parts from the templates.
func (c *Composer) render(msg *Message, v view) error {
	var tb, hb bytes.Buffer
	if err := c.tmpl.text.Execute(&tb, v); err != nil {
		return err
	}
	if err := c.tmpl.html.Execute(&hb, v); err != nil {
		return err
	}
	msg.Text, msg.HTML = tb.String(), hb.String()
	return nil
}

// Test writes a test message for a channel.
func (c *Composer) Test(id string) *Message {
	msg := &Message{ID: id, Event: "test", Subject: "itreg test message"}
	v := view{Intro: "This is a test message from itreg: reminders and scheduled reports sent this way will arrive.",
		Note: "Sent because someone asked itreg to test this channel."}
	if err := c.render(msg, v); err != nil {
		msg.Text = v.Intro
	}
	msg.Data = map[string]any{"subject": msg.Subject}
	return msg
}

// itemPath is the web application's page of an item.
func itemPath(it *models.ReminderItem) string {
	if it.Kind == models.RenewalLicence {
		return "/licences/" + strconv.FormatInt(it.ID, 10)
	}
	return "/warranties/" + strconv.FormatInt(it.ID, 10)
}

// stageName names a stage in payloads: "90_days", "0_days", "missed".
func stageName(stage int) string {
	if stage == models.StageMissed {
		return "missed"
	}
	return strconv.Itoa(stage) + "_days"
}

// reportLink is the API address of a report with its parameters and format.
func (c *Composer) reportLink(name, params, format string) string {
	q, _ := url.ParseQuery(params)
	q.Set("format", format)
	return c.link("/api/v1/reports/" + url.PathEscape(name) + "?" + q.Encode())
}
