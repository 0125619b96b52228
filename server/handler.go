package main

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// config holds what newHandler needs. Zero limits take the defaults below.
type config struct {
	// Web is the folder served as the site.
	Web string

	// Demo mounts the fake store at /demo/.
	Demo bool

	// Stores are the stores the proxy may reach.
	Stores []*store

	// Logger receives one line per request; nil discards them.
	Logger *slog.Logger

	// ProxyTimeout bounds one proxied exchange; zero means 30 s.
	ProxyTimeout time.Duration

	// MaxRequestBody bounds a proxied request body; zero means 1 MiB.
	MaxRequestBody int64

	// MaxResponseBody bounds a proxied response body; zero means 8 MiB.
	MaxResponseBody int64

	// Transport sends proxied requests; nil means a transport built for it.
	Transport http.RoundTripper
}

// Defaults for the proxy's bounds. Magento's admin answers are small JSON;
// anything near these limits is a misconfigured store, not data.
const (
	defaultProxyTimeout    = 30 * time.Second
	defaultMaxRequestBody  = 1 << 20
	defaultMaxResponseBody = 8 << 20
)

// handler is the whole site: static files, /magetoken.json, the demo store
// and the store proxy, behind the security headers and the access log.
type handler struct {
	static *staticHandler
	next   http.Handler
}

// newHandler builds the site from cfg.
func newHandler(cfg config) (*handler, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := checkWeb(cfg.Web, cfg.Logger); err != nil {
		return nil, err
	}

	static := newStaticHandler(cfg.Web, cfg.Logger)
	mux := http.NewServeMux()
	mux.Handle("/", static)
	mux.Handle("/magetoken.json", infoHandler(cfg.Demo, cfg.Stores))
	if cfg.Demo {
		mux.Handle("/demo/", demoHandler())
	}
	proxy := newProxy(cfg)

	// The proxy sees the request before the mux, which would clean the path
	// and answer tricks such as /proxy/a/../b with a redirect: the proxy
	// refuses them instead.
	route := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isProxyPath(r) {
			proxy.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
	protected := crossOriginProtection().Handler(route)
	return &handler{static: static, next: accessLog(cfg.Logger, securityHeaders(protected))}, nil
}

// crossOriginProtection refuses POST, PUT and DELETE sent by other sites'
// pages in the same browser, so that no web page can drive the demo store
// or the proxy through the user's browser.
func crossOriginProtection() *http.CrossOriginProtection {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, http.StatusForbidden, "This server takes requests from its own page "+
			"only; a request from another site was refused.")
	}))
	return p
}

// ServeHTTP serves the site.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.next.ServeHTTP(w, r)
}

// warm compresses main.wasm in the background so that the first page load
// does not wait for it.
func (h *handler) warm() {
	go h.static.warm("main.wasm")
}

// isProxyPath reports whether r is meant for the store proxy, however its
// path is written.
func isProxyPath(r *http.Request) bool {
	p := r.URL.Path
	return p == "/proxy" || strings.HasPrefix(p, "/proxy/")
}

// checkWeb fails when the web folder has no index.html and warns when the
// build outputs are missing, saying how to fix it.
func checkWeb(dir string, logger *slog.Logger) error {
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		return fmt.Errorf("no index.html in the web folder %q: run from the repository root "+
			"or pass -web FOLDER", dir)
	}
	for _, name := range []string{"main.wasm", "wasm_exec.js"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			logger.Warn("file missing from the web folder; run make wasm to build it",
				"file", filepath.Join(dir, name))
		}
	}
	return nil
}
