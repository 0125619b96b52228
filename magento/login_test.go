package magento_test

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/magetoken/magetoken/magento"
	"github.com/magetoken/magetoken/magento/magentotest"
)

const (
	testUser     = "admin"
	testPassword = "admin-password-1"
	testSecret   = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
)

// clock is a settable clock for the fake store.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// setup returns a fake store with one admin user, on a fixed clock, and a
// client for it with that user's credentials.
func setup(t *testing.T, u magentotest.User) (*magentotest.Store, *magento.Client, *clock) {
	t.Helper()
	clk := &clock{now: time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)}
	s := magentotest.NewStore()
	s.SetClock(clk.Now)
	if u.Username == "" {
		u.Username = testUser
	}
	if u.Password == "" {
		u.Password = testPassword
	}
	s.AddUser(u)
	c := &magento.Client{
		Domain:    "shop.example.com",
		Username:  testUser,
		Password:  testPassword,
		Transport: s.Transport(),
	}
	return s, c, clk
}

// calls returns the store's log as "METHOD path status" lines.
func calls(s *magentotest.Store) []string {
	var out []string
	for _, r := range s.Requests() {
		out = append(out, r.Method+" "+r.Path+" "+strconv.Itoa(r.Status))
	}
	return out
}

// checkCalls compares the store's log with want.
func checkCalls(t *testing.T, s *magentotest.Store, want ...string) {
	t.Helper()
	if got := calls(s); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("store saw\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

const (
	postToken   = "POST /rest/V1/integration/admin/token"
	postGoogle  = "POST /rest/V1/tfa/provider/google/authenticate"
	getWebsites = "GET /rest/V1/store/websites"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	s, c, _ := setup(t, magentotest.User{})

	token, err := c.Login(t.Context())
	if err != nil {
		t.Fatalf("Login() = %v", err)
	}
	if token == "" || c.CurrentToken() != token {
		t.Errorf("Login() = %q with Token %q, want the same non-empty token", token, c.CurrentToken())
	}
	checkCalls(t, s, postToken+" 200", getWebsites+" 200")

	ws, err := c.Validate(t.Context())
	if err != nil || len(ws) < 2 || ws[0].Code != "admin" {
		t.Errorf("Validate() = %+v, %v, want the admin website first, then others", ws, err)
	}
}

func TestLoginErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		user      magentotest.User
		mode      magentotest.TwoFactorMode
		password  string
		want      error
		wantCalls []string
	}{
		{
			name:      "wrong password",
			password:  "wrong",
			want:      magento.ErrBadCredentials,
			wantCalls: []string{postToken + " 401"},
		},
		{
			name:      "inactive",
			user:      magentotest.User{Inactive: true},
			want:      magento.ErrBadCredentials,
			wantCalls: []string{postToken + " 401"},
		},
		{
			name:      "no role",
			user:      magentotest.User{NoRole: true},
			want:      magento.ErrUnauthorized,
			wantCalls: []string{postToken + " 401"},
		},
		{
			name:      "token without the store resource",
			user:      magentotest.User{Resources: []string{"Magento_Catalog::products"}},
			want:      magento.ErrUnauthorized,
			wantCalls: []string{postToken + " 200", getWebsites + " 401"},
		},
		{
			name:      "2FA not set up on the store",
			mode:      magentotest.TwoFactorUnconfigured,
			want:      magento.ErrTwoFactorNotConfigured,
			wantCalls: []string{postToken + " 400"},
		},
		{
			name:      "2FA required",
			user:      magentotest.User{TOTPSecret: testSecret},
			mode:      magentotest.TwoFactorGoogle,
			want:      magento.ErrTwoFactorRequired,
			wantCalls: []string{postToken + " 400"},
		},
		{
			name:      "2FA setup required",
			mode:      magentotest.TwoFactorGoogle,
			want:      magento.ErrTwoFactorRequired,
			wantCalls: []string{postToken + " 400"},
		},
		{
			name:      "no credentials",
			password:  "-",
			want:      magento.ErrNoCredentials,
			wantCalls: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, c, _ := setup(t, tt.user)
			s.SetTwoFactor(tt.mode)
			switch tt.password {
			case "-":
				c.Password = ""
			case "":
			default:
				c.Password = tt.password
			}

			_, err := c.Login(t.Context())
			if !errors.Is(err, tt.want) {
				t.Errorf("Login() = %v, want an error wrapping %v", err, tt.want)
			}
			if err != nil && (strings.Contains(err.Error(), c.Password) && c.Password != "" ||
				!strings.HasPrefix(err.Error(), "magento: ")) {
				t.Errorf("Login() error = %q, want a magento: message without the password", err)
			}
			checkCalls(t, s, tt.wantCalls...)
		})
	}
}

func TestLoginTwoFactorProviders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		mode           magentotest.TwoFactorMode
		secret         string
		wantActive     []string
		wantNeedsSetup bool
	}{
		{name: "google enrolled", mode: magentotest.TwoFactorGoogle, secret: testSecret,
			wantActive: []string{"google"}},
		{name: "google not enrolled", mode: magentotest.TwoFactorGoogle,
			wantActive: []string{}, wantNeedsSetup: true},
		{name: "google and duo, google enrolled", mode: magentotest.TwoFactorGoogleAndDuo,
			secret: testSecret, wantActive: []string{"google"}, wantNeedsSetup: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, c, _ := setup(t, magentotest.User{TOTPSecret: tt.secret})
			s.SetTwoFactor(tt.mode)

			_, err := c.Login(t.Context())
			var tf *magento.TwoFactorError
			if !errors.As(err, &tf) {
				t.Fatalf("Login() = %v, want a *TwoFactorError", err)
			}
			if !equalStrings(tf.ActiveProviders, tt.wantActive) || tf.NeedsSetup != tt.wantNeedsSetup {
				t.Errorf("Login() error = %+v, want ActiveProviders %q, NeedsSetup %v",
					tf, tt.wantActive, tt.wantNeedsSetup)
			}
			if c.CurrentToken() != "" {
				t.Errorf("Token = %q after a 2FA refusal, want none", c.CurrentToken())
			}
		})
	}
}

func TestLoginWithCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		mode      magentotest.TwoFactorMode
		secret    string
		code      func(now time.Time) string
		want      error
		wantCalls []string
	}{
		{
			name:      "right code",
			mode:      magentotest.TwoFactorGoogle,
			secret:    testSecret,
			code:      func(now time.Time) string { return totpCode(t, now) },
			wantCalls: []string{postGoogle + " 200", getWebsites + " 200"},
		},
		{
			name:      "right code with a space",
			mode:      magentotest.TwoFactorGoogleAndDuo,
			secret:    testSecret,
			code:      func(now time.Time) string { c := totpCode(t, now); return c[:3] + " " + c[3:] },
			wantCalls: []string{postGoogle + " 200", getWebsites + " 200"},
		},
		{
			name:      "wrong code",
			mode:      magentotest.TwoFactorGoogle,
			secret:    testSecret,
			code:      func(now time.Time) string { return wrongCode(totpCode(t, now)) },
			want:      magento.ErrInvalidCode,
			wantCalls: []string{postGoogle + " 401"},
		},
		{
			name:      "not a code",
			mode:      magentotest.TwoFactorGoogle,
			secret:    testSecret,
			code:      func(time.Time) string { return "abc" },
			want:      magento.ErrInvalidCode,
			wantCalls: nil,
		},
		{
			name:      "google not set up for the user",
			mode:      magentotest.TwoFactorGoogle,
			code:      func(time.Time) string { return "123456" },
			want:      magento.ErrTwoFactorNotConfigured,
			wantCalls: []string{postGoogle + " 400"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, c, clk := setup(t, magentotest.User{TOTPSecret: tt.secret})
			s.SetTwoFactor(tt.mode)

			token, err := c.LoginWithCode(t.Context(), tt.code(clk.Now()))
			if !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Errorf("LoginWithCode() = %v, want %v", err, tt.want)
			}
			if tt.want == nil && (token == "" || c.CurrentToken() != token) {
				t.Errorf("LoginWithCode() = %q with Token %q, want the same token", token, c.CurrentToken())
			}
			checkCalls(t, s, tt.wantCalls...)
		})
	}
}

// totpCode returns the Google Authenticator code for testSecret at now.
func totpCode(t *testing.T, now time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(testSecret, now)
	if err != nil {
		t.Fatalf("totp.GenerateCode() = %v", err)
	}
	return code
}

// wrongCode returns a six-digit code that differs from code.
func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// SignIn returns the websites its check listed, so a caller that shows
// them needs no second request.
func TestSignInListsWebsites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		twoFactor bool
		wantCalls []string
	}{
		{name: "password", wantCalls: []string{postToken + " 200", getWebsites + " 200"}},
		{name: "code", twoFactor: true, wantCalls: []string{postGoogle + " 200", getWebsites + " 200"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, c, clk := setup(t, magentotest.User{TOTPSecret: testSecret})
			otp := ""
			if tt.twoFactor {
				s.SetTwoFactor(magentotest.TwoFactorGoogle)
				otp = totpCode(t, clk.Now())
			}

			token, websites, err := c.SignIn(t.Context(), otp)
			if err != nil || token == "" || token != c.CurrentToken() {
				t.Fatalf("SignIn() = %q, %v, want the client's new token", token, err)
			}
			if len(websites) < 2 || websites[0].Code != "admin" {
				t.Errorf("SignIn() websites = %+v, want the store's websites, admin first", websites)
			}
			checkCalls(t, s, tt.wantCalls...)
		})
	}
}
