package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestPrecompress(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "main.wasm")
	raw := bytes.Repeat([]byte("\x00asm magetoken "), 4096)
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}

	if err := precompress(path); err != nil {
		t.Fatalf("precompress(%q) = %v, want nil", path, err)
	}

	decoders := map[string]func(io.Reader) (io.Reader, error){
		".br": func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
		".gz": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	}
	for ext, decode := range decoders {
		packed, err := os.ReadFile(path + ext)
		if err != nil {
			t.Fatal(err)
		}
		if len(packed) >= len(raw) {
			t.Errorf("%s: %d bytes, want fewer than the %d raw bytes", ext, len(packed), len(raw))
		}
		zr, err := decode(bytes.NewReader(packed))
		if err != nil {
			t.Fatalf("%s: %v", ext, err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, raw) {
			t.Errorf("%s decodes to %d bytes (err %v), want the %d raw bytes", ext, len(got), err, len(raw))
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "*.tmp"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestPrecompressMissingFile(t *testing.T) {
	t.Parallel()
	if err := precompress(filepath.Join(t.TempDir(), "absent.wasm")); err == nil {
		t.Error("precompress(absent file) = nil, want an error")
	}
}
