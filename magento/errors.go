package magento

import "errors"

// Sentinel errors. Errors returned by this package wrap one of these where
// it applies, so callers test with errors.Is.
var (
	// ErrBadCredentials: the store refused the username or password, or the
	// account is inactive or locked. Magento gives one message for all of
	// these, so the cause cannot be told apart from the answer.
	ErrBadCredentials = errors.New("magento: sign-in was refused")

	// ErrTwoFactorRequired: the store has two-factor auth on for this
	// account; log in again with a code. The error is a *TwoFactorError.
	ErrTwoFactorRequired = errors.New("magento: two-factor authentication is required")

	// ErrTwoFactorNotConfigured: the store has two-factor auth on but no
	// provider configured, or the provider is not set up for this account.
	ErrTwoFactorNotConfigured = errors.New("magento: two-factor authentication is not configured")

	// ErrInvalidCode: the store refused the one-time code.
	ErrInvalidCode = errors.New("magento: the two-factor code was refused")

	// ErrUnauthorized: the store refused the token on a protected route.
	// Magento answers the same for an invalid, expired or revoked token and
	// for a role without the route's resource.
	ErrUnauthorized = errors.New("magento: the token was not accepted")

	// ErrAdminTokenDisabled: the store signs admins in with Adobe IMS and
	// gives no admin tokens for a username and password.
	ErrAdminTokenDisabled = errors.New("magento: admin token generation is disabled (Adobe IMS)")

	// ErrNoRoute: the store does not know the route, or the store code.
	ErrNoRoute = errors.New("magento: no such route")

	// ErrNetwork: the store could not be reached, or, in a browser, the
	// answer was blocked by the cross-origin rules.
	ErrNetwork = errors.New("magento: network error")

	// ErrResponseTooLarge: the store's answer was over the size limit.
	ErrResponseTooLarge = errors.New("magento: response too large")

	// ErrMalformedToken: a token that is empty, cannot be sent in a header,
	// or cannot be decoded.
	ErrMalformedToken = errors.New("magento: malformed token")

	// ErrInvalidDomain: a domain that is not a host name with an optional
	// port and path.
	ErrInvalidDomain = errors.New("magento: invalid domain")

	// ErrNoCredentials: a login without a username or password.
	ErrNoCredentials = errors.New("magento: no username or password")

	// ErrNoToken: an authorised request without a token and without the
	// credentials to get one.
	ErrNoToken = errors.New("magento: no token")

	// ErrInvalidConfig: a client configuration that cannot be read.
	ErrInvalidConfig = errors.New("magento: invalid configuration")
)
