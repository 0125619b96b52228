package magentotest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock that moves only when told.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(unix int64) *fakeClock {
	return &fakeClock{t: time.Unix(unix, 0)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Bodies used by many tests.
const (
	bodyNoRoute      = `{"message":"Request does not match any route."}`
	bodyBadMethod    = `{"message":"Request method is invalid."}`
	bodyNotAllowedTo = `{"message":"The consumer isn't authorized to access %resources.",` +
		`"parameters":{"resources":"Magento_Backend::store"}}`
	bodySignIn = `{"message":"The account sign-in was incorrect or your account is disabled ` +
		`temporarily. Please wait and try again later."}`
	bodyBothRequired = `{"message":"One or more input exceptions have occurred.","errors":[` +
		`{"message":"\"%fieldName\" is required. Enter and try again.",` +
		`"parameters":{"fieldName":"username"}},` +
		`{"message":"\"%fieldName\" is required. Enter and try again.",` +
		`"parameters":{"fieldName":"password"}}]}`
	bodyWebsites = `[{"id":0,"code":"admin","name":"Admin","default_group_id":0},` +
		`{"id":1,"code":"base","name":"Main Website","default_group_id":1}]`
)

func requiredBody(field string) string {
	return `{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"` +
		field + `"}}`
}

// testStore returns a store on a fake clock with one administrator,
// "admin" / "secret-1", ID 1.
func testStore(t *testing.T) (*Store, *fakeClock) {
	t.Helper()
	clock := newClock(1700000000)
	s := NewStore()
	s.SetClock(clock.Now)
	s.AddUser(User{Username: "admin", Password: "secret-1", ID: 1})
	return s, clock
}

// serve sends a request to the store's handler. header holds name, value
// pairs; a body without a Content-Type pair is sent as application/json.
func serve(
	t *testing.T, s *Store, method, path, body string, header ...string,
) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequestWithContext(t.Context(), method, path, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, r)
	return w
}

// login gets a token for username and password from the admin token
// endpoint, failing the test on any other answer.
func login(t *testing.T, s *Store, username, password string) string {
	t.Helper()
	w := serve(t, s, http.MethodPost, "/rest/V1/integration/admin/token",
		`{"username":"`+username+`","password":"`+password+`"}`)
	if w.Code != http.StatusOK {
		t.Fatalf("login(%q) = %d %s, want 200", username, w.Code, w.Body)
	}
	body := w.Body.String()
	return strings.Trim(body, `"`)
}

// getWebsites calls GET /V1/store/websites with a bearer token and returns
// the status.
func getWebsites(t *testing.T, s *Store, token string) int {
	t.Helper()
	return serve(t, s, http.MethodGet, "/rest/V1/store/websites", "",
		"Authorization", "Bearer "+token).Code
}

// checkAnswer compares status, JSON content type and exact body.
func checkAnswer(t *testing.T, w *httptest.ResponseRecorder, status int, body string) {
	t.Helper()
	if w.Code != status {
		t.Errorf("status = %d, want %d (body %s)", w.Code, status, w.Body)
	}
	if got := w.Header().Get("Content-Type"); got != jsonContentType {
		t.Errorf("Content-Type = %q, want %q", got, jsonContentType)
	}
	if got := w.Body.String(); got != body {
		t.Errorf("body =\n%s\nwant\n%s", got, body)
	}
}
