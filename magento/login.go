package magento

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
)

// Sign-in endpoints. With Magento_TwoFactorAuth on (the default since 2.4.0)
// the first never returns a token and names the providers instead; the
// second signs in with a Google Authenticator code.
const (
	adminTokenEndpoint  = "integration/admin/token"
	googleAuthEndpoint  = "tfa/provider/google/authenticate"
	validateEndpoint    = "store/websites"
	errNoCredentialsMsg = "set the username and the password"
)

// errLoginRefusedBefore marks an automatic login skipped because the store
// refused the same credentials before.
var errLoginRefusedBefore = errors.New("the store refused this username and password " +
	"before; check them and log in")

// Login signs in with Username and Password (POST integration/admin/token),
// sets Token, and checks the new token with Validate, as MyMagento does.
//
// When the store asks for two-factor authentication the error is a
// *TwoFactorError (errors.Is(err, ErrTwoFactorRequired)); log in with
// LoginWithCode then. A refused sign-in wraps ErrBadCredentials. When the
// token is issued but Validate refuses it, Login returns the token with the
// error; Token is set either way.
func (c *Client) Login(ctx context.Context) (string, error) {
	token, _, err := c.SignIn(ctx, "")
	return token, err
}

// LoginWithCode signs in with Username, Password and a one-time code from
// Google Authenticator (POST tfa/provider/google/authenticate), sets Token
// and checks it with Validate. Spaces and dashes in otp are ignored. A
// refused code wraps ErrInvalidCode; a code for a provider the account has
// not set up wraps ErrTwoFactorNotConfigured.
func (c *Client) LoginWithCode(ctx context.Context, otp string) (string, error) {
	if strings.TrimSpace(otp) == "" {
		return "", fmt.Errorf("%w: %s", ErrInvalidCode, errNoCodeMsg)
	}
	token, _, err := c.SignIn(ctx, otp)
	return token, err
}

// errNoCodeMsg says what a one-time code must look like.
const errNoCodeMsg = "type the digits the authenticator app shows"

// SignIn is Login when otp is empty and LoginWithCode otherwise, and also
// returns the websites that the check of the new token listed, which saves
// a caller that shows them a second request.
func (c *Client) SignIn(ctx context.Context, otp string) (token string, websites []Website,
	err error) {
	if otp == "" {
		return c.loginAndValidate(ctx, adminTokenEndpoint, nil)
	}
	code := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, otp)
	if code == "" || strings.Trim(code, "0123456789") != "" {
		return "", nil, fmt.Errorf("%w: %s", ErrInvalidCode, errNoCodeMsg)
	}
	return c.loginAndValidate(ctx, googleAuthEndpoint, map[string]string{"otp": code})
}

// Validate checks Token against the store with GET store/websites and
// returns the websites. The store answers 401 alike for a token that is
// invalid, expired or revoked and for a role without the
// Magento_Backend::store resource; that error wraps ErrUnauthorized.
// Validate never logs in again: it checks the token as it is.
func (c *Client) Validate(ctx context.Context) ([]Website, error) {
	var ws []Website
	err := c.Do(ctx, &Request{Method: "GET", Endpoint: validateEndpoint, NoRelogin: true}, &ws)
	if err != nil {
		return nil, err
	}
	return ws, nil
}

// loginAndValidate signs in at endpoint, then validates the token.
func (c *Client) loginAndValidate(ctx context.Context, endpoint string,
	extra map[string]string) (string, []Website, error) {
	if !c.hasCredentials() {
		return "", nil, fmt.Errorf("%w: %s", ErrNoCredentials, errNoCredentialsMsg)
	}

	c.loginMu.Lock()
	token, err := c.signIn(ctx, endpoint, extra)
	c.loginMu.Unlock()
	if err != nil {
		return "", nil, err
	}

	websites, err := c.Validate(ctx)
	if err != nil {
		return token, nil, fmt.Errorf("magento: signed in, but the new token failed the check: %w",
			err)
	}
	return token, websites, nil
}

// relogin gets a new token for a request whose token, stale, the store
// refused (stale is "" when there was none). When another request has
// already replaced stale meanwhile, it returns that token without signing
// in.
func (c *Client) relogin(ctx context.Context, stale string) (string, error) {
	c.loginMu.Lock()
	defer c.loginMu.Unlock()

	if current := c.CurrentToken(); current != "" && current != stale {
		return current, nil
	}
	if c.failed == c.credentialsDigest() {
		return "", fmt.Errorf("%w: %w", ErrBadCredentials, errLoginRefusedBefore)
	}
	return c.signIn(ctx, adminTokenEndpoint, nil)
}

// signIn posts the credentials (and extra fields) to endpoint and sets
// Token from the answer. The caller holds loginMu.
func (c *Client) signIn(ctx context.Context, endpoint string,
	extra map[string]string) (string, error) {
	body := map[string]string{"username": c.Username, "password": c.Password}
	for k, v := range extra {
		body[k] = v
	}

	var token string
	err := c.Do(ctx, &Request{Method: "POST", Endpoint: endpoint, Body: body, NoAuth: true},
		&token)
	digest := c.credentialsDigest()
	if refusedSignIn(err) {
		c.failed = digest
	}
	if err != nil {
		return "", err
	}
	if c.failed == digest {
		c.failed = [sha256.Size]byte{}
	}

	token = strings.TrimSpace(token)
	if token == "" {
		return "", fmt.Errorf("magento: POST %s: the store answered with an empty token",
			endpoint)
	}
	c.SetToken(token)
	return token, nil
}

// refusedSignIn reports whether err is the store refusing the credentials:
// its sign-in message, or any 401 from a sign-in endpoint other than a
// refused two-factor code, which does not count against the password.
func refusedSignIn(err error) bool {
	if errors.Is(err, ErrBadCredentials) {
		return true
	}
	var apiErr *Error
	return errors.As(err, &apiErr) && apiErr.Status == 401 && !errors.Is(err, ErrInvalidCode)
}
