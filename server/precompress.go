package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// precompress writes path plus each coding's extension (main.wasm.br at
// brotli quality 11, main.wasm.gz at gzip level 9) beside path, for the
// static handler to serve as they are. Quality 11 is too slow to run per
// request or at start-up (over ten seconds for a 5 MB main.wasm on one
// core) but makes the wasm about 11% smaller than the quality 9 used on the
// fly, so the build step pays for it once.
func precompress(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, c := range codings {
		if err := writeCompressed(path+c.ext, raw, c.best); err != nil {
			return err
		}
	}
	return nil
}

// writeCompressed writes raw through a new compressor to name, by way of a
// temporary file so that a server never serves a half-written file.
func writeCompressed(name string, raw []byte,
	newWriter func(io.Writer) (io.WriteCloser, error)) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())

	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	zw, err := newWriter(tmp)
	if err == nil {
		_, err = zw.Write(raw)
		if cerr := zw.Close(); err == nil {
			err = cerr
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("compressing %s: %w", name, err)
	}
	return os.Rename(tmp.Name(), name)
}
