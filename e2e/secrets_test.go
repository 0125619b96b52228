//go:build !js

package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/magetoken/magetoken/magento/magentotest"
)

// importedPassword is the password in the config file that
// TestSecretsStayOut loads; no store knows it.
const importedPassword = "imported-Pa55word-e2e-4q7"

// canary is a value, not a secret, that TestSecretsStayOut writes to every
// surface it reads, to prove that it reads them.
const canary = "magetoken-e2e-canary-k3v9"

// TestSecretsStayOut does what an administrator does with secrets on the
// page (logs in with and without 2FA, validates, downloads the config
// without the password, loads a file holding a password and a token, checks
// a signature with the crypt key) and then looks for every secret where none
// may be: the server's output, the activity log, the console, Web Storage,
// cookies and the URLs the tab requested.
func TestSecretsStayOut(t *testing.T) {
	t.Parallel()
	imported, err := env.plain.IssueToken(shopUser)
	if err != nil {
		t.Fatalf("IssueToken: %v", err)
	}
	file := writeFile(t, t.TempDir(), "imported.json", importedConfig(t, imported))
	mark := markServer()
	p := openPage(t)
	tab := recordTab(p)

	p.store(env.demo, true, "direct")
	p.login(magentotest.DemoUser, magentotest.DemoPassword)
	p.waitState("#login-status", "ok")
	plainToken := p.loggedInToken()

	p.login(magentotest.Demo2FAUser, magentotest.Demo2FAPassword)
	p.waitVisible("#otp-row")
	code, err := totp.GenerateCode(magentotest.Demo2FASecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p.typeText("#otp", code)
	p.submit("#login", "#login-status")
	p.waitState("#login-status", "ok")
	twoFactorToken := p.loggedInToken()

	p.submit("#validate", "#validate-status")
	p.waitState("#validate-status", "ok")
	p.checkSignature(magentotest.DemoCryptKey, "ok")

	cfg := p.exportConfig()
	if got := cfg["password"]; got != "" {
		t.Errorf("exported password = %q, want \"\" while #export-password is not ticked", got)
	}
	if got, _ := cfg["token"].(string); got != twoFactorToken {
		t.Errorf("exported token = %q, want the 2FA login's token %q", elide(got), elide(twoFactorToken))
	}

	p.chooseFile(file)
	p.waitState("#import-status", "ok")
	if got := p.value("#token-input"); got != imported {
		t.Errorf("#token-input after the import = %q, want the file's token %q",
			elide(got), elide(imported))
	}
	p.choose("#route", "server")
	p.submit("#validate", "#validate-status")
	p.waitState("#validate-status", "ok")
	p.checkSignature(magentotest.DemoCryptKey, "error")
	p.settle()

	// The 2FA code is left out: six digits turn up in times and durations.
	secrets := []secret{
		{name: "the demo account's password", value: magentotest.DemoPassword},
		{name: "the 2FA account's password", value: magentotest.Demo2FAPassword},
		{name: "the imported password", value: importedPassword},
		{name: "the demo crypt key", value: magentotest.DemoCryptKey},
		{name: "the 2FA secret", value: magentotest.Demo2FASecret},
	}
	for _, tok := range []struct{ name, value string }{
		{name: "the demo login's token", value: plainToken},
		{name: "the 2FA login's token", value: twoFactorToken},
		{name: "the imported token", value: imported},
	} {
		_, _, signature := splitToken(t, tok.value)
		secrets = append(secrets,
			secret{name: tok.name, value: tok.value},
			secret{name: "the signature of " + tok.name, value: signature})
	}

	p.writeCanaries()
	activity := eval[string](p, `document.querySelector("#activity-log").outerHTML`)
	server, serverBefore := mark.since()
	surfaces := append(server,
		surface{name: "#activity-log", text: activity},
		surface{name: "the console", text: tab.console(p)},
		surface{name: "the console since the tab opened", text: p.consoleSince()},
		surface{name: "the URLs requested", text: tab.requested()})
	surfaces = append(surfaces, p.stored()...)

	t.Run("capture works", func(t *testing.T) {
		expectCaptured(t, surfaces, serverBefore)
	})
	for _, l := range findLeaks(secrets, surfaces) {
		t.Errorf("leak: %v", l)
	}
}

// importedConfig is a config file for the plain store holding
// importedPassword and token.
func importedConfig(t *testing.T, token string) string {
	t.Helper()
	data, err := json.MarshalIndent(map[string]any{
		"domain": env.plainDomain, "username": shopUser, "password": importedPassword,
		"scope": "", "user_agent": "magetoken-e2e", "token": token,
		"log_level": "INFO", "log_file": "e2e.log", "local": true, "login": false,
	}, "", "    ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// loggedInToken returns the token a login put in #token-input, once the page
// has decoded it as a valid admin token.
func (p *page) loggedInToken() string {
	p.t.Helper()
	p.waitFor("#token-status", `data-status="valid"`, func(s shown) bool {
		return s.Status == "valid"
	})
	token := p.value("#token-input")
	if strings.Count(token, ".") != 2 {
		p.t.Fatalf("#token-input after login = %q, want a JWT", elide(token))
	}
	return token
}

// checkSignature opens the signature check, types the crypt key and checks
// the token shown; the check must end in state.
func (p *page) checkSignature(key, state string) {
	p.t.Helper()
	if eval[bool](p, `!document.querySelector("#signature-box").open`) {
		p.click("#signature-box > summary")
	}
	p.typeText("#crypt-key", key)
	p.submit("#verify-signature", "#signature-status")
	p.waitState("#signature-status", state)
}

// writeCanaries puts canary in every surface of the tab that is read.
func (p *page) writeCanaries() {
	p.t.Helper()
	eval[chromedp.Void](p, `(() => {
		localStorage.setItem("e2e", `+js(canary)+`);
		sessionStorage.setItem("e2e", `+js(canary)+`);
		document.cookie = "e2e=" + `+js(canary)+` + "; path=/";
		console.log("e2e", {deep: {value: `+js(canary+"-object")+`}});
	})()`)
}

// expectCaptured checks that each surface was read: each holds something
// known that is no secret. It also checks that findLeaks finds a secret where
// one is: in the banner the server printed before the test, which shows the
// demo accounts on purpose, and in a planted text.
func expectCaptured(t *testing.T, surfaces, serverBefore []surface) {
	t.Helper()
	want := map[string][]string{
		"the server's stderr": {
			"path=/demo/rest/V1/integration/admin/token",
			"msg=proxy method=GET store=http://" + env.plainDomain,
		},
		"#activity-log": {
			"Logged in as " + magentotest.DemoUser + ":",
			"Logged in as " + magentotest.Demo2FAUser + ":",
			"Loaded imported.json",
		},
		"the console": {canary, canary + "-object"},
		"the URLs requested": {
			env.demo + "/rest/V1/integration/admin/token",
			env.demo + "/rest/V1/tfa/provider/google/authenticate",
			"/proxy/" + env.plainDomain + "/rest/V1/",
		},
		"localStorage":                  {canary},
		"sessionStorage":                {canary},
		"document.cookie":               {canary},
		"the browser context's cookies": {canary},
	}
	for _, sf := range surfaces {
		for _, w := range want[sf.name] {
			if !strings.Contains(sf.text, w) {
				t.Errorf("%s does not hold %q: it was not captured\n%s", sf.name, w, sf.text)
			}
		}
	}

	demo := []secret{{name: "the demo password", value: magentotest.DemoPassword}}
	banner := findLeaks(demo, serverBefore)
	if len(banner) == 0 {
		t.Errorf("findLeaks found no demo password in the server's start-up banner, which prints it")
	}
	planted := []surface{
		{name: "clean", text: "nothing here"},
		{name: "planted", text: "a?p=s3cr3t+x&b"},
	}
	got := findLeaks([]secret{{name: "planted", value: "s3cr3t x"}}, planted)
	if len(got) != 1 || got[0].surface != "planted" {
		t.Errorf("findLeaks on a planted, query-escaped secret = %v, want one leak in planted", got)
	}
}
