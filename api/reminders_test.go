package api

import (
	"net/http"
	"strconv"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestReminderRuleRoutes creates, validates and lists rules through the router.
func TestReminderRuleRoutes(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		list := mustJSON[ListResponse[ReminderRuleResponse]](t, a.do(req{Method: "GET", Path: "/api/v1/reminder-rules", Role: models.RoleViewer}), http.StatusOK)
		if list.Total != 1 || list.Items[0].Name != "Default" || len(list.Items[0].Stages) != 4 || list.Items[0].Recipients[0].Kind != "budget_owner" {
			t.Fatalf("a new register's rules: %+v", list.Items)
		}
		good := map[string]any{"name": "Procurement", "scope": "licences", "time_zone": "Pacific/Auckland", "send_hour": 9,
			"recipients": []map[string]string{{"kind": "email", "value": "buyer@example.org"}}}
		r := mustJSON[ReminderRuleResponse](t, a.do(req{Method: "POST", Path: "/api/v1/reminder-rules", Role: models.RoleEditor, Body: good}), http.StatusCreated)
		if r.TimeZone != "Pacific/Auckland" || r.SendHour != 9 || len(r.Stages) != 4 || !r.Enabled {
			t.Errorf("created %+v", r)
		}
		cases := []struct {
			name   string
			change map[string]any
			field  string
		}{
			{"unknown time zone", map[string]any{"time_zone": "Mars/Olympus"}, "time_zone"},
			{"bad hour", map[string]any{"send_hour": 24}, "send_hour"},
			{"bad stage", map[string]any{"stages": []int{90, -1}}, "stages"},
			{"bad address", map[string]any{"recipients": []map[string]string{{"kind": "email", "value": "not an address"}}}, "recipients[0]"},
			{"bad role", map[string]any{"recipients": []map[string]string{{"kind": "role", "value": "feed"}}}, "recipients[0]"},
			{"category on licences", map[string]any{"category": "laptop"}, "category"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				body := map[string]any{}
				for k, v := range good {
					body[k] = v
				}
				body["name"] = "case " + tc.name
				for k, v := range tc.change {
					body[k] = v
				}
				wantError(t, a.do(req{Method: "POST", Path: "/api/v1/reminder-rules", Role: models.RoleEditor, Body: body}),
					http.StatusUnprocessableEntity, "validation_failed", tc.field)
			})
		}
		wantError(t, a.do(req{Method: "POST", Path: "/api/v1/reminder-rules", Role: models.RoleViewer, Body: good}), http.StatusForbidden, "forbidden", "")
	})
}

// TestWebhookEndpointRoutes shows the secret once, refuses loopback URLs unless allowed and
// is for administrators only.
func TestWebhookEndpointRoutes(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		body := map[string]any{"name": "Slack", "url": "http://127.0.0.1:9/hook", "format": "slack"}
		wantError(t, a.do(req{Method: "POST", Path: "/api/v1/webhook-endpoints", Role: models.RoleAdmin, Body: body}),
			http.StatusUnprocessableEntity, "validation_failed", "url")
		wantError(t, a.do(req{Method: "GET", Path: "/api/v1/webhook-endpoints", Role: models.RoleEditor}), http.StatusForbidden, "forbidden", "")
		a.server.Reminders.AllowPrivateWebhooks = true
		ep := mustJSON[WebhookEndpointResponse](t,
			a.do(req{Method: "POST", Path: "/api/v1/webhook-endpoints", Role: models.RoleAdmin, Body: body}), http.StatusCreated)
		if len(ep.Secret) < 20 || ep.Secret[:6] != "whsec_" {
			t.Errorf("secret %q", ep.Secret)
		}
		epPath := "/api/v1/webhook-endpoints/" + strconv.FormatInt(ep.ID, 10)
		got := mustJSON[WebhookEndpointResponse](t, a.do(req{Method: "GET", Path: epPath, Role: models.RoleAdmin}), http.StatusOK)
		if got.Secret != "" {
			t.Errorf("the secret is shown again: %q", got.Secret)
		}
		test := mustJSON[DeliveryResponse](t, a.do(req{Method: "POST", Path: "/api/v1/deliveries/test", Role: models.RoleEditor,
			Body: map[string]any{"endpoint_id": ep.ID}}), http.StatusAccepted)
		if test.Channel != "webhook" || test.Recipient != "endpoint:"+strconv.FormatInt(ep.ID, 10) || test.Status != "planned" {
			t.Errorf("test message %+v", test)
		}
	})
}

// TestReportScheduleRoutes checks the report and its parameters when a schedule is saved.
func TestReportScheduleRoutes(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		body := map[string]any{"name": "Budget on Mondays", "report": "budget", "frequency": "weekly", "weekday": 1, "send_hour": 8,
			"time_zone": "Europe/London", "format": "xlsx", "recipients": []map[string]string{{"kind": "email", "value": "fin@example.org"}}}
		s := mustJSON[ReportScheduleResponse](t, a.do(req{Method: "POST", Path: "/api/v1/report-schedules", Role: models.RoleEditor, Body: body}), http.StatusCreated)
		if s.Weekday != 1 || s.MonthDay != 1 || s.Format != "xlsx" {
			t.Errorf("created %+v", s)
		}
		cases := []struct {
			name, key string
			value     any
			field     string
		}{
			{"unknown report", "report", "nope", "report"},
			{"parameter the report does not take", "params", "within=30", "params"},
			{"budget_owner is for reminders", "recipients", []map[string]string{{"kind": "budget_owner"}}, "recipients[0]"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				b := map[string]any{}
				for k, v := range body {
					b[k] = v
				}
				b["name"], b[tc.key] = tc.name, tc.value
				wantError(t, a.do(req{Method: "POST", Path: "/api/v1/report-schedules", Role: models.RoleEditor, Body: b}),
					http.StatusUnprocessableEntity, "validation_failed", tc.field)
			})
		}
	})
}

// TestDeliveryLogRoutes lists the log, refuses to resend a message that is not dead and
// resends a dead one.
func TestDeliveryLogRoutes(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		m := mustJSON[DeliveryResponse](t, a.do(req{Method: "POST", Path: "/api/v1/deliveries/test", Role: models.RoleEditor,
			Body: map[string]any{"email": "ops@example.org"}}), http.StatusAccepted)
		list := mustJSON[ListResponse[DeliveryResponse]](t,
			a.do(req{Method: "GET", Path: "/api/v1/deliveries?kind=test&status=planned", Role: models.RoleViewer}), http.StatusOK)
		if list.Total != 1 || list.Items[0].ID != m.ID || list.Items[0].Recipient != "ops@example.org" {
			t.Errorf("log %+v", list)
		}
		path := "/api/v1/deliveries/" + strconv.FormatInt(m.ID, 10) + "/resend"
		wantError(t, a.do(req{Method: "POST", Path: path, Role: models.RoleEditor}), http.StatusConflict, "conflict", "")
		modeltest.Exec(t, a.store, "UPDATE reminder_outbox SET status = $1, attempts = $2, last_error = $3 WHERE id = $4",
			"dead", 8, "550 no such user", m.ID)
		again := mustJSON[DeliveryResponse](t, a.do(req{Method: "POST", Path: path, Role: models.RoleEditor}), http.StatusOK)
		if again.Status != "retry" || again.Attempts != 0 || again.MessageID != m.MessageID {
			t.Errorf("resent %+v", again)
		}
		wantError(t, a.do(req{Method: "GET", Path: "/api/v1/deliveries?status=lost", Role: models.RoleViewer}), http.StatusBadRequest, "bad_parameter", "status")
	})
}
