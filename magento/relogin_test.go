package magento_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/magetoken/magetoken/magento"
	"github.com/magetoken/magetoken/magento/magentotest"
)

func TestReloginOncePerRequest(t *testing.T) {
	t.Parallel()
	// A role without Magento_Backend::store: every store call is refused,
	// while the sign-in works.
	s, c, _ := setup(t, magentotest.User{Resources: []string{}})
	c.Token = "stale"

	for i := range 3 {
		s.ResetRequests()
		err := c.Get(t.Context(), "store/websites", nil)
		if !errors.Is(err, magento.ErrUnauthorized) {
			t.Errorf("call %d: Get() = %v, want ErrUnauthorized", i, err)
		}
		checkCalls(t, s, getWebsites+" 401", postToken+" 200", getWebsites+" 401")
	}
}

func TestReloginAfterExpiry(t *testing.T) {
	t.Parallel()
	s, c, clk := setup(t, magentotest.User{})
	s.SetTokenLifetime(time.Hour)
	first, err := c.Login(t.Context())
	if err != nil {
		t.Fatalf("Login() = %v", err)
	}
	clk.Add(2 * time.Hour)
	s.ResetRequests()

	views, err := c.StoreViews(t.Context())
	if err != nil || len(views) == 0 {
		t.Fatalf("StoreViews() = %+v, %v, want store views", views, err)
	}
	checkCalls(t, s, "GET /rest/V1/store/storeViews 401", postToken+" 200",
		"GET /rest/V1/store/storeViews 200")
	if c.CurrentToken() == first || c.CurrentToken() == "" {
		t.Errorf("Token after re-login = %q, want a new token", c.CurrentToken())
	}
}

func TestLoginWhenNoToken(t *testing.T) {
	t.Parallel()
	s, c, _ := setup(t, magentotest.User{})

	if err := c.Get(t.Context(), "store/websites", nil); err != nil {
		t.Fatalf("Get() = %v", err)
	}
	checkCalls(t, s, postToken+" 200", getWebsites+" 200")
}

func TestNoRetryAfterFailedLogin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		token      string
		wantFirst  []string
		wantSecond []string
		wantErr    error
	}{
		{
			name:       "stale token",
			token:      "stale",
			wantFirst:  []string{getWebsites + " 401", postToken + " 401"},
			wantSecond: []string{getWebsites + " 401"},
			wantErr:    magento.ErrUnauthorized,
		},
		{
			name:       "no token",
			wantFirst:  []string{postToken + " 401"},
			wantSecond: nil,
			wantErr:    magento.ErrBadCredentials,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, c, _ := setup(t, magentotest.User{})
			c.Password = "wrong-password"
			c.Token = tt.token

			err := c.Get(t.Context(), "store/websites", nil)
			if !errors.Is(err, magento.ErrBadCredentials) {
				t.Errorf("first Get() = %v, want ErrBadCredentials", err)
			}
			checkCalls(t, s, tt.wantFirst...)

			s.ResetRequests()
			err = c.Get(t.Context(), "store/websites", nil)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), "refused this username and password before") {
				t.Errorf("second Get() = %v, want %v saying why it did not log in", err, tt.wantErr)
			}
			checkCalls(t, s, tt.wantSecond...)

			// An explicit Login with the right password is still tried.
			s.ResetRequests()
			c.Password = testPassword
			if _, err := c.Login(t.Context()); err != nil {
				t.Errorf("Login() = %v", err)
			}
			if err := c.Get(t.Context(), "store/websites", nil); err != nil {
				t.Errorf("Get() after Login = %v", err)
			}
		})
	}
}

func TestReloginTwoFactor(t *testing.T) {
	t.Parallel()
	s, c, _ := setup(t, magentotest.User{TOTPSecret: testSecret})
	s.SetTwoFactor(magentotest.TwoFactorGoogle)
	c.Token = "stale"

	err := c.Get(t.Context(), "store/websites", nil)
	var tf *magento.TwoFactorError
	if !errors.As(err, &tf) {
		t.Errorf("Get() = %v, want the *TwoFactorError of the re-login", err)
	}
	checkCalls(t, s, getWebsites+" 401", postToken+" 400")
}

func TestNoToken(t *testing.T) {
	t.Parallel()
	s, c, _ := setup(t, magentotest.User{})
	c.Password = ""

	if err := c.Get(t.Context(), "store/websites", nil); !errors.Is(err, magento.ErrNoToken) {
		t.Errorf("Get() = %v, want ErrNoToken", err)
	}
	if _, err := c.Validate(t.Context()); !errors.Is(err, magento.ErrNoToken) {
		t.Errorf("Validate() = %v, want ErrNoToken", err)
	}
	checkCalls(t, s)
}

func TestValidateDoesNotRelogin(t *testing.T) {
	t.Parallel()
	s, c, _ := setup(t, magentotest.User{})
	c.Token = "stale"

	if _, err := c.Validate(t.Context()); !errors.Is(err, magento.ErrUnauthorized) {
		t.Errorf("Validate() = %v, want ErrUnauthorized", err)
	}
	checkCalls(t, s, getWebsites+" 401")
}

func TestConcurrentRelogin(t *testing.T) {
	t.Parallel()
	s, c, clk := setup(t, magentotest.User{})
	s.SetTokenLifetime(time.Hour)
	if _, err := c.Login(t.Context()); err != nil {
		t.Fatalf("Login() = %v", err)
	}
	clk.Add(2 * time.Hour)
	s.ResetRequests()

	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := c.Get(t.Context(), "store/websites", nil); err != nil {
				t.Errorf("Get() = %v", err)
			}
		})
	}
	wg.Wait()

	logins := 0
	for _, call := range calls(s) {
		if strings.HasPrefix(call, postToken) {
			logins++
		}
	}
	if logins != 1 {
		t.Errorf("8 concurrent requests with an expired token logged in %d times, want 1", logins)
	}
}

// A sign-in refused with a 401 that carries no Magento message (a proxy or
// a firewall in front of the store) still counts as refused: the next
// request must not send the same password again.
func TestNoRetryAfterBareSignIn401(t *testing.T) {
	t.Parallel()
	s, c, _ := setup(t, magentotest.User{})
	c.Token = "stale"
	s.SetFault(magentotest.Fault{Match: "integration/admin/token", Status: 401, Body: " "})

	if err := c.Get(t.Context(), "store/websites", nil); err == nil {
		t.Fatal("first Get() = nil, want an error")
	}
	checkCalls(t, s, getWebsites+" 401", postToken+" 401")

	s.ResetRequests()
	if err := c.Get(t.Context(), "store/websites", nil); err == nil {
		t.Fatal("second Get() = nil, want an error")
	}
	checkCalls(t, s, getWebsites+" 401")
}
