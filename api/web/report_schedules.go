package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
	"itreg/reports"
	"itreg/reports/notify"
)

// schedulesData is the scheduled reports page.
type schedulesData struct {
	Schedules                          []scheduleRow
	Form                               *Form
	Report, Frequency, Weekday, Format Field
}

type scheduleRow struct {
	ID, Version                        int64
	Name, Report, Params, When, Format string
	Recipients                         string
	Enabled, SkipEmpty                 bool
}

func (a *App) registerReportScheduleRoutes(g *gin.RouterGroup) {
	g = g.Group("/admin/schedules", a.requireRole(models.RoleAdmin))
	g.GET("", a.schedulesPage)
	g.POST("", a.createSchedule)
	g.POST("/:id/enable", a.setScheduleEnabled(true))
	g.POST("/:id/disable", a.setScheduleEnabled(false))
	g.POST("/:id/delete", a.deleteSchedule)
}

// scheduleWhen says when a schedule sends, in words.
func scheduleWhen(s *models.ReportSchedule) string {
	at := strconv.Itoa(s.SendHour) + ":00 " + s.TimeZone
	switch s.Frequency {
	case "weekly":
		return "every " + time.Weekday(s.Weekday%7).String() + " at " + at
	case "monthly":
		return "monthly on day " + strconv.Itoa(s.MonthDay) + " at " + at
	}
	return "daily at " + at
}

func (a *App) renderSchedules(c *gin.Context, status int, form *Form) {
	all, err := a.store.ListReportSchedules(c.Request.Context())
	if err != nil {
		a.fail(c, err)
		return
	}
	d := &schedulesData{Form: form}
	for i := range all {
		s := &all[i]
		d.Schedules = append(d.Schedules, scheduleRow{ID: s.ID, Version: s.Version, Name: s.Name, Report: s.Report, Params: s.Params,
			When: scheduleWhen(s), Format: strings.ToUpper(s.Format), Enabled: s.Enabled, SkipEmpty: s.SkipEmpty,
			Recipients: strings.ReplaceAll(recipientsText(s.Recipients), "\n", "; ")})
	}
	if d.Form == nil {
		d.Form = NewForm(url.Values{"frequency": {"weekly"}, "weekday": {"1"}, "month_day": {"1"}, "send_hour": {"8"},
			"time_zone": {"UTC"}, "format": {"xlsx"}})
	}
	var names []string
	for _, n := range reports.Names() {
		names = append(names, n, strings.ReplaceAll(n, "-", " "))
	}
	d.Report = d.Form.Select("report", "Report", names...)
	d.Frequency = d.Form.Select("frequency", "How often", "daily", "Daily", "weekly", "Weekly", "monthly", "Monthly")
	var days []string
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		days = append(days, strconv.Itoa(int(wd)), wd.String())
	}
	d.Weekday = d.Form.Select("weekday", "Day of the week (weekly)", days...)
	d.Format = d.Form.Select("format", "Attachment", "xlsx", "Excel workbook (.xlsx)", "csv", "CSV")
	a.render(c, Page{Name: "report-schedules", Title: "Scheduled reports", Nav: "admin", Status: status, Data: d})
}

func (a *App) schedulesPage(c *gin.Context) { a.renderSchedules(c, http.StatusOK, nil) }

// createSchedule stores a schedule after building its report once, as the API does, so a wrong
// report or parameter shows now rather than at the first send.
func (a *App) createSchedule(c *gin.Context) {
	_ = c.Request.ParseForm()
	form := NewForm(c.Request.PostForm)
	s := models.ReportSchedule{Name: c.PostForm("name"), Report: c.PostForm("report"), Params: strings.TrimSpace(c.PostForm("params")),
		Frequency: c.PostForm("frequency"), Format: c.PostForm("format"), TimeZone: strings.TrimSpace(c.PostForm("time_zone")),
		SkipEmpty: c.PostForm("skip_empty") == "true", Enabled: true, Recipients: parseRecipients(c.PostForm("recipients"))}
	s.Notes = c.PostForm("notes")
	for name, dst := range map[string]*int{"weekday": &s.Weekday, "month_day": &s.MonthDay, "send_hour": &s.SendHour} {
		n, err := strconv.Atoi(strings.TrimSpace(c.PostForm(name)))
		if err != nil {
			form.SetFieldError(name, "must be a whole number")
		}
		*dst = n
	}
	shown := []string{"name", "report", "params", "frequency", "weekday", "month_day", "send_hour", "time_zone", "format", "recipients", "notes"}
	if form.Invalid() {
		form.Message = "Please correct the fields marked below."
		a.renderSchedules(c, http.StatusUnprocessableEntity, form)
		return
	}
	if a.models == nil {
		a.fail(c, errNoImporter)
		return
	}
	ctx := c.Request.Context()
	_, err := notify.BuildReport(ctx, a.models, s.Report, s.Params,
		reports.Params{AsOf: a.models.Today(), FiscalYearStart: a.cfg.FiscalYearStart, Currency: a.cfg.Currency})
	if err == nil {
		err = a.store.CreateReportSchedule(ctx, &s)
	}
	if err != nil {
		if form.TakeError(err, shown...) {
			a.renderSchedules(c, http.StatusUnprocessableEntity, form)
			return
		}
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The report “"+s.Name+"” is scheduled "+scheduleWhen(&s)+".")
	c.Redirect(http.StatusSeeOther, "/admin/schedules")
}

func (a *App) setScheduleEnabled(on bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := a.pathInt64(c)
		if !ok {
			return
		}
		version, ok := a.formVersion(c, "schedule")
		if !ok {
			return
		}
		s, err := a.store.UpdateReportSchedule(c.Request.Context(), id, version, func(s *models.ReportSchedule) error {
			s.Enabled = on
			return nil
		})
		if err != nil {
			a.fail(c, err)
			return
		}
		state := "paused"
		if s.Enabled {
			state = "on"
		}
		a.flash(c, "ok", "The schedule “"+s.Name+"” is "+state+".")
		c.Redirect(http.StatusSeeOther, "/admin/schedules")
	}
}

func (a *App) deleteSchedule(c *gin.Context) {
	id, ok := a.pathInt64(c)
	if !ok {
		return
	}
	var version *int64
	if v, err := strconv.ParseInt(c.PostForm("version"), 10, 64); err == nil {
		version = &v
	}
	if err := a.store.DeleteReportSchedule(c.Request.Context(), id, version); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The schedule is deleted.")
	c.Redirect(http.StatusSeeOther, "/admin/schedules")
}
