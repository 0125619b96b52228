//go:build !js

package magento_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/magetoken/magetoken/magento"
	"github.com/magetoken/magetoken/magento/magentotest"
)

func TestNativeOverHTTP(t *testing.T) {
	t.Parallel()
	s := magentotest.NewStore()
	s.AddUser(magentotest.User{Username: testUser, Password: testPassword})
	var agent atomic.Value
	mux := http.NewServeMux()
	mux.Handle("/magento/", http.StripPrefix("/magento", http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			agent.Store(r.Header.Get("User-Agent"))
			s.Handler().ServeHTTP(w, r)
		})))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	c := &magento.Client{
		Domain:    srv.URL + "/magento/rest/V1/",
		Username:  testUser,
		Password:  testPassword,
		UserAgent: "magetoken-test",
	}
	if _, err := c.Login(t.Context()); err != nil {
		t.Fatalf("Login() = %v", err)
	}
	views, err := c.StoreViews(t.Context())
	if err != nil || len(views) == 0 {
		t.Errorf("StoreViews() = %+v, %v, want store views", views, err)
	}
	if got := agent.Load(); got != "magetoken-test" {
		t.Errorf("User-Agent = %v, want magetoken-test", got)
	}
	checkCalls(t, s, postToken+" 200", getWebsites+" 200", "GET /rest/V1/store/storeViews 200")
}

func TestNativeBodyLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{
			name: "Content-Length over the limit",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Length", "2000")
				_, _ = w.Write(make([]byte, 2000))
			},
		},
		{
			name: "chunked over the limit",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				for range 4 {
					_, _ = w.Write(make([]byte, 500))
					w.(http.Flusher).Flush()
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(tt.handler)
			t.Cleanup(srv.Close)
			c := &magento.Client{Domain: srv.URL, Token: "tok"}

			err := c.Do(t.Context(), &magento.Request{Endpoint: "store/websites", MaxBody: 1000}, nil)
			if !errors.Is(err, magento.ErrResponseTooLarge) {
				t.Errorf("Do() = %v, want ErrResponseTooLarge", err)
			}
		})
	}
}

func TestNativeTimeout(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
	}))
	t.Cleanup(srv.Close)
	c := &magento.Client{Domain: srv.URL, Token: "tok"}

	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Validate(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "did not answer in time") {
		t.Errorf("Validate() = %v, want a timeout error", err)
	}
}

func TestNativeRedirects(t *testing.T) {
	t.Parallel()
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		elsewhere.Add(1)
		_, _ = w.Write([]byte(`[]`))
	}))
	t.Cleanup(other.Close)
	store := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/rest/V1/same":
			http.Redirect(w, r, "/rest/V1/target", http.StatusTemporaryRedirect)
		case "/rest/V1/target":
			_, _ = w.Write([]byte(`["ok"]`))
		default:
			http.Redirect(w, r, other.URL+"/rest/V1/x?secret=1", http.StatusTemporaryRedirect)
		}
	}))
	t.Cleanup(store.Close)
	c := &magento.Client{Domain: store.URL, Token: "tok"}

	var out []string
	if err := c.Get(t.Context(), "same", &out); err != nil || len(out) != 1 {
		t.Errorf("Get(same) = %v, %q, want the redirect within the store followed", err, out)
	}
	err := c.Get(t.Context(), "away", &out)
	var e *magento.Error
	if !errors.As(err, &e) || e.Status != http.StatusTemporaryRedirect {
		t.Fatalf("Get(away) = %v, want the 307 as an *Error", err)
	}
	if !strings.Contains(err.Error(), "redirects to "+other.URL+"/rest/V1/x;") {
		t.Errorf("Get(away) error = %q, want it to name the new address without its query", err)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the other host got %d requests, want 0", n)
	}
}

func TestNativeNetworkError(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := strings.TrimPrefix(srv.URL, "http://")
	srv.Close()
	c := &magento.Client{Domain: "http://" + addr, Token: "tok"}

	err := c.Get(t.Context(), "store/websites?secret=1", nil)
	if !errors.Is(err, magento.ErrNetwork) {
		t.Errorf("Get() = %v, want ErrNetwork", err)
	}
	if err != nil && strings.Contains(err.Error(), "secret") {
		t.Errorf("Get() error = %q, want no query in it", err)
	}
}
