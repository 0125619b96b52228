package magentotest

import (
	"slices"
	"sync"
	"time"
)

// DefaultCryptKey is the crypt/key a new Store signs its JWTs with. With it,
// the token of admin user 1 issued at 1700000000 with the default lifetime is
// the fixed test vector
// eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ.eyJ1aWQiOjEsInV0eXBpZCI6MiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDM2MDB9.medfRQHPbWCoJC7ZmyOP8Yrrj4PJW3hg27cR1OTdsjE,
// which signature checkers can test against.
const DefaultCryptKey = "0123456789abcdef0123456789abcdef"

// Magento's defaults for admin tokens.
const (
	// defaultJWTLifetime is webapi/jwtauth/admin_expiration (60 minutes).
	defaultJWTLifetime = 60 * time.Minute

	// fallbackJWTLifetime is what Magento uses when that setting is empty
	// or not positive.
	fallbackJWTLifetime = 30 * time.Minute

	// defaultOpaqueLifetime is oauth/access_token_lifetime/admin (4 hours),
	// the lifetime of opaque tokens.
	defaultOpaqueLifetime = 4 * time.Hour
)

// A Store is a fake Magento store. Its zero value is not usable; call
// NewStore or NewDemoStore. A Store is safe for concurrent use, and its
// settings may change while it serves.
type Store struct {
	mu sync.Mutex

	now            func() time.Time
	cryptKey       string
	jwtLifetime    time.Duration
	opaqueLifetime time.Duration
	opaque         bool
	cors           bool
	twoFactor      TwoFactorMode

	users        map[string]*User // by username
	revokeBefore map[int]int64    // admin user ID to jwt_auth_revoked.revoke_before
	opaqueTokens map[string]opaqueToken
	throttle     map[string]throttleRow // by username as sent

	websites []Website
	views    []StoreView

	fault    Fault
	requests []LoggedRequest
}

// NewStore returns a store with no users, two-factor authentication off
// (as with Magento_TwoFactorAuth disabled), JWTs signed with DefaultCryptKey
// and valid for 60 minutes, the real clock, and a small catalogue: the
// admin website and store view (ID 0), "Main Website" (base) with the
// store views "default" and "fr".
func NewStore() *Store {
	return &Store{
		now:            time.Now,
		cryptKey:       DefaultCryptKey,
		jwtLifetime:    defaultJWTLifetime,
		opaqueLifetime: defaultOpaqueLifetime,
		users:          map[string]*User{},
		revokeBefore:   map[int]int64{},
		opaqueTokens:   map[string]opaqueToken{},
		throttle:       map[string]throttleRow{},
		websites:       defaultWebsites(),
		views:          defaultStoreViews(),
	}
}

// User is an admin user of the store.
type User struct {
	// Username and Password are what the user logs in with. Usernames are
	// matched exactly.
	Username, Password string

	// ID is the admin user ID, the uid claim of its tokens; zero picks the
	// next free ID.
	ID int

	// Inactive marks the account as disabled (is_active = 0): the correct
	// password is refused with the sign-in message and its tokens stop
	// working.
	Inactive bool

	// NoRole leaves the user without an admin role: the correct password is
	// refused with "More permissions are needed to access this.".
	NoRole bool

	// Resources lists the ACL resources the user's role grants, such as
	// "Magento_Backend::store". Nil grants everything, as the role
	// Administrators (Magento_Backend::all) does.
	Resources []string

	// TOTPSecret is the base32 secret of the user's Google Authenticator;
	// non-empty means the google provider is configured (active) for the
	// user.
	TOTPSecret string

	// SkipTwoFactor lets the user get a token from the admin token endpoint
	// with a password alone, even when two-factor authentication is on.
	// Real Magento has no per-user exemption: this stands in for a store
	// where two-factor authentication is off for this account's login
	// route, so that one demo store can show both kinds of login.
	SkipTwoFactor bool
}

// AddUser adds an admin user, or replaces the user with the same username.
// Saving a user as inactive revokes its tokens, as Magento does when an
// admin account is disabled.
func (s *Store) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()

	old := s.users[u.Username]
	if u.ID == 0 && old != nil {
		u.ID = old.ID
	}
	if u.ID == 0 {
		u.ID = s.nextUserIDLocked()
	}
	u.Resources = slices.Clone(u.Resources)
	s.users[u.Username] = &u
	if u.Inactive {
		s.revokeLocked(&u)
	}
}

func (s *Store) nextUserIDLocked() int {
	id := 0
	for _, u := range s.users {
		id = max(id, u.ID)
	}
	return id + 1
}

// userByIDLocked returns the user with the given ID, or nil.
func (s *Store) userByIDLocked(id int) *User {
	for _, u := range s.users {
		if u.ID == id {
			return u
		}
	}
	return nil
}

// SetClock sets the store's clock; nil restores the real one. Token times,
// expiry, revocation, the throttle and TOTP codes all follow it.
func (s *Store) SetClock(now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// nowLocked returns the store's time.
func (s *Store) nowLocked() time.Time {
	return s.now()
}

// SetCryptKey sets crypt/key from app/etc/env.php, from which the JWT
// signing key is derived (see magento.SigningKey). Tokens signed with the
// previous key stop working, as they do on Magento 2.4.8, which signs and
// verifies with the last key only.
func (s *Store) SetCryptKey(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cryptKey = k
}

// SetTokenLifetime sets how long new admin tokens last. For JWTs it is
// webapi/jwtauth/admin_expiration, where Magento uses 30 minutes for a
// value that is not positive; the default is 60 minutes. For opaque tokens
// it is oauth/access_token_lifetime/admin, where a value that is not
// positive means the tokens never expire; the default is 4 hours.
func (s *Store) SetTokenLifetime(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jwtLifetime = d
	s.opaqueLifetime = d
}

// SetOpaqueTokens makes the store behave like Magento before 2.4.4: it
// issues opaque 32-character tokens, kept server side, and accepts only
// those. Off (the default), it issues JWTs and accepts JWTs and any opaque
// tokens it still holds, as 2.4.4 and later do.
func (s *Store) SetOpaqueTokens(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opaque = on
}

// SetCORS models a CORS module such as graycore/magento2-cors. Core Magento
// sends no CORS headers and refuses a preflight OPTIONS request with 400, so
// a browser on another origin cannot call it; that is the default. On, the
// store allows every origin: it echoes Origin in
// Access-Control-Allow-Origin and answers OPTIONS with 204.
func (s *Store) SetCORS(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cors = on
}
