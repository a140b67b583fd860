package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"itreg/api/web/webtest"
	"itreg/models"
)

// TestBrowserImportAndAdmin walks an administrator through an import in real Chromium
// (upload, read the errors, upload the fixed file, commit) and an invitation, failing on any
// console error or CSP violation. With ITREG_SCREENSHOTS=dir it photographs each page.
func TestBrowserImportAndAdmin(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		srv.MustUser(t, "ana@example.com", "Ana Lima", "admin")
		dir := t.TempDir()
		bad, fixed := filepath.Join(dir, "bad", "devices.csv"), filepath.Join(dir, "fixed", "devices.csv")
		for file, data := range map[string]string{bad: badCSV, fixed: fixedCSV} {
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		b := webtest.MustBrowser(t)
		shots := strings.HasSuffix(t.Name(), "/sqlite")
		shoot := func(name string) {
			if shots {
				b.Do("blur", webtest.Blur())
				b.Screenshots(name)
			}
		}
		b.SignIn(srv.URL, "ana@example.com", webtest.Password)

		b.Open(srv.URL + "/imports")
		b.Click("#new-import")
		shoot("import-new")
		b.Do("choose the file with errors", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{bad}))
		b.Submit("#dry-run")
		// The upload leads to the wizard's column step; its link opens the dry run as read automatically.
		b.Click("#automatic-dry-run")
		if errs := b.Text("#row-errors tbody"); !strings.Contains(errs, "<script>alert(1)</script>") || !strings.Contains(errs, "Category") {
			t.Errorf("row errors say %q", errs)
		}
		shoot("import-errors")

		b.Click("#upload-fixed")
		b.Do("choose the fixed file", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{fixed}))
		b.Submit("#dry-run")
		b.Click("#automatic-dry-run")
		if got := b.Text("#commit h2"); got != "The dry run found no errors" {
			t.Fatalf("clean dry run says %q", got)
		}
		shoot("import-clean")
		// The commit button asks first (data-confirm); a person answers OK.
		b.Do("answer OK to the confirmation", chromedp.Evaluate[chromedp.Void]("window.confirm = function () { return true; }"))
		b.Submit("#commit-import")
		if msg := b.Text(".flash-ok"); !strings.Contains(msg, "2 created") {
			t.Errorf("after commit the page says %q", msg)
		}
		shoot("import-done")
		if d, err := srv.Store.FindDeviceByAssetTag(context.Background(), "A-2"); err != nil || d == nil {
			t.Errorf("device not imported: %v", err)
		}

		b.Open(srv.URL + "/imports")
		if n := webtest.Eval[int](b, "document.querySelectorAll('#imports tbody tr').length"); n != 3 {
			t.Errorf("history lists %d runs, want 3", n)
		}
		shoot("imports")

		run := &models.ImportRun{FileName: "big-inventory.xlsx", Status: models.ImportRunning, Actor: "user:ana@example.com",
			ProgressDone: 12000, ProgressTotal: 48000}
		if err := srv.Store.CreateImportRun(context.Background(), run); err != nil {
			t.Fatal(err)
		}
		b.Open(srv.URL + "/imports/" + itoa(run.ID))
		if got := b.Text("#progress"); !strings.Contains(got, "12000 of 48000") {
			t.Errorf("progress says %q", got)
		}
		shoot("import-running")

		b.Open(srv.URL + "/admin")
		b.Fill("#f-invite-email", "bo@example.com")
		b.Fill("#f-invite-name", "Bo Svensson")
		b.Submit("#invite")
		link := b.Text("#new-link")
		if !strings.Contains(link, "/set-password?token=") {
			t.Fatalf("invitation shows %q", link)
		}
		shoot("admin")
		b.Open(srv.URL + "/admin/reminders")
		b.Fill("#f-name", "Licence notice deadlines")
		b.Fill("#f-recipients", "email: it@example.com")
		b.Submit("#save-rule")
		if got := b.Text("#rules"); !strings.Contains(got, "Licence notice deadlines") {
			t.Errorf("rules list %q", got)
		}
		shoot("admin-reminders")
		mustDeadMessage(t, srv.Store)
		b.Open(srv.URL + "/admin/deliveries")
		shoot("admin-deliveries")
		b.Open(srv.URL + "/admin/schedules")
		b.Fill("#f-name", "Monday renewals")
		b.Fill("#f-recipients", "email: buyers@example.com")
		b.Submit("#save-schedule")
		if got := b.Text("#schedules"); !strings.Contains(got, "Monday renewals") {
			t.Errorf("schedules %q", got)
		}
		shoot("admin-schedules")
		b.Open(srv.URL + "/admin/webhooks")
		b.Fill("#f-name", "Procurement channel")
		b.Fill("#f-url", "https://hooks.example.com/services/T000/B000")
		b.Submit("#create-webhook")
		if got := b.Text("#new-webhook-secret"); !strings.HasPrefix(got, "whsec_") {
			t.Errorf("the new endpoint's secret reads %q", got)
		}
		shoot("admin-webhooks")

		b.Open(srv.URL + "/set-password?token=" + webtest.LinkSecret(link))
		if h := b.Text("h1"); h == "This link no longer works" {
			t.Errorf("the invitation link does not work")
		}
	})
}
