package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// upstream is a fake store behind the proxy that records what it received.
type upstream struct {
	srv *httptest.Server

	mu   sync.Mutex
	last *http.Request
	body string
}

// newUpstream serves answer on a loopback port and records each request.
func newUpstream(t *testing.T, answer http.HandlerFunc) *upstream {
	t.Helper()
	u := &upstream{}
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		u.mu.Lock()
		u.last, u.body = r, string(b)
		u.mu.Unlock()
		answer(w, r)
	}))
	t.Cleanup(u.srv.Close)
	return u
}

// received returns the last request the store saw, or nil.
func (u *upstream) received() (*http.Request, string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.last, u.body
}

// host is the store's host:port.
func (u *upstream) host() string {
	return strings.TrimPrefix(u.srv.URL, "http://")
}

// websites answers like Magento's GET store/websites.
func websites(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Set-Cookie", "PHPSESSID=abc; Path=/")
	w.Header().Set("X-Store-Private", "1")
	w.Header().Set("Connection", "X-Store-Private")
	w.Header().Set("Content-Security-Policy", "default-src *")
	io.WriteString(w, `[{"id":1,"code":"base","name":"Main Website","default_group_id":1}]`)
}

// newProxyServer serves the site with one listed store: the upstream at
// the path /magento.
func newProxyServer(t *testing.T, u *upstream, cfg config) *httptest.Server {
	t.Helper()
	st, err := parseStore(u.srv.URL + "/magento")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Stores = []*store{st}
	return newTestServer(t, cfg)
}

// magentoMessage reads Magento's error shape.
func magentoMessage(t *testing.T, body []byte) string {
	t.Helper()
	var m struct {
		Message *string `json:"message"`
	}
	if err := json.Unmarshal(body, &m); err != nil || m.Message == nil {
		t.Fatalf("body %q is not {\"message\": ...}: %v", body, err)
	}
	return *m.Message
}

func TestProxyForwardsListedStore(t *testing.T) {
	t.Parallel()
	u := newUpstream(t, websites)
	srv := newProxyServer(t, u, config{})
	prefix := srv.URL + "/proxy/" + u.host() + "/magento"

	tests := []struct {
		name, method, path, body, wantPath, wantQuery string
	}{
		{name: "get", method: "GET", path: "/rest/V1/store/websites",
			wantPath: "/magento/rest/V1/store/websites"},
		{name: "query kept", method: "GET", path: "/rest/default/V1/products?searchCriteria[pageSize]=1",
			wantPath: "/magento/rest/default/V1/products", wantQuery: "searchCriteria[pageSize]=1"},
		{name: "index.php", method: "GET", path: "/index.php/rest/V1/store/websites",
			wantPath: "/magento/index.php/rest/V1/store/websites"},
		{name: "post body", method: "POST", path: "/rest/V1/integration/admin/token",
			body: `{"username":"a","password":"b"}`, wantPath: "/magento/rest/V1/integration/admin/token"},
		{name: "put", method: "PUT", path: "/rest/V1/x", body: "{}", wantPath: "/magento/rest/V1/x"},
		{name: "delete", method: "DELETE", path: "/rest/V1/x", wantPath: "/magento/rest/V1/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{
				"Authorization":       {"Bearer tok"},
				"Content-Type":        {"application/json"},
				"Accept":              {"application/json"},
				"Accept-Language":     {"en"},
				"User-Agent":          {"test-browser"},
				"Cookie":              {"session=secret"},
				"Connection":          {"X-Private"},
				"X-Private":           {"1"},
				"Keep-Alive":          {"timeout=5"},
				"Proxy-Connection":    {"keep-alive"},
				"X-Forwarded-For":     {"10.0.0.1"},
				"X-Forwarded-Host":    {"evil.example"},
				"Forwarded":           {"for=10.0.0.1"},
				"Origin":              {srv.URL},
				"Proxy-Authorization": {"Basic c2VjcmV0"},
			}
			res, body := do(t, tt.method, prefix+tt.path, h, tt.body)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status = %d, want 200; body %s", res.StatusCode, body)
			}

			got, gotBody := u.received()
			if got.Method != tt.method || got.URL.Path != tt.wantPath || got.URL.RawQuery != tt.wantQuery {
				t.Errorf("store saw %s %s?%s, want %s %s?%s", got.Method, got.URL.Path, got.URL.RawQuery,
					tt.method, tt.wantPath, tt.wantQuery)
			}
			if gotBody != tt.body {
				t.Errorf("store saw body %q, want %q", gotBody, tt.body)
			}
			if got.Host != u.host() {
				t.Errorf("store saw Host %q, want %q", got.Host, u.host())
			}
			for _, k := range forwardRequestHeaders {
				if got.Header.Get(k) != h.Get(k) {
					t.Errorf("store saw %s = %q, want %q", k, got.Header.Get(k), h.Get(k))
				}
			}
			for _, k := range []string{"Cookie", "X-Private", "Keep-Alive", "Proxy-Connection", "X-Forwarded-For",
				"X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "Origin", "Proxy-Authorization"} {
				if v := got.Header.Values(k); len(v) > 0 {
					t.Errorf("store saw %s = %q, want it dropped", k, v)
				}
			}

			for _, k := range []string{"Set-Cookie", "X-Store-Private", "Connection"} {
				if v := res.Header.Values(k); len(v) > 0 {
					t.Errorf("answer carries %s = %q, want it dropped", k, v)
				}
			}
			if got := res.Header.Get("Content-Type"); got != "application/json; charset=utf-8" {
				t.Errorf("answer Content-Type = %q", got)
			}
			if got := res.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("answer Cache-Control = %q, want no-store", got)
			}
			checkSecurityHeaders(t, "proxied answer", res.Header)
			if !strings.Contains(string(body), "Main Website") {
				t.Errorf("answer body = %q", body)
			}
		})
	}
}

func TestProxyRefusesRequests(t *testing.T) {
	t.Parallel()
	u := newUpstream(t, websites)
	srv := newProxyServer(t, u, config{})
	h, err := newHandler(config{Web: newTestWeb(t), Stores: []*store{mustStore(t, u.srv.URL+"/magento")}})
	if err != nil {
		t.Fatal(err)
	}
	host := u.host()

	tests := []struct {
		name   string
		method string
		target string // sent as the request line, unmodified
		want   int
		says   string // part of the message
	}{
		{name: "host not listed", target: "/proxy/shop.example.com/rest/V1/store/websites",
			want: 403, says: "-store https://shop.example.com"},
		{name: "port not listed", target: "/proxy/127.0.0.1:1/magento/rest/V1/store/websites",
			want: 403, says: "not on this server's list"},
		{name: "path not listed", target: "/proxy/" + host + "/other/rest/V1/store/websites",
			want: 403, says: "not below a listed store path"},
		{name: "outside rest", target: "/proxy/" + host + "/magento/admin/dashboard",
			want: 403, says: "Only the store's REST API"},
		{name: "store root", target: "/proxy/" + host + "/magento", want: 403, says: "REST API"},
		{name: "no store", target: "/proxy/", want: 404, says: "Say which store"},
		{name: "bare proxy", target: "/proxy", want: 404, says: "Say which store"},
		{name: "dot dot", target: "/proxy/" + host + "/magento/rest/../admin",
			want: 400, says: `".."`},
		{name: "dot dot escapes store", target: "/proxy/" + host + "/magento/rest/V1/../../../etc/passwd",
			want: 400, says: `".."`},
		{name: "dot", target: "/proxy/" + host + "/magento/./rest/V1/x", want: 400, says: `"."`},
		{name: "encoded dots", target: "/proxy/" + host + "/magento/rest/%2e%2e/%2E%2E/admin",
			want: 400, says: "%2E"},
		{name: "encoded slash", target: "/proxy/" + host + "/magento/rest/V1%2f..%2fadmin",
			want: 400, says: "%2F"},
		{name: "encoded backslash", target: "/proxy/" + host + "/magento/rest/V1%5cx",
			want: 400, says: "%5C"},
		{name: "double encoding", target: "/proxy/" + host + "/magento/rest/%252e%252e/x",
			want: 400, says: "%25"},
		{name: "backslash", target: "/proxy/" + host + `/magento/rest/V1\..\admin`,
			want: 400, says: "backslash"},
		{name: "at sign", target: "/proxy/user@" + host + "/magento/rest/V1/store/websites",
			want: 400, says: "@"},
		{name: "encoded at sign", target: "/proxy/user%40" + host + "/magento/rest/V1/x",
			want: 400, says: "@"},
		{name: "double slash", target: "/proxy//" + host + "/magento/rest/V1/x", want: 400, says: "//"},
		{name: "double slash inside", target: "/proxy/" + host + "/magento/rest//V1/x", want: 400, says: "//"},
		{name: "absolute url in path", target: "/proxy/http://" + host + "/magento/rest/V1/x",
			want: 400, says: "//"},
		{name: "absolute request target", target: "http://" + host + "/proxy/" + host + "/magento/rest/V1/x",
			want: 400, says: "absolute URLs"},
		{name: "method options", method: "OPTIONS", target: "/proxy/" + host + "/magento/rest/V1/x",
			want: 405, says: "only GET, POST, PUT and DELETE"},
		{name: "method patch", method: "PATCH", target: "/proxy/" + host + "/magento/rest/V1/x",
			want: 405, says: "PATCH"},
		{name: "method head", method: "HEAD", target: "/proxy/" + host + "/magento/rest/V1/x", want: 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			method := tt.method
			if method == "" {
				method = "GET"
			}

			// Once through the real server, to see what the wire does with
			// the request line, and once straight into the handler.
			status, header, body := rawRequest(t, srv.Listener.Addr().String(), method, tt.target)
			if status != tt.want {
				t.Errorf("%s %s over the wire: status = %d, want %d; body %s", method, tt.target,
					status, tt.want, body)
			}
			checkSecurityHeaders(t, "refusal", header)

			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(method, tt.target, nil))
			if rec.Code != tt.want {
				t.Errorf("%s %s: status = %d, want %d", method, tt.target, rec.Code, tt.want)
			}
			if method != "HEAD" {
				if msg := magentoMessage(t, rec.Body.Bytes()); !strings.Contains(msg, tt.says) {
					t.Errorf("%s %s: message %q does not say %q", method, tt.target, msg, tt.says)
				}
			}
			if got := rec.Header().Get("Content-Type"); got != "application/json; charset=utf-8" {
				t.Errorf("%s %s: Content-Type = %q", method, tt.target, got)
			}
			checkSecurityHeaders(t, "refusal", rec.Header())

			if got, _ := u.received(); got != nil {
				t.Errorf("%s %s reached the store as %s", method, tt.target, got.URL)
			}
		})
	}
}

func TestProxyRefusesOtherSites(t *testing.T) {
	t.Parallel()
	u := newUpstream(t, websites)
	srv := newProxyServer(t, u, config{Demo: true})

	tests := []struct {
		name   string
		path   string
		header http.Header
	}{
		{name: "proxy, fetch metadata", path: "/proxy/" + u.host() + "/magento/rest/V1/x",
			header: http.Header{"Sec-Fetch-Site": {"cross-site"}}},
		{name: "proxy, origin", path: "/proxy/" + u.host() + "/magento/rest/V1/x",
			header: http.Header{"Origin": {"https://evil.example"}}},
		{name: "demo", path: "/demo/rest/V1/integration/admin/token",
			header: http.Header{"Sec-Fetch-Site": {"same-site"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.header.Set("Content-Type", "application/json")
			res, body := do(t, http.MethodPost, srv.URL+tt.path, tt.header, `{"username":"demo"}`)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("status = %d, want 403", res.StatusCode)
			}
			if msg := magentoMessage(t, body); !strings.Contains(msg, "another site") {
				t.Errorf("message = %q, want it to say another site", msg)
			}
			checkSecurityHeaders(t, "cross-origin refusal", res.Header)
			if got, _ := u.received(); got != nil {
				t.Errorf("a cross-origin request reached the store as %s", got.URL)
			}
		})
	}
}

func TestProxyWithoutStores(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, config{})

	res, body := get(t, srv.URL+"/proxy/shop.example.com/rest/V1/store/websites", nil)
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("status = %d, want 404", res.StatusCode)
	}
	if msg := magentoMessage(t, body); !strings.Contains(msg, "-store https://") {
		t.Errorf("message %q does not say how to add a store", msg)
	}
}

func TestProxyRefusesRedirects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		status   int
		location string
		says     string
	}{
		{name: "other host", status: http.StatusFound,
			location: "https://evil.example/rest/V1/store/websites?token=secret",
			says:     "-store https://evil.example"},
		{name: "same host", status: http.StatusMovedPermanently, location: "/magento/rest/V1/other",
			says: "does not follow"},
		{name: "no location", status: http.StatusTemporaryRedirect, says: "redirect (307)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.location != "" {
					w.Header().Set("Location", tt.location)
				}
				w.WriteHeader(tt.status)
			})
			srv := newProxyServer(t, u, config{})

			res, body := get(t, srv.URL+"/proxy/"+u.host()+"/magento/rest/V1/store/websites", nil)
			if res.StatusCode != http.StatusBadGateway {
				t.Errorf("status = %d, want 502", res.StatusCode)
			}
			if loc := res.Header.Get("Location"); loc != "" {
				t.Errorf("Location = %q, want none", loc)
			}
			msg := magentoMessage(t, body)
			if !strings.Contains(msg, tt.says) {
				t.Errorf("message %q does not say %q", msg, tt.says)
			}
			if strings.Contains(msg, "secret") {
				t.Errorf("message %q carries the redirect's query", msg)
			}
			checkSecurityHeaders(t, "redirect refusal", res.Header)
		})
	}
}

func TestProxyLimits(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 2048)
	u := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/magento/rest/V1/big":
			io.WriteString(w, big)
		case "/magento/rest/V1/big-chunked":
			io.WriteString(w, big[:1000])
			w.(http.Flusher).Flush()
			io.WriteString(w, big[1000:])
		case "/magento/rest/V1/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		default:
			io.WriteString(w, `"ok"`)
		}
	})
	srv := newProxyServer(t, u, config{
		MaxRequestBody: 1024, MaxResponseBody: 1024, ProxyTimeout: 200 * time.Millisecond,
	})
	prefix := srv.URL + "/proxy/" + u.host() + "/magento/rest/V1/"

	tests := []struct {
		name, method, path, body string
		chunked                  bool
		want                     int
		says                     string
	}{
		{name: "request at the limit", method: "POST", path: "ok", body: strings.Repeat("y", 1024), want: 200},
		{name: "request over the limit", method: "POST", path: "ok", body: strings.Repeat("y", 1025),
			want: 413, says: "1 KiB"},
		{name: "chunked request over the limit", method: "POST", path: "ok", body: big, chunked: true,
			want: 413, says: "1 KiB"},
		{name: "response over the limit", method: "GET", path: "big", want: 502, says: "larger than"},
		{name: "chunked response over the limit", method: "GET", path: "big-chunked", want: 502,
			says: "larger than"},
		{name: "slow store", method: "GET", path: "slow", want: 504, says: "did not answer within 200ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
				if tt.chunked {
					body = io.MultiReader(body) // hides the length: sent chunked
				}
			}
			req, err := http.NewRequestWithContext(t.Context(), tt.method, prefix+tt.path, body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			res, err := rawClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.want {
				t.Fatalf("status = %d, want %d; body %s", res.StatusCode, tt.want, b)
			}
			if tt.says != "" {
				if msg := magentoMessage(t, b); !strings.Contains(msg, tt.says) {
					t.Errorf("message %q does not say %q", msg, tt.says)
				}
			}
		})
	}
}

func TestProxyStoreUnreachable(t *testing.T) {
	t.Parallel()
	u := newUpstream(t, websites)
	srv := newProxyServer(t, u, config{})
	u.srv.Close()

	res, body := get(t, srv.URL+"/proxy/"+u.host()+"/magento/rest/V1/store/websites?q=secret", nil)
	if res.StatusCode != http.StatusBadGateway {
		t.Errorf("status = %d, want 502", res.StatusCode)
	}
	msg := magentoMessage(t, body)
	if !strings.Contains(msg, "Could not reach http://"+u.host()) || strings.Contains(msg, "secret") {
		t.Errorf("message = %q, want it to name the store and not the query", msg)
	}
}

func TestProxyLogsClientGone(t *testing.T) {
	t.Parallel()
	arrived := make(chan struct{})
	u := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-r.Context().Done()
	})
	logs := &syncBuffer{}
	srv := newProxyServer(t, u, config{Logger: slog.New(slog.NewTextHandler(logs, nil))})

	ctx, cancel := context.WithCancel(t.Context())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		srv.URL+"/proxy/"+u.host()+"/magento/rest/V1/store/websites", nil)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		<-arrived
		cancel()
	}()
	if res, err := rawClient.Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("GET with the client gone = %d, want an error", res.StatusCode)
	}

	var line string
	for deadline := time.Now().Add(5 * time.Second); line == "" && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		for l := range strings.Lines(logs.String()) {
			if strings.Contains(l, "msg=proxy ") {
				line = l
			}
		}
	}
	if !strings.Contains(line, "level=INFO") || !strings.Contains(line, "status=499") ||
		!strings.Contains(line, "client closed") {
		t.Errorf("proxy log line = %q, want status=499 and client closed at level INFO", line)
	}
}

// mustStore parses a -store value or fails the test.
func mustStore(t *testing.T, raw string) *store {
	t.Helper()
	st, err := parseStore(raw)
	if err != nil {
		t.Fatal(err)
	}
	return st
}
