//go:build !js

package e2e

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/magetoken/magetoken/magento/magentotest"
)

// tokenPath ends the path of Magento's admin token endpoint.
const tokenPath = "/V1/integration/admin/token"

// slowStore is a store on its own origin, proxied by the server, that only
// TestSlowStoreCancel slows down. A store has one fault at a time, so a delay
// set on a store that other tests use would hold their requests back too, or
// be replaced by their faults.
var slowStore struct {
	store  *magentotest.Store
	domain string // "127.0.0.1:PORT"

	// arrived receives the path of every token request when it reaches the
	// store, before the store holds it back.
	arrived chan string
}

// startSlowStore starts the slow store; TestMain passes its URL to the
// server with -store and closes it at the end of the run.
func startSlowStore() *httptest.Server {
	s := magentotest.NewStore()
	s.AddUser(magentotest.User{Username: shopUser, Password: shopPassword, ID: 9})
	slowStore.store = s
	slowStore.arrived = make(chan string, 64)
	next := s.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Go's server sees a client go away only once the body is read, and
		// the store holds a request back before it reads the body. Read it
		// first, as a web server in front of PHP does, so that the store's
		// delay ends when the proxy gives up on it.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "reading the body: "+err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if strings.HasSuffix(r.URL.Path, tokenPath) {
			select {
			case slowStore.arrived <- r.URL.Path:
			default:
			}
		}
		next.ServeHTTP(w, r)
	}))
	slowStore.domain = strings.TrimPrefix(srv.URL, "http://")
	return srv
}

// TestSlowStoreCancel starts a login to a store that does not answer, cancels
// it from the busy bar, and checks that the page, the server's proxy and the
// store all let go of it; then the same page logs in to the demo store.
func TestSlowStoreCancel(t *testing.T) {
	t.Parallel()
	slow := slowStore.store
	slow.SetFault(magentotest.Fault{Match: tokenPath, Delay: time.Minute})
	t.Cleanup(func() { slow.SetFault(magentotest.Fault{}) })
	drain(slowStore.arrived)
	slow.ResetRequests()
	p := openPage(t)

	p.store(slowStore.domain, true, "server")
	p.login(shopUser, shopPassword)
	busy := p.waitState("#login-status", "busy")
	t.Logf("#login-status while the store holds the answer back: %v", busy)
	p.expectBusy(true)
	select {
	case <-slowStore.arrived:
	case <-time.After(waitTimeout):
		t.Fatalf("the login request did not reach the slow store within %v", waitTimeout)
	}

	start := time.Now()
	p.click("#cancel")
	s := p.waitFor("#login-status", `data-state="error" data-kind="canceled"`, func(s shown) bool {
		return s.State != "busy"
	})
	t.Logf("#login-status %v after Cancel: %v", time.Since(start).Round(time.Millisecond), s)
	if s.State != "error" || s.Kind != "canceled" {
		t.Errorf("#login-status after Cancel = %v, want data-state=error data-kind=canceled", s)
	}
	if !strings.Contains(strings.ToLower(s.Text), "canceled") {
		t.Errorf("#login-status after Cancel = %v, want it to say the login was canceled", s)
	}
	p.expectBusy(false)
	activity := eval[string](p, activityLogJS)
	if !strings.Contains(activity, "Canceled the running request.") {
		t.Errorf("#activity-log = %q, want it to record the cancel", activity)
	}
	expectAbandoned(t, slow)

	p.store(env.demo, true, "direct")
	p.login(magentotest.DemoUser, magentotest.DemoPassword)
	p.waitState("#login-status", "ok")
	p.expectAdminToken()
}

// expectBusy checks the busy bar and the buttons: while a call runs, Cancel
// is shown and enabled and the network buttons are disabled; otherwise it is
// the other way round.
func (p *page) expectBusy(busy bool) {
	p.t.Helper()
	if got := p.visible("#cancel"); got != busy {
		p.t.Errorf("#cancel shown = %v, want %v", got, busy)
	}
	if got := p.enabled("#cancel"); got != busy {
		p.t.Errorf("#cancel enabled = %v, want %v", got, busy)
	}
	for _, sel := range []string{"#login", "#validate"} {
		if got := p.enabled(sel); got == busy {
			p.t.Errorf("%s enabled = %v, want %v", sel, got, !busy)
		}
	}
	if got, want := p.attr("body", "aria-busy"), strconv.FormatBool(busy); got != want {
		p.t.Errorf("body[aria-busy] = %q, want %q", got, want)
	}
}

// enabled reports whether a form control is present and not disabled.
func (p *page) enabled(sel string) bool {
	p.t.Helper()
	return eval[bool](p, `(() => {
		const e = document.querySelector(`+js(sel)+`);
		return !!e && !e.disabled;
	})()`)
}

// expectAbandoned checks that the store saw its held-back token request end
// without an answer soon after the cancel: the server's proxy passed the
// cancel on instead of waiting for the store.
func expectAbandoned(t *testing.T, s *magentotest.Store) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var seen []magentotest.LoggedRequest
		for _, r := range s.Requests() {
			if strings.HasSuffix(r.Path, tokenPath) {
				seen = append(seen, r)
			}
		}
		if len(seen) == 1 && seen[0].Status == 0 {
			return
		}
		if len(seen) > 1 || time.Now().After(deadline) {
			t.Errorf("the slow store's token requests = %+v, want one that ended without an answer "+
				"(status 0) within 5 s of the cancel", seen)
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// drain empties a channel without waiting.
func drain[T any](c chan T) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}
