package magentotest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

const testSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// code returns the TOTP code of secret at t.
func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totpOpts)
	if err != nil {
		t.Fatalf("GenerateCodeCustom: %v", err)
	}
	return c
}

// twoFactorStore returns a store in mode with "admin" (ID 1) enrolled in
// Google Authenticator, "fresh" not enrolled and "exempt" exempt.
func twoFactorStore(t *testing.T, mode TwoFactorMode) (*Store, *fakeClock) {
	t.Helper()
	s, clock := testStore(t)
	s.SetTwoFactor(mode)
	s.AddUser(User{Username: "admin", Password: "secret-1", ID: 1, TOTPSecret: testSecret})
	s.AddUser(User{Username: "fresh", Password: "secret-2"})
	s.AddUser(User{Username: "exempt", Password: "secret-3", SkipTwoFactor: true})
	return s, clock
}

func TestAdminTokenWithTwoFactor(t *testing.T) {
	t.Parallel()
	const (
		noProviders = `{"message":"Please ask an administrator with sufficient access to configure 2FA first"}`
		useGoogle   = `{"message":"Please use the 2fa provider-specific endpoints to obtain a token.",` +
			`"parameters":{"active_providers":["google"]}}`
		configure = `{"message":"You are required to configure personal Two-Factor Authorization ` +
			`in order to login. Please check your email.","parameters":`
	)

	tests := []struct {
		name     string
		mode     TwoFactorMode
		username string
		password string
		status   int
		body     string // "" for a token
	}{
		{name: "off", mode: TwoFactorOff, username: "admin", password: "secret-1", status: 200},
		{name: "unconfigured", mode: TwoFactorUnconfigured, username: "admin", password: "secret-1",
			status: 400, body: noProviders},
		{name: "google, enrolled", mode: TwoFactorGoogle, username: "admin", password: "secret-1",
			status: 400, body: useGoogle},
		{name: "google, not enrolled", mode: TwoFactorGoogle, username: "fresh", password: "secret-2",
			status: 400, body: configure + `{"providers":["google"],"active_providers":[]}}`},
		{name: "google and duo, enrolled", mode: TwoFactorGoogleAndDuo, username: "admin",
			password: "secret-1", status: 400,
			body: configure + `{"providers":["google","duo_security"],"active_providers":["google"]}}`},
		{name: "google and duo, not enrolled", mode: TwoFactorGoogleAndDuo, username: "fresh",
			password: "secret-2", status: 400,
			body: configure + `{"providers":["google","duo_security"],"active_providers":[]}}`},
		{name: "exempt user", mode: TwoFactorGoogle, username: "exempt", password: "secret-3",
			status: 200},
		{name: "bad password first", mode: TwoFactorGoogle, username: "admin", password: "wrong",
			status: 401, body: bodySignIn},
		{name: "missing fields first", mode: TwoFactorUnconfigured, username: "", password: "",
			status: 400, body: bodyBothRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := twoFactorStore(t, tt.mode)
			w := serve(t, s, http.MethodPost, "/rest/V1/integration/admin/token",
				`{"username":"`+tt.username+`","password":"`+tt.password+`"}`)
			if tt.body == "" {
				if w.Code != tt.status || !strings.HasPrefix(w.Body.String(), `"eyJ`) {
					t.Errorf("answer = %d %s, want %d and a token", w.Code, w.Body, tt.status)
				}
				return
			}
			checkAnswer(t, w, tt.status, tt.body)
		})
	}
}

func TestTwoFactorThrottleStillCounts(t *testing.T) {
	t.Parallel()
	s, _ := twoFactorStore(t, TwoFactorGoogle)
	for range 6 {
		serve(t, s, http.MethodPost, "/rest/V1/integration/admin/token",
			`{"username":"admin","password":"wrong"}`)
	}
	w := serve(t, s, http.MethodPost, "/rest/V1/tfa/provider/google/authenticate",
		`{"username":"admin","password":"secret-1","otp":"`+code(t, testSecret, time.Unix(1700000000, 0))+`"}`)
	checkAnswer(t, w, http.StatusUnauthorized, bodySignIn)
}

func TestGoogleAuthenticate(t *testing.T) {
	t.Parallel()
	const (
		path        = "/rest/V1/tfa/provider/google/authenticate"
		invalidCode = `{"message":"Invalid code."}`
		notAllowed  = `{"message":"Provider is not allowed."}`
		notActive   = `{"message":"Provider is not configured."}`
	)
	now := time.Unix(1700000000, 0)
	good := code(t, testSecret, now)

	tests := []struct {
		name   string
		mode   TwoFactorMode
		body   string
		status int
		want   string // "" for a token
	}{
		{name: "valid code", mode: TwoFactorGoogle,
			body:   `{"username":"admin","password":"secret-1","otp":"` + good + `"}`,
			status: 200},
		{name: "valid code, google and duo", mode: TwoFactorGoogleAndDuo,
			body:   `{"username":"admin","password":"secret-1","otp":"` + good + `"}`,
			status: 200},
		{name: "invalid code", mode: TwoFactorGoogle,
			body:   `{"username":"admin","password":"secret-1","otp":"bad"}`,
			status: 401, want: invalidCode},
		{name: "wrong code", mode: TwoFactorGoogle,
			body:   `{"username":"admin","password":"secret-1","otp":"000000"}`,
			status: 401, want: invalidCode},
		{name: "code with a space", mode: TwoFactorGoogle,
			body:   `{"username":"admin","password":"secret-1","otp":" ` + good + `"}`,
			status: 401, want: invalidCode},
		{name: "empty code", mode: TwoFactorGoogle,
			body:   `{"username":"admin","password":"secret-1","otp":""}`,
			status: 401, want: invalidCode},
		{name: "otp missing", mode: TwoFactorGoogle,
			body:   `{"username":"admin","password":"secret-1"}`,
			status: 400, want: requiredBody("otp")},
		{name: "all missing", mode: TwoFactorGoogle, body: `{}`, status: 400,
			want: `{"message":"One or more input exceptions have occurred.","errors":[` +
				requiredBody("username") + `,` + requiredBody("password") + `,` +
				requiredBody("otp") + `]}`},
		{name: "bad password before code", mode: TwoFactorGoogle,
			body:   `{"username":"admin","password":"wrong","otp":"bad"}`,
			status: 401, want: bodySignIn},
		{name: "empty password before code", mode: TwoFactorGoogle,
			body:   `{"username":"admin","password":"","otp":"bad"}`,
			status: 400, want: requiredBody("password")},
		{name: "provider not forced", mode: TwoFactorUnconfigured,
			body:   `{"username":"admin","password":"secret-1","otp":"bad"}`,
			status: 400, want: notAllowed},
		{name: "provider not configured", mode: TwoFactorGoogle,
			body:   `{"username":"fresh","password":"secret-2","otp":"bad"}`,
			status: 400, want: notActive},
		{name: "exempt user still needs google", mode: TwoFactorGoogle,
			body:   `{"username":"exempt","password":"secret-3","otp":"` + good + `"}`,
			status: 400, want: notActive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := twoFactorStore(t, tt.mode)
			w := serve(t, s, http.MethodPost, path, tt.body)
			if tt.want == "" {
				if w.Code != tt.status || !strings.HasPrefix(w.Body.String(), `"eyJ`) {
					t.Errorf("answer = %d %s, want %d and a token", w.Code, w.Body, tt.status)
				}
				return
			}
			checkAnswer(t, w, tt.status, tt.want)
		})
	}
}

func TestGoogleAuthenticateTokenWorks(t *testing.T) {
	t.Parallel()
	s, _ := twoFactorStore(t, TwoFactorGoogle)
	w := serve(t, s, http.MethodPost, "/rest/fr/V1/tfa/provider/google/authenticate",
		`{"username":"admin","password":"secret-1","otp":"`+code(t, testSecret, time.Unix(1700000000, 0))+`"}`)
	checkAnswer(t, w, http.StatusOK, `"`+referenceToken+`"`)
	if got := getWebsites(t, s, referenceToken); got != http.StatusOK {
		t.Errorf("GET websites with the 2FA token = %d, want 200", got)
	}
}

func TestTOTPLeeway(t *testing.T) {
	t.Parallel()
	// 1700000010 starts a 30-second period; 1700000039 ends it.
	tests := []struct {
		name   string
		now    int64
		offset time.Duration // the code is the code of now+offset
		ok     bool
	}{
		{name: "now", now: 1700000010, offset: 0, ok: true},
		{name: "29 s ago", now: 1700000010, offset: -29 * time.Second, ok: true},
		{name: "previous period", now: 1700000010, offset: -30 * time.Second, ok: true},
		{name: "two periods ago", now: 1700000010, offset: -31 * time.Second, ok: false},
		{name: "next period at its start", now: 1700000010, offset: 30 * time.Second, ok: false},
		{name: "end: next period", now: 1700000039, offset: time.Second, ok: true},
		{name: "end: 29 s ahead", now: 1700000039, offset: 29 * time.Second, ok: true},
		{name: "end: previous period", now: 1700000039, offset: -30 * time.Second, ok: false},
		{name: "end: two periods ahead", now: 1700000039, offset: 31 * time.Second, ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := time.Unix(tt.now, 0)
			c := code(t, testSecret, now.Add(tt.offset))
			if got := validTOTP(c, testSecret, now); got != tt.ok {
				t.Errorf("validTOTP(code of now%+v) = %v, want %v", tt.offset, got, tt.ok)
			}

			s, clock := twoFactorStore(t, TwoFactorGoogle)
			clock.Add(now.Sub(clock.Now()))
			w := serve(t, s, http.MethodPost, "/rest/V1/tfa/provider/google/authenticate",
				`{"username":"admin","password":"secret-1","otp":"`+c+`"}`)
			if want := map[bool]int{true: 200, false: 401}[tt.ok]; w.Code != want {
				t.Errorf("google/authenticate = %d, want %d", w.Code, want)
			}
		})
	}
}
