//go:build !js

package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/magetoken/magetoken/magento/magentotest"
)

// TestStoreTextIsInert makes a store answer with markup in its error message
// and checks that the page shows it as text.
func TestStoreTextIsInert(t *testing.T) {
	t.Parallel()
	const (
		img    = `<img src=x onerror="window.magetokenPwned = 'img'">`
		script = `<script>window.magetokenPwned = 'script'</script>`
	)
	env.faulty.SetFault(magentotest.Fault{
		Match:  "integration/admin/token",
		Status: http.StatusBadRequest,
		Body:   `{"message":"Store says ` + jsonEscape(img) + ` and %1","parameters":["` + jsonEscape(script) + `"]}`,
	})
	t.Cleanup(func() { env.faulty.SetFault(magentotest.Fault{}) })
	p := openPage(t)

	countElements := `document.querySelectorAll(` + js(activeTags) + `).length`
	before := eval[int](p, countElements)
	p.store(env.faultyDomain, true, "server")
	p.login(shopUser, shopPassword)
	s := p.waitState("#login-status", "error")
	t.Logf("#login-status for a store message with markup: %v", s)

	shown := p.textContent("#login-status")
	for _, markup := range []string{img, script} {
		if !strings.Contains(shown, markup) {
			t.Errorf("#login-status text = %q, want the store's markup %q shown literally (status %v)", shown, markup, s)
		}
	}
	if after := eval[int](p, countElements); after != before {
		t.Errorf("the page has %d img/script/iframe/object/embed elements after the store's answer, want %d as before", after, before)
	}
	for _, sel := range []string{"#login-status", "#activity-log"} {
		if n := eval[int](p, `document.querySelector(`+js(sel)+`).querySelectorAll(`+js(activeTags)+`).length`); n != 0 {
			t.Errorf("%s holds %d img/script/iframe/object/embed elements, want none", sel, n)
		}
	}
	if got := eval[string](p, `String(window.magetokenPwned)`); got != "undefined" {
		t.Errorf("window.magetokenPwned = %q, want undefined: the store's markup ran", got)
	}
}

// activeTags are the elements through which markup could run or load.
const activeTags = "img, script, iframe, object, embed"

// textContent returns an element's textContent, hidden text included.
func (p *page) textContent(sel string) string {
	p.t.Helper()
	return eval[string](p, `(document.querySelector(`+js(sel)+`) || {}).textContent || ""`)
}

// jsonEscape quotes s for use inside a JSON string literal.
func jsonEscape(s string) string {
	q := js(s)
	return q[1 : len(q)-1]
}
