package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func TestCompressedWasm(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, config{})

	tests := []struct {
		accept string
		want   string // Content-Encoding; "" = identity
	}{
		{accept: "", want: ""},
		{accept: "identity", want: ""},
		{accept: "gzip", want: "gzip"},
		{accept: "br", want: "br"},
		{accept: "gzip, deflate, br, zstd", want: "br"},
		{accept: "br;q=0, gzip", want: "gzip"},
		{accept: "gzip;q=1.0, br;q=0.5", want: "gzip"},
		{accept: "*", want: "br"},
		{accept: "*;q=0", want: ""},
		{accept: "x-gzip", want: "gzip"},
		{accept: "deflate", want: ""},
	}
	for _, tt := range tests {
		t.Run("accept="+tt.accept, func(t *testing.T) {
			t.Parallel()
			res, body := get(t, srv.URL+"/main.wasm", http.Header{"Accept-Encoding": {tt.accept}})
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status = %d, want 200", res.StatusCode)
			}
			if got := res.Header.Get("Content-Encoding"); got != tt.want {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.want)
			}
			if got := res.Header.Values("Vary"); !slices.Contains(got, "Accept-Encoding") {
				t.Errorf("Vary = %q, want Accept-Encoding", got)
			}
			if got := res.Header.Get("Content-Type"); got != "application/wasm" {
				t.Errorf("Content-Type = %q, want application/wasm", got)
			}
			if got := decode(t, tt.want, body); !bytes.Equal(got, testWasm) {
				t.Errorf("decoded body: %d bytes, want the file's %d bytes", len(got), len(testWasm))
			}
			if tt.want != "" && len(body) >= len(testWasm) {
				t.Errorf("compressed body: %d bytes, want fewer than %d", len(body), len(testWasm))
			}

			tag := res.Header.Get("ETag")
			res, _ = get(t, srv.URL+"/main.wasm", http.Header{
				"Accept-Encoding": {tt.accept}, "If-None-Match": {tag}})
			if res.StatusCode != http.StatusNotModified {
				t.Errorf("revalidation with ETag %s: status = %d, want 304", tag, res.StatusCode)
			}
		})
	}
}

func TestCompressedETagsDiffer(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, config{})

	tags := map[string]string{}
	for _, accept := range []string{"", "gzip", "br"} {
		res, _ := get(t, srv.URL+"/main.wasm", http.Header{"Accept-Encoding": {accept}})
		tag := res.Header.Get("ETag")
		if other, ok := tags[tag]; ok {
			t.Errorf("Accept-Encoding %q and %q share the ETag %s", accept, other, tag)
		}
		tags[tag] = accept
	}
}

func TestCompressedRebuiltFile(t *testing.T) {
	t.Parallel()
	web := newTestWeb(t)
	srv := newTestServer(t, config{Web: web})
	br := http.Header{"Accept-Encoding": {"br"}}

	_, first := get(t, srv.URL+"/main.wasm", br)
	rebuilt := append(bytes.Clone(testWasm), []byte("rebuilt")...)
	name := filepath.Join(web, "main.wasm")
	writeFile(t, name, string(rebuilt))
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(name, later, later); err != nil {
		t.Fatal(err)
	}

	_, second := get(t, srv.URL+"/main.wasm", br)
	if got := decode(t, "br", first); !bytes.Equal(got, testWasm) {
		t.Errorf("before the rebuild: decoded %d bytes, want the first file", len(got))
	}
	if got := decode(t, "br", second); !bytes.Equal(got, rebuilt) {
		t.Errorf("after the rebuild: decoded %d bytes, want the rebuilt file's %d", len(got), len(rebuilt))
	}
}

func TestCompressedPrecompressedFiles(t *testing.T) {
	t.Parallel()
	web := newTestWeb(t)
	srv := newTestServer(t, config{Web: web})

	// A fresh main.wasm.br is served as it is; a main.wasm.gz older than
	// main.wasm is stale and ignored.
	marker := []byte("precompressed marker")
	writeFile(t, filepath.Join(web, "main.wasm.br"), string(encode(t, "br", marker)))
	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(web, "main.wasm.br"), future, future); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(web, "main.wasm.gz"), string(encode(t, "gzip", marker)))
	past := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(web, "main.wasm.gz"), past, past); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		accept string
		want   []byte
	}{
		{accept: "br", want: marker},
		{accept: "gzip", want: testWasm},
	}
	for _, tt := range tests {
		res, body := get(t, srv.URL+"/main.wasm", http.Header{"Accept-Encoding": {tt.accept}})
		if got := res.Header.Get("Content-Encoding"); got != tt.accept {
			t.Errorf("Accept-Encoding %s: Content-Encoding = %q, want %q", tt.accept, got, tt.accept)
		}
		if got := decode(t, tt.accept, body); !bytes.Equal(got, tt.want) {
			t.Errorf("Accept-Encoding %s: decoded %q…, want %q…", tt.accept, head(got), head(tt.want))
		}
	}
}

func TestCompressedSmallFileIdentity(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, config{})

	res, body := get(t, srv.URL+"/style.css", http.Header{"Accept-Encoding": {"br, gzip"}})
	if got := res.Header.Get("Content-Encoding"); got != "" {
		t.Errorf("small file: Content-Encoding = %q, want none", got)
	}
	if got := string(body); got != "body { margin: 0 }\n" {
		t.Errorf("small file: body = %q", got)
	}
}

func TestAcceptedCodings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header string
		want   []string
	}{
		{header: "", want: nil},
		{header: "br", want: []string{"br"}},
		{header: "gzip, br", want: []string{"br", "gzip"}},
		{header: "GZIP ; Q=0.8 , br;q=0.9", want: []string{"br", "gzip"}},
		{header: "br;q=0.1, gzip;q=0.9", want: []string{"gzip", "br"}},
		{header: "br;q=0", want: nil},
		{header: "*;q=0.5, gzip;q=0", want: []string{"br"}},
		{header: "gzip;q=bogus", want: []string{"gzip"}},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range acceptedCodings(tt.header) {
			got = append(got, c.name)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("acceptedCodings(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

// decode undoes a content coding.
func decode(t *testing.T, coding string, body []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	switch coding {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		r = zr
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decoding %s: %v", coding, err)
	}
	return out
}

// encode applies a content coding.
func encode(t *testing.T, coding string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w io.WriteCloser = brotli.NewWriter(&buf)
	if coding == "gzip" {
		w = gzip.NewWriter(&buf)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// head is the start of b, for messages.
func head(b []byte) []byte {
	return b[:min(len(b), 24)]
}
