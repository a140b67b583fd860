package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"itreg/api/web/webtest"
	"itreg/models"
)

// TestBrowserProcurement walks finance and procurement through their pages in Chromium: the
// home views, a renewal decision, a budget figure's records, a report download and a search.
// Any console error or CSP violation fails it; ITREG_SCREENSHOTS=dir photographs each page.
func TestBrowserProcurement(t *testing.T) {
	srv := webtest.MustServer(t, "sqlite")
	reg := mustProcRegister(t, srv.Store)
	srv.MustUser(t, "pia@example.com", "Pia Procurement", models.RoleEditor)
	b := webtest.MustBrowser(t)
	b.SignIn(srv.URL, "pia@example.com", webtest.Password)

	for _, view := range []string{"it", "procurement", "finance"} {
		b.Open(srv.URL + "/?view=" + view)
		b.Screenshots("home-" + view)
	}

	row := fmt.Sprintf("#licence-%d", reg.licence.ID)
	b.Open(srv.URL + "/renewals")
	b.Do("open the decision form", chromedp.Evaluate[chromedp.Void]("document.querySelector('"+row+" details').open = true"))
	b.Do("choose renew", chromedp.Evaluate[chromedp.Void]("document.querySelector('"+row+" select[name=decision]').value = 'renew'"))
	b.Fill(row+" input[name=owner]", "Pia")
	b.Fill(row+" textarea[name=note]", "Renew for two years")
	b.Submit(row + " form.decision button")
	if got := b.Text(row + " .badge"); got != "Renew" {
		t.Errorf("after saving, the decision shows %q", got)
	}
	if !strings.Contains(b.Text(".flash-ok"), "Decision recorded") {
		t.Errorf("flash %q", b.Text(".flash-ok"))
	}
	b.Screenshots("renewals")

	b.Open(srv.URL + "/end-of-life")
	b.Screenshots("end-of-life")
	b.Open(srv.URL + "/depreciation")
	b.Screenshots("depreciation")

	b.Open(srv.URL + "/budget")
	b.Screenshots("budget")
	printShot(t, b, "budget-print")
	status := webtest.Eval[string](b, `(() => { const x = new XMLHttpRequest(); x.open('GET', document.querySelector('#budget-xlsx').href, false);
		x.send(); return x.status + ' ' + x.getResponseHeader('Content-Type'); })()`)
	if !strings.HasPrefix(status, "200 application/vnd.openxmlformats") {
		t.Errorf("budget download: %s", status)
	}
	b.Click(fmt.Sprintf("#budget a.figure-link[href='/budget-lines/%d']", reg.line.ID))
	if loc := b.Location(); loc != fmt.Sprintf("%s/budget-lines/%d", srv.URL, reg.line.ID) {
		t.Errorf("the spent figure opened %s", loc)
	}

	b.Open(srv.URL + "/reports/renewals")
	b.Screenshots("report-renewals")
	status = webtest.Eval[string](b, `(() => { const a = [...document.querySelectorAll('.downloads a')].find(a => a.textContent === 'CSV');
		const x = new XMLHttpRequest(); x.open('GET', a.href, false); x.send(); return x.status + ' ' + x.responseText.split('\n')[0]; })()`)
	if !strings.HasPrefix(status, "200 Kind,Item,Name") {
		t.Errorf("renewals CSV download: %.120s", status)
	}
	b.Open(srv.URL + "/reports")
	b.Screenshots("reports")

	b.Open(srv.URL + "/")
	b.Fill("#global-search", "LT-00")
	b.Submit(".search button")
	if got := b.Text("#hits-device"); !strings.Contains(got, "LT-001") {
		t.Errorf("search found %q", got)
	}
	b.Screenshots("search")
}

// printShot photographs the page as the print stylesheet lays it out (print media, 1280 px),
// to ITREG_SCREENSHOTS/<name>.png, and checks that the navigation and forms are hidden.
func printShot(t *testing.T, b *webtest.Browser, name string) {
	t.Helper()
	b.Do("print media", media("print"))
	defer b.Do("screen media", media(""))
	if shown := webtest.Eval[int](b, `[...document.querySelectorAll('.sections, .search, form.picker')]
		.filter(e => getComputedStyle(e).display !== 'none').length`); shown != 0 {
		t.Errorf("%d navigation or form elements still show in print", shown)
	}
	dir := os.Getenv("ITREG_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.Ctx(), chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("print screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// media emulates a CSS media type ("print"); "" turns the emulation off.
func media(m string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
		return chromedp.Void{}, err
	}
}
