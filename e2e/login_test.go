//go:build !js

package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/magetoken/magetoken/magento/magentotest"
)

// TestDemoLogin logs in to the demo store with the plain admin account and
// checks the token shown, its decoding, and the websites of a validation.
func TestDemoLogin(t *testing.T) {
	t.Parallel()
	p := openPage(t)

	p.waitVisible("#demo-fill")
	p.click("#demo-fill")
	if got := p.value("#domain"); !strings.HasSuffix(got, env.demo) {
		t.Errorf("#domain after #demo-fill = %q, want the demo store %q", got, env.demo)
	}
	if got := p.value("#protocol"); got != "http" {
		t.Errorf("#protocol after #demo-fill = %q, want http", got)
	}
	p.login(magentotest.DemoUser, magentotest.DemoPassword)

	p.waitState("#login-status", "ok")
	if got := p.value("#token-input"); strings.Count(got, ".") != 2 {
		t.Errorf("#token-input after login = %q, want a JWT", elide(got))
	}
	p.expectAdminToken()

	p.submit("#validate", "#validate-status")
	p.waitState("#validate-status", "ok")
	p.waitFor("#websites", "the demo store's websites", func(s shown) bool {
		return strings.Contains(s.Text, demoWebsite) && strings.Contains(s.Text, "Europe Website")
	})
}

// expectAdminToken checks that the token shown decodes as a valid admin token
// that expires in the future.
func (p *page) expectAdminToken() {
	p.t.Helper()
	p.waitFor("#token-status", `data-status="valid"`, func(s shown) bool { return s.Status == "valid" })
	if got := p.text("#token-user-type"); !strings.Contains(strings.ToLower(got), "admin") {
		p.t.Errorf("#token-user-type = %q, want admin", got)
	}
	claims := p.text("#token-claims")
	for _, claim := range []string{`"uid"`, `"utypid"`, `"iat"`, `"exp"`} {
		if !strings.Contains(claims, claim) {
			p.t.Errorf("#token-claims = %q, want it to show %s", claims, claim)
		}
	}
	if got := p.text("#token-expires"); got == "" {
		p.t.Errorf("#token-expires is empty, want the expiry")
	}
	countdown := p.read("#token-countdown")
	if countdown.Text == "" || countdown.Text == "expired" || countdown.State == "expired" {
		p.t.Errorf("#token-countdown = %v, want the time left until an expiry in the future", countdown)
	}
}

// TestWrongPassword checks that the store's refusal is shown as an error and
// that the page still logs in afterwards.
func TestWrongPassword(t *testing.T) {
	t.Parallel()
	p := openPage(t)

	p.store(env.demo, true, "direct")
	p.login(magentotest.DemoUser, "not-the-password")
	s := p.waitState("#login-status", "error")
	t.Logf("#login-status for a wrong password: %v", s)
	if !strings.Contains(s.Text, "sign-in was incorrect") {
		t.Errorf("#login-status = %v, want the store's message (The account sign-in was incorrect ...)", s)
	}
	if s.Kind != "badCredentials" {
		t.Errorf("#login-status data-kind = %q, want badCredentials", s.Kind)
	}

	p.typeText("#password", magentotest.DemoPassword)
	p.submit("#login", "#login-status")
	p.waitState("#login-status", "ok")
	p.expectAdminToken()
}

// TestTwoFactorLogin logs in with the 2FA account: the code field appears, a
// wrong code is refused, and the right one logs in.
func TestTwoFactorLogin(t *testing.T) {
	t.Parallel()
	p := openPage(t)

	if p.visible("#otp-row") {
		t.Errorf("#otp-row is shown before the store asked for a code")
	}
	p.store(env.demo, true, "direct")
	p.login(magentotest.Demo2FAUser, magentotest.Demo2FAPassword)
	p.waitVisible("#otp-row")
	t.Logf("#login-status when the code is asked: %v", p.read("#login-status"))

	p.typeText("#otp", wrongCode(t, magentotest.Demo2FASecret, time.Now()))
	p.submit("#login", "#login-status")
	s := p.waitFor("#login-status", `data-state="error" with "Invalid code."`, func(s shown) bool {
		return s.State == "error" && strings.Contains(s.Text, "Invalid code.")
	})
	t.Logf("#login-status for a wrong code: %v", s)
	if s.Kind != "invalidCode" {
		t.Errorf("#login-status data-kind = %q, want invalidCode", s.Kind)
	}

	code, err := totp.GenerateCode(magentotest.Demo2FASecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p.typeText("#otp", code)
	p.submit("#login", "#login-status")
	p.waitState("#login-status", "ok")
	p.expectAdminToken()
}

// wrongCode returns a six-digit code that no step near now accepts.
func wrongCode(t *testing.T, secret string, now time.Time) string {
	t.Helper()
	valid := map[string]bool{}
	for _, d := range []time.Duration{-60 * time.Second, -30 * time.Second, 0, 30 * time.Second, 60 * time.Second} {
		code, err := totp.GenerateCode(secret, now.Add(d))
		if err != nil {
			t.Fatal(err)
		}
		valid[code] = true
	}
	for n := 123456; ; n++ {
		code := fmt.Sprintf("%06d", n%1000000)
		if !valid[code] {
			return code
		}
	}
}

// elide shortens a long value for a message, so that no whole token is
// printed.
func elide(s string) string {
	if len(s) <= 24 {
		return s
	}
	return s[:12] + "…" + s[len(s)-6:] + " (" + strconv.Itoa(len(s)) + " bytes)"
}

// demoWebsite is the name of the demo store's first website; the demo has a
// second one, "Europe Website".
const demoWebsite = "Main Website"
