package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testWasm is a stand-in for main.wasm: large enough to be compressed and
// varied enough that compression is not trivial.
var testWasm = func() []byte {
	var b bytes.Buffer
	b.Write([]byte("\x00asm\x01\x00\x00\x00"))
	for i := range 3000 {
		fmt.Fprintf(&b, "func%d:%x;", i, i*7919)
	}
	return b.Bytes()
}()

// newTestWeb writes a small site into a temporary folder and returns it.
func newTestWeb(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":       "<!doctype html><title>magetoken</title>" + strings.Repeat("<p>x</p>", 200),
		"app.js":           "console.log('magetoken');\n" + strings.Repeat("// padding\n", 200),
		"style.css":        "body { margin: 0 }\n",
		"data.json":        `{"ok": true}`,
		"main.wasm":        string(testWasm),
		"wasm_exec.js":     "'use strict';\n",
		"logo.svg":         `<svg xmlns="http://www.w3.org/2000/svg"/>`,
		"notes.unknownext": "?",
		".hidden":          "secret",
		"sub/inner.txt":    "inner",
	}
	for name, body := range files {
		writeFile(t, filepath.Join(dir, name), body)
	}
	return dir
}

// writeFile writes body to name, creating its folder.
func writeFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// newTestServer serves newHandler(cfg) on a loopback port. An empty cfg.Web
// gets a fresh test site.
func newTestServer(t *testing.T, cfg config) *httptest.Server {
	t.Helper()
	if cfg.Web == "" {
		cfg.Web = newTestWeb(t)
	}
	h, err := newHandler(cfg)
	if err != nil {
		t.Fatalf("newHandler: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// rawClient neither follows redirects nor adds or decodes Accept-Encoding,
// so tests see the answers exactly as sent.
var rawClient = &http.Client{
	Transport: &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

// do sends a request and returns the answer with its whole body.
func do(t *testing.T, method, url string, header http.Header, body string) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := rawClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, url, err)
	}
	return res, b
}

// get is do for a GET without body.
func get(t *testing.T, url string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	return do(t, http.MethodGet, url, header, "")
}

// checkSecurityHeaders fails the test when a security header is missing
// or different.
func checkSecurityHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	for k, want := range securityHeaderValues {
		if got := h.Values(k); len(got) != 1 || got[0] != want {
			t.Errorf("%s: header %s = %q, want [%q]", what, k, got, want)
		}
	}
}
