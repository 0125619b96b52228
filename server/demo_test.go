package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/magetoken/magetoken/magento/magentotest"
)

func TestDemoStoreMounted(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, config{Demo: true})

	tests := []struct {
		name     string
		path     string
		user     string
		password string
		want     int
	}{
		{name: "plain admin", path: "/demo/rest/V1/integration/admin/token",
			user: magentotest.DemoUser, password: magentotest.DemoPassword, want: http.StatusOK},
		{name: "index.php", path: "/demo/index.php/rest/V1/integration/admin/token",
			user: magentotest.DemoUser, password: magentotest.DemoPassword, want: http.StatusOK},
		{name: "2FA admin needs a code", path: "/demo/rest/V1/integration/admin/token",
			user: magentotest.Demo2FAUser, password: magentotest.Demo2FAPassword, want: http.StatusBadRequest},
		{name: "wrong password", path: "/demo/rest/V1/integration/admin/token",
			user: magentotest.DemoUser, password: "wrong", want: http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body, _ := json.Marshal(map[string]string{"username": tt.user, "password": tt.password})
			res, got := do(t, http.MethodPost, srv.URL+tt.path,
				http.Header{"Content-Type": {"application/json"}}, string(body))
			if res.StatusCode != tt.want {
				t.Fatalf("POST %s as %s: status = %d, want %d; body %s", tt.path, tt.user,
					res.StatusCode, tt.want, got)
			}
			checkSecurityHeaders(t, "demo answer", res.Header)
			if tt.want != http.StatusOK {
				return
			}
			var token string
			if err := json.Unmarshal(got, &token); err != nil || token == "" {
				t.Errorf("POST %s: body %q is not a token string: %v", tt.path, got, err)
			}
		})
	}
}

func TestDemoStoreOff(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, config{})

	res, _ := do(t, http.MethodPost, srv.URL+"/demo/rest/V1/integration/admin/token",
		http.Header{"Content-Type": {"application/json"}}, `{"username":"demo","password":"x"}`)
	if res.StatusCode != http.StatusMethodNotAllowed && res.StatusCode != http.StatusNotFound {
		t.Errorf("demo off: status = %d, want 404 or 405", res.StatusCode)
	}
}

func TestPrintDemo(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	printDemo(&b, "127.0.0.1:8080")
	out := b.String()
	for _, want := range []string{
		"127.0.0.1:8080/demo", "http",
		magentotest.DemoUser, magentotest.DemoPassword,
		magentotest.Demo2FAUser, magentotest.Demo2FAPassword,
		magentotest.Demo2FASecret, "oathtool --totp -b " + magentotest.Demo2FASecret,
		"authenticator app",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("printDemo output does not contain %q:\n%s", want, out)
		}
	}
}
