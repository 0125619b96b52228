//go:build !js

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/magetoken/magetoken/magento/magentotest"
)

// myMagentoKeys are the keys of an exported config, in MyMagento's order.
var myMagentoKeys = []string{
	"domain", "username", "password", "scope", "user_agent", "token",
	"log_level", "log_file", "local", "login",
}

// TestExport downloads the config and checks that MyMagento can read it.
func TestExport(t *testing.T) {
	t.Parallel()
	token, err := env.plain.IssueToken(shopUser)
	if err != nil {
		t.Fatalf("IssueToken: %v", err)
	}
	p := openPage(t)

	p.store(env.demo, true, "direct")
	p.typeText("#scope", "default")
	p.typeText("#username", magentotest.DemoUser)
	p.typeText("#password", magentotest.DemoPassword)
	if s := p.pasteToken(token); s.Status != "valid" {
		t.Fatalf("#token-status = %v, want data-status=valid", s)
	}

	cfg := p.exportConfig()
	if got, want := cfg["password"], ""; got != want {
		t.Errorf("exported password = %q, want %q while #export-password is not ticked", got, want)
	}
	checks := map[string]any{
		"domain": env.demo, "username": magentotest.DemoUser, "scope": "default",
		"token": token, "local": true, "login": false,
	}
	for key, want := range checks {
		if got := cfg[key]; got != want {
			t.Errorf("exported %s = %#v, want %#v", key, got, want)
		}
	}

	p.click("#export-password")
	cfg = p.exportConfig()
	if got, want := cfg["password"], magentotest.DemoPassword; got != want {
		t.Errorf("exported password with #export-password ticked = %q, want the password", got)
	}
	if got := cfg["login"]; got != false {
		t.Errorf(`exported login = %#v, want false`, got)
	}
}

// exportConfig clicks #export, reads the downloaded file and checks its keys
// and their order.
func (p *page) exportConfig() map[string]any {
	p.t.Helper()
	data := p.download("#export", "magento-config.json")

	keys, err := objectKeys(data)
	if err != nil {
		p.t.Fatalf("the exported file is not a JSON object: %v\n%s", err, data)
	}
	if !slices.Equal(keys, myMagentoKeys) {
		p.t.Errorf("exported keys = %q, want %q", keys, myMagentoKeys)
	}
	var cfg map[string]any
	if err := json.Unmarshal(data, &cfg); err != nil {
		p.t.Fatalf("decoding the exported file: %v", err)
	}
	return cfg
}

// objectKeys returns the keys of a JSON object in the order written.
func objectKeys(data []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var keys []string
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, key.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// download clicks sel and returns the file the browser saved. The browser
// names the file by the download's id; the name the page suggested must be
// suggested.
func (p *page) download(sel, suggested string) []byte {
	p.t.Helper()
	dir := p.t.TempDir()
	ctx, cancel := context.WithTimeout(p.ctx, waitTimeout)
	defer cancel()

	_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior:         browser.SetDownloadBehaviorBehaviorAllowAndName,
		BrowserContextID: chromedp.FromContext(p.ctx).BrowserContextID,
		DownloadPath:     dir,
		EventsEnabled:    new(true),
	})
	if err != nil {
		p.t.Fatalf("allowing downloads: %v", err)
	}
	begins := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)

	p.click(sel)

	var guid string
	for ev, err := range begins {
		if err != nil {
			p.t.Fatalf("waiting for a download after clicking %s: %v", sel, err)
		}
		if ev.SuggestedFilename != suggested {
			p.t.Errorf("the download is named %q, want %q", ev.SuggestedFilename, suggested)
		}
		guid = ev.GUID
		break
	}
	for ev, err := range progress {
		if err != nil {
			p.t.Fatalf("waiting for the download to complete: %v", err)
		}
		if ev.GUID != guid {
			continue
		}
		switch ev.State {
		case browser.DownloadProgressStateCanceled:
			p.t.Fatalf("the download was canceled")
		case browser.DownloadProgressStateCompleted:
			path := ev.FilePath
			if path == "" {
				path = filepath.Join(dir, guid)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				p.t.Fatalf("reading the download: %v", err)
			}
			return data
		}
	}
	p.t.Fatalf("the download did not complete")
	return nil
}

// myMagentoConfig is a file as MyMagento's Client.to_json writes it.
const myMagentoConfig = `{
    "domain": "shop.example.com",
    "username": "api_admin",
    "password": "",
    "scope": "default",
    "user_agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "token": "TOKEN",
    "log_level": "INFO",
    "log_file": "api_admin_shop.example.com.log"
}`

// TestImport chooses config files through the file picker.
func TestImport(t *testing.T) {
	t.Parallel()
	token, err := env.plain.IssueToken(shopUser)
	if err != nil {
		t.Fatalf("IssueToken: %v", err)
	}
	dir := t.TempDir()
	good := writeFile(t, dir, "my-magento.json", strings.Replace(myMagentoConfig, "TOKEN", token, 1))
	bad := writeFile(t, dir, "wrong-types.json", `{
    "domain": 42,
    "username": ["api_admin"],
    "log_level": "LOUD",
    "local": "yes",
    "colour": "blue"
}`)
	broken := writeFile(t, dir, "broken.json", `{"domain": "shop.example.com", "username": `)
	p := openPage(t)

	t.Run("MyMagento file", func(t *testing.T) {
		p := p.as(t)
		p.chooseFile(good)
		p.waitState("#import-status", "ok")
		if got, want := p.value("#domain"), "shop.example.com"; got != want {
			t.Errorf("#domain = %q, want %q", got, want)
		}
		if got, want := p.value("#username"), "api_admin"; got != want {
			t.Errorf("#username = %q, want %q", got, want)
		}
		if got, want := p.value("#scope"), "default"; got != want {
			t.Errorf("#scope = %q, want %q", got, want)
		}
		s := p.waitFor("#token-status", "a decoded token", func(s shown) bool {
			return s.Status != "" && s.Status != "empty"
		})
		if s.Status != "valid" {
			t.Errorf("#token-status = %v, want data-status=valid", s)
		}
		if got := p.text("#token-claims"); !strings.Contains(got, `"uid"`) {
			t.Errorf("#token-claims = %q, want the imported token's claims", got)
		}
	})
	t.Run("wrong types", func(t *testing.T) {
		p := p.as(t)
		p.chooseFile(bad)
		s := p.waitState("#import-status", "error")
		problems := p.text("#import-problems")
		for _, key := range []string{"domain", "username", "log_level", "local"} {
			if !strings.Contains(problems, key) {
				t.Errorf("#import-problems = %q, want a problem naming %s (status %v)", problems, key, s)
			}
		}
	})
	t.Run("broken JSON", func(t *testing.T) {
		p := p.as(t)
		p.chooseFile(broken)
		p.waitState("#import-status", "error")
		if got := p.text("#import-problems"); got == "" {
			t.Errorf("#import-problems is empty, want what is wrong with the file")
		}
	})
	t.Run("still usable", func(t *testing.T) {
		p := p.as(t)
		p.chooseFile(good)
		p.waitState("#import-status", "ok")
		if got, want := p.value("#username"), "api_admin"; got != want {
			t.Errorf("#username = %q, want %q", got, want)
		}
	})
}

// chooseFile picks a file in the #import-file picker.
func (p *page) chooseFile(path string) {
	p.t.Helper()
	p.watch("#import-status")
	p.do("choosing "+filepath.Base(path), chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{path}))
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
