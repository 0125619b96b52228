package magento

import (
	"crypto/sha256"
	"strings"
	"sync"
)

// DefaultUserAgent is the User-Agent sent when Client.UserAgent is empty,
// on platforms that let the client set one.
const DefaultUserAgent = "magetoken"

// Client talks to the admin REST API of one Magento 2 store.
//
// The fields are its settings, the same as those of MyMagento's Client. The
// zero Client is usable once Domain is set; every field's zero value says
// what it does below. A Client is safe for concurrent use, provided its
// fields other than Token are not changed while requests are in flight; the
// client itself changes Token only under its own lock. A Client must not be
// copied after first use.
type Client struct {
	// Domain is the store's address as the user typed it, such as
	// "shop.example.com", "https://shop.example.com/magento/" or
	// "127.0.0.1:8080". It is parsed by ParseDomain on every use, so a
	// domain that does not parse makes every request fail with an error
	// wrapping ErrInvalidDomain.
	Domain string

	// Username and Password log in to an admin account. When both are set,
	// a request whose token is refused logs in again, once.
	Username string
	Password string

	// Scope is the store view code requests are made for, as in
	// /rest/<code>/V1/. Empty means none: /rest/V1/, the default store
	// view, or the code found in a pasted /rest/<code>/V1 domain.
	Scope string

	// Local sends requests over http instead of https. A Domain that starts
	// with "http://" has the same effect.
	Local bool

	// UserAgent is sent as the User-Agent header; empty sends
	// DefaultUserAgent. Browsers do not let a page set this header, so the
	// js/wasm build sends the browser's own instead.
	UserAgent string

	// Token is the admin bearer token. Login and a re-login set it; set it
	// directly to use a token from elsewhere. While requests are in flight,
	// read it with CurrentToken.
	Token string

	// Transport sends the requests; nil means the platform's default:
	// net/http natively, the browser's fetch in js/wasm.
	Transport Transport

	// mu guards Token.
	mu sync.Mutex

	// loginMu makes logins take turns, so that requests refused at the same
	// time log in once between them.
	loginMu sync.Mutex

	// failed is a digest of the credentials of the last automatic login that
	// the store refused; they are not tried again automatically. Guarded by
	// loginMu.
	failed [sha256.Size]byte
}

// CurrentToken returns Token, read under the client's lock.
func (c *Client) CurrentToken() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Token
}

// SetToken sets Token under the client's lock.
func (c *Client) SetToken(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Token = token
}

// transport returns the Transport to send with.
func (c *Client) transport() Transport {
	if c.Transport != nil {
		return c.Transport
	}
	return defaultTransport
}

// userAgent returns the User-Agent header value.
func (c *Client) userAgent() string {
	if ua := strings.TrimSpace(c.UserAgent); ua != "" {
		return ua
	}
	return DefaultUserAgent
}

// hasCredentials reports whether the client may log in by itself.
func (c *Client) hasCredentials() bool {
	return c.Username != "" && c.Password != ""
}

// credentialsDigest identifies the current username and password without
// keeping another copy of the password.
func (c *Client) credentialsDigest() [sha256.Size]byte {
	return sha256.Sum256([]byte(c.Username + "\x00" + c.Password))
}
