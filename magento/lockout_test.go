package magento_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/magetoken/magetoken/magento"
	"github.com/magetoken/magetoken/magento/magentotest"
)

// logins counts the sign-in requests in the store's log.
func logins(s *magentotest.Store) int {
	n := 0
	for _, call := range calls(s) {
		if strings.HasPrefix(call, postToken) {
			n++
		}
	}
	return n
}

// TestWrongPasswordNeverLocksOut shows that requests made with a wrong
// password and a refused token cost the account one failed sign-in in all,
// far from the six that lock it.
func TestWrongPasswordNeverLocksOut(t *testing.T) {
	t.Parallel()
	s, c, _ := setup(t, magentotest.User{})
	c.Password, c.Token = "wrong-password", "stale"

	for i := range 10 {
		if err := c.Get(t.Context(), "store/websites", nil); err == nil {
			t.Fatalf("call %d: Get() = nil, want an error", i)
		}
	}
	if n := logins(s); n != 1 {
		t.Errorf("10 requests with a wrong password signed in %d times, want 1", n)
	}

	good := &magento.Client{Domain: c.Domain, Username: testUser, Password: testPassword,
		Transport: c.Transport}
	if _, err := good.Login(t.Context()); err != nil {
		t.Errorf("Login() with the right password after them = %v, want the account not locked", err)
	}
}

// TestLockout locks the account with six explicit logins and checks that
// the client then makes one request per call, never a retry, until the lock
// expires.
func TestLockout(t *testing.T) {
	t.Parallel()
	s, c, clk := setup(t, magentotest.User{})
	c.Password = "wrong-password"
	for i := range 6 {
		if _, err := c.Login(t.Context()); !errors.Is(err, magento.ErrBadCredentials) {
			t.Fatalf("Login() %d = %v, want ErrBadCredentials", i, err)
		}
	}
	if n := len(s.Requests()); n != 6 {
		t.Errorf("6 failed logins made %d requests, want 6", n)
	}

	// Locked: the right password is refused too, in one request.
	s.ResetRequests()
	c.Password = testPassword
	if _, err := c.Login(t.Context()); !errors.Is(err, magento.ErrBadCredentials) {
		t.Errorf("Login() on a locked account = %v, want ErrBadCredentials", err)
	}
	checkCalls(t, s, postToken+" 401")

	// A refused token does not make the client sign in again with the
	// credentials the store refused.
	s.ResetRequests()
	c.Token = "stale"
	for range 3 {
		if err := c.Get(t.Context(), "store/websites", nil); err == nil {
			t.Fatal("Get() = nil on a locked account, want an error")
		}
	}
	checkCalls(t, s, getWebsites+" 401", getWebsites+" 401", getWebsites+" 401")

	// Thirty minutes later the lock is gone and an explicit login works.
	clk.Add(31 * time.Minute)
	s.ResetRequests()
	if _, err := c.Login(t.Context()); err != nil {
		t.Errorf("Login() after the lock expired = %v", err)
	}
	checkCalls(t, s, postToken+" 200", getWebsites+" 200")
}
