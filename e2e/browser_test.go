//go:build !js

package e2e

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserNames are the commands looked up on PATH, in order.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// browserOutput collects the browser's own output, for a failed run.
var browserOutput syncBuffer

// findBrowser returns the path of the browser: $CHROMIUM, or the first of
// browserNames on PATH. A missing browser is an error, in CI and elsewhere:
// the suite never skips.
func findBrowser() (string, error) {
	if path := os.Getenv("CHROMIUM"); path != "" {
		if _, err := exec.LookPath(path); err != nil {
			return "", fmt.Errorf("CHROMIUM=%s is not an executable: %w", path, err)
		}
		return path, nil
	}
	for _, name := range browserNames {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	msg := fmt.Sprintf("no browser found: none of %s is on PATH and CHROMIUM is not set.\n"+
		"Install Chromium: run scripts/ensure-chromium (as root on Debian it installs the chromium package;\n"+
		"make test runs it first), or sudo apt-get install -y chromium, or set CHROMIUM to a Chrome or\n"+
		"Chromium binary.", strings.Join(browserNames, ", "))
	if os.Getenv("CI") == "true" {
		msg = "CI: a missing browser fails the run, it is not a skip.\n" + msg
	}
	return "", errors.New(msg)
}

// startBrowser starts one headless browser for the run. The machine may have
// no outside network, so the browser's own background traffic is off.
func startBrowser(path string) (context.Context, func(), error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.WindowSize(1280, 1000),
		chromedp.CombinedOutput(&browserOutput),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	stop := func() {
		cancelCtx()
		cancelAlloc()
	}

	// The first Do binds the browser's life to ctx, so it gets no timeout of
	// its own; a browser that hangs on start is given up on here instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			stop()
			return nil, nil, fmt.Errorf("starting %s: %w\n%s", path, err, browserOutput.String())
		}
	case <-time.After(60 * time.Second):
		stop()
		return nil, nil, fmt.Errorf("%s did not start within 60 s\n%s", path, browserOutput.String())
	}
	return ctx, stop, nil
}

// page is one tab showing the page, seen from one test or subtest.
type page struct {
	t       *testing.T
	ctx     context.Context
	console *consoleLog
}

// consoleLog is what a tab wrote to its console, and what its test expects.
type consoleLog struct {
	mu       sync.Mutex
	messages []chromedp.ConsoleMessage
	allowed  []func(chromedp.ConsoleMessage) bool
}

// as returns the same tab for a subtest, so that its helpers fail the
// subtest.
func (p *page) as(t *testing.T) *page {
	return &page{t: t, ctx: p.ctx, console: p.console}
}

// openPage opens a new tab in a browser context of its own, loads the page and
// waits until it is ready. When the test ends, an uncaught exception, a
// console.error call or a Go runtime crash in the tab fails it, unless the
// test allowed that message; a failed test leaves a screenshot, the activity
// log and the console in its artifacts folder.
func openPage(t *testing.T) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(env.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	p := &page{t: t, ctx: ctx, console: &consoleLog{}}

	// The first Do binds the tab's life to the context it is given, so it
	// gets none with a timeout; a tab that does not open is given up on here.
	opened := make(chan error, 1)
	go func() { opened <- chromedp.Do(ctx) }()
	select {
	case err := <-opened:
		if err != nil {
			t.Fatalf("opening a tab: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("opening a tab: no tab after 30 s")
	}
	p.watchConsole()
	t.Cleanup(p.finish)

	tctx, tcancel := context.WithTimeout(ctx, 30*time.Second)
	defer tcancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(env.pageURL)); err != nil {
		t.Fatalf("loading %s: %v", env.pageURL, err)
	}
	p.waitReady()
	return p
}

// waitReady waits for the page's ready signal; a load failure ends the test.
func (p *page) waitReady() {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	const expr = `(() => {
		if (document.body && document.body.dataset.ready === "true") return "ready";
		if (window.magetokenError) return "error: " + String(window.magetokenError);
		return "";
	})()`
	got, err := chromedp.Run(ctx, chromedp.Poll[string](expr,
		chromedp.WithPollingInterval(20*time.Millisecond),
		chromedp.WithPollingTimeout(25*time.Second)))
	if err != nil {
		p.t.Fatalf("the page did not become ready (document.body.dataset.ready): %v", err)
	}
	if got != "ready" {
		p.t.Fatalf("the page failed to load: %s", got)
	}
}

// watchConsole records the tab's console messages from now on.
func (p *page) watchConsole() {
	messages := chromedp.Console(p.ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			p.console.mu.Lock()
			p.console.messages = append(p.console.messages, m)
			p.console.mu.Unlock()
		}
	}()
}

// allow lets console messages that match the test's expectation through,
// such as the browser's own report of a blocked cross-origin request.
func (p *page) allow(match func(chromedp.ConsoleMessage) bool) {
	p.console.mu.Lock()
	defer p.console.mu.Unlock()
	p.console.allowed = append(p.console.allowed, match)
}

// goCrash matches what the Go runtime prints when the wasm program dies.
var goCrash = regexp.MustCompile(`(?m)^(panic: |fatal error: )|Go program has already exited`)

// problem reports whether a console message fails the test: an uncaught
// exception or rejection, a console.error call, a Go runtime crash, or an
// error the browser itself logged about the page, such as a blocked
// cross-origin request or a Content-Security-Policy violation. A failed
// request (source "network") is how an error answer from a store looks to
// the browser, and does not count.
func problem(m chromedp.ConsoleMessage) bool {
	switch {
	case m.IsException():
		return true
	case m.Type == chromedp.ConsoleError:
		return m.Source != "network"
	case m.Source == "" && goCrash.MatchString(m.Text):
		return true
	}
	return false
}

// finish checks the console and, when the test failed, saves its artifacts.
func (p *page) finish() {
	// A round trip to the tab lets the messages sent before it arrive.
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`0`))
	cancel()
	time.Sleep(50 * time.Millisecond)

	p.console.mu.Lock()
	messages := append([]chromedp.ConsoleMessage(nil), p.console.messages...)
	allowed := append([]func(chromedp.ConsoleMessage) bool(nil), p.console.allowed...)
	p.console.mu.Unlock()
	for _, m := range messages {
		if problem(m) && !matchesAny(m, allowed) {
			p.t.Errorf("the page reported %s (at %s:%d)", m, m.URL, m.Line+1)
		}
	}

	if p.t.Failed() {
		p.saveArtifacts(messages)
	}
}

func matchesAny(m chromedp.ConsoleMessage, matches []func(chromedp.ConsoleMessage) bool) bool {
	for _, match := range matches {
		if match(m) {
			return true
		}
	}
	return false
}

// saveArtifacts writes a screenshot, the activity log and the console.
func (p *page) saveArtifacts(messages []chromedp.ConsoleMessage) {
	dir, err := p.artifactDir()
	if err != nil {
		p.t.Logf("artifacts: %v", err)
		return
	}
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()

	if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err != nil {
		p.t.Logf("artifacts: screenshot: %v", err)
	} else {
		p.write(dir, "screenshot.png", shot)
	}

	activity, err := chromedp.Run(ctx, chromedp.Evaluate[string](activityLogJS))
	if err != nil {
		activity = "reading #activity-log: " + err.Error()
	}
	p.write(dir, "activity-log.txt", []byte(activity))
	p.t.Logf("activity log:\n%s", activity)

	var console strings.Builder
	for _, m := range messages {
		fmt.Fprintf(&console, "%s %s:%d %s\n", m.Time.Format("15:04:05.000"), m.URL, m.Line+1, m)
	}
	p.write(dir, "console.txt", []byte(console.String()))
	p.t.Logf("artifacts saved in %s", dir)
}

// activityLogJS reads the page's activity log, one entry a line.
const activityLogJS = `(() => {
	const log = document.querySelector("#activity-log");
	if (!log) return "(the page has no #activity-log)";
	const entries = [...log.children].map((li) =>
		[...li.children].map((c) => c.textContent.trim()).join(" ") || li.textContent.trim());
	return entries.length ? entries.join("\n") : log.textContent.trim();
})()`

// artifactDir is the test's artifacts folder: go test's own when -artifacts
// is given, otherwise testdata/artifacts/<test>, emptied first.
func (p *page) artifactDir() (string, error) {
	if f := flag.Lookup("test.artifacts"); f != nil && f.Value.String() == "true" {
		return p.t.ArtifactDir(), nil
	}
	name := regexp.MustCompile(`[^A-Za-z0-9_.-]+`).ReplaceAllString(p.t.Name(), "_")
	dir := filepath.Join("testdata", "artifacts", name)
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	return dir, os.MkdirAll(dir, 0o755)
}

func (p *page) write(dir, name string, data []byte) {
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		p.t.Logf("artifacts: %v", err)
	}
}
