package magentotest

import (
	"net/http"
	"time"
)

// The token-request throttle's settings, Magento's defaults:
// oauth/authentication_lock/max_failures_count and
// oauth/authentication_lock/timeout.
const (
	maxFailures = 6
	lockTimeout = 1800 * time.Second
)

// throttleRow is a row of oauth_token_request_log.
type throttleRow struct {
	failures    int
	lockExpires time.Time
}

// checkCredentials is the core admin credential check that the token
// endpoint and every two-factor provider endpoint run first
// (AdminTokenService::createAdminAccessToken up to the token): empty fields,
// then the throttle, then the password, then the bookkeeping. It returns
// the user, or the refusal.
//
// The throttle counts failures per username string, unknown usernames
// included. Six failures refuse even the correct password. A success resets
// the count. Magento's cron job deletes a row once its lock_expires_at
// (30 minutes after the last failure) has passed; that is modelled as the
// row expiring at that moment.
//
// Only a wrong password or unknown username counts as a failure: a correct
// password on an inactive account or one without a role is refused by an
// exception that skips the bookkeeping.
func (s *Store) checkCredentials(username, password string) (*User, *reply) {
	var errs []inputError
	if username == "" {
		errs = append(errs, requiredError("username"))
	}
	if password == "" {
		errs = append(errs, requiredError("password"))
	}
	if errs != nil {
		r := inputErrorsReply(errs)
		return nil, &r
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()

	row, ok := s.throttle[username]
	if ok && !now.Before(row.lockExpires) {
		delete(s.throttle, username)
		row = throttleRow{}
	}
	if row.failures >= maxFailures {
		return nil, failure(http.StatusUnauthorized, msgSignIn)
	}

	u := s.users[username]
	if u == nil || u.Password != password {
		s.throttle[username] = throttleRow{
			failures:    row.failures + 1,
			lockExpires: now.Add(lockTimeout),
		}
		return nil, failure(http.StatusUnauthorized, msgSignIn)
	}
	if u.Inactive {
		return nil, failure(http.StatusUnauthorized, msgSignIn)
	}
	if u.NoRole {
		return nil, failure(http.StatusUnauthorized, msgNoRole)
	}

	delete(s.throttle, username)
	copied := *u
	return &copied, nil
}

// credentialParams reads username and password from a call.
func credentialParams(c *call) (username, password string, fail *reply) {
	if username, fail = stringParam(c.params, "username"); fail != nil {
		return "", "", fail
	}
	if password, fail = stringParam(c.params, "password"); fail != nil {
		return "", "", fail
	}
	return username, password, nil
}
