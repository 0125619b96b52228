package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// Compression bounds: files smaller than minCompressSize gain nothing worth
// a CPU; files larger than maxCompressSize are served as they are rather
// than held in memory.
const (
	minCompressSize = 1 << 10
	maxCompressSize = 64 << 20
)

// coding is one content coding the server can produce.
type coding struct {
	name  string // the Content-Encoding token
	ext   string // the extension of a precompressed file
	index int    // its slot in compressEntry
	// write returns a compressor for on-the-fly use; best, the slowest and
	// smallest, for files compressed ahead of time.
	write func(io.Writer) (io.WriteCloser, error)
	best  func(io.Writer) (io.WriteCloser, error)
}

// codings in order of preference. Brotli quality 9 compresses a 5.6 MB
// main.wasm in under a second; quality 11 takes over ten and gives a file
// about 11% smaller, so the build writes main.wasm.br at quality 11 ahead of
// time (see precompress) and on-the-fly compression stays at 9.
var codings = []coding{
	{name: "br", ext: ".br", index: 0,
		write: func(w io.Writer) (io.WriteCloser, error) {
			return brotli.NewWriterLevel(w, 9), nil
		},
		best: func(w io.Writer) (io.WriteCloser, error) {
			return brotli.NewWriterLevel(w, brotli.BestCompression), nil
		}},
	{name: "gzip", ext: ".gz", index: 1,
		write: func(w io.Writer) (io.WriteCloser, error) {
			return gzip.NewWriterLevel(w, gzip.BestCompression)
		},
		best: func(w io.Writer) (io.WriteCloser, error) {
			return gzip.NewWriterLevel(w, gzip.BestCompression)
		}},
}

// compressible reports whether name is worth serving compressed.
func compressible(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".wasm", ".js", ".mjs", ".css", ".html", ".json", ".map", ".svg", ".txt":
		return true
	}
	return false
}

// acceptedCodings lists the codings the Accept-Encoding header allows, best
// first: by the client's q-value, then by the server's preference. A coding
// with q=0 is refused; "*" stands for codings not named.
func acceptedCodings(header string) []coding {
	q := map[string]float64{}
	for part := range strings.SplitSeq(header, ",") {
		token, params, _ := strings.Cut(part, ";")
		token = strings.ToLower(strings.TrimSpace(token))
		if token == "" {
			continue
		}
		if token == "x-gzip" {
			token = "gzip"
		}
		q[token] = qValue(params)
	}

	type weighted struct {
		c coding
		q float64
	}
	var accepted []weighted
	for _, c := range codings {
		v, ok := q[c.name]
		if !ok {
			v, ok = q["*"]
		}
		if ok && v > 0 {
			accepted = append(accepted, weighted{c: c, q: v})
		}
	}
	slices.SortStableFunc(accepted, func(a, b weighted) int {
		return cmp.Compare(b.q, a.q)
	})
	out := make([]coding, len(accepted))
	for i, a := range accepted {
		out[i] = a.c
	}
	return out
}

// qValue reads q from the parameters of one Accept-Encoding element; a
// missing or unreadable q counts as 1, as RFC 9110 §12.4.2 defaults it.
func qValue(params string) float64 {
	for p := range strings.SplitSeq(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f < 0 {
			return 1
		}
		return f
	}
	return 1
}

// serveEncoded serves name compressed when the client accepts a coding and
// the file is worth it. It prefers a precompressed NAME.br or NAME.gz that is
// not older than the file, and otherwise compresses once and caches the
// result. It reports whether it answered.
func (s *staticHandler) serveEncoded(w http.ResponseWriter, r *http.Request, name string,
	f *os.File, fi fs.FileInfo) bool {
	if fi.Size() < minCompressSize {
		return false
	}
	for _, c := range acceptedCodings(r.Header.Get("Accept-Encoding")) {
		if pre, pfi := s.precompressed(name, fi, c); pre != nil {
			defer pre.Close()
			w.Header().Set("Content-Encoding", c.name)
			w.Header().Set("ETag", etag(pfi, c.name))
			http.ServeContent(w, r, name, pfi.ModTime(), pre)
			return true
		}

		data, err := s.cache.get(name, f, fi, c)
		if err != nil {
			s.logger.Warn("compressing failed", "file", name, "coding", c.name, "err", err)
			continue
		}
		if data == nil {
			return false
		}
		w.Header().Set("Content-Encoding", c.name)
		w.Header().Set("ETag", etag(fi, c.name))
		http.ServeContent(w, r, name, fi.ModTime(), bytes.NewReader(data))
		return true
	}
	return false
}

// precompressed opens name plus c's extension when it is a regular file at
// least as new as the original; otherwise it returns nil.
func (s *staticHandler) precompressed(name string, fi fs.FileInfo, c coding) (*os.File, fs.FileInfo) {
	f, err := os.OpenInRoot(s.dir, name+c.ext)
	if err != nil {
		return nil, nil
	}
	pfi, err := f.Stat()
	if err != nil || !pfi.Mode().IsRegular() || pfi.ModTime().Before(fi.ModTime()) {
		f.Close()
		return nil, nil
	}
	return f, pfi
}

// compressCache holds each file's compressed bytes, computed once per
// version of the file. A version is its size and modification time, so a
// rebuilt main.wasm is compressed again on its next request.
type compressCache struct {
	mu      sync.Mutex
	entries map[string]*compressEntry
}

// compressEntry is one version of one file, each coding computed at most
// once; concurrent requests for it wait for the first.
type compressEntry struct {
	size int64
	mod  time.Time
	once [2]sync.Once
	data [2][]byte
	err  [2]error
}

func newCompressCache() *compressCache {
	return &compressCache{entries: map[string]*compressEntry{}}
}

// get returns name compressed with c, reading the file from f when this
// version has not been compressed yet. Nil bytes and a nil error mean the
// file is not worth compressing.
func (cc *compressCache) get(name string, f io.ReadSeeker, fi fs.FileInfo, c coding) ([]byte, error) {
	e := cc.entry(name, fi)
	e.once[c.index].Do(func() {
		e.data[c.index], e.err[c.index] = compressFile(f, fi.Size(), c)
	})
	return e.data[c.index], e.err[c.index]
}

// entry returns the cache entry for this version of name, replacing an
// entry for an older version.
func (cc *compressCache) entry(name string, fi fs.FileInfo) *compressEntry {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	e := cc.entries[name]
	if e == nil || e.size != fi.Size() || !e.mod.Equal(fi.ModTime()) {
		e = &compressEntry{size: fi.Size(), mod: fi.ModTime()}
		cc.entries[name] = e
	}
	return e
}

// compressFile reads the whole of f and compresses it with c. It returns
// nil bytes when the file is too large or does not shrink.
func compressFile(f io.ReadSeeker, size int64, c coding) ([]byte, error) {
	if size > maxCompressSize {
		return nil, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(io.LimitReader(f, maxCompressSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(raw)) != size {
		return nil, fmt.Errorf("file changed while being read: %d bytes, want %d", len(raw), size)
	}

	var buf bytes.Buffer
	zw, err := c.write(&buf)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if buf.Len() >= len(raw) {
		return nil, nil
	}
	return buf.Bytes(), nil
}
