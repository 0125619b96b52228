package magento_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/magetoken/magetoken/magento"
	"github.com/magetoken/magetoken/magento/magentotest"
)

// loggedIn returns a fake store and a client holding a valid token.
func loggedIn(t *testing.T) (*magentotest.Store, *magento.Client) {
	t.Helper()
	s, c, _ := setup(t, magentotest.User{})
	token, err := s.IssueToken(testUser)
	if err != nil {
		t.Fatalf("IssueToken() = %v", err)
	}
	c.Token = token
	return s, c
}

func TestScopes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		domain   string
		scope    string
		wantPath string
		wantErr  error
	}{
		{name: "none", domain: "shop.example.com", wantPath: "/rest/V1/store/storeViews"},
		{name: "store code", domain: "shop.example.com", scope: "fr", wantPath: "/rest/fr/V1/store/storeViews"},
		{name: "all", domain: "shop.example.com", scope: "all", wantPath: "/rest/all/V1/store/storeViews"},
		{name: "index.php", domain: "https://shop.example.com/index.php/rest/V1/", wantPath: "/index.php/rest/V1/store/storeViews"},
		{name: "unknown code", domain: "shop.example.com", scope: "nosuchstore",
			wantPath: "/rest/nosuchstore/V1/store/storeViews", wantErr: magento.ErrNoRoute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, c := loggedIn(t)
			c.Domain, c.Scope = tt.domain, tt.scope

			_, err := c.StoreViews(t.Context())
			if !errors.Is(err, tt.wantErr) || tt.wantErr == nil && err != nil {
				t.Errorf("StoreViews() = %v, want %v", err, tt.wantErr)
			}
			reqs := s.Requests()
			if len(reqs) != 1 || reqs[0].Path != tt.wantPath {
				t.Errorf("store saw %v, want one request for %s", calls(s), tt.wantPath)
			}
		})
	}
}

func TestStoreConfigs(t *testing.T) {
	t.Parallel()
	_, c := loggedIn(t)

	all, err := c.StoreConfigs(t.Context())
	if err != nil || len(all) < 1 {
		t.Fatalf("StoreConfigs() = %+v, %v, want the store views' configs", all, err)
	}
	one, err := c.StoreConfigs(t.Context(), "default")
	if err != nil || len(one) != 1 || one[0].Code != "default" || one[0].BaseURL == "" {
		t.Errorf("StoreConfigs(default) = %+v, %v, want one config with base URLs", one, err)
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fault    magentotest.Fault
		maxBody  int64
		want     error
		wantText string
	}{
		{name: "HTML 503", fault: magentotest.Fault{Status: 503, HTML: true},
			wantText: "503 Service Unavailable, not an answer from Magento's REST API"},
		{name: "raw 502", fault: magentotest.Fault{Status: 502, Body: "upstream connect error"},
			wantText: "502 Bad Gateway, not an answer from Magento's REST API"},
		{name: "empty 500", fault: magentotest.Fault{Status: 500, Body: ""},
			wantText: "500 Internal Server Error"},
		{name: "huge body", fault: magentotest.Fault{Size: magento.DefaultMaxResponseBytes + 1},
			want: magento.ErrResponseTooLarge},
		{name: "body over MaxBody", fault: magentotest.Fault{Size: 2000}, maxBody: 1000,
			want: magento.ErrResponseTooLarge},
		{name: "closed mid-body", fault: magentotest.Fault{Close: true}, want: magento.ErrNetwork},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, c := loggedIn(t)
			s.SetFault(tt.fault)

			err := c.Do(t.Context(), &magento.Request{Endpoint: "store/websites", MaxBody: tt.maxBody}, new(any))
			if err == nil {
				t.Fatal("Do() = nil, want an error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Do() = %v, want an error wrapping %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.wantText) || !strings.HasPrefix(err.Error(), "magento: GET store/websites: ") {
				t.Errorf("Do() error = %q, want it to name the request and contain %q", err, tt.wantText)
			}
			if len(err.Error()) > 700 {
				t.Errorf("Do() error has %d bytes, want a bounded message", len(err.Error()))
			}
		})
	}
}

func TestCancel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ctx  func(context.Context) (context.Context, context.CancelFunc)
		want error
	}{
		{
			name: "timeout",
			ctx: func(ctx context.Context) (context.Context, context.CancelFunc) {
				return context.WithTimeout(ctx, 50*time.Millisecond)
			},
			want: context.DeadlineExceeded,
		},
		{
			name: "cancel",
			ctx: func(ctx context.Context) (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(ctx)
				time.AfterFunc(50*time.Millisecond, cancel)
				return ctx, cancel
			},
			want: context.Canceled,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, c := loggedIn(t)
			s.SetFault(magentotest.Fault{Delay: time.Minute})
			ctx, cancel := tt.ctx(t.Context())
			defer cancel()

			start := time.Now()
			_, err := c.Validate(ctx)
			if !errors.Is(err, tt.want) {
				t.Errorf("Validate() = %v, want an error wrapping %v", err, tt.want)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("Validate() took %v after the context ended", d)
			}
		})
	}
}

func TestRequestHeaders(t *testing.T) {
	t.Parallel()
	c, st := stubClient(t, 200, jsonType, `{"ok":true}`)
	c.UserAgent = "my-agent/1.0"

	var out struct{ OK bool }
	if err := c.Post(t.Context(), "some/thing", map[string]int{"a": 1}, &out); err != nil || !out.OK {
		t.Fatalf("Post() = %v, out %+v", err, out)
	}
	reqs := st.requests()
	if len(reqs) != 1 {
		t.Fatalf("transport saw %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	want := map[string]string{
		"Authorization": "Bearer tok",
		"Content-Type":  "application/json",
		"Accept":        "application/json",
		"User-Agent":    "my-agent/1.0",
	}
	for k, v := range want {
		if r.Header[k] != v {
			t.Errorf("header %s = %q, want %q", k, r.Header[k], v)
		}
	}
	if r.Method != "POST" || r.URL != "https://shop.example.com/rest/V1/some/thing" || string(r.Body) != `{"a":1}` {
		t.Errorf("request = %s %s %s, want POST https://shop.example.com/rest/V1/some/thing {\"a\":1}",
			r.Method, r.URL, r.Body)
	}
}

func TestRequestRefusesBadToken(t *testing.T) {
	t.Parallel()
	c, st := stubClient(t, 200, jsonType, `[]`)
	c.Token = "abc\ndef"

	err := c.Get(t.Context(), "store/websites", nil)
	if !errors.Is(err, magento.ErrMalformedToken) || strings.Contains(err.Error(), "abc") {
		t.Errorf("Get() = %v, want ErrMalformedToken without the token", err)
	}
	if n := len(st.requests()); n != 0 {
		t.Errorf("transport saw %d requests, want 0", n)
	}
}

func TestInvalidDomain(t *testing.T) {
	t.Parallel()
	c, st := stubClient(t, 200, jsonType, `[]`)
	c.Domain = "ftp://shop.example.com"

	if _, err := c.Validate(t.Context()); !errors.Is(err, magento.ErrInvalidDomain) {
		t.Errorf("Validate() = %v, want ErrInvalidDomain", err)
	}
	if n := len(st.requests()); n != 0 {
		t.Errorf("transport saw %d requests, want 0", n)
	}
}

func TestZeroClient(t *testing.T) {
	t.Parallel()
	var c magento.Client
	if _, err := c.Login(t.Context()); !errors.Is(err, magento.ErrNoCredentials) {
		t.Errorf("Login() = %v, want ErrNoCredentials", err)
	}
	if err := c.Get(t.Context(), "store/websites", nil); !errors.Is(err, magento.ErrInvalidDomain) {
		t.Errorf("Get() = %v, want ErrInvalidDomain", err)
	}
	if got := c.BaseURL(); got != "" {
		t.Errorf("BaseURL() = %q, want \"\"", got)
	}
}
