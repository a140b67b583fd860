package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
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
	Count    int
	Problem  string   // what went wrong with a decision just posted
	NewFeed  string   // the calendar feed URL of a token just made, shown this once
	Download string   // the renewals report as XLSX
	Notes    []string // the report's notes: how the dates are worked out
}

type renewalBucket struct {
	Key, Heading string
	Items        []renewalRow
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

// renderRenewals loads the renewals report and the decisions and shows the page.
func (a *App) renderRenewals(c *gin.Context, status int, d *renewalsData) {
	ctx := c.Request.Context()
	q := pick(c.Request.URL.Query(), "within")
	if !q.Has("within") {
		q.Set("within", renewalsWithin)
	}
	_, p, t, err := a.buildReport(ctx, "renewals", q)
	if err != nil {
		a.failParam(c, err)
		return
	}
	d.AsOf, d.Within, d.Notes = models.DayText(p.AsOf), p.Within, t.Notes
	d.Download = "/reports/renewals/download?format=xlsx&within=" + strconv.Itoa(p.Within)
	rows, keys, err := renewalRows(t)
	if err != nil {
		a.fail(c, err)
		return
	}
	decisions, err := a.store.RenewalDecisions(ctx, keys)
	if err != nil {
		a.fail(c, err)
		return
	}
	for _, b := range renewalBucketBounds {
		d.Buckets = append(d.Buckets, renewalBucket{Key: b.key, Heading: b.heading})
	}
	for i, row := range rows {
		dec, ok := decisions[models.RenewalItem{Kind: keys[i].Kind, ID: keys[i].ID}]
		if !ok {
			dec = models.RenewalDecision{Decision: models.DecisionUndecided}
		}
		row.Decision, row.Owner, row.Note, row.Version = dec.Decision, dec.Owner, dec.Note, dec.Version
		row.DecisionLabel = decisionLabel(dec.Decision)
		for _, v := range models.RenewalDecisionValues {
			row.DecisionOptions = append(row.DecisionOptions, Option{Value: v, Label: decisionLabel(v), Selected: v == dec.Decision})
		}
		days := p.AsOf.DaysUntil(keys[i].Deadline)
		for j, b := range renewalBucketBounds {
			if days <= b.upTo {
				d.Buckets[j].Items = append(d.Buckets[j].Items, row)
				break
			}
		}
		d.Count++
	}
	a.render(c, Page{Name: "renewals", Title: "Renewals", Nav: "renewals", Status: status, Data: d})
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
