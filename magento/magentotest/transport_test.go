package magentotest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/magetoken/magetoken/magento"
)

func roundTrip(
	t *testing.T, ctx context.Context, s *Store, req *magento.HTTPRequest,
) (*magento.HTTPResponse, error) {
	t.Helper()
	return s.Transport().RoundTrip(ctx, req)
}

func TestTransportLogin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		url  string
		path string // as logged
	}{
		{name: "root", url: "https://shop.example.com/rest/V1/integration/admin/token",
			path: "/rest/V1/integration/admin/token"},
		{name: "base path", url: "http://127.0.0.1:8080/magento/rest/default/V1/integration/admin/token",
			path: "/rest/default/V1/integration/admin/token"},
		{name: "index.php", url: "https://shop.example.com/shop/index.php/rest/V1/integration/admin/token",
			path: "/index.php/rest/V1/integration/admin/token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := testStore(t)
			resp, err := roundTrip(t, t.Context(), s, &magento.HTTPRequest{
				Method: http.MethodPost,
				URL:    tt.url,
				Header: map[string]string{"Content-Type": "application/json"},
				Body:   []byte(`{"username":"admin","password":"secret-1"}`),
			})
			if err != nil {
				t.Fatalf("RoundTrip: %v", err)
			}
			if resp.Status != 200 || string(resp.Body) != `"`+referenceToken+`"` {
				t.Errorf("RoundTrip = %d %s, want 200 and the token", resp.Status, resp.Body)
			}
			if got := resp.Header["content-type"]; got != jsonContentType {
				t.Errorf(`Header["content-type"] = %q, want %q`, got, jsonContentType)
			}
			reqs := s.Requests()
			if len(reqs) != 1 || reqs[0].Path != tt.path {
				t.Errorf("Requests() = %+v, want one with path %s", reqs, tt.path)
			}
		})
	}
}

func TestTransportAuthorised(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	resp, err := roundTrip(t, t.Context(), s, &magento.HTTPRequest{
		Method: http.MethodGet,
		URL:    "https://shop.example.com/rest/V1/store/websites",
		Header: map[string]string{"Authorization": "Bearer " + referenceToken},
	})
	if err != nil || resp.Status != 200 || string(resp.Body) != bodyWebsites {
		t.Errorf("RoundTrip = %+v, %v, want 200 and the websites", resp, err)
	}
}

func TestTransportErrors(t *testing.T) {
	t.Parallel()
	canceled, cancel := context.WithCancel(context.Background())
	cancel()

	tests := []struct {
		name    string
		fault   Fault
		maxBody int64
		ctx     func(t *testing.T) (context.Context, context.CancelFunc)
		want    error
	}{
		{name: "too large", fault: Fault{Size: 1000}, maxBody: 999, want: magento.ErrResponseTooLarge},
		{name: "exactly the limit", fault: Fault{Size: 1000}, maxBody: 1000, want: nil},
		{name: "over the default limit", fault: Fault{Size: magento.DefaultMaxResponseBytes + 1},
			want: magento.ErrResponseTooLarge},
		{name: "closed mid-body", fault: Fault{Close: true}, want: magento.ErrNetwork},
		{name: "deadline", fault: Fault{Delay: time.Hour},
			ctx: func(t *testing.T) (context.Context, context.CancelFunc) {
				return context.WithTimeout(t.Context(), 10*time.Millisecond)
			}, want: context.DeadlineExceeded},
		{name: "already canceled",
			ctx: func(*testing.T) (context.Context, context.CancelFunc) {
				return canceled, func() {}
			}, want: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := testStore(t)
			s.SetFault(tt.fault)
			ctx, cancel := context.Context(t.Context()), context.CancelFunc(func() {})
			if tt.ctx != nil {
				ctx, cancel = tt.ctx(t)
			}
			defer cancel()
			resp, err := roundTrip(t, ctx, s, &magento.HTTPRequest{
				Method:  http.MethodGet,
				URL:     "https://shop.example.com/rest/V1/store/websites",
				MaxBody: tt.maxBody,
			})
			if tt.want == nil {
				if err != nil || len(resp.Body) != int(tt.maxBody) {
					t.Errorf("RoundTrip = %v, want a body of %d bytes", err, tt.maxBody)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("RoundTrip error = %v, want one wrapping %v", err, tt.want)
			}
		})
	}
}

func TestTransportBadURL(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	_, err := roundTrip(t, t.Context(), s, &magento.HTTPRequest{Method: "GET", URL: "http://[::1"})
	if !errors.Is(err, magento.ErrNetwork) {
		t.Errorf("RoundTrip(bad URL) error = %v, want one wrapping ErrNetwork", err)
	}
}

func TestTransportHTMLFault(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	s.SetFault(Fault{Status: 503, HTML: true})
	resp, err := roundTrip(t, t.Context(), s, &magento.HTTPRequest{
		Method: http.MethodGet, URL: "https://shop.example.com/rest/V1/store/websites",
	})
	if err != nil {
		t.Fatalf("RoundTrip: %v", err)
	}
	if resp.Status != 503 || !strings.HasPrefix(resp.Header["content-type"], "text/html") {
		t.Errorf("RoundTrip = %d %q, want 503 text/html", resp.Status, resp.Header["content-type"])
	}
}
