package webtest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browserTimeout bounds one browser test, so a hung page fails instead of hanging CI. It is a
// safety net, not an assertion about speed.
const browserTimeout = 2 * time.Minute

// cspReporter runs before any page script. The CSP violation event is not always a console
// message, so it is turned into one that the listener below catches.
const cspReporter = `document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline code") +
    " at " + e.sourceFile + ":" + e.lineNumber);
});`

// BrowserPath finds Chromium: ITREG_CHROMIUM, then /usr/bin/chromium, then the usual names on
// PATH. It returns "" when there is none.
func BrowserPath() string {
	if p := os.Getenv("ITREG_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Browser is one headless Chromium with one tab. It records every console error, uncaught
// exception, browser log error and CSP violation; the test fails on any of them at its end
// (and at each Check).
type Browser struct {
	tb     testing.TB
	ctx    context.Context
	cancel context.CancelFunc
	alloc  context.Context

	mu       sync.Mutex
	problems []string
	pages    map[string]bool // URLs loaded as documents: their status is the test's to check
}

// MustBrowser starts headless Chromium for the test and closes it when the test ends. With
// no browser installed the test is skipped with a clear message, except in CI (CI=true),
// where a missing browser fails it.
func MustBrowser(tb testing.TB) *Browser {
	tb.Helper()
	path := BrowserPath()
	if path == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("no Chromium found (apt-get install -y chromium, or set ITREG_CHROMIUM); CI must run the browser tests")
		}
		tb.Skip("browser test skipped: no Chromium found (apt-get install -y chromium, or set ITREG_CHROMIUM)")
	}
	base, cancelBase := context.WithTimeout(context.Background(), browserTimeout)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(base, opts...)
	b := &Browser{tb: tb, alloc: alloc, pages: map[string]bool{}}
	b.ctx, b.cancel = b.newTab(alloc)
	tb.Cleanup(func() {
		b.cancel()
		cancelAlloc()
		cancelBase()
	})
	if err := chromedp.Do(b.ctx); err != nil {
		tb.Fatalf("start Chromium (%s): %v", path, err)
	}
	b.do("install the CSP reporter", func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspReporter})
		return chromedp.Void{}, err
	})
	tb.Cleanup(func() { b.Check() })
	return b
}

// newTab opens a tab whose every console problem is recorded.
func (b *Browser) newTab(parent context.Context, opts ...chromedp.ContextOption) (context.Context, context.CancelFunc) {
	opts = append(opts, chromedp.WithListener(b.listen))
	return chromedp.NewContext(parent, opts...)
}

// listen runs in the tab's event loop: it only records.
func (b *Browser) listen(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else {
					parts = append(parts, strings.Trim(string(a.Value), `"`))
				}
			}
			problem = "console." + string(ev.Type) + ": " + strings.Join(parts, " ")
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		problem = "uncaught exception: " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			problem += " " + d.Exception.Description
		}
	case *network.EventResponseReceived:
		// A page answered 404 or 410 on purpose is not a console problem (nor a page htmx
		// fetched to swap in, an HTML answer to an XHR); a missing stylesheet or script is.
		if ev.Type == network.ResourceTypeDocument || (ev.Type == network.ResourceTypeXHR && strings.HasPrefix(ev.Response.MimeType, "text/html")) {
			b.mu.Lock()
			b.pages[ev.Response.URL] = true
			b.mu.Unlock()
		}
	case *cdplog.EventEntryAdded:
		b.mu.Lock()
		page := ev.Entry.Source == cdplog.EntrySourceNetwork && b.pages[ev.Entry.URL]
		b.mu.Unlock()
		if ev.Entry.Level == cdplog.EntryLevelError && !page {
			problem = "browser log (" + string(ev.Entry.Source) + "): " + ev.Entry.Text + " " + ev.Entry.URL
		}
	}
	if problem != "" {
		b.mu.Lock()
		b.problems = append(b.problems, problem)
		b.mu.Unlock()
	}
}

// Check fails the test for every console error, exception or CSP violation seen so far.
func (b *Browser) Check() {
	b.tb.Helper()
	b.mu.Lock()
	problems := b.problems
	b.problems = nil
	b.mu.Unlock()
	for _, p := range problems {
		b.tb.Errorf("browser: %s", p)
	}
}

// Ctx is the tab's context, for chromedp calls the helpers do not cover.
func (b *Browser) Ctx() context.Context { return b.ctx }

// Do runs actions in order and fails the test at the first error, naming the step.
func (b *Browser) Do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.tb.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.tb.Fatalf("browser: %s: %v", step, err)
	}
}

func (b *Browser) do(step string, action chromedp.Action[chromedp.Void]) {
	b.tb.Helper()
	b.Do(step, action)
}

// Text is the text of the first element matching the CSS selector, waiting for it to appear.
func (b *Browser) Text(selector string) string {
	b.tb.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		b.tb.Fatalf("browser: text of %s: %v", selector, err)
	}
	return strings.TrimSpace(s)
}

// Location is the current URL.
func (b *Browser) Location() string {
	b.tb.Helper()
	u, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.tb.Fatalf("browser: location: %v", err)
	}
	return u
}

// Open navigates to url and waits for the page to load.
func (b *Browser) Open(url string) {
	b.tb.Helper()
	b.Do("open "+url, chromedp.Navigate(url))
}

// Fill replaces the text of the input matching the CSS selector, typing the new text key by
// key as a person would.
func (b *Browser) Fill(selector, text string) {
	b.tb.Helper()
	sel, _ := json.Marshal(selector)
	b.Do("clear "+selector, chromedp.WaitVisible(chromedp.CSS(selector)),
		chromedp.Evaluate[chromedp.Void]("document.querySelector("+string(sel)+").value = ''"))
	if text != "" {
		b.Do("fill "+selector, chromedp.SendKeys(chromedp.CSS(selector), text))
	}
}

// Submit clicks the button matching the CSS selector and waits for the page it loads.
func (b *Browser) Submit(selector string) {
	b.tb.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(selector)))); err != nil {
		b.tb.Fatalf("browser: submit %s: %v", selector, err)
	}
}

// Swap clicks the element matching the CSS selector and waits for htmx to settle the part of
// the page it fetched (a list's filter, sort or pager: no page load follows).
func (b *Browser) Swap(selector string) {
	b.tb.Helper()
	sel, _ := json.Marshal(selector)
	js := `new Promise(function (done) {
		document.body.addEventListener("htmx:afterSettle", function () { done(true); }, {once: true});
		document.querySelector(` + string(sel) + `).click();
	})`
	b.Do("wait for "+selector, chromedp.WaitVisible(chromedp.CSS(selector)))
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise)); err != nil {
		b.tb.Fatalf("browser: swap by %s: %v", selector, err)
	}
}

// Click clicks the element matching the CSS selector and waits for the page it loads.
func (b *Browser) Click(selector string) { b.tb.Helper(); b.Submit(selector) }

// String names the browser in messages.
func (b *Browser) String() string { return fmt.Sprintf("Chromium at %s", BrowserPath()) }

// Eval evaluates a JavaScript expression in the page and returns its value as T.
func Eval[T any](b *Browser, expr string) T {
	b.tb.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.tb.Fatalf("browser: eval %s: %v", expr, err)
	}
	return v
}

// Press types keys into whatever has the focus (the page, when nothing has).
func (b *Browser) Press(keys string) {
	b.tb.Helper()
	b.Do("press "+keys, chromedp.KeyEvent(keys))
}

// Blur takes the focus away from the focused element (so a screenshot shows no focus ring).
func Blur() chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void]("document.activeElement && document.activeElement.blur()")
}
