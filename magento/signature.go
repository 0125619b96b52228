package magento

import (
	"errors"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// VerifySignature checks a JWT's HS256 signature against the store's
// encryption key: the crypt/key value from app/etc/env.php, which only the
// store's administrators can read. The token is normalised first, as
// ParseToken does. Only the signature is checked; an expired token with a
// good signature passes (see Token.Check).
//
// After key rotations crypt/key holds several keys; Magento signs with the
// last one (see SigningKey), and so this checks with the last one. When the
// signature matches an earlier key instead, the error says so: Magento
// releases before the fix for CVE-2024-34102's follow-up accepted tokens
// signed with rotated-out keys, newer ones refuse them.
//
// The error wraps jwt.ErrTokenSignatureInvalid for a signature that does not
// match, jwt.ErrTokenSignatureInvalid too for an algorithm other than HS256,
// jwt.ErrInvalidKey for an empty key, and ErrMalformedToken for something
// that is not a signed JWT.
func VerifySignature(token, cryptKey string) error {
	value, _, err := NormalizeToken(token)
	if err != nil {
		return err
	}
	switch kind, note := classifyToken(value); kind {
	case TokenJWT:
	case TokenJWE:
		return fmt.Errorf("%w: this is %s; there is no signature to check here",
			ErrMalformedToken, note)
	case TokenOpaque:
		return fmt.Errorf("%w: this is %s, so it has no signature", ErrMalformedToken, note)
	default:
		return fmt.Errorf("%w: %s", ErrMalformedToken, note)
	}

	keys := strings.Fields(cryptKey)
	if len(keys) == 0 {
		return fmt.Errorf("%w: the crypt key is empty; copy crypt/key from app/etc/env.php",
			jwt.ErrInvalidKey)
	}

	err = verifyHS256(value, keys[len(keys)-1])
	if err == nil || !errors.Is(err, jwt.ErrTokenSignatureInvalid) || len(keys) == 1 {
		return err
	}
	for i, key := range keys[:len(keys)-1] {
		if verifyHS256(value, key) == nil {
			return fmt.Errorf("%w: the signature matches key %d of %d in crypt/key, not the "+
				"last one: the token was signed before the key was rotated; recent Magento "+
				"releases refuse it, older 2.4.4 to 2.4.7 builds still accept it",
				jwt.ErrTokenSignatureInvalid, i+1, len(keys))
		}
	}
	return err
}

// verifyHS256 checks value's signature with the signing key derived from
// one crypt key, without looking at the claims.
//
// It calls the HS256 method directly rather than through jwt.Parse: Parse
// reaches every registered algorithm's Verify through an interface, which
// keeps the RSA, ECDSA and EdDSA code in the WebAssembly binary (about
// 650 KB) although Magento signs with HMAC only.
func verifyHS256(value, key string) error {
	token, parts, err := jwt.NewParser().ParseUnverified(value, jwt.MapClaims{})
	if errors.Is(err, jwt.ErrTokenUnverifiable) && token != nil {
		// ParseUnverified refuses an alg it has no method for, or none.
		alg, _ := token.Header["alg"].(string)
		return fmt.Errorf("%w: the token's algorithm is %q, not HS256, the only one checked "+
			"here", jwt.ErrTokenSignatureInvalid, alg)
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrMalformedToken, err)
	}
	if token.Method != jwt.SigningMethodHS256 {
		return fmt.Errorf("%w: the token's algorithm is %q, not HS256, the only one checked "+
			"here", jwt.ErrTokenSignatureInvalid, token.Header["alg"])
	}
	signed := parts[0] + "." + parts[1]
	err = jwt.SigningMethodHS256.Verify(signed, token.Signature, SigningKey(key))
	if errors.Is(err, jwt.ErrSignatureInvalid) {
		return fmt.Errorf("%w: the signature does not match this crypt key: the token was "+
			"signed with another key, or it was changed", jwt.ErrTokenSignatureInvalid)
	}
	return err
}
