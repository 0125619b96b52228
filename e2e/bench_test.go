//go:build bench && !js

package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/magetoken/magetoken/magento"
	"github.com/magetoken/magetoken/magento/magentotest"
)

// Settings of the figures.
const (
	loads       = 10              // page loads measured per build, after a first one
	loadConns   = 4               // connections of the load generator
	loadTime    = 3 * time.Second // how long the load generator runs per file
	figuresWait = 2 * time.Minute // bound on any one step
)

// TestFigures prints, in one table, main.wasm's size, the page's load time,
// the token decoder's speed, the server's throughput and the requests a
// login costs, each beside what it is compared with. It runs with the bench
// build tag only: make bench.
func TestFigures(t *testing.T) {

	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	ref := startReference(t, root)
	ours := wasmBuild{name: "ours (fetch)", pageURL: env.pageURL}
	ours.raw = mustFetch(t, env.pageURL+"main.wasm", "identity").body

	var f figures
	f.machine = machine(t)
	f.sizes = sizeRows(t, ours, ref)
	f.loadOurs = loadTimes(t, env.pageURL)
	f.loadRef = loadTimes(t, ref.pageURL)
	f.bench = tokenBenchmarks(t)
	f.rps = throughput(t, ours.raw)
	f.logins = requestsPerLogin(t)
	f.print(os.Stdout)
}

// wasmBuild is one build of the page's main.wasm, served by a server.
type wasmBuild struct {
	name    string
	pageURL string
	raw     []byte
}

// startReference builds main.wasm again with net/http (the nethttp build
// tag) into a temporary copy of the page, and serves it with its own server
// process, started as the suite's.
func startReference(t *testing.T, root string) wasmBuild {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	dir := t.TempDir()
	web := filepath.Join(dir, "web")
	if err := copyPage(filepath.Join(root, "web"), web); err != nil {
		t.Fatal(err)
	}
	wasm := filepath.Join(web, "main.wasm")
	bin := filepath.Join(dir, "server")
	err := errors.Join(
		goCommand(ctx, root, []string{"GOOS=js", "GOARCH=wasm"},
			"build", "-tags", "nethttp", "-trimpath", "-ldflags=-s -w", "-o", wasm, "./wasm"),
		goCommand(ctx, root, nil, "build", "-o", bin, "./server"))
	if err != nil {
		t.Fatal(err)
	}
	goroot, err := goEnv(ctx, root, "GOROOT")
	if err != nil {
		t.Fatal(err)
	}
	if err := copyFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"), filepath.Join(web, "wasm_exec.js")); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(wasm)
	if err != nil {
		t.Fatal(err)
	}

	srv, err := startServer(ctx, bin, "-addr", "127.0.0.1:0", "-web", web, "-demo")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.stop(); err != nil {
			t.Errorf("the reference server did not stop cleanly: %v", err)
		}
	})
	return wasmBuild{name: "net/http", pageURL: srv.url, raw: raw}
}

func mustFetch(t *testing.T, url, coding string) served {
	t.Helper()
	s, err := fetchServed(t.Context(), url, coding)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// figures is what TestFigures measured.
type figures struct {
	machine           []string
	sizes             [][3]string
	loadOurs, loadRef loadStats
	bench             [][4]string
	rps               [][4]string
	logins            [][2]string
}

// machine describes where the figures were measured.
func machine(t *testing.T) []string {
	t.Helper()
	model := "unknown CPU"
	if info, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(info)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	ctx, cancel := context.WithTimeout(env.browser, figuresWait)
	defer cancel()
	product := "unknown"
	if v, err := chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{}); err == nil {
		product = v.Product
	} else {
		t.Errorf("reading the browser's version: %v", err)
	}
	return []string{
		fmt.Sprintf("machine: %d cores, %s, %s/%s", runtime.NumCPU(), model, runtime.GOOS, runtime.GOARCH),
		fmt.Sprintf("go: %s; browser: %s (headless)", runtime.Version(), product),
	}
}

// sizeRows compresses both builds as a release would, and fetches them as
// the server sends them to a browser that accepts brotli.
func sizeRows(t *testing.T, ours, ref wasmBuild) [][3]string {
	t.Helper()
	type sizes struct{ raw, gz, br, served int }
	measure := func(b wasmBuild, out *sizes) error {
		out.raw = len(b.raw)
		var gz, br bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		bw := brotli.NewWriterLevel(&br, 11)
		for _, w := range []io.WriteCloser{zw, bw} {
			if _, err := w.Write(b.raw); err != nil {
				return err
			}
			if err := w.Close(); err != nil {
				return err
			}
		}
		out.gz, out.br = gz.Len(), br.Len()
		s, err := fetchServed(t.Context(), b.pageURL+"main.wasm", "br")
		if err != nil {
			return err
		}
		if s.encoding != "br" {
			return fmt.Errorf("%s: main.wasm was sent with Content-Encoding %q, want br", b.name, s.encoding)
		}
		out.served = len(s.body)
		return nil
	}
	var o, r sizes
	var wg sync.WaitGroup
	var errO, errR error
	wg.Go(func() { errO = measure(ours, &o) })
	wg.Go(func() { errR = measure(ref, &r) })
	wg.Wait()
	if err := errors.Join(errO, errR); err != nil {
		t.Fatal(err)
	}
	row := func(name string, a, b int) [3]string {
		return [3]string{name, fmt.Sprintf("%d\t%d", a, b), fmt.Sprintf("%.2f", float64(a)/float64(b))}
	}
	return [][3]string{
		row("raw", o.raw, r.raw),
		row("gzip -9", o.gz, r.gz),
		row("brotli q11", o.br, r.br),
		row("as served (br)", o.served, r.served),
	}
}

// loadStats are page load times in milliseconds.
type loadStats struct {
	first            float64
	median, min, max float64
}

// readyScript records when the page says it is ready, relative to the
// start of the navigation (performance.now()'s origin).
const readyScript = `new MutationObserver((_, obs) => {
	if (document.body && document.body.dataset.ready === "true") {
		window.__figuresReadyAt = performance.now();
		obs.disconnect();
	}
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready"]});`

// loadTimes loads the page 1+loads times in a fresh browser context and
// returns the time from navigation to ready: the first load (empty cache)
// apart, then the others' median, min and max.
func loadTimes(t *testing.T, pageURL string) loadStats {
	t.Helper()
	tab, cancel := chromedp.NewContext(env.browser, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelT := context.WithTimeout(tab, figuresWait)
	defer cancelT()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument,
		cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: readyScript}); err != nil {
		t.Fatalf("adding the ready script: %v", err)
	}

	var times []float64
	for i := range loads + 1 {
		if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
			t.Fatalf("load %d of %s: %v", i, pageURL, err)
		}
		ms, err := chromedp.Run(ctx, chromedp.Poll[float64](
			`window.__figuresReadyAt || (window.magetokenError ? -1 : 0)`,
			chromedp.WithPollingInterval(5*time.Millisecond),
			chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil || ms < 0 {
			t.Fatalf("load %d of %s: the page did not become ready (%v)", i, pageURL, err)
		}
		times = append(times, ms)
	}

	warm := slices.Clone(times[1:])
	slices.Sort(warm)
	return loadStats{first: times[0], median: median(warm), min: warm[0], max: warm[len(warm)-1]}
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// tokenBenchmarks times decoding a pasted token and checking its claims.
func tokenBenchmarks(t *testing.T) [][4]string {
	t.Helper()
	s := magentotest.NewStore()
	s.AddUser(magentotest.User{Username: "bench", Password: "bench-password-1"})
	token, err := s.IssueToken("bench")
	if err != nil {
		t.Fatal(err)
	}
	pasted := "Bearer " + token[:len(token)/2] + "\r\n" + token[len(token)/2:] + "\n"
	parsed, err := magento.ParseToken(pasted)
	if err != nil || parsed.Kind != magento.TokenJWT {
		t.Fatalf("ParseToken() = %+v, %v, want a JWT", parsed, err)
	}
	now := time.Now()

	results := []struct {
		name string
		fn   func(*testing.B)
	}{
		{"ParseToken (Bearer, line break)", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := magento.ParseToken(pasted); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"Token.Check (jwt/v5 validator)", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := parsed.Check(now, time.Minute); err != nil {
					b.Fatal(err)
				}
			}
		}},
	}
	var rows [][4]string
	for _, r := range results {
		res := testing.Benchmark(r.fn)
		if res.N == 0 {
			t.Fatalf("benchmark %s did not run", r.name)
		}
		rows = append(rows, [4]string{r.name, fmt.Sprintf("%d", res.NsPerOp()),
			fmt.Sprintf("%d", res.AllocedBytesPerOp()), fmt.Sprintf("%d", res.AllocsPerOp())})
	}
	return rows
}

// throughput measures requests per second of the server and of python3's
// http.server, serving the same index.html and main.wasm.
func throughput(t *testing.T, wasm []byte) [][4]string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	index, err := os.ReadFile(filepath.Join(root, "web", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	served := mustFetch(t, env.pageURL+"index.html", "identity").body
	if !bytes.Equal(index, served) {
		t.Logf("note: the server's index.html differs from web/index.html; using the server's")
	}
	for name, data := range map[string][]byte{"index.html": served, "main.wasm": wasm} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	python := startPython(t, dir)

	var rows [][4]string
	for _, name := range []string{"index.html", "main.wasm"} {
		ours := load(t, env.pageURL+name)
		theirs := load(t, python+name)
		rows = append(rows, [4]string{name, fmt.Sprintf("%.0f", ours), fmt.Sprintf("%.0f", theirs),
			fmt.Sprintf("%.2f", ours/theirs)})
	}
	return rows
}

// startPython serves dir with python3 -m http.server on a free loopback
// port and returns its URL.
func startPython(t *testing.T, dir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()

	cmd := exec.Command("python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", dir, port)
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting python3 -m http.server: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})

	url := "http://127.0.0.1:" + port + "/"
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := fetchServed(t.Context(), url+"index.html", "identity"); err == nil {
			return url
		}
		if time.Now().After(deadline) {
			t.Fatalf("python3 -m http.server does not answer on %s:\n%s", url, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// load requests url from loadConns workers for loadTime, with keep-alive and
// no compression, reading every body whole, and returns requests per
// second.
func load(t *testing.T, url string) float64 {
	t.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: loadConns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	ctx, cancel := context.WithTimeout(t.Context(), loadTime+figuresWait)
	defer cancel()

	var done, failed atomic.Int64
	start := time.Now()
	deadline := start.Add(loadTime)
	var wg sync.WaitGroup
	for range loadConns {
		wg.Go(func() {
			for time.Now().Before(deadline) && ctx.Err() == nil {
				if get(ctx, client, url) {
					done.Add(1)
				} else {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if n := failed.Load(); n > 0 {
		t.Errorf("GET %s: %d of %d requests failed", url, n, n+done.Load())
	}
	return float64(done.Load()) / elapsed.Seconds()
}

// get makes one request and reports whether it got a whole 200 answer.
func get(ctx context.Context, client *http.Client, url string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err == nil && resp.StatusCode == http.StatusOK
}

// requestsPerLogin counts the store's requests for one login: the Go
// client against a fake store in process, and the page in the browser
// through the server's proxy.
func requestsPerLogin(t *testing.T) [][2]string {
	t.Helper()
	s := magentotest.NewStore()
	s.AddUser(magentotest.User{Username: "bench", Password: "bench-password-1"})
	c := &magento.Client{Domain: "shop.example.com", Username: "bench", Password: "bench-password-1",
		Transport: s.Transport()}
	if _, err := c.Login(t.Context()); err != nil {
		t.Fatalf("Login() = %v", err)
	}
	rows := [][2]string{{"Go client, Login", describe(s.Requests())}}

	// The page's part runs as a subtest, so that a failure there still
	// leaves the other figures printed.
	pageRow := [2]string{"page, login through the proxy", "failed\t(see the test log)"}
	t.Run("page login", func(t *testing.T) {
		p := openPage(t)
		p.store(env.plainDomain, true, "server")
		env.plain.ResetRequests()
		p.login(shopUser, shopPassword)
		p.waitState("#login-status", "ok")
		time.Sleep(200 * time.Millisecond) // let requests made after the status arrive
		pageRow[1] = describe(env.plain.Requests())
	})
	return append(rows, pageRow)
}

// describe says how many requests a log holds and which.
func describe(log []magentotest.LoggedRequest) string {
	var parts []string
	for _, r := range log {
		parts = append(parts, fmt.Sprintf("%s %s %d", r.Method, strings.TrimPrefix(r.Path, "/rest/V1/"), r.Status))
	}
	return fmt.Sprintf("%d\t(%s)", len(log), strings.Join(parts, ", "))
}

// print writes the figures as one table.
func (f *figures) print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	line := func(cells ...string) { fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t") }
	ms := func(v float64) string { return fmt.Sprintf("%.1f", v) }

	fmt.Fprintln(w, "\nmagetoken figures")
	for _, m := range f.machine {
		fmt.Fprintln(w, m)
	}
	fmt.Fprintln(w)
	line("main.wasm (bytes)", "ours (fetch)", "net/http", "ours/net/http")
	for _, r := range f.sizes {
		line(r[0], r[1], r[2])
	}
	line("")
	line(fmt.Sprintf("navigation to ready (ms, %d loads)", loads), "ours (fetch)", "net/http", "ours/net/http")
	line("first load, empty cache", ms(f.loadOurs.first), ms(f.loadRef.first), ratio(f.loadOurs.first, f.loadRef.first))
	line("median", ms(f.loadOurs.median), ms(f.loadRef.median), ratio(f.loadOurs.median, f.loadRef.median))
	line("min", ms(f.loadOurs.min), ms(f.loadRef.min), ratio(f.loadOurs.min, f.loadRef.min))
	line("max", ms(f.loadOurs.max), ms(f.loadRef.max), ratio(f.loadOurs.max, f.loadRef.max))
	line("")
	line("token (native)", "ns/op", "B/op", "allocs/op")
	for _, r := range f.bench {
		line(r[:]...)
	}
	line("")
	line(fmt.Sprintf("requests/s (%d conns, %v, keep-alive)", loadConns, loadTime),
		"server", "python3 http.server", "server/python")
	for _, r := range f.rps {
		line(r[:]...)
	}
	tw.Flush()

	fmt.Fprintln(w, "\nrequests per login (fake store's log)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range f.logins {
		fmt.Fprintf(tw, "  %s\t%s\n", r[0], r[1])
	}
	tw.Flush()
}

func ratio(a, b float64) string { return fmt.Sprintf("%.2f", a/b) }
