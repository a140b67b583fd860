package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// rulesData is the reminder rules page: the list, and the form of a new rule or of the one
// being edited.
type rulesData struct {
	Rules   []ruleRow
	Form    *Form
	Editing *models.ReminderRule // nil: the form creates a rule
	Scope   Field
}

type ruleRow struct {
	ID                              int64
	Name, Scope, Stages, Recipients string
	Zone                            string
	Hour                            int
	Enabled, Digest                 bool
}

func (a *App) registerReminderRuleRoutes(g *gin.RouterGroup) {
	g = g.Group("/admin/reminders", a.requireRole(models.RoleAdmin))
	g.GET("", a.rulesPage)
	g.POST("", a.createRule)
	g.GET("/:id", a.rulePage)
	g.POST("/:id", a.updateRule)
	g.POST("/:id/delete", a.deleteRule)
}

// stagesText shows stages as the form takes them: "90, 30, 7, 0".
func stagesText(st []int) string {
	parts := make([]string, len(st))
	for i, n := range st {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

// recipientsText shows recipients one a line, "kind: value" ("budget_owner" alone).
func recipientsText(rs models.Recipients) string {
	lines := make([]string, len(rs))
	for i, r := range rs {
		lines[i] = r.Kind
		if r.Value != "" {
			lines[i] += ": " + r.Value
		}
	}
	return strings.Join(lines, "\n")
}

// parseRecipients reads the recipients text; the store checks each kind and value.
func parseRecipients(s string) models.Recipients {
	var out models.Recipients
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		kind, value, _ := strings.Cut(line, ":")
		out = append(out, models.Recipient{Kind: strings.TrimSpace(kind), Value: strings.TrimSpace(value)})
	}
	return out
}

// ruleValues are a rule's fields as the form shows them.
func ruleValues(r *models.ReminderRule) url.Values {
	v := url.Values{"name": {r.Name}, "scope": {r.Scope}, "category": {r.Category}, "stages": {stagesText(r.Stages)},
		"recipients": {recipientsText(r.Recipients)}, "time_zone": {r.TimeZone}, "send_hour": {strconv.Itoa(r.SendHour)},
		"notes": {r.Notes}, "version": {strconv.FormatInt(r.Version, 10)}}
	if r.Enabled {
		v.Set("enabled", "true")
	}
	if r.Digest {
		v.Set("digest", "true")
	}
	if r.VendorID != nil {
		v.Set("vendor_id", strconv.FormatInt(*r.VendorID, 10))
	}
	if r.BudgetLineID != nil {
		v.Set("budget_line_id", strconv.FormatInt(*r.BudgetLineID, 10))
	}
	if !r.MinCost.IsZero() {
		v.Set("min_cost", models.FormatMinor(r.MinCost.Amount, models.CurrencyScale(r.MinCost.Currency)))
		v.Set("min_cost_currency", r.MinCost.Currency)
	}
	return v
}

// ruleFromForm reads the form into r. Field errors it finds itself (a stage that is not a
// number, an id that is not one) go on form; the store checks the rest.
func ruleFromForm(c *gin.Context, form *Form, r *models.ReminderRule) {
	r.Name, r.Scope, r.Category = c.PostForm("name"), c.PostForm("scope"), c.PostForm("category")
	r.Enabled, r.Digest = c.PostForm("enabled") == "true", c.PostForm("digest") == "true"
	r.Recipients, r.TimeZone, r.Notes = parseRecipients(c.PostForm("recipients")), strings.TrimSpace(c.PostForm("time_zone")), c.PostForm("notes")
	r.Stages = nil
	for _, s := range strings.FieldsFunc(c.PostForm("stages"), func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(s)
		if err != nil {
			form.SetFieldError("stages", "must be whole numbers of days, e.g. 90, 30, 7, 0")
			break
		}
		r.Stages = append(r.Stages, n)
	}
	if len(r.Stages) == 0 && form.Error("stages") == "" {
		r.Stages = models.DefaultStages
	}
	hour, err := strconv.Atoi(strings.TrimSpace(c.PostForm("send_hour")))
	if err != nil {
		form.SetFieldError("send_hour", "must be an hour from 0 to 23")
	}
	r.SendHour = hour
	r.VendorID = optionalID(form, "vendor_id", c.PostForm("vendor_id"))
	r.BudgetLineID = optionalID(form, "budget_line_id", c.PostForm("budget_line_id"))
	r.MinCost = models.Money{}
	if amount := strings.TrimSpace(c.PostForm("min_cost")); amount != "" {
		m, err := models.ParseMoney(amount, strings.ToUpper(strings.TrimSpace(c.PostForm("min_cost_currency"))))
		if err != nil {
			form.SetFieldError("min_cost", err.Error())
		}
		r.MinCost = m
	}
}

// optionalID reads an optional record id.
func optionalID(form *Form, name, s string) *int64 {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		form.SetFieldError(name, "must be a record's number")
		return nil
	}
	return &id
}

func (a *App) renderRules(c *gin.Context, status int, d *rulesData) {
	rules, err := a.store.ListReminderRules(c.Request.Context())
	if err != nil {
		a.fail(c, err)
		return
	}
	for _, r := range rules {
		d.Rules = append(d.Rules, ruleRow{ID: r.ID, Name: r.Name, Scope: r.Scope, Stages: stagesText(r.Stages),
			Recipients: strings.ReplaceAll(recipientsText(r.Recipients), "\n", "; "), Zone: r.TimeZone, Hour: r.SendHour,
			Enabled: r.Enabled, Digest: r.Digest})
	}
	if d.Form == nil {
		d.Form = NewForm(url.Values{"enabled": {"true"}, "scope": {models.ScopeBoth}, "stages": {stagesText(models.DefaultStages)},
			"time_zone": {"UTC"}, "send_hour": {"8"}})
	}
	d.Scope = d.Form.Select("scope", "Reminds about", models.ScopeBoth, "Licences and warranties/contracts",
		models.ScopeLicences, "Licences", models.ScopeWarranties, "Warranties and contracts")
	title := "Reminder rules"
	if d.Editing != nil {
		title = "Reminder rule: " + d.Editing.Name
	}
	a.render(c, Page{Name: "reminder-rules", Title: title, Nav: "admin", Status: status, Data: d})
}

func (a *App) rulesPage(c *gin.Context) { a.renderRules(c, http.StatusOK, &rulesData{}) }

func (a *App) rulePage(c *gin.Context) {
	id, ok := a.pathInt64(c)
	if !ok {
		return
	}
	r, err := a.store.GetReminderRule(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return
	}
	a.renderRules(c, http.StatusOK, &rulesData{Editing: r, Form: NewForm(ruleValues(r))})
}

var ruleFields = []string{"name", "enabled", "scope", "vendor_id", "budget_line_id", "category", "min_cost", "stages",
	"recipients", "digest", "time_zone", "send_hour", "notes"}

func (a *App) createRule(c *gin.Context) {
	_ = c.Request.ParseForm()
	form := NewForm(c.Request.PostForm)
	var r models.ReminderRule
	ruleFromForm(c, form, &r)
	if form.Invalid() {
		form.Message = "Please correct the fields marked below."
		a.renderRules(c, http.StatusUnprocessableEntity, &rulesData{Form: form})
		return
	}
	if err := a.store.CreateReminderRule(c.Request.Context(), &r); err != nil {
		if form.TakeError(err, ruleFields...) {
			a.renderRules(c, http.StatusUnprocessableEntity, &rulesData{Form: form})
			return
		}
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The reminder rule “"+r.Name+"” is saved.")
	c.Redirect(http.StatusSeeOther, "/admin/reminders")
}

func (a *App) updateRule(c *gin.Context) {
	id, ok := a.pathInt64(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	cur, err := a.store.GetReminderRule(ctx, id)
	if err != nil {
		a.fail(c, err)
		return
	}
	_ = c.Request.ParseForm()
	form := NewForm(c.Request.PostForm)
	version, ok := a.formVersion(c, "rule")
	if !ok {
		return
	}
	var probe models.ReminderRule
	ruleFromForm(c, form, &probe)
	if form.Invalid() {
		form.Message = "Please correct the fields marked below."
		a.renderRules(c, http.StatusUnprocessableEntity, &rulesData{Editing: cur, Form: form})
		return
	}
	r, err := a.store.UpdateReminderRule(ctx, id, version, func(m *models.ReminderRule) error {
		ruleFromForm(c, NewForm(nil), m)
		return nil
	})
	if err != nil {
		if form.TakeError(err, ruleFields...) {
			a.renderRules(c, http.StatusUnprocessableEntity, &rulesData{Editing: cur, Form: form})
			return
		}
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The reminder rule “"+r.Name+"” is saved.")
	c.Redirect(http.StatusSeeOther, "/admin/reminders")
}

func (a *App) deleteRule(c *gin.Context) {
	id, ok := a.pathInt64(c)
	if !ok {
		return
	}
	var version *int64
	if v, err := strconv.ParseInt(c.PostForm("version"), 10, 64); err == nil {
		version = &v
	}
	if err := a.store.DeleteReminderRule(c.Request.Context(), id, version); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The reminder rule is deleted; its delivery log stays.")
	c.Redirect(http.StatusSeeOther, "/admin/reminders")
}
