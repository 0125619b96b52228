package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestProxyStoreHTMLNotRendered has a store answer with an HTML page and a
// script. The proxy serves them on this server's origin, where the page's
// script-src 'self' would let the one load the other: a browser sent to the
// address directly must download the answer, not show it as a page.
func TestProxyStoreHTMLNotRendered(t *testing.T) {
	t.Parallel()
	u := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".js") {
			w.Header().Set("Content-Type", "text/javascript")
			io.WriteString(w, "alert(document.domain)")
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<script src="evil.js"></script><h1>Error</h1>`)
	})
	srv := newProxyServer(t, u, config{})
	prefix := srv.URL + "/proxy/" + u.host() + "/magento/rest/V1/"

	for _, path := range []string{"page", "evil.js"} {
		res, body := do(t, "GET", prefix+path, nil, "")
		if res.StatusCode != 200 || len(body) == 0 {
			t.Fatalf("GET %s: status %d, body %q; want the store's answer", path, res.StatusCode, body)
		}
		if got := res.Header.Get("Content-Disposition"); !strings.HasPrefix(got, "attachment") {
			t.Errorf("GET %s: Content-Disposition = %q, want attachment", path, got)
		}
		checkSecurityHeaders(t, "GET "+path, res.Header)
	}
}
