package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
	"itreg/reports"
	"itreg/reports/notify"
)

// ReportScheduleRequest is the body of POST and PUT /report-schedules. Params is the report's
// query string ("within=30&vendor_id=4"), checked against the report.
type ReportScheduleRequest struct {
	Name       string          `json:"name" validate:"required,max=200,nocontrol"`
	Enabled    *bool           `json:"enabled"`
	Report     string          `json:"report" validate:"required,max=100"`
	Params     string          `json:"params" validate:"max=2000,nocontrol"`
	Frequency  string          `json:"frequency" validate:"required,oneof=daily weekly monthly"`
	Weekday    *int            `json:"weekday"`
	MonthDay   *int            `json:"month_day"`
	SendHour   *int            `json:"send_hour"`
	TimeZone   string          `json:"time_zone" validate:"max=64"`
	Format     string          `json:"format" validate:"required,oneof=xlsx csv"`
	SkipEmpty  bool            `json:"skip_empty"`
	Recipients []RecipientBody `json:"recipients" validate:"required,min=1,max=50,dive"`
	Notes      string          `json:"notes" validate:"max=10000"`
	Version    *int64          `json:"version"`
}

// ReportScheduleResponse is a schedule as the API shows it.
type ReportScheduleResponse struct {
	ID         int64           `json:"id"`
	Name       string          `json:"name"`
	Enabled    bool            `json:"enabled"`
	Report     string          `json:"report"`
	Params     string          `json:"params"`
	Frequency  string          `json:"frequency"`
	Weekday    int             `json:"weekday"`
	MonthDay   int             `json:"month_day"`
	SendHour   int             `json:"send_hour"`
	TimeZone   string          `json:"time_zone"`
	Format     string          `json:"format"`
	SkipEmpty  bool            `json:"skip_empty"`
	Recipients []RecipientBody `json:"recipients"`
	Notes      string          `json:"notes"`
	Version    int64           `json:"version"`
	CreatedAt  time.Time       `json:"created_at"`
	UpdatedAt  time.Time       `json:"updated_at"`
}

// apply sets the schedule's fields; weekday defaults to Monday, month day to 1, hour to 8, zone to UTC.
func (r *ReportScheduleRequest) apply(s *models.ReportSchedule) {
	s.Name, s.Report, s.Params, s.Frequency, s.Format = r.Name, r.Report, r.Params, r.Frequency, r.Format
	s.SkipEmpty, s.Notes, s.Recipients = r.SkipEmpty, r.Notes, recipientsOf(r.Recipients)
	s.Enabled = r.Enabled == nil || *r.Enabled
	s.Weekday, s.MonthDay, s.SendHour = intOr(r.Weekday, 1), intOr(r.MonthDay, 1), intOr(r.SendHour, 8)
	s.TimeZone = r.TimeZone
	if s.TimeZone == "" {
		s.TimeZone = "UTC"
	}
}

func (r *ReportScheduleRequest) version() *int64 { return r.Version }

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func reportScheduleResponse(s *models.ReportSchedule) ReportScheduleResponse {
	return ReportScheduleResponse{ID: s.ID, Name: s.Name, Enabled: s.Enabled, Report: s.Report, Params: s.Params,
		Frequency: s.Frequency, Weekday: s.Weekday, MonthDay: s.MonthDay, SendHour: s.SendHour, TimeZone: s.TimeZone,
		Format: s.Format, SkipEmpty: s.SkipEmpty, Recipients: recipientBodies(s.Recipients), Notes: s.Notes,
		Version: s.Version, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}
}

func respondReportSchedule(c *gin.Context, status int, s *models.ReportSchedule) {
	writeOne(c, status, "/api/v1/report-schedules", s.ID, s.Version, reportScheduleResponse(s))
}

// checkSchedule refuses a schedule whose report does not exist or does not take its parameters,
// by building it as it would be sent (so a mistake shows now, not at 08:00 on Monday).
func (s *Server) checkSchedule(c *gin.Context, r *ReportScheduleRequest) bool {
	_, err := notify.BuildReport(c.Request.Context(), s.Store, r.Report, r.Params,
		reports.Params{AsOf: s.Store.Today(), FiscalYearStart: s.FiscalYearStart, Currency: s.Currency})
	if err != nil {
		writeError(c, err)
		return false
	}
	return true
}

// registerReportScheduleRoutes registers /report-schedules: viewers read, editors change.
func (s *Server) registerReportScheduleRoutes(g *gin.RouterGroup) {
	st := s.Store
	g = g.Group("", writeGuard())
	s.handle(g, op{Method: "GET", Path: "/report-schedules", Summary: "List report schedules", Role: models.RoleViewer,
		Response: ListResponse[ReportScheduleResponse]{}}, func(c *gin.Context) {
		all, err := st.ListReportSchedules(c.Request.Context())
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, listOf(models.ListResult[models.ReportSchedule]{Items: all, Total: int64(len(all))}, reportScheduleResponse))
	})
	s.handle(g, op{Method: "POST", Path: "/report-schedules", Summary: "Schedule a report by email", Role: models.RoleEditor,
		Request: ReportScheduleRequest{}, Response: ReportScheduleResponse{}, Status: http.StatusCreated}, limitBody(MaxJSONBody),
		func(c *gin.Context) {
			var req ReportScheduleRequest
			if err := bindJSON(c, &req); err != nil {
				writeError(c, err)
				return
			}
			if !s.checkSchedule(c, &req) {
				return
			}
			var m models.ReportSchedule
			req.apply(&m)
			if err := st.CreateReportSchedule(c.Request.Context(), &m); err != nil {
				writeError(c, err)
				return
			}
			respondReportSchedule(c, http.StatusCreated, &m)
		})
	s.handle(g, op{Method: "GET", Path: "/report-schedules/:id", Summary: "Get a report schedule", Role: models.RoleViewer,
		Response: ReportScheduleResponse{}}, getHandler(st.GetReportSchedule, respondReportSchedule))
	s.handle(g, op{Method: "PUT", Path: "/report-schedules/:id", Summary: "Replace a report schedule (needs its version)",
		Role: models.RoleEditor, Request: ReportScheduleRequest{}, Response: ReportScheduleResponse{}}, limitBody(MaxJSONBody),
		func(c *gin.Context) {
			id, ok := pathID(c, "id")
			if !ok {
				return
			}
			var req ReportScheduleRequest
			if err := bindJSON(c, &req); err != nil {
				writeError(c, err)
				return
			}
			if !s.checkSchedule(c, &req) {
				return
			}
			ver, err := versionOf(c, req.Version)
			if err != nil {
				writeError(c, err)
				return
			}
			m, err := st.UpdateReportSchedule(c.Request.Context(), id, ver, func(m *models.ReportSchedule) error { req.apply(m); return nil })
			if err != nil {
				writeError(c, err)
				return
			}
			respondReportSchedule(c, http.StatusOK, m)
		})
	s.handle(g, op{Method: "DELETE", Path: "/report-schedules/:id", Summary: "Delete a report schedule (its delivery log stays)",
		Role: models.RoleEditor, Status: http.StatusNoContent}, deleteHandler(st.DeleteReportSchedule))
}
