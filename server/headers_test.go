package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSecurityHeadersEverywhere(t *testing.T) {
	t.Parallel()
	u := newUpstream(t, websites)
	srv := newProxyServer(t, u, config{Demo: true})
	store := "/proxy/" + u.host() + "/magento"

	tests := []struct {
		name, method, path, body string
		want                     int
	}{
		{name: "page", method: "GET", path: "/", want: 200},
		{name: "wasm", method: "GET", path: "/main.wasm", want: 200},
		{name: "not found", method: "GET", path: "/missing", want: 404},
		{name: "method not allowed", method: "DELETE", path: "/", want: 405},
		{name: "mux redirect", method: "GET", path: "/demo", want: 307},
		{name: "site info", method: "GET", path: "/magetoken.json", want: 200},
		{name: "demo token", method: "POST", path: "/demo/rest/V1/integration/admin/token",
			body: `{"username":"demo","password":"demo-password-1"}`, want: 200},
		{name: "demo error", method: "GET", path: "/demo/rest/V1/store/websites", want: 401},
		{name: "proxy answer", method: "GET", path: store + "/rest/V1/store/websites", want: 200},
		{name: "proxy refusal", method: "GET", path: store + "/admin", want: 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{"Content-Type": {"application/json"}}
			res, _ := do(t, tt.method, srv.URL+tt.path, h, tt.body)
			if res.StatusCode != tt.want {
				t.Errorf("%s %s: status = %d, want %d", tt.method, tt.path, res.StatusCode, tt.want)
			}
			checkSecurityHeaders(t, tt.method+" "+tt.path, res.Header)
		})
	}
}

func TestSecurityHeadersCannotBeWeakened(t *testing.T) {
	t.Parallel()
	h := securityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Frame-Options", "SAMEORIGIN")
		w.Header().Del("Content-Security-Policy")
		w.Write([]byte("hi"))
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	checkSecurityHeaders(t, "handler that sets its own", rec.Header())
}

func TestContentSecurityPolicy(t *testing.T) {
	t.Parallel()
	csp := contentSecurityPolicy
	for _, want := range []string{
		"default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
		"img-src 'self' data:", "connect-src 'self' https: http:", "frame-ancestors 'none'",
		"base-uri 'none'", "form-action 'none'", "object-src 'none'",
	} {
		if !strings.Contains(csp, want+";") && !strings.HasSuffix(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "'unsafe-eval'") {
		t.Errorf("Content-Security-Policy %q allows inline script or eval", csp)
	}
}
