//go:build !js

package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCrossOriginStore logs in to a store on another origin that sends no
// CORS headers: directly the browser blocks it and the page says why; through
// the server's proxy the same login works.
func TestCrossOriginStore(t *testing.T) {
	t.Parallel()
	p := openPage(t)
	p.allow(func(m chromedp.ConsoleMessage) bool {
		return strings.Contains(m.Text, "has been blocked by CORS policy") &&
			strings.Contains(m.Text, env.plainDomain)
	})

	before := loginsAccepted()
	p.store(env.plainDomain, true, "direct")
	p.login(shopUser, shopPassword)
	s := p.waitState("#login-status", "error")
	t.Logf("#login-status for a direct cross-origin login: %v", s)
	if s.Kind != "network" {
		t.Errorf("#login-status data-kind = %q, want network", s.Kind)
	}
	text := strings.ToLower(s.Text)
	if !strings.Contains(text, "cors") && !strings.Contains(text, "cross-origin") {
		t.Errorf("#login-status = %v, want it to name CORS or cross-origin", s)
	}
	if !strings.Contains(s.Text, "-store") {
		t.Errorf("#login-status = %v, want the hint to name the server's -store option", s)
	}
	if n := loginsAccepted() - before; n != 0 {
		t.Errorf("the store accepted %d logins, want none: the browser blocks the request", n)
	}

	p.choose("#route", "server")
	p.submit("#login", "#login-status")
	p.waitState("#login-status", "ok")
	p.expectAdminToken()
	if n := loginsAccepted() - before; n != 1 {
		t.Errorf("the store accepted %d logins, want 1 through the proxy", n)
	}
}

// loginsAccepted counts the plain store's successful token requests.
func loginsAccepted() int {
	n := 0
	for _, r := range env.plain.Requests() {
		login := r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/integration/admin/token")
		if login && r.Status == http.StatusOK {
			n++
		}
	}
	return n
}
