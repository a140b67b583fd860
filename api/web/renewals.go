package web

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
	"itreg/reports"
)

// renewalsData is the renewals page: the renewals report's items in notice-deadline buckets,
// each with its dates in words and the decision recorded for its current end date.
type renewalsData struct {
	AsOf     string
	Within   int
	Buckets  []renewalBucket
	Count    int64
	Bucket   string   // the one bucket listed in full, paged; "" lists the first items of each
	Problem  string   // what went wrong with a decision just posted
	NewFeed  string   // the calendar feed URL of a token just made, shown this once
	Download string   // the renewals report as XLSX
	Notes    []string // the report's notes: how the dates are worked out
}

type renewalBucket struct {
	Key, Heading string
	Count        int64    // items in the bucket, counted by the database
	Totals       []string // next-term cost per currency
	Items        []renewalRow
	All          string // the bucket listed in full, when more items than shown
	Prev, Next   string // the pages around this one, when the bucket is listed in full
}

// renewalRow is one licence or contract falling due.
type renewalRow struct {
	Kind, KindText, Name, Vendor, Href   string
	ID                                   int64
	Words, Deadline, DaysLeft, Cost      string
	Seats                                string
	Overdue                              bool
	Decision, Owner, Note, DecisionLabel string
	Version                              int64
	DecisionOptions                      []Option
}

// renewalBucketBounds are the page's buckets by days left to the notice deadline, the same
// windows as procurement's home tiles (models.ProcurementDashboard).
var renewalBucketBounds = []struct {
	key, heading string
	upTo         int // the largest number of days left in the bucket
}{
	{"overdue", "Notice deadline passed", -1},
	{"30", "Decide within 30 days", 30},
	{"60", "Decide in 31-60 days", 60},
	{"90", "Decide in 61-90 days", 90},
	{"later", "Later", math.MaxInt},
}

// renewalsWithin is how far ahead the page looks by default (end dates within a year), so the
// "later" bucket has something in it; ?within= changes it as it does the report.
const renewalsWithin = "365"

func (a *App) registerRenewalRoutes(g *gin.RouterGroup) {
	g.GET("/renewals", a.renewalsPage)
	g.POST("/renewals/:kind/:id/decision", a.requireRole(models.RoleEditor), a.setDecision)
	g.POST("/renewals/feed-token", a.createFeedToken)
}

func (a *App) renewalsPage(c *gin.Context) { a.renderRenewals(c, http.StatusOK, &renewalsData{}) }

// renewalsFirst is how many items of each bucket the page shows; renewalsPageSize how many a
// page of one bucket listed in full shows.
const (
	renewalsFirst    = 10
	renewalsPageSize = 50
)

// renderRenewals shows the renewals page: each bucket's count and next-term cost per currency
// (summed by the database) and its first items, or one bucket's items a page at a time
// (?bucket=, ?page=), each item with the decision recorded for its current end date.
func (a *App) renderRenewals(c *gin.Context, status int, d *renewalsData) {
	ctx := c.Request.Context()
	query := c.Request.URL.Query()
	q := pick(query, "within")
	if !q.Has("within") {
		q.Set("within", renewalsWithin)
	}
	st, p, err := a.reportParams("renewals", q)
	if err != nil {
		a.failParam(c, err)
		return
	}
	d.AsOf, d.Within = models.DayText(p.AsOf), p.Within
	d.Download = "/reports/renewals/download?format=xlsx&within=" + strconv.Itoa(p.Within)
	page, err := strconv.Atoi(query.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	upTo := renewalUpTo(p.AsOf)
	totals, err := reports.RenewalTotals(ctx, st, p, upTo)
	if err != nil {
		a.fail(c, err)
		return
	}
	sums := make([]models.Totals, len(renewalBucketBounds))
	for _, b := range renewalBucketBounds {
		d.Buckets = append(d.Buckets, renewalBucket{Key: b.key, Heading: b.heading})
	}
	for _, t := range totals {
		d.Buckets[t.Bucket].Count += t.Items
		d.Count += t.Items
		if t.Currency != "" {
			if sums[t.Bucket] == nil {
				sums[t.Bucket] = models.Totals{}
			}
			sums[t.Bucket].Add(models.Money{Amount: t.Cost, Currency: t.Currency})
		}
	}
	base := url.Values{"within": {strconv.Itoa(p.Within)}}
	d.Bucket = query.Get("bucket")
	if d.Bucket != "" && !slices.ContainsFunc(d.Buckets, func(b renewalBucket) bool { return b.Key == d.Bucket }) {
		a.renderError(c, http.StatusBadRequest, fmt.Sprintf("bucket: unknown bucket %q (overdue, 30, 60, 90 or later)", d.Bucket))
		return
	}
	for i := range d.Buckets {
		b := &d.Buckets[i]
		b.Totals = moneyTexts(sums[i])
		if d.Bucket != "" && d.Bucket != b.Key {
			continue
		}
		if b.Count == 0 {
			continue
		}
		w := bucketWindow(upTo, i)
		offset, limit := 0, renewalsFirst
		if d.Bucket != "" {
			offset, limit = (page-1)*renewalsPageSize, renewalsPageSize
			if page > 1 {
				b.Prev = bucketHref(base, b.Key, page-1)
			}
			if int64(offset+limit) < b.Count {
				b.Next = bucketHref(base, b.Key, page+1)
			}
		} else if b.Count > renewalsFirst {
			b.All = bucketHref(base, b.Key, 1)
		}
		if b.Items, err = a.renewalItems(ctx, st, p, w, offset, limit); err != nil {
			a.fail(c, err)
			return
		}
	}
	d.Notes = reports.RenewalNotes(p)
	a.render(c, Page{Name: "renewals", Title: "Renewals", Nav: "renewals", Status: status, Data: d})
}

// renewalUpTo is the last notice deadline of each bucket but the last ("later"), as of asOf.
func renewalUpTo(asOf models.Date) []models.Date {
	upTo := make([]models.Date, 0, len(renewalBucketBounds)-1)
	for _, b := range renewalBucketBounds[:len(renewalBucketBounds)-1] {
		upTo = append(upTo, asOf.AddDays(b.upTo))
	}
	return upTo
}

// bucketWindow is bucket i's notice deadlines: after the bucket before's, up to its own.
func bucketWindow(upTo []models.Date, i int) models.DeadlineWindow {
	var w models.DeadlineWindow
	if i > 0 {
		w.After = upTo[i-1]
	}
	if i < len(upTo) {
		w.UpTo = upTo[i]
	}
	return w
}

// bucketHref is the address of one bucket listed in full, at a page.
func bucketHref(base url.Values, bucket string, page int) string {
	q := url.Values{"within": base["within"], "bucket": {bucket}}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	return "/renewals?" + q.Encode() + "#bucket-" + bucket
}

// renewalItems reads one page of the renewals report's items in the window, with the
// decision recorded for each.
func (a *App) renewalItems(ctx context.Context, st *models.Store, p reports.Params, w models.DeadlineWindow, offset, limit int) ([]renewalRow, error) {
	t, err := reports.RenewalsPage(ctx, st, p, w, offset, limit)
	if err != nil {
		return nil, err
	}
	rows, keys, err := renewalRows(t)
	if err != nil {
		return nil, err
	}
	decisions, err := a.store.RenewalDecisions(ctx, keys)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		row := &rows[i]
		dec, ok := decisions[models.RenewalItem{Kind: keys[i].Kind, ID: keys[i].ID}]
		if !ok {
			dec = models.RenewalDecision{Decision: models.DecisionUndecided}
		}
		row.Decision, row.Owner, row.Note, row.Version = dec.Decision, dec.Owner, dec.Note, dec.Version
		row.DecisionLabel = decisionLabel(dec.Decision)
		for _, v := range models.RenewalDecisionValues {
			row.DecisionOptions = append(row.DecisionOptions, Option{Value: v, Label: decisionLabel(v), Selected: v == dec.Decision})
		}
	}
	return rows, nil
}

// renewalRows reads the renewals report's rows into page rows and their keys (kind, id, end
// date and notice deadline), in the report's order.
func renewalRows(t *reports.Table) ([]renewalRow, []models.RenewalKey, error) {
	var rows []renewalRow
	var keys []models.RenewalKey
	for r, err := range t.Rows {
		if err != nil {
			return nil, nil, err
		}
		kind, idText, _ := strings.Cut(textAt(t, r, "item_id"), "-")
		id, _ := strconv.ParseInt(idText, 10, 64)
		end, _ := cellAt(t, r, "end_date").(models.Date)
		deadline, _ := cellAt(t, r, "notice_deadline").(models.Date)
		auto, _ := cellAt(t, r, "auto_renew").(bool)
		row := renewalRow{Kind: kind, ID: id, KindText: textAt(t, r, "kind"), Name: textAt(t, r, "name"), Vendor: textAt(t, r, "vendor"),
			Words: models.RenewalWords(end, deadline.DaysUntil(end), auto), Deadline: models.DayText(deadline),
			DaysLeft: daysLeft(cellAt(t, r, "days_left")), Cost: textAt(t, r, "next_term_cost"), Overdue: r.Flag == "notice_passed"}
		row.Href = "/warranties/" + idText
		if kind == models.RenewalLicence {
			row.Href = "/licences/" + idText
			row.Seats = textAt(t, r, "seats_used")
			if b := textAt(t, r, "seats_bought"); b != "" {
				row.Seats += " of " + b
			}
		}
		rows = append(rows, row)
		keys = append(keys, models.RenewalKey{Kind: kind, ID: id, End: end, Deadline: deadline})
	}
	return rows, keys, nil
}

// daysLeft says the days left to act in words.
func daysLeft(v any) string {
	n, ok := v.(int64)
	if !ok {
		return ""
	}
	switch {
	case n < -1:
		return fmt.Sprintf("%d days ago", -n)
	case n == -1:
		return "yesterday"
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	}
	return fmt.Sprintf("in %d days", n)
}

// decisionLabel is a decision as a person reads it.
func decisionLabel(d string) string {
	switch d {
	case models.DecisionRenew:
		return "Renew"
	case models.DecisionCancel:
		return "Cancel"
	case models.DecisionRenegotiate:
		return "Renegotiate"
	}
	return "Undecided"
}

// setDecision records a decision about one item at the version the person saw. A stale
// version, or a field error, shows the page again with what happened; the page then shows the
// decision as it now stands.
func (a *App) setDecision(c *gin.Context) {
	kind := c.Param("kind")
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || (kind != models.RenewalLicence && kind != models.RenewalWarranty) {
		a.renderError(c, http.StatusNotFound, "")
		return
	}
	version, err := strconv.ParseInt(c.PostForm("version"), 10, 64)
	if err != nil {
		a.renderError(c, http.StatusBadRequest, "The form had no version; open the renewals page again.")
		return
	}
	in := models.RenewalDecisionInput{Decision: c.PostForm("decision"), Owner: strings.TrimSpace(c.PostForm("owner")), Note: c.PostForm("note")}
	_, err = a.store.SetRenewalDecision(c.Request.Context(), models.RenewalItem{Kind: kind, ID: id}, version, in)
	var fe *models.FieldError
	switch {
	case errors.Is(err, models.ErrStale):
		a.renderRenewals(c, http.StatusConflict, &renewalsData{Problem: fmt.Sprintf("Someone else recorded a decision on this %s "+
			"since you opened the page; it shows theirs now. Your choice was %q: enter it again to replace theirs.", kind, decisionLabel(in.Decision))})
		return
	case errors.As(err, &fe):
		var msgs []string
		for f, m := range fe.Fields {
			msgs = append(msgs, f+": "+m)
		}
		a.renderRenewals(c, http.StatusUnprocessableEntity, &renewalsData{Problem: "The decision was not saved: " + strings.Join(msgs, "; ")})
		return
	case err != nil:
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "Decision recorded: "+decisionLabel(in.Decision)+".")
	c.Redirect(http.StatusSeeOther, "/renewals#"+kind+"-"+c.Param("id"))
}

// createFeedToken makes a calendar feed token owned by the person and shows the feed URL once.
func (a *App) createFeedToken(c *gin.Context) {
	me := meFrom(c)
	owner := me.UserID
	secret, _, err := a.store.CreateUserToken(c.Request.Context(), "Renewals calendar feed", models.RoleFeed, &owner)
	if err != nil {
		a.fail(c, err)
		return
	}
	a.renderRenewals(c, http.StatusOK, &renewalsData{NewFeed: a.baseURL(c) + "/api/v1/reports/renewals.ics?" + url.Values{"token": {secret}}.Encode()})
}

// baseURL is the address people reach itreg at: ITREG_PUBLIC_URL, else this request's host.
func (a *App) baseURL(c *gin.Context) string {
	if a.cfg.PublicURL != "" {
		return strings.TrimSuffix(a.cfg.PublicURL, "/")
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}
