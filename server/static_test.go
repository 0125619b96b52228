package main

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestStaticContentTypes(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, config{})

	tests := []struct {
		path string
		want string
	}{
		{path: "/", want: "text/html; charset=utf-8"},
		{path: "/index.html", want: "text/html; charset=utf-8"},
		{path: "/app.js", want: "text/javascript; charset=utf-8"},
		{path: "/wasm_exec.js", want: "text/javascript; charset=utf-8"},
		{path: "/style.css", want: "text/css; charset=utf-8"},
		{path: "/data.json", want: "application/json"},
		{path: "/main.wasm", want: "application/wasm"},
		{path: "/logo.svg", want: "image/svg+xml"},
		{path: "/sub/inner.txt", want: "text/plain; charset=utf-8"},
		{path: "/notes.unknownext", want: "application/octet-stream"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			res, _ := get(t, srv.URL+tt.path, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status = %d, want 200", tt.path, res.StatusCode)
			}
			if got := res.Header.Get("Content-Type"); got != tt.want {
				t.Errorf("GET %s: Content-Type = %q, want %q", tt.path, got, tt.want)
			}
			if got := res.Header.Get("Cache-Control"); got != "no-cache" {
				t.Errorf("GET %s: Cache-Control = %q, want no-cache", tt.path, got)
			}
		})
	}
}

func TestStaticRefusals(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, config{})

	tests := []struct {
		name   string
		method string
		path   string
		want   int
	}{
		{name: "missing file", method: "GET", path: "/nope.js", want: http.StatusNotFound},
		{name: "folder with slash", method: "GET", path: "/sub/", want: http.StatusNotFound},
		{name: "folder without slash", method: "GET", path: "/sub", want: http.StatusNotFound},
		{name: "dot file", method: "GET", path: "/.hidden", want: http.StatusNotFound},
		// ServeMux redirects to the cleaned path, /etc/passwd, which is not
		// in the folder.
		{name: "dot dot", method: "GET", path: "/../../etc/passwd", want: http.StatusTemporaryRedirect},
		{name: "encoded dot dot", method: "GET", path: "/%2e%2e/%2e%2e/etc/passwd", want: http.StatusNotFound},
		{name: "post", method: "POST", path: "/index.html", want: http.StatusMethodNotAllowed},
		{name: "head", method: "HEAD", path: "/index.html", want: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, header, body := rawRequest(t, srv.Listener.Addr().String(), tt.method, tt.path)
			if status != tt.want {
				t.Errorf("%s %s: status = %d, want %d", tt.method, tt.path, status, tt.want)
			}
			if strings.Contains(body, "secret") || strings.Contains(body, "root:") ||
				strings.Contains(body, "inner.txt") {
				t.Errorf("%s %s: body leaks a file or a listing: %q", tt.method, tt.path, body)
			}
			checkSecurityHeaders(t, tt.method+" "+tt.path, header)
		})
	}
}

func TestStaticValidators(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, config{})

	for _, path := range []string{"/", "/app.js", "/main.wasm"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			res, _ := get(t, srv.URL+path, nil)
			tag, mod := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
			if tag == "" || mod == "" {
				t.Fatalf("GET %s: ETag = %q, Last-Modified = %q, want both", path, tag, mod)
			}

			res, body := get(t, srv.URL+path, http.Header{"If-None-Match": {tag}})
			if res.StatusCode != http.StatusNotModified || len(body) != 0 {
				t.Errorf("GET %s with If-None-Match: status = %d (%d bytes), want 304 and no body",
					path, res.StatusCode, len(body))
			}
			res, _ = get(t, srv.URL+path, http.Header{"If-Modified-Since": {mod}})
			if res.StatusCode != http.StatusNotModified {
				t.Errorf("GET %s with If-Modified-Since: status = %d, want 304", path, res.StatusCode)
			}
			res, _ = get(t, srv.URL+path, http.Header{"If-None-Match": {`"stale"`}})
			if res.StatusCode != http.StatusOK {
				t.Errorf("GET %s with a stale ETag: status = %d, want 200", path, res.StatusCode)
			}
		})
	}
}

// rawRequest sends a request line exactly as written, which Go's client
// would clean or refuse, and returns the status, headers and body.
func rawRequest(t *testing.T, addr, method, target string) (int, http.Header, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write([]byte(method + " " + target + " HTTP/1.1\r\nHost: " + addr +
		"\r\nConnection: close\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer res.Body.Close()
	var b strings.Builder
	_, _ = bufio.NewReader(res.Body).WriteTo(&b)
	return res.StatusCode, res.Header, b.String()
}
