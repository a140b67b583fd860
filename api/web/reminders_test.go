package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"itreg/api/web/webtest"
	"itreg/models"
)

// mustDeadMessage plans a reminder that has died, with a hostile last error.
func mustDeadMessage(t *testing.T, st *models.Store) {
	t.Helper()
	now := st.Now()
	m := models.NewOutboxMessage(models.OutboxReminder, nil, models.OutboxKey{ItemKind: models.RenewalLicence, ItemID: 7,
		AnchorDate: models.DateOf(now), Stage: 30, Channel: models.ChannelEmail, Recipient: "it@example.com"}, now, now.Add(48*3600e9))
	m.Status, m.Attempts, m.LastError = models.StatusDead, 5, "550 "+hostile
	if _, err := st.PlanOutbox(context.Background(), []models.OutboxMessage{m}); err != nil {
		t.Fatal(err)
	}
}

func TestReminderPagesRoles(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		for _, u := range []struct{ email, role string }{{"ad@example.com", "admin"}, {"ed@example.com", "editor"}, {"vi@example.com", "viewer"}} {
			srv.MustUser(t, u.email, u.role, u.role)
		}
		tests := []struct {
			email, method, path string
			want                int
		}{
			{"ad@example.com", "GET", "/admin/reminders", 200},
			{"ed@example.com", "GET", "/admin/reminders", 403},
			{"ed@example.com", "POST", "/admin/reminders", 403},
			{"vi@example.com", "GET", "/admin/reminders", 403},
			{"ad@example.com", "GET", "/admin/schedules", 200},
			{"ed@example.com", "GET", "/admin/schedules", 403},
			{"ed@example.com", "POST", "/admin/schedules", 403},
			{"ed@example.com", "GET", "/admin/deliveries", 200},
			{"ed@example.com", "GET", "/admin/deliveries?status=bogus", 400},
			{"vi@example.com", "GET", "/admin/deliveries", 403},
			{"vi@example.com", "POST", "/admin/deliveries/test", 403},
			{"vi@example.com", "POST", "/admin/deliveries/1/resend", 403},
		}
		for _, tt := range tests {
			t.Run(tt.email+" "+tt.method+" "+tt.path, func(t *testing.T) {
				c := srv.Client(t)
				c.SignIn(tt.email, webtest.Password)
				var r *webtest.Response
				if tt.method == "POST" {
					r = c.Post(tt.path, url.Values{"name": {"x"}, "email": {"x@example.com"}})
				} else {
					r = c.Get(tt.path)
				}
				if r.Status != tt.want {
					t.Errorf("status %d, want %d", r.Status, tt.want)
				}
			})
		}
	})
}

func TestReminderRulePages(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := context.Background()
		srv.MustUser(t, "ad@example.com", "Ada", "admin")
		c := srv.Client(t)
		c.SignIn("ad@example.com", webtest.Password)
		before, _ := srv.Store.ListReminderRules(ctx)

		form := url.Values{"name": {hostile}, "scope": {"licences"}, "stages": {"60, 14, 0"}, "recipients": {"email: it@example.com\nrole: admin"},
			"time_zone": {"Europe/London"}, "send_hour": {"9"}, "enabled": {"true"}}
		t.Run("a bad rule shows each error next to its field", func(t *testing.T) {
			bad := url.Values{"name": {"x"}, "scope": {"licences"}, "stages": {"soon"}, "recipients": {"email: not-an-address"},
				"time_zone": {"Mars/Olympus"}, "send_hour": {"9"}}
			r := c.Post("/admin/reminders", bad)
			if r.Status != http.StatusUnprocessableEntity || r.Text("#f-stages-error") == "" {
				t.Fatalf("status %d, stages error %q", r.Status, r.Text("#f-stages-error"))
			}
			bad.Set("stages", "30")
			r = c.Post("/admin/reminders", bad)
			if r.Status != http.StatusUnprocessableEntity || r.Text("#f-time_zone-error") == "" {
				t.Errorf("status %d, zone error %q, message %q", r.Status, r.Text("#f-time_zone-error"), r.Text(".form-message"))
			}
		})
		t.Run("create, list escaped, edit, delete", func(t *testing.T) {
			if r := c.Post("/admin/reminders", form); r.Status != http.StatusSeeOther {
				t.Fatalf("create: %d %q", r.Status, r.Text(".form-message"))
			}
			rules, _ := srv.Store.ListReminderRules(ctx)
			if len(rules) != len(before)+1 {
				t.Fatalf("%d rules", len(rules))
			}
			var rule models.ReminderRule
			for _, r := range rules {
				if r.Name == hostile {
					rule = r
				}
			}
			if rule.ID == 0 || rule.TimeZone != "Europe/London" || len(rule.Stages) != 3 || len(rule.Recipients) != 2 {
				t.Fatalf("stored %+v", rule)
			}
			page := c.Get("/admin/reminders")
			if !strings.Contains(page.Text("#rules"), hostile) || page.Has("img") {
				t.Error("the rule's name is not shown as text")
			}
			assertNoInlineHandlers(t, page.Doc)
			edit := c.Get("/admin/reminders/" + itoa(rule.ID))
			if edit.Doc.Find("#f-stages").AttrOr("value", "") != "60, 14, 0" || edit.Doc.Find("input[name=version]").AttrOr("value", "") == "" {
				t.Errorf("edit form stages %q", edit.Doc.Find("#f-stages").AttrOr("value", ""))
			}
			form.Set("version", itoa(rule.Version))
			form.Set("name", "Licence deadlines")
			form.Del("enabled")
			if r := c.Post("/admin/reminders/"+itoa(rule.ID), form); r.Status != http.StatusSeeOther {
				t.Fatalf("update: %d %q", r.Status, r.Text(".form-message"))
			}
			got, _ := srv.Store.GetReminderRule(ctx, rule.ID)
			if got.Name != "Licence deadlines" || got.Enabled {
				t.Errorf("updated %+v", got)
			}
			if r := c.Post("/admin/reminders/"+itoa(rule.ID), form); r.Status != http.StatusConflict {
				t.Errorf("a stale save: %d, want 409", r.Status)
			}
			if r := c.Post("/admin/reminders/"+itoa(rule.ID)+"/delete", url.Values{"version": {itoa(got.Version)}}); r.Status != http.StatusSeeOther {
				t.Fatalf("delete: %d", r.Status)
			}
			if _, err := srv.Store.GetReminderRule(ctx, rule.ID); err == nil {
				t.Error("the rule is still there")
			}
		})
	})
}

func TestDeliveryLogPage(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		srv.MustUser(t, "ed@example.com", "Ed", "editor")
		mustDeadMessage(t, srv.Store)
		c := srv.Client(t)
		c.SignIn("ed@example.com", webtest.Password)

		page := c.Get("/admin/deliveries?status=dead")
		if page.Doc.Find("#deliveries tbody tr").Length() != 1 || !strings.Contains(page.Text("#deliveries"), hostile) || page.Has("img") {
			t.Fatalf("log %q", page.Text("#deliveries"))
		}
		if c.Get("/admin/deliveries?status=sent").Has("#deliveries") {
			t.Error("the status filter does not filter")
		}
		action := page.Doc.Find("#deliveries form").AttrOr("action", "")
		if r := c.Post(action, nil); r.Status != http.StatusSeeOther {
			t.Fatalf("resend: %d", r.Status)
		}
		if r := c.Post(action, nil); r.Status != http.StatusConflict {
			t.Errorf("resending a message that is not dead: %d", r.Status)
		}
		if r := c.Post("/admin/deliveries/test", url.Values{"email": {"not an address"}}); r.Status != http.StatusUnprocessableEntity ||
			r.Text("#f-test-email-error") == "" {
			t.Errorf("bad address: %d %q", r.Status, r.Text("#f-test-email-error"))
		}
		if r := c.Post("/admin/deliveries/test", url.Values{"email": {"it@example.com"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("test message: %d", r.Status)
		}
		if got := c.Get("/admin/deliveries").Text("#deliveries"); !strings.Contains(got, "test message") {
			t.Errorf("the test message is not in the log: %q", got)
		}
	})
}

func TestReportSchedulePage(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := context.Background()
		srv.MustUser(t, "ad@example.com", "Ada", "admin")
		c := srv.Client(t)
		c.SignIn("ad@example.com", webtest.Password)
		form := url.Values{"name": {"Monday renewals"}, "report": {"renewals"}, "params": {"within=nonsense"}, "frequency": {"weekly"},
			"weekday": {"1"}, "month_day": {"1"}, "send_hour": {"8"}, "time_zone": {"UTC"}, "format": {"xlsx"},
			"recipients": {"email: buyers@example.com"}}
		if r := c.Post("/admin/schedules", form); r.Status != http.StatusUnprocessableEntity || r.Text("#f-params-error") == "" {
			t.Errorf("a bad parameter: %d %q %q", r.Status, r.Text("#f-params-error"), r.Text(".form-message"))
		}
		form.Set("params", "")
		if r := c.Post("/admin/schedules", form); r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %q", r.Status, r.Text(".form-message"))
		}
		page := c.Get("/admin/schedules")
		if !strings.Contains(page.Text("#schedules"), "every Monday at 8:00 UTC") {
			t.Errorf("schedules %q", page.Text("#schedules"))
		}
		pause := page.Doc.Find("#schedules form").First()
		if r := c.Post(pause.AttrOr("action", ""), url.Values{"version": {pause.Find("input[name=version]").AttrOr("value", "")}}); r.Status != http.StatusSeeOther {
			t.Fatalf("pause: %d", r.Status)
		}
		all, _ := srv.Store.ListReportSchedules(ctx)
		if len(all) != 1 || all[0].Enabled {
			t.Errorf("after pause %+v", all)
		}
	})
}
