package magentotest

import (
	"net/http"
	"regexp"
	"testing"
	"time"
)

// referenceToken is the signing test vector, computed by hand from Magento's
// rules: crypt key DefaultCryptKey, payload
// {"uid":1,"utypid":2,"iat":1700000000,"exp":1700003600}.
const referenceToken = "eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ." +
	"eyJ1aWQiOjEsInV0eXBpZCI6MiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDM2MDB9." +
	"medfRQHPbWCoJC7ZmyOP8Yrrj4PJW3hg27cR1OTdsjE"

func TestAdminTokenMatchesTestVector(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	w := serve(t, s, http.MethodPost, "/rest/V1/integration/admin/token",
		`{"username":"admin","password":"secret-1"}`)
	checkAnswer(t, w, http.StatusOK, `"`+referenceToken+`"`)

	tok, err := s.IssueToken("admin")
	if err != nil || tok != referenceToken {
		t.Errorf("IssueToken(admin) = %q, %v, want %q", tok, err, referenceToken)
	}
}

func TestAdminTokenErrors(t *testing.T) {
	t.Parallel()
	const (
		path         = "/rest/V1/integration/admin/token"
		bodyNoRole   = `{"message":"More permissions are needed to access this."}`
		bodyDecoding = `{"message":"Decoding error."}`
	)

	tests := []struct {
		name   string
		body   string
		header []string
		status int
		want   string
	}{
		{name: "empty body", body: "", status: 400, want: bodyBothRequired},
		{name: "empty object", body: `{}`, status: 400, want: bodyBothRequired},
		{name: "both null", body: `{"username":null,"password":null}`, status: 400,
			want: bodyBothRequired},
		{name: "both empty", body: `{"username":"","password":""}`, status: 400,
			want: bodyBothRequired},
		{name: "not an object", body: `["admin","secret-1"]`, status: 400, want: bodyBothRequired},
		{name: "a JSON string", body: `"admin"`, status: 400, want: bodyBothRequired},
		{name: "password missing", body: `{"username":"admin"}`, status: 400,
			want: requiredBody("password")},
		{name: "password empty", body: `{"username":"admin","password":""}`, status: 400,
			want: requiredBody("password")},
		{name: "username missing", body: `{"password":"secret-1"}`, status: 400,
			want: requiredBody("username")},
		{name: "username null", body: `{"username":null,"password":"secret-1"}`, status: 400,
			want: requiredBody("username")},
		{name: "missing beats empty", body: `{"username":""}`, status: 400,
			want: requiredBody("password")},
		{name: "unknown user", body: `{"username":"nobody","password":"secret-1"}`, status: 401,
			want: bodySignIn},
		{name: "wrong password", body: `{"username":"admin","password":"wrong"}`, status: 401,
			want: bodySignIn},
		{name: "username case matters", body: `{"username":"Admin","password":"secret-1"}`,
			status: 401, want: bodySignIn},
		{name: "inactive", body: `{"username":"inactive","password":"secret-1"}`, status: 401,
			want: bodySignIn},
		{name: "no role", body: `{"username":"norole","password":"secret-1"}`, status: 401,
			want: bodyNoRole},
		{name: "number as username", body: `{"username":123,"password":"x"}`, status: 401,
			want: bodySignIn},
		{name: "object as username", body: `{"username":{"a":1},"password":"x"}`, status: 400,
			want: `{"message":"The \"%value\" value's type is invalid. The \"%type\" type was ` +
				`expected. Verify and try again.","parameters":{"value":"array","type":"string"}}`},
		{name: "no content type", body: `{"username":"admin","password":"secret-1"}`,
			header: []string{"Content-Type", ""}, status: 400,
			want: `{"message":"Content-Type header is empty."}`},
		{name: "text/plain", body: `{"username":"admin","password":"secret-1"}`,
			header: []string{"Content-Type", "text/plain"}, status: 400,
			want: `{"message":"Server cannot understand Content-Type HTTP header media type text\/plain"}`},
		{name: "latin-1", body: `{"username":"admin","password":"secret-1"}`,
			header: []string{"Content-Type", "application/json; charset=ISO-8859-1"}, status: 400,
			want: `{"message":"UTF-8 is the only supported charset."}`},
		{name: "other parameter", body: `{"username":"admin","password":"secret-1"}`,
			header: []string{"Content-Type", "application/json; boundary=x"}, status: 400,
			want: `{"message":"Content-Type header is invalid."}`},
		{name: "malformed JSON", body: `{"username":"admin",`, status: 400, want: bodyDecoding},
		{name: "trailing garbage", body: `{"username":"admin"} x`, status: 400, want: bodyDecoding},
		{name: "whitespace body", body: ` `, status: 400, want: bodyDecoding},
		{name: "invalid UTF-8", body: "{\"username\":\"\xff\",\"password\":\"x\"}", status: 400,
			want: bodyDecoding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := testStore(t)
			s.AddUser(User{Username: "inactive", Password: "secret-1", Inactive: true})
			s.AddUser(User{Username: "norole", Password: "secret-1", NoRole: true})
			w := serve(t, s, http.MethodPost, path, tt.body, tt.header...)
			checkAnswer(t, w, tt.status, tt.want)
		})
	}
}

func TestAdminTokenSuccess(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		path   string
		body   string
		header []string
	}{
		{name: "plain", path: "/rest/V1/integration/admin/token",
			body: `{"username":"admin","password":"secret-1"}`},
		{name: "charset", path: "/rest/V1/integration/admin/token",
			body:   `{"username":"admin","password":"secret-1"}`,
			header: []string{"Content-Type", "application/json; charset=UTF-8"}},
		{name: "store code", path: "/rest/default/V1/integration/admin/token",
			body: `{"username":"admin","password":"secret-1"}`},
		{name: "all", path: "/rest/all/V1/integration/admin/token",
			body: `{"username":"admin","password":"secret-1"}`},
		{name: "index.php", path: "/index.php/rest/V1/integration/admin/token",
			body: `{"username":"admin","password":"secret-1"}`},
		{name: "bad bearer token is ignored", path: "/rest/V1/integration/admin/token",
			body:   `{"username":"admin","password":"secret-1"}`,
			header: []string{"Authorization", "Bearer invalid"}},
		{name: "unknown keys ignored", path: "/rest/V1/integration/admin/token",
			body: `{"username":"admin","password":"secret-1","extra":[1]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := testStore(t)
			w := serve(t, s, http.MethodPost, tt.path, tt.body, tt.header...)
			checkAnswer(t, w, http.StatusOK, `"`+referenceToken+`"`)
		})
	}
}

func TestThrottle(t *testing.T) {
	t.Parallel()
	const path = "/rest/V1/integration/admin/token"
	attempt := func(t *testing.T, s *Store, username, password string) int {
		t.Helper()
		return serve(t, s, http.MethodPost, path,
			`{"username":"`+username+`","password":"`+password+`"}`).Code
	}
	fail := func(t *testing.T, s *Store, username string, n int) {
		t.Helper()
		for i := range n {
			if got := attempt(t, s, username, "wrong"); got != http.StatusUnauthorized {
				t.Fatalf("failure %d = %d, want 401", i+1, got)
			}
		}
	}

	t.Run("five failures then success", func(t *testing.T) {
		t.Parallel()
		s, _ := testStore(t)
		fail(t, s, "admin", 5)
		if got := attempt(t, s, "admin", "secret-1"); got != http.StatusOK {
			t.Errorf("login after 5 failures = %d, want 200", got)
		}
	})

	t.Run("six failures lock until 1800 s after the last", func(t *testing.T) {
		t.Parallel()
		s, clock := testStore(t)
		fail(t, s, "admin", 5)
		clock.Add(10 * time.Minute)
		fail(t, s, "admin", 1)

		w := serve(t, s, http.MethodPost, path, `{"username":"admin","password":"secret-1"}`)
		checkAnswer(t, w, http.StatusUnauthorized, bodySignIn)
		clock.Add(1799 * time.Second)
		if got := attempt(t, s, "admin", "secret-1"); got != http.StatusUnauthorized {
			t.Errorf("login 1799 s after the last failure = %d, want 401", got)
		}
		clock.Add(time.Second)
		if got := attempt(t, s, "admin", "secret-1"); got != http.StatusOK {
			t.Errorf("login 1800 s after the last failure = %d, want 200", got)
		}
	})

	t.Run("refusals while locked do not extend the lock", func(t *testing.T) {
		t.Parallel()
		s, clock := testStore(t)
		fail(t, s, "admin", 6)
		clock.Add(1000 * time.Second)
		fail(t, s, "admin", 3)
		clock.Add(800 * time.Second)
		if got := attempt(t, s, "admin", "secret-1"); got != http.StatusOK {
			t.Errorf("login 1800 s after the sixth failure = %d, want 200", got)
		}
	})

	t.Run("success resets", func(t *testing.T) {
		t.Parallel()
		s, _ := testStore(t)
		fail(t, s, "admin", 5)
		attempt(t, s, "admin", "secret-1")
		fail(t, s, "admin", 5)
		if got := attempt(t, s, "admin", "secret-1"); got != http.StatusOK {
			t.Errorf("login after 5+success+5 failures = %d, want 200", got)
		}
	})

	t.Run("unknown usernames count too", func(t *testing.T) {
		t.Parallel()
		s, _ := testStore(t)
		fail(t, s, "ghost", 6)
		s.AddUser(User{Username: "ghost", Password: "boo-1"})
		if got := attempt(t, s, "ghost", "boo-1"); got != http.StatusUnauthorized {
			t.Errorf("login of a locked name = %d, want 401", got)
		}
	})

	t.Run("per username", func(t *testing.T) {
		t.Parallel()
		s, _ := testStore(t)
		s.AddUser(User{Username: "other", Password: "secret-2"})
		fail(t, s, "admin", 6)
		if got := attempt(t, s, "other", "secret-2"); got != http.StatusOK {
			t.Errorf("login of another user = %d, want 200", got)
		}
	})

	t.Run("inactive and role refusals do not count", func(t *testing.T) {
		t.Parallel()
		s, _ := testStore(t)
		s.AddUser(User{Username: "admin", Password: "secret-1", ID: 1, NoRole: true})
		for range 8 {
			attempt(t, s, "admin", "secret-1")
		}
		s.AddUser(User{Username: "admin", Password: "secret-1", ID: 1})
		if got := attempt(t, s, "admin", "secret-1"); got != http.StatusOK {
			t.Errorf("login after 8 role refusals = %d, want 200", got)
		}
	})

	t.Run("empty fields do not count", func(t *testing.T) {
		t.Parallel()
		s, _ := testStore(t)
		for range 8 {
			serve(t, s, http.MethodPost, path, `{"username":"admin","password":""}`)
		}
		if got := attempt(t, s, "admin", "secret-1"); got != http.StatusOK {
			t.Errorf("login after 8 empty passwords = %d, want 200", got)
		}
	})
}

func TestOpaqueTokenLogin(t *testing.T) {
	t.Parallel()
	s, clock := testStore(t)
	s.SetOpaqueTokens(true)
	token := login(t, s, "admin", "secret-1")
	if !regexp.MustCompile(`^[a-z0-9]{32}$`).MatchString(token) {
		t.Fatalf("opaque token has %d characters outside [a-z0-9]{32}", len(token))
	}
	if got := getWebsites(t, s, token); got != http.StatusOK {
		t.Fatalf("GET websites with an opaque token = %d, want 200", got)
	}
	jwt := func() string {
		s.SetOpaqueTokens(false)
		defer s.SetOpaqueTokens(true)
		tok, _ := s.IssueToken("admin")
		return tok
	}()
	if got := getWebsites(t, s, jwt); got != http.StatusUnauthorized {
		t.Errorf("GET websites with a JWT before 2.4.4 = %d, want 401", got)
	}

	clock.Add(4*time.Hour - time.Second)
	if got := getWebsites(t, s, token); got != http.StatusOK {
		t.Errorf("GET websites 1 s before 4 h = %d, want 200", got)
	}
	clock.Add(time.Second)
	if got := getWebsites(t, s, token); got != http.StatusUnauthorized {
		t.Errorf("GET websites at 4 h = %d, want 401", got)
	}
}
