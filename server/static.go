package main

import (
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"strings"
)

// contentTypes maps the extensions the site uses to their MIME types. They
// are set explicitly rather than taken from the system's MIME table, which
// varies between machines: WebAssembly.instantiateStreaming refuses a wasm
// file served as anything but application/wasm.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".ico":         "image/x-icon",
	".txt":         "text/plain; charset=utf-8",
	".webmanifest": "application/manifest+json",
}

// contentType is the MIME type for name; unknown types are served as
// opaque bytes, never sniffed.
func contentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// staticHandler serves the files of one folder: index.html for /, no
// directory listings, no dot files, validators on every file so that a
// reload costs a 304, and compressed variants of text and wasm files.
type staticHandler struct {
	dir    string
	logger *slog.Logger
	cache  *compressCache
}

func newStaticHandler(dir string, logger *slog.Logger) *staticHandler {
	return &staticHandler{dir: dir, logger: logger, cache: newCompressCache()}
}

// ServeHTTP serves one file of the folder.
func (s *staticHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := fileName(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}

	f, err := os.OpenInRoot(s.dir, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}

	h := w.Header()
	h.Set("Content-Type", contentType(name))
	h.Set("Cache-Control", "no-cache")
	if compressible(name) {
		h.Add("Vary", "Accept-Encoding")
		if s.serveEncoded(w, r, name, f, fi) {
			return
		}
	}
	h.Set("ETag", etag(fi, ""))
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

// fileName turns a URL path into a name relative to the folder. It refuses
// directories (a path ending in /, other than / itself) and dot files.
func fileName(urlPath string) (string, bool) {
	if urlPath == "/" || urlPath == "" {
		return "index.html", true
	}
	if strings.HasSuffix(urlPath, "/") {
		return "", false
	}
	name := strings.TrimPrefix(path.Clean(urlPath), "/")
	for seg := range strings.SplitSeq(name, "/") {
		if seg == "" || strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	return name, true
}

// etag is a strong validator from the file's size and modification time,
// with a suffix per content coding, since each coding is its own
// representation.
func etag(fi fs.FileInfo, coding string) string {
	tag := fmt.Sprintf("%x-%x", fi.Size(), fi.ModTime().UnixNano())
	if coding != "" {
		tag += "-" + coding
	}
	return `"` + tag + `"`
}

// warm compresses name ahead of its first request, if it exists.
func (s *staticHandler) warm(name string) {
	f, err := os.OpenInRoot(s.dir, name)
	if err != nil {
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || !compressible(name) {
		return
	}
	for _, c := range codings {
		if _, err := s.cache.get(name, f, fi, c); err != nil {
			s.logger.Warn("compressing failed", "file", name, "coding", c.name, "err", err)
			return
		}
	}
}
