//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/magetoken/magetoken/magento/magentotest"
)

// The accounts the tests add to the fake stores on other origins.
const (
	shopUser     = "shopadmin"
	shopPassword = "shop-password-9"
)

// suite is what TestMain starts once for all the tests.
type suite struct {
	// pageURL is the page, "http://127.0.0.1:PORT/".
	pageURL string

	// demo is the demo store's domain as an administrator types it,
	// "127.0.0.1:PORT/demo" (plain http).
	demo string

	// plain is a store on another origin, without CORS headers, that the
	// server proxies; plainDomain is its domain, "127.0.0.1:PORT".
	plain       *magentotest.Store
	plainDomain string

	// faulty is a second proxied store whose answers a test may break.
	faulty       *magentotest.Store
	faultyDomain string

	// browser is the chromedp context of the one browser of the run.
	browser context.Context

	// server is the running server process.
	server *serverProcess
}

var env suite

func TestMain(m *testing.M) {
	code, err := setUp(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

// setUp builds and starts everything, runs the tests and stops it all again.
func setUp(m *testing.M) (code int, err error) {
	chrome, err := findBrowser()
	if err != nil {
		return 0, err
	}

	root, err := moduleRoot()
	if err != nil {
		return 0, err
	}
	tmp, err := os.MkdirTemp("", "magetoken-e2e-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	start := time.Now()
	web, serverBin, err := buildAll(ctx, root, tmp)
	if err != nil {
		return 0, err
	}
	fmt.Fprintf(os.Stderr, "e2e: built the page and the server in %v\n", time.Since(start).Round(time.Millisecond))

	env.plain = magentotest.NewStore()
	env.plain.AddUser(magentotest.User{Username: shopUser, Password: shopPassword, ID: 7})
	plainSrv := httptest.NewServer(env.plain.Handler())
	defer plainSrv.Close()
	env.faulty = magentotest.NewStore()
	env.faulty.AddUser(magentotest.User{Username: shopUser, Password: shopPassword, ID: 8})
	faultySrv := httptest.NewServer(env.faulty.Handler())
	defer faultySrv.Close()
	slowSrv := startSlowStore()
	defer slowSrv.Close()
	env.plainDomain = strings.TrimPrefix(plainSrv.URL, "http://")
	env.faultyDomain = strings.TrimPrefix(faultySrv.URL, "http://")

	env.server, err = startServer(ctx, serverBin,
		"-addr", "127.0.0.1:0", "-web", web, "-demo",
		"-store", plainSrv.URL, "-store", faultySrv.URL, "-store", slowSrv.URL)
	if err != nil {
		return 0, err
	}
	defer func() {
		if err := env.server.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e: the server did not stop cleanly:", err)
		}
		if code != 0 {
			saveRunLogs()
		}
	}()
	env.pageURL = env.server.url
	if env.demo, err = demoDomain(ctx, env.pageURL); err != nil {
		return 0, err
	}

	browserCtx, stopBrowser, err := startBrowser(chrome)
	if err != nil {
		return 0, err
	}
	defer stopBrowser()
	env.browser = browserCtx

	return m.Run(), nil
}

// moduleRoot returns the module's root folder: the parent of this package.
func moduleRoot() (string, error) {
	root, err := filepath.Abs("..")
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return "", fmt.Errorf("the module root %s has no go.mod: %w", root, err)
	}
	return root, nil
}

// demoDomain reads the server's settings and returns the demo store's domain.
func demoDomain(ctx context.Context, pageURL string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, pageURL+"magetoken.json", nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("reading the server's settings: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET /magetoken.json: status %s", resp.Status)
	}
	var settings struct {
		Demo *struct {
			Path string `json:"path"`
		} `json:"demo"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&settings); err != nil {
		return "", fmt.Errorf("decoding /magetoken.json: %w", err)
	}
	if settings.Demo == nil || settings.Demo.Path == "" {
		return "", errors.New("/magetoken.json has no demo store although the server runs with -demo")
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return "", err
	}
	return u.Host + strings.TrimSuffix(settings.Demo.Path, "/"), nil
}

// saveRunLogs keeps the server's and the browser's output after a failed run.
func saveRunLogs() {
	dir := filepath.Join("testdata", "artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return
	}
	logs := map[string]string{
		"server.log":  env.server.stderr.String(),
		"server.out":  env.server.stdout.String(),
		"browser.log": browserOutput.String(),
	}
	for name, text := range logs {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			continue
		}
		fmt.Fprintln(os.Stderr, "e2e: saved", path)
	}
}

// syncBuffer is a bytes buffer safe for one writer and concurrent readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
