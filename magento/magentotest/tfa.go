package magentotest

import (
	"net/http"
	"slices"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TwoFactorMode is the state of Magento_TwoFactorAuth on the store.
type TwoFactorMode int

const (
	// TwoFactorOff is a store with Magento_TwoFactorAuth disabled: the
	// admin token endpoint issues tokens, and the provider endpoints do not
	// exist (404).
	TwoFactorOff TwoFactorMode = iota

	// TwoFactorUnconfigured is a fresh 2.4 install: the module is on but no
	// provider is forced, so nobody can get an admin token.
	TwoFactorUnconfigured

	// TwoFactorGoogle forces the google provider (Google Authenticator).
	TwoFactorGoogle

	// TwoFactorGoogleAndDuo forces google and duo_security. Users here can
	// only have google active, so the token endpoint always asks them to
	// configure the rest, while google/authenticate still works.
	TwoFactorGoogleAndDuo
)

// Provider codes as Magento names them.
const (
	providerGoogle = "google"
	providerDuo    = "duo_security"
)

// totpLeeway is twofactorauth/google/leeway, Magento's default, with its
// meaning since 2.4.7 (seconds, not a count of periods): a code is accepted
// when it is the code of now, of 29 seconds ago or of 29 seconds ahead.
const totpLeeway = 29 * time.Second

// SetTwoFactor sets the state of two-factor authentication.
func (s *Store) SetTwoFactor(m TwoFactorMode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.twoFactor = m
}

// forcedProviders returns twofactorauth/general/force_providers.
func (m TwoFactorMode) forcedProviders() []string {
	switch m {
	case TwoFactorGoogle:
		return []string{providerGoogle}
	case TwoFactorGoogleAndDuo:
		return []string{providerGoogle, providerDuo}
	}
	return []string{}
}

// activeProviders returns the providers configured for the user.
func (u *User) activeProviders() []string {
	if u.TOTPSecret != "" {
		return []string{providerGoogle}
	}
	return []string{}
}

// serveAdminToken is POST /V1/integration/admin/token. With two-factor
// authentication on, the credentials are checked first, with every refusal
// and the throttle of the plain endpoint, and then the endpoint refuses to
// issue a token (400) and says which providers to use or configure.
func (s *Store) serveAdminToken(c *call) reply {
	username, password, fail := credentialParams(c)
	if fail != nil {
		return *fail
	}
	u, fail := s.checkCredentials(username, password)
	if fail != nil {
		return *fail
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	mode := s.twoFactor
	if u.SkipTwoFactor {
		mode = TwoFactorOff
	}
	switch mode {
	case TwoFactorOff:
		return s.tokenReplyLocked(u.ID)
	case TwoFactorUnconfigured:
		return errorReply(http.StatusBadRequest, msgTFANoProviders, nil)
	}

	forced, active := mode.forcedProviders(), u.activeProviders()
	for _, p := range forced {
		if !slices.Contains(active, p) {
			return errorReply(http.StatusBadRequest, msgTFAConfigure,
				object{{"providers", forced}, {"active_providers", active}})
		}
	}
	return errorReply(http.StatusBadRequest, msgTFAUseProviders,
		object{{"active_providers", active}})
}

// serveGoogleAuthenticate is POST /V1/tfa/provider/google/authenticate: the
// credential check and throttle first, then whether google is forced, then
// whether the user has it configured, and only then the code.
func (s *Store) serveGoogleAuthenticate(c *call) reply {
	username, password, fail := credentialParams(c)
	if fail != nil {
		return *fail
	}
	code, fail := stringParam(c.params, "otp")
	if fail != nil {
		return *fail
	}
	u, fail := s.checkCredentials(username, password)
	if fail != nil {
		return *fail
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.twoFactor.forcedProviders(), providerGoogle) {
		return errorReply(http.StatusBadRequest, msgTFANotAllowed, nil)
	}
	if u.TOTPSecret == "" {
		return errorReply(http.StatusBadRequest, msgTFANotActive, nil)
	}
	if !validTOTP(code, u.TOTPSecret, s.nowLocked()) {
		return errorReply(http.StatusUnauthorized, msgInvalidCode, nil)
	}
	return s.tokenReplyLocked(u.ID)
}

// tokenReplyLocked issues a token and answers it as a bare JSON string.
func (s *Store) tokenReplyLocked(userID int) reply {
	tok, err := s.issueLocked(userID)
	if err != nil {
		return internalErrorReply(http.StatusInternalServerError, s.nowLocked())
	}
	return jsonReply(tok)
}

// totpOpts are Google Authenticator's settings, which Magento uses: SHA-1,
// six digits, 30-second periods.
var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// validTOTP checks a code as Magento's TOTP library does with a leeway of
// 29 seconds: the code of now, of now-29s or of now+29s. A skew counted in
// whole periods cannot say this (a skew of one would also take codes up to
// 59 seconds off), so each instant is checked with no skew.
func validTOTP(code, secret string, now time.Time) bool {
	if len(code) != 6 {
		return false
	}
	for _, t := range []time.Time{now, now.Add(-totpLeeway), now.Add(totpLeeway)} {
		ok, err := totp.ValidateCustom(code, secret, t, totpOpts)
		if err == nil && ok {
			return true
		}
	}
	return false
}
