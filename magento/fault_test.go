//go:build !js

package magento_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/magetoken/magetoken/magento"
	"github.com/magetoken/magetoken/magento/magentotest"
)

// These tests run the fake store behind a real socket and the native
// transport, where the in-process transport cannot show a failure: a port
// that refuses, a connection dropped mid-body, a body larger than memory
// should hold.

// socketStore serves a fake store with one admin user on a loopback port
// and returns a client holding a valid token for it.
func socketStore(t *testing.T, wrap func(http.Handler) http.Handler) (*magentotest.Store, *magento.Client) {
	t.Helper()
	s, c := loggedIn(t)
	h := s.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c.Domain, c.Transport = srv.URL, nil
	return s, c
}

func TestFaultConnectionRefused(t *testing.T) {
	t.Parallel()
	// A port that was just free and is closed again refuses connections.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("Listen() = %v", err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := &magento.Client{Domain: "http://" + addr, Username: testUser, Password: testPassword}

	start := time.Now()
	_, err = c.Login(t.Context())
	if !errors.Is(err, magento.ErrNetwork) || !strings.Contains(err.Error(), addr) {
		t.Errorf("Login() = %v, want ErrNetwork naming %s", err, addr)
	}
	if strings.Contains(err.Error(), testPassword) {
		t.Errorf("Login() error = %q, repeats the password", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Login() took %v on a refused port, want an immediate error", d)
	}
}

func TestFaultResetMidBody(t *testing.T) {
	t.Parallel()
	s, c := socketStore(t, nil)
	s.SetFault(magentotest.Fault{Close: true, Match: "store/websites"})

	ws, err := c.Validate(t.Context())
	if !errors.Is(err, magento.ErrNetwork) || ws != nil {
		t.Errorf("Validate() = %v, %v, want nil and ErrNetwork", ws, err)
	}
	var e *magento.Error
	if errors.As(err, &e) {
		t.Errorf("Validate() = %v, want a network error, not an answer from the store", err)
	}

	// The client is still usable once the store behaves again.
	s.SetFault(magentotest.Fault{})
	if _, err := c.Validate(t.Context()); err != nil {
		t.Errorf("Validate() after the fault = %v", err)
	}
}

func TestFaultSlowStore(t *testing.T) {
	t.Parallel()
	s, c := socketStore(t, nil)
	s.SetFault(magentotest.Fault{Delay: time.Minute})
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()

	start := time.Now()
	_, err := c.StoreViews(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, magento.ErrNetwork) {
		t.Errorf("StoreViews() = %v, want context.DeadlineExceeded and not ErrNetwork", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("StoreViews() took %v with a 200ms timeout", d)
	}
	// The store is answered by nobody: it logged no status but the request.
	if n := len(s.Requests()); n > 1 {
		t.Errorf("store saw %d requests, want at most 1 (no retry)", n)
	}
}

// withoutLength drops Content-Length, so that a body is sent chunked and its
// size is known only by reading it.
func withoutLength(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(lengthDropper{w}, r)
	})
}

type lengthDropper struct{ http.ResponseWriter }

func (w lengthDropper) WriteHeader(status int) {
	w.Header().Del("Content-Length")
	w.ResponseWriter.WriteHeader(status)
}

func (w lengthDropper) Write(p []byte) (int, error) { return w.ResponseWriter.Write(p) }

func (w lengthDropper) Flush() { http.NewResponseController(w.ResponseWriter).Flush() }

// TestFaultHugeBody sends a 10 MB answer. It does not run in parallel, so
// that the memory it measures is its own.
func TestFaultHugeBody(t *testing.T) {
	const size = 10 << 20
	tests := []struct {
		name    string
		wrap    func(http.Handler) http.Handler
		maxBody int64
	}{
		{name: "Content-Length, default limit"},
		{name: "chunked, default limit", wrap: withoutLength},
		{name: "Content-Length, 1 MB limit", maxBody: 1 << 20},
		{name: "chunked, 1 MB limit", wrap: withoutLength, maxBody: 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := socketStore(t, tt.wrap)
			s.SetFault(magentotest.Fault{Size: size})
			limit := tt.maxBody
			if limit == 0 {
				limit = magento.DefaultMaxResponseBytes
			}

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			err := c.Do(t.Context(), &magento.Request{Endpoint: "store/websites", MaxBody: tt.maxBody}, new(any))
			runtime.ReadMemStats(&after)

			if !errors.Is(err, magento.ErrResponseTooLarge) {
				t.Errorf("Do() = %v, want ErrResponseTooLarge", err)
			}
			// Reading grows a buffer in steps: a few times the limit at
			// most (the race detector adds its own), whatever the body's size.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(6*limit) {
				t.Errorf("reading a %d-byte answer with a %d-byte limit allocated %d bytes", size, limit, alloc)
			}
		})
	}
}
