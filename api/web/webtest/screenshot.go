package webtest

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// ScreenshotWidths are the widths pages are photographed at: a laptop and a phone.
var screenshotWidths = []int64{1280, 390}

// Screenshots saves the current page, whole, as PNGs in the directory ITREG_SCREENSHOTS names:
// <name>-<width>-<light|dark>.png at 1280 and 390 px wide, with prefers-color-scheme emulated.
// Without ITREG_SCREENSHOTS it does nothing. The page is left at 1280 px and the browser's own
// colour scheme.
func (b *Browser) Screenshots(name string) {
	b.tb.Helper()
	dir := os.Getenv("ITREG_SCREENSHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.tb.Fatalf("screenshots: %v", err)
	}
	name = regexp.MustCompile(`[^a-z0-9-]+`).ReplaceAllString(name, "-")
	for _, w := range screenshotWidths {
		for _, scheme := range []string{"light", "dark"} {
			b.Do("emulate "+scheme+" at "+strconv.FormatInt(w, 10), chromedp.EmulateViewport(w, 900), colorScheme(scheme))
			png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				b.tb.Fatalf("screenshot %s: %v", name, err)
			}
			file := filepath.Join(dir, name+"-"+strconv.FormatInt(w, 10)+"-"+scheme+".png")
			if err := os.WriteFile(file, png, 0o644); err != nil {
				b.tb.Fatalf("screenshot %s: %v", name, err)
			}
		}
	}
	b.Do("reset emulation", chromedp.EmulateViewport(1280, 900), colorScheme(""))
}

// colorScheme emulates prefers-color-scheme; "" turns the emulation off.
func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		p := emulation.SetEmulatedMediaParams{}
		if scheme != "" {
			p.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
		}
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, p)
		return chromedp.Void{}, err
	}
}
