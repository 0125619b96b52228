//go:build !js

package e2e

import (
	"strings"
	"testing"
)

// TestBadInputs feeds the page garbage and checks that it keeps working.
func TestBadInputs(t *testing.T) {
	t.Parallel()
	good, err := env.plain.IssueToken(shopUser)
	if err != nil {
		t.Fatalf("IssueToken: %v", err)
	}
	p := openPage(t)

	garbage := []string{
		"x",
		"....",
		"a.b.c",
		"eyJ.eyJ.",
		"Bearer",
		`"`,
		"{}",
		"null",
		"日本語.トークン.です",
		"\u202e\u0000\ufeff.\x7f.\u2028",
		strings.Repeat("A.", 500),
		strings.Repeat("eyJ1aWQiOjF9", 400) + "." + strings.Repeat("%", 1000) + ".sig",
	}
	for _, g := range garbage {
		if s := p.pasteToken(g); s.Status == "valid" {
			t.Errorf("#token-status for garbage %q = %v, want it refused", elide(g), s)
		}
	}

	huge := strings.Repeat("eyJhbGciOiJIUzI1NiJ9.", 1<<20/21)
	if s := p.pasteToken(huge); s.Status == "valid" {
		t.Errorf("#token-status for a 1 MB paste = %v, want it refused", s)
	}

	p.paste("#import-text", `{"domain": "shop.example.com", "token": `)
	p.submit("#import-paste", "#import-status")
	p.waitState("#import-status", "error")
	if got := p.text("#import-problems"); got == "" {
		t.Errorf("#import-problems is empty after broken JSON, want the problem")
	}

	p.store("https://exa mple.com:99999/<b>", false, "direct")
	p.login("someone", "something")
	if s := p.waitState("#login-status", "error"); s.Kind != "invalidDomain" {
		t.Errorf("#login-status data-kind = %q, want invalidDomain (%v)", s.Kind, s)
	}

	alive := eval[string](p, `(() => {
		if (window.magetokenError) return "magetokenError: " + String(window.magetokenError);
		const v = magetoken.decodeToken("a.b.c", {});
		return typeof v.status === "string" ? "ok" : "decodeToken returned " + JSON.stringify(v);
	})()`)
	if alive != "ok" {
		t.Fatalf("the wasm runtime after bad inputs: %s, want it answering", alive)
	}
	if s := p.pasteToken(good); s.Status != "valid" {
		t.Errorf("#token-status for a good token after bad inputs = %v, want data-status=valid", s)
	}
	if got := p.text("#token-claims"); !strings.Contains(got, `"uid"`) {
		t.Errorf("#token-claims = %q, want the good token's claims", got)
	}
}
