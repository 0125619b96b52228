package magentotest

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/magetoken/magetoken/magento"
)

// jwtHeader is the JOSE header of every Magento admin JWT, exactly: kid
// before alg, no typ.
const jwtHeader = `{"kid":"1","alg":"HS256"}`

// opaqueToken is a row of oauth_token for an opaque admin token.
type opaqueToken struct {
	userID  int
	created time.Time
}

// IssueToken returns a new admin token for the user, as a successful login
// would, without credentials, throttle or two-factor checks: a JWT, or an
// opaque token when SetOpaqueTokens is on.
func (s *Store) IssueToken(username string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[username]
	if u == nil {
		return "", errors.New("magentotest: no such user")
	}
	return s.issueLocked(u.ID)
}

// issueLocked issues an admin token for a user ID.
func (s *Store) issueLocked(userID int) (string, error) {
	now := s.nowLocked()
	if s.opaque {
		tok, err := randomOpaqueToken()
		if err != nil {
			return "", err
		}
		s.opaqueTokens[tok] = opaqueToken{userID: userID, created: now}
		return tok, nil
	}

	lifetime := s.jwtLifetime
	if lifetime <= 0 {
		lifetime = fallbackJWTLifetime
	}
	iat := now.Unix()
	exp := iat + int64(lifetime/time.Second)
	payload := fmt.Sprintf(`{"uid":%d,"utypid":%d,"iat":%d,"exp":%d}`,
		userID, magento.UserTypeAdmin, iat, exp)
	return signJWT(s.cryptKey, []byte(jwtHeader), []byte(payload)), nil
}

// signJWT builds a compact JWS signed with HS256 and the key Magento derives
// from crypt/key.
func signJWT(cryptKey string, header, payload []byte) string {
	enc := base64.RawURLEncoding
	input := enc.EncodeToString(header) + "." + enc.EncodeToString(payload)
	return input + "." + enc.EncodeToString(jwtSignature(cryptKey, input))
}

func jwtSignature(cryptKey, input string) []byte {
	mac := hmac.New(sha256.New, magento.SigningKey(cryptKey))
	mac.Write([]byte(input))
	return mac.Sum(nil)
}

// opaqueAlphabet is what Magento's OAuth helper draws opaque tokens from.
const opaqueAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

// randomOpaqueToken returns 32 random characters from [0-9a-z].
func randomOpaqueToken() (string, error) {
	b := make([]byte, 32)
	n := big.NewInt(int64(len(opaqueAlphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, n)
		if err != nil {
			return "", fmt.Errorf("magentotest: opaque token: %w", err)
		}
		b[i] = opaqueAlphabet[k.Int64()]
	}
	return string(b), nil
}

// Revoke revokes every admin token of the user issued before the current
// second, as Magento's "Force Sign-In" does. For JWTs it records
// revoke_before = now - 1 second, as Magento 2.4.8 does: a token whose iat
// is at or before it is refused, while a token issued within the same
// second as the revocation stays valid (with a fake clock, move it on by a
// second before checking). Opaque tokens of the user are deleted.
func (s *Store) Revoke(username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.users[username]; u != nil {
		s.revokeLocked(u)
	}
}

func (s *Store) revokeLocked(u *User) {
	s.revokeBefore[u.ID] = s.nowLocked().Unix() - 1
	for tok, row := range s.opaqueTokens {
		if row.userID == u.ID {
			delete(s.opaqueTokens, tok)
		}
	}
}

// tokenUser returns the admin user ID a bearer token stands for, or false
// when the caller is a guest. As in Magento, every failure (no header, a
// malformed header, a bad signature, expiry, revocation, an unknown token)
// just leaves the caller a guest.
func (s *Store) tokenUserLocked(authorization string) (int, bool) {
	parts := strings.Split(authorization, " ")
	if len(parts) != 2 || !strings.EqualFold(parts[0], "bearer") {
		return 0, false
	}
	tok := parts[1]
	now := s.nowLocked()

	if row, ok := s.opaqueTokens[tok]; ok {
		if s.opaqueLifetime > 0 && !now.Before(row.created.Add(s.opaqueLifetime)) {
			return 0, false
		}
		return row.userID, true
	}
	if s.opaque {
		return 0, false
	}
	return s.readJWTLocked(tok, now)
}

// jwtClaims are the claims Magento's JWT reader needs; all must be present
// and non-zero.
type jwtClaims struct {
	UID    json.Number `json:"uid"`
	UTypID json.Number `json:"utypid"`
	IAT    json.Number `json:"iat"`
	EXP    json.Number `json:"exp"`
}

// readJWTLocked checks an admin JWT as Magento's reader and validators do:
// HS256 signature with the current key, the four claims present, an admin
// user type, exp after now, and iat after the user's revoke_before.
func (s *Store) readJWTLocked(tok string, now time.Time) (int, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return 0, false
	}
	enc := base64.RawURLEncoding
	sig, err := enc.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, jwtSignature(s.cryptKey, parts[0]+"."+parts[1])) {
		return 0, false
	}

	header, err := enc.DecodeString(parts[0])
	if err != nil {
		return 0, false
	}
	var h struct {
		Alg string `json:"alg"`
	}
	if json.Unmarshal(header, &h) != nil || h.Alg != "HS256" {
		return 0, false
	}

	payload, err := enc.DecodeString(parts[1])
	if err != nil {
		return 0, false
	}
	var c jwtClaims
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if dec.Decode(&c) != nil {
		return 0, false
	}
	uid, ok1 := positiveInt(c.UID)
	typ, ok2 := positiveInt(c.UTypID)
	iat, ok3 := positiveInt(c.IAT)
	exp, ok4 := positiveInt(c.EXP)
	if !ok1 || !ok2 || !ok3 || !ok4 || typ != int64(magento.UserTypeAdmin) {
		return 0, false
	}
	if exp <= now.Unix() {
		return 0, false
	}
	if before, ok := s.revokeBefore[int(uid)]; ok && iat <= before {
		return 0, false
	}
	return int(uid), true
}

// positiveInt reads a claim that must be a positive whole number.
func positiveInt(n json.Number) (int64, bool) {
	v, err := strconv.ParseInt(n.String(), 10, 64)
	return v, err == nil && v > 0
}
