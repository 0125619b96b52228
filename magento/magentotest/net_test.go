//go:build !js

package magentotest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// These tests need real sockets: a hijacked connection and a client that
// gives up.

func TestServerLogin(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	srv := NewServer(t, s)
	resp, err := http.Post(srv.URL+"/rest/V1/integration/admin/token", "application/json",
		strings.NewReader(`{"username":"admin","password":"secret-1"}`))
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != `"`+referenceToken+`"` {
		t.Errorf("POST token = %d %s, want 200 and the token", resp.StatusCode, body)
	}
	if got := resp.Header.Get("Content-Type"); got != jsonContentType {
		t.Errorf("Content-Type = %q, want %q", got, jsonContentType)
	}
}

func TestServerStripPrefix(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	mux := http.NewServeMux()
	mux.Handle("/demo/", http.StripPrefix("/demo", s.Handler()))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	resp, err := http.Get(srv.URL + "/demo/rest/V1/store/websites")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /demo/rest/V1/store/websites = %d, want 401", resp.StatusCode)
	}
	if reqs := s.Requests(); len(reqs) != 1 || reqs[0].Path != "/rest/V1/store/websites" {
		t.Errorf("Requests() = %+v, want the path without /demo", reqs)
	}
}

func TestServerCloseMidBody(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	s.SetFault(Fault{Close: true, Status: 200})
	srv := NewServer(t, s)

	resp, err := http.Get(srv.URL + "/rest/V1/store/websites")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("reading the body = %q, %v, want io.ErrUnexpectedEOF", body, err)
	}
	if reqs := s.Requests(); len(reqs) != 1 || reqs[0].Status != 200 {
		t.Errorf("Requests() = %+v, want one with status 200", reqs)
	}
}

func TestServerSlowAnswer(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	s.SetFault(Fault{Delay: time.Hour})
	srv := NewServer(t, s)

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/rest/V1/store/websites", nil)
	_, err := http.DefaultClient.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("GET with a deadline = %v, want context.DeadlineExceeded", err)
	}
}

func TestServerHugeBody(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	s.SetFault(Fault{Size: 10 << 20})
	srv := NewServer(t, s)

	resp, err := http.Get(srv.URL + "/rest/V1/store/websites")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil || n != 10<<20 || resp.ContentLength != 10<<20 {
		t.Errorf("body = %d bytes (Content-Length %d), %v, want %d", n, resp.ContentLength, err, 10<<20)
	}
}

// A slow answer to a POST ends when the client goes away: the body is read
// before the delay, since Go's server notices a gone client only then.
func TestServerSlowPostEndsWithClient(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	s.SetFault(Fault{Delay: time.Hour})
	srv := NewServer(t, s)

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	body := strings.NewReader(`{"username":"admin","password":"x"}`)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost,
		srv.URL+"/rest/V1/integration/admin/token", body)
	req.Header.Set("Content-Type", "application/json")
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("POST with a deadline = %v, want context.DeadlineExceeded", err)
	}

	deadline := time.Now().Add(5 * time.Second)
	for len(s.Requests()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the store still holds the POST 5s after its client left")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
