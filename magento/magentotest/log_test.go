package magentotest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRequestLog(t *testing.T) {
	t.Parallel()
	const password = "hunter2-very-secret"
	s, clock := testStore(t)
	s.SetTwoFactor(TwoFactorGoogle)
	s.AddUser(User{Username: "admin", Password: password, ID: 1, TOTPSecret: testSecret,
		SkipTwoFactor: true})

	token := login(t, s, "admin", password)
	serve(t, s, http.MethodPost, "/rest/V1/integration/admin/token?password="+password,
		`{"username":"admin","password":"`+password+`"}`)
	serve(t, s, http.MethodPost, "/rest/V1/tfa/provider/google/authenticate",
		`{"username":"admin","password":"`+password+`","otp":"`+code(t, testSecret, clock.Now())+`"}`)
	serve(t, s, http.MethodGet, "/rest/fr/V1/store/websites?token="+token, "",
		"Authorization", "Bearer "+token)
	serve(t, s, http.MethodOptions, "/rest/V1/store/websites", "")

	want := []LoggedRequest{
		{Method: "POST", Path: "/rest/V1/integration/admin/token", Status: 200},
		{Method: "POST", Path: "/rest/V1/integration/admin/token", Status: 200},
		{Method: "POST", Path: "/rest/V1/tfa/provider/google/authenticate", Status: 200},
		{Method: "GET", Path: "/rest/fr/V1/store/websites", Status: 200},
		{Method: "OPTIONS", Path: "/rest/V1/store/websites", Status: 400},
	}
	got := s.Requests()
	if !slices.Equal(got, want) {
		t.Errorf("Requests() = %+v, want %+v", got, want)
	}
	dump := fmt.Sprintf("%+v", got)
	if strings.Contains(dump, password) || strings.Contains(dump, token) {
		t.Errorf("Requests() = %s, contains a password or token", dump)
	}

	s.ResetRequests()
	if got := s.Requests(); len(got) != 0 {
		t.Errorf("Requests() after ResetRequests = %+v, want none", got)
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	s, clock := testStore(t)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			name := fmt.Sprintf("user%d", i)
			s.AddUser(User{Username: name, Password: "pw"})
			for range 5 {
				serve(t, s, http.MethodPost, "/rest/V1/integration/admin/token",
					`{"username":"`+name+`","password":"wrong"}`)
			}
			w := serve(t, s, http.MethodPost, "/rest/V1/integration/admin/token",
				`{"username":"`+name+`","password":"pw"}`)
			if w.Code != http.StatusOK {
				t.Errorf("%s: login = %d, want 200", name, w.Code)
			}
			tok := strings.Trim(w.Body.String(), `"`)
			if got := getWebsites(t, s, tok); got != http.StatusOK {
				t.Errorf("%s: GET websites = %d, want 200", name, got)
			}
			s.Revoke(name)
			clock.Add(time.Millisecond)
			s.SetCORS(i%2 == 0)
			_ = s.Requests()
		})
	}
	wg.Wait()
	if got := len(s.Requests()); got != 16*7 {
		t.Errorf("len(Requests()) = %d, want %d", got, 16*7)
	}
}
