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

// monthCSV is a tool's monthly export: "Asset Status" and "Status" both mean the status; "Status"
// holds production flags, "Asset Status" a value itreg does not know ("Prod"); purchase dates
// are month first and costs in dollars without a sign.
func monthCSV(tags ...string) string {
	var b strings.Builder
	b.WriteString("Asset Tag,Serial Number,Asset Status,Status,Rack <b>(internal)</b>,Purchase Date,Purchase Cost\n")
	for i, tag := range tags {
		status := "Prod"
		if i%2 == 1 {
			status = "In stock"
		}
		b.WriteString(tag + ",SN-" + tag + "," + status + ",Production,R" + tag + ",03/05/2025,899\n")
	}
	return b.String()
}

// TestBrowserImportWizard walks an editor through the wizard in Chromium: upload, change a
// column's field, map a value, dry run, commit, and next month's file read with the profile
// saved on the way. It fails on console errors and CSP violations; with ITREG_SCREENSHOTS
// set it photographs the column step, the value step and the profiles page.
func TestBrowserImportWizard(t *testing.T) {
	srv := webtest.MustServer(t, "sqlite")
	srv.MustUser(t, "ed@example.com", "Ed", "editor")
	dir := t.TempDir()
	first, second := filepath.Join(dir, "may", "export.csv"), filepath.Join(dir, "june", "export.csv")
	for file, data := range map[string]string{first: monthCSV("M-1", "M-2", "M-3"), second: monthCSV("M-1", "M-4")} {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := webtest.MustBrowser(t)
	shoot := func(name string) { b.Do("blur", webtest.Blur()); b.Screenshots(name) }
	b.SignIn(srv.URL, "ed@example.com", webtest.Password)

	b.Open(srv.URL + "/imports/new")
	b.Do("choose May's file", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{first}))
	b.Submit("#dry-run")
	if got := webtest.Eval[int](b, "document.querySelectorAll('.mapping-table tbody tr').length"); got != 7 {
		t.Fatalf("the column step shows %d columns, want 7: %s", got, b.Text("main"))
	}
	shoot("import-mapping")

	// Both status columns mean the status: the step refuses until one is chosen.
	b.Submit("#to-values")
	if got := b.Text("#mapping-errors"); got == "" {
		t.Fatalf("no error for two columns meaning the status: %s", b.Text("main"))
	}
	shoot("import-mapping-errors")
	sel := func(letter string) string { return ".mapping-table tr[data-letter=" + letter + "] select" }
	b.Do("Status (production or not) is not imported", chromedp.SetValue(chromedp.CSS(sel("D")), "ignore"))
	b.Do("the rack is a custom field", chromedp.SetValue(chromedp.CSS(sel("E")), "custom"))
	b.Do("purchase dates are month first", chromedp.SetValue(chromedp.CSS("#f-order-0-F"), "mdy"))
	b.Fill("#f-currency-0-G", "USD")
	b.Fill("#f-save_as", "Tool monthly export")
	b.Submit("#to-values")
	if got := b.Text(".value-group[data-field=status] td.value"); got != "Prod" {
		t.Fatalf("the value step lists %q", got)
	}
	shoot("import-values")
	b.Do("Prod is deployed", chromedp.SetValue(chromedp.CSS(".value-group[data-field=status] select"), models.StatusDeployed))
	b.Submit("#run-dry-run")
	if got := b.Text("#commit h2"); got != "The dry run found no errors" {
		t.Fatalf("the dry run says %q: %s", got, b.Text("main"))
	}
	if !strings.Contains(b.Text(".flash-ok"), "Tool monthly export") {
		t.Errorf("no word of the saved profile: %q", b.Text(".flash-ok"))
	}
	b.Do("answer OK to the confirmation", chromedp.Evaluate[chromedp.Void]("window.confirm = function () { return true; }"))
	b.Submit("#commit-import")
	if msg := b.Text(".flash-ok"); !strings.Contains(msg, "3 created") {
		t.Fatalf("after commit the page says %q", msg)
	}
	d, err := srv.Store.FindDeviceByAssetTag(context.Background(), "M-1")
	if err != nil || d.Status != models.StatusDeployed || d.CustomFields["Rack <b>(internal)</b>"] != "RM-1" ||
		d.PurchaseDate.String() != "2025-03-05" || d.PurchaseCost.String() != "899.00 USD" {
		t.Fatalf("M-1 = %+v, %v", d, err)
	}

	b.Open(srv.URL + "/imports/new")
	b.Do("choose June's file", chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{second}))
	b.Submit("#dry-run")
	if got := b.Text("#profile-use"); got != "using profile Tool monthly export" {
		t.Fatalf("June's file says %q", got)
	}
	b.Submit("#to-values")
	b.Submit("#run-dry-run")
	if got := b.Text("#counts"); !strings.Contains(got, "Would create\n1") && !strings.Contains(got, "Would create 1") {
		t.Logf("counts %q", got)
	}
	if !webtest.Eval[bool](b, "document.querySelector('#commit-import') !== null") {
		t.Fatalf("June's dry run is not clean: %s", b.Text("main"))
	}

	b.Open(srv.URL + "/import-profiles")
	if !strings.Contains(b.Text("#profiles"), "Tool monthly export") {
		t.Fatalf("profiles list %q", b.Text("#profiles"))
	}
	shoot("import-profiles")
	b.Click("#profiles a")
	shoot("import-profile")
	b.Check()
}
