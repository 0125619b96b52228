package magentotest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestFaults(t *testing.T) {
	t.Parallel()
	const script = `{"message":"<script>alert(1)</script> & <b>bold</b>"}`

	tests := []struct {
		name        string
		fault       Fault
		path        string
		status      int
		contentType string
		body        string // exact, or a prefix when prefix is set
		prefix      bool
	}{
		{name: "internal error", fault: Fault{Status: 500}, path: "/rest/V1/store/websites",
			status: 500, contentType: jsonContentType,
			body: `{"message":"Internal Error. Details are available in Magento log file. ` +
				`Report ID: webapi-6553f1001e240"}`},
		{name: "internal error on other status", fault: Fault{Status: 502},
			path: "/rest/V1/integration/admin/token", status: 502, contentType: jsonContentType,
			body: `{"message":"Internal Error. Details are available in Magento log file. ` +
				`Report ID: webapi-6553f1001e240"}`},
		{name: "HTML page", fault: Fault{Status: 503, HTML: true}, path: "/rest/V1/store/websites",
			status: 503, contentType: "text/html; charset=UTF-8", body: "<!doctype html>", prefix: true},
		{name: "HTML page defaults to 500", fault: Fault{HTML: true}, path: "/rest/V1/store/websites",
			status: 500, contentType: "text/html; charset=UTF-8", body: "<!doctype html>", prefix: true},
		{name: "HTML body", fault: Fault{Status: 502, HTML: true, Body: "<h1>Bad gateway</h1>"},
			path: "/rest/V1/store/websites", status: 502, contentType: "text/html; charset=UTF-8",
			body: "<h1>Bad gateway</h1>"},
		{name: "raw JSON body with markup", fault: Fault{Status: 400, Body: script},
			path: "/rest/V1/integration/admin/token", status: 400, contentType: jsonContentType,
			body: script},
		{name: "raw body defaults to 500", fault: Fault{Body: "not json"},
			path: "/rest/V1/store/websites", status: 500, contentType: jsonContentType, body: "not json"},
		{name: "huge body", fault: Fault{Size: 100}, path: "/rest/V1/store/websites",
			status: 200, contentType: jsonContentType, body: `"` + strings.Repeat("x", 98) + `"`},
		{name: "match", fault: Fault{Match: "storeViews", Status: 500},
			path: "/rest/V1/store/websites", status: 401, contentType: jsonContentType,
			body: bodyNotAllowedTo},
		{name: "delay alone answers normally", fault: Fault{Delay: time.Millisecond},
			path: "/rest/V1/store/websites", status: 401, contentType: jsonContentType,
			body: bodyNotAllowedTo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := testStore(t)
			s.SetClock(func() time.Time { return time.Unix(1700000000, 123456000) })
			s.SetFault(tt.fault)
			w := serve(t, s, http.MethodGet, tt.path, "")
			if w.Code != tt.status {
				t.Errorf("status = %d, want %d", w.Code, tt.status)
			}
			if got := w.Header().Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tt.contentType)
			}
			got := w.Body.String()
			if tt.prefix && !strings.HasPrefix(got, tt.body) || !tt.prefix && got != tt.body {
				t.Errorf("body = %.200s, want %s (prefix %v)", got, tt.body, tt.prefix)
			}
		})
	}
}

func TestFaultCleared(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	s.SetFault(Fault{Status: 500})
	if w := serve(t, s, http.MethodGet, "/rest/V1/store/websites", ""); w.Code != 500 {
		t.Fatalf("status with fault = %d, want 500", w.Code)
	}
	s.SetFault(Fault{})
	if w := serve(t, s, http.MethodGet, "/rest/V1/store/websites", ""); w.Code != 401 {
		t.Errorf("status after clearing = %d, want 401", w.Code)
	}
}

func TestFaultDelayHonoursContext(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	s.SetFault(Fault{Delay: time.Hour, Status: 500})

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	r := httptest.NewRequestWithContext(ctx, http.MethodGet, "/rest/V1/store/websites", nil)
	w := httptest.NewRecorder()
	start := time.Now()
	s.Handler().ServeHTTP(w, r)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("handler took %v after the context ended", d)
	}
	if w.Body.Len() != 0 {
		t.Errorf("body = %s, want none after the context ended", w.Body)
	}
	reqs := s.Requests()
	if len(reqs) != 1 || reqs[0].Status != 0 {
		t.Errorf("Requests() = %+v, want one request with status 0", reqs)
	}
}

func TestFaultCloseWithoutHijack(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	s.SetFault(Fault{Close: true})
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("recover() = %v, want http.ErrAbortHandler", p)
		}
	}()
	serve(t, s, http.MethodGet, "/rest/V1/store/websites", "")
}
