package magento

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"
)

// Token is a bearer token taken apart for display and local checks. Nothing
// here says whether the store accepts the token: only the store knows its
// signing key (unless the user gives it to VerifySignature) and whether the
// token was revoked.
type Token struct {
	// Kind is the token's kind.
	Kind TokenKind

	// Value is the normalised token, ready for an Authorization header. It
	// is a secret: never log it.
	Value string

	// Note says in a sentence what the token is or, for TokenUnknown, why
	// it is not a token.
	Note string

	// Cleaned lists what NormalizeToken removed from the input.
	Cleaned []string

	// Header is the decoded JOSE header (of a JWT or a JWE), HeaderJSON its
	// text, indented when it is a JSON object. HeaderErr says why the
	// header could not be decoded, naming the part.
	Header     map[string]any
	HeaderJSON string
	HeaderErr  error

	// Claims is the decoded payload of a JWT, ClaimsJSON its text, and
	// ClaimsErr why it could not be decoded. As with jwt.MapClaims, numbers
	// are float64.
	Claims     map[string]any
	ClaimsJSON string
	ClaimsErr  error

	// SignatureErr says why the third part of a JWT is not base64url. The
	// signature itself is checked by VerifySignature, with the store's key.
	SignatureErr error

	// UserID is the uid claim, and UserType the utypid claim; zero when
	// absent.
	UserID   int64
	UserType UserType

	// IssuedAt, ExpiresAt and NotBefore are the iat, exp and nbf claims;
	// zero when absent or not a number.
	IssuedAt, ExpiresAt, NotBefore time.Time

	// Warnings are things a store administrator should know: a token that
	// is not an admin's, a header Magento would not write, a missing claim.
	Warnings []string
}

// longLifetime is the token lifetime past which ParseToken warns. Magento's
// default admin lifetime is one hour, and stores that raise it commonly
// pick one day.
const longLifetime = 24 * time.Hour

// tokenPartError is a JWT part that cannot be decoded.
type tokenPartError struct {
	part  int    // 1-based
	parts int    // 3 for a JWT, 5 for a JWE
	what  string // "is not valid base64url", ...
	err   error  // the cause, or nil
}

func (e *tokenPartError) Error() string {
	name := [...]string{"", "the header", "the payload", "the signature", "part", "part"}[e.part]
	msg := fmt.Sprintf("%s (part %d of %d) %s", name, e.part, e.parts, e.what)
	if e.err != nil {
		msg += ": " + e.err.Error()
	}
	return msg
}

func (e *tokenPartError) Unwrap() error { return e.err }

func (e *tokenPartError) Is(target error) bool { return target == ErrMalformedToken }

// ParseToken normalises raw with NormalizeToken, classifies it, and decodes
// what it can.
//
// Each part of a JWT is decoded on its own, so a broken header still shows
// the claims; the parts' problems are in HeaderErr, ClaimsErr and
// SignatureErr, not in the returned error. ParseToken does not check the
// signature (see VerifySignature) or the time claims (see Token.Check).
//
// The returned Token is never nil. The error, which wraps ErrMalformedToken,
// is set when the input is empty, cannot be sent in a header, or is not a
// token of a known kind.
func ParseToken(raw string) (*Token, error) {
	value, cleaned, err := NormalizeToken(raw)
	t := &Token{Kind: TokenUnknown, Cleaned: cleaned}
	if err != nil {
		t.Note = strings.TrimPrefix(err.Error(), ErrMalformedToken.Error()+": ")
		return t, err
	}
	t.Value = value
	t.Kind, t.Note = classifyToken(value)

	parts := strings.Split(value, ".")
	switch t.Kind {
	case TokenUnknown:
		return t, fmt.Errorf("%w: %s", ErrMalformedToken, t.Note)
	case TokenJWE:
		t.Header, t.HeaderJSON, t.HeaderErr = decodeJSONPart(parts[0], 1, len(parts))
	case TokenJWT:
		t.Header, t.HeaderJSON, t.HeaderErr = decodeJSONPart(parts[0], 1, len(parts))
		t.Claims, t.ClaimsJSON, t.ClaimsErr = decodeJSONPart(parts[1], 2, len(parts))
		t.SignatureErr = checkSignaturePart(parts[2])
		t.readHeader()
		t.readClaims()
	}
	return t, nil
}

// decodePart decodes one base64url part. It tolerates the padding that
// RFC 7515 leaves out, since hand-edited tokens sometimes carry it.
func decodePart(s string, part, parts int) ([]byte, error) {
	if s == "" {
		return nil, &tokenPartError{part: part, parts: parts, what: "is empty"}
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, &tokenPartError{part: part, parts: parts, what: "is not valid base64url", err: err}
	}
	return b, nil
}

// decodeJSONPart decodes a part that holds a JSON object. The text is
// returned even when it is not JSON, so the user can see what is there.
func decodeJSONPart(s string, part, parts int) (map[string]any, string, error) {
	b, err := decodePart(s, part, parts)
	if err != nil {
		return nil, "", err
	}
	text := strings.ToValidUTF8(string(b), "\uFFFD")

	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil || m == nil {
		what := "is not a JSON object"
		if err != nil && !json.Valid(b) {
			what = "is not valid JSON"
		} else {
			err = nil
		}
		return nil, text, &tokenPartError{part: part, parts: parts, what: what, err: err}
	}

	var indented bytes.Buffer
	if json.Indent(&indented, b, "", "  ") == nil {
		text = indented.String()
	}
	return m, text, nil
}

// checkSignaturePart checks that the signature is base64url of an HS256
// MAC's length.
func checkSignaturePart(s string) error {
	b, err := decodePart(s, 3, 3)
	if err != nil {
		return err
	}
	if len(b) != 32 {
		return &tokenPartError{part: 3, parts: 3,
			what: fmt.Sprintf("is %d bytes long, not the 32 bytes of an HS256 signature", len(b))}
	}
	return nil
}

// readHeader adds warnings for a header Magento would not write. Magento
// writes exactly {"kid":"1","alg":"HS256"} by default.
func (t *Token) readHeader() {
	if t.Header == nil {
		return
	}
	switch alg, _ := t.Header["alg"].(string); {
	case alg == "":
		t.warn("the header has no alg; Magento's tokens say HS256")
	case strings.EqualFold(alg, "none"):
		t.warn("the header's alg is none: the token is not signed, and no store accepts it")
	case alg != "HS256":
		t.warn(fmt.Sprintf("the header's alg is %.20q; Magento signs with HS256 unless the "+
			"store's JWT settings were changed", alg))
	}
	if _, ok := t.Header["kid"]; !ok {
		t.warn("the header has no kid; Magento's tokens carry one")
	}
}

// readClaims fills the claim fields from Claims and adds warnings for what
// Magento would refuse. Magento requires uid, utypid, iat and exp.
func (t *Token) readClaims() {
	if t.Claims == nil {
		return
	}
	claims := jwt.MapClaims(t.Claims)

	if id, ok := t.intClaim("uid", "the user's ID"); ok {
		t.UserID = id
	}
	if typ, ok := t.intClaim("utypid", "the user type"); ok {
		t.UserType = UserType(typ)
		t.warnUserType()
	}

	t.IssuedAt = t.timeClaim("iat", claims.GetIssuedAt, true)
	t.ExpiresAt = t.timeClaim("exp", claims.GetExpirationTime, true)
	t.NotBefore = t.timeClaim("nbf", claims.GetNotBefore, false)

	if t.IssuedAt.IsZero() || t.ExpiresAt.IsZero() {
		return
	}
	switch life := t.ExpiresAt.Sub(t.IssuedAt); {
	case life <= 0:
		t.warn("the token expires before it was issued (exp is not after iat)")
	case life > longLifetime:
		t.warn(fmt.Sprintf("the token is valid for %s, which is unusually long; Magento's "+
			"default admin token lifetime is 1 hour", describeDuration(life)))
	}
}

// intClaim reads a whole-number claim, warning when it is missing or not a
// whole number.
func (t *Token) intClaim(name, meaning string) (int64, bool) {
	v, ok := t.Claims[name]
	if !ok {
		t.warn(fmt.Sprintf("the token has no %s claim (%s); Magento refuses such tokens",
			name, meaning))
		return 0, false
	}
	f, ok := v.(float64)
	if !ok || f != float64(int64(f)) {
		t.warn(fmt.Sprintf("the %s claim (%s) is %s, not a whole number",
			name, meaning, describeJSON(v)))
		return 0, false
	}
	return int64(f), true
}

// warnUserType warns about a token that the admin API will refuse.
func (t *Token) warnUserType() {
	switch t.UserType {
	case UserTypeAdmin:
	case UserTypeCustomer:
		t.warn("this is a customer token; the admin API will refuse it")
	case UserTypeIntegration:
		t.warn("this is an integration token, not an admin token; Magento does not issue " +
			"those as JWTs")
	case UserTypeGuest:
		t.warn("this is a guest token; the admin API will refuse it")
	default:
		t.warn(fmt.Sprintf("the user type (utypid %d) is not one Magento knows; "+
			"admin tokens have utypid 2", int64(t.UserType)))
	}
}

// timeClaim reads a NumericDate claim through jwt/v5's getter.
func (t *Token) timeClaim(name string, get func() (*jwt.NumericDate, error),
	required bool) time.Time {
	if _, ok := t.Claims[name]; !ok {
		if required {
			t.warn(fmt.Sprintf("the token has no %s claim; Magento refuses such tokens", name))
		}
		return time.Time{}
	}
	if f, ok := t.Claims[name].(float64); ok && !isDate(f) {
		t.warn(timeClaimRangeMessage(name, f))
		return time.Time{}
	}
	d, err := get()
	if err != nil {
		t.warn(timeClaimTypeMessage(name, t.Claims[name]))
		return time.Time{}
	}
	if d == nil {
		return time.Time{}
	}
	return d.UTC()
}

// timeClaimTypeMessage explains a time claim that is not a number of
// seconds. Some development builds of Magento 2.4.4 wrote the dates as
// strings.
func timeClaimTypeMessage(name string, v any) string {
	return fmt.Sprintf("the %s claim is %s, not a number of seconds since 1970 (%s); "+
		"Magento's released versions write a number", name, describeJSON(v),
		timeClaimMeaning[name])
}

// timeClaimTypeError is timeClaimTypeMessage as an error that matches
// jwt.ErrInvalidType.
func timeClaimTypeError(name string, v any) error {
	return fmt.Errorf("%w: %s", jwt.ErrInvalidType, timeClaimTypeMessage(name, v))
}

// Bounds of a time claim that can be shown as a date: the years 1 to 9999.
// Past them, jwt/v5 converts the seconds to an int64 that overflows, and
// the date it gives wraps around (and differs between platforms).
const (
	minDateSeconds = -62135596800 // 0001-01-01T00:00:00Z
	maxDateSeconds = 253402300799 // 9999-12-31T23:59:59Z
)

// isDate reports whether a time claim of f seconds is a date between the
// years 1 and 9999.
func isDate(f float64) bool {
	return f >= minDateSeconds && f <= maxDateSeconds
}

// timeClaimRangeMessage explains a time claim that is a number too large
// to be a date.
func timeClaimRangeMessage(name string, f float64) string {
	return fmt.Sprintf("the %s claim is the number %v, too far from 1970 to be a date (%s); "+
		"Magento writes a number of seconds such as 1700000000", name, f, timeClaimMeaning[name])
}

var timeClaimMeaning = map[string]string{
	"iat": "when the token was issued",
	"exp": "when the token expires",
	"nbf": "when the token becomes valid",
}

// describeJSON names the JSON type of v and, for short scalars, shows it.
func describeJSON(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return fmt.Sprintf("the boolean %t", v)
	case float64:
		return fmt.Sprintf("the number %v", v)
	case string:
		if utf8.RuneCountInString(v) > 40 {
			return "a string"
		}
		return fmt.Sprintf("the string %q", v)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("a %T", v)
}

func (t *Token) warn(msg string) { t.Warnings = append(t.Warnings, msg) }

// Check checks the token's time claims at now with jwt/v5's validator: exp
// (required, as Magento requires it), nbf and iat, each with the given
// leeway for clock skew. The problems are joined; errors.Is matches
// jwt.ErrTokenExpired, jwt.ErrTokenNotValidYet, jwt.ErrTokenUsedBeforeIssued,
// jwt.ErrTokenRequiredClaimMissing and, for a claim that is not a number
// or too large to be a date, jwt.ErrInvalidType.
//
// Opaque and encrypted tokens cannot be checked locally: Check returns nil
// for them. For a token of unknown kind, or a JWT whose claims cannot be
// decoded, the error wraps ErrMalformedToken.
func (t *Token) Check(now time.Time, leeway time.Duration) error {
	switch {
	case t == nil:
		return fmt.Errorf("%w: no token", ErrMalformedToken)
	case t.Kind == TokenOpaque || t.Kind == TokenJWE:
		return nil
	case t.Kind != TokenJWT:
		return fmt.Errorf("%w: %s", ErrMalformedToken, cmp.Or(t.Note, "it is not a JWT"))
	case t.ClaimsErr != nil:
		return t.ClaimsErr
	}

	claims := jwt.MapClaims{}
	var errs []error
	for _, name := range []string{"exp", "nbf", "iat"} {
		v, ok := t.Claims[name]
		if !ok {
			continue
		}
		f, ok := v.(float64)
		if !ok {
			errs = append(errs, timeClaimTypeError(name, v))
			continue
		}
		if !isDate(f) {
			errs = append(errs, fmt.Errorf("%w: %s", jwt.ErrInvalidType,
				timeClaimRangeMessage(name, f)))
			continue
		}
		claims[name] = v
	}

	opts := []jwt.ParserOption{
		jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithLeeway(leeway),
		jwt.WithIssuedAt(),
	}
	if _, present := t.Claims["exp"]; !present || claims["exp"] != nil {
		opts = append(opts, jwt.WithExpirationRequired())
	}
	v := jwt.NewValidator(opts...)
	if err := v.Validate(claims); err != nil {
		errs = append(errs, t.explain(err, now)...)
	}
	return errors.Join(errs...)
}

// explain rewrites the validator's errors in words, keeping them matchable.
func (t *Token) explain(err error, now time.Time) []error {
	var errs []error
	if errors.Is(err, jwt.ErrTokenExpired) {
		errs = append(errs, fmt.Errorf("%w: it expired %s ago, at %s", jwt.ErrTokenExpired,
			describeDuration(now.Sub(t.ExpiresAt)), formatTime(t.ExpiresAt)))
	}
	if errors.Is(err, jwt.ErrTokenNotValidYet) {
		errs = append(errs, fmt.Errorf("%w: it becomes valid in %s, at %s (is this "+
			"computer's clock right?)", jwt.ErrTokenNotValidYet,
			describeDuration(t.NotBefore.Sub(now)), formatTime(t.NotBefore)))
	}
	if errors.Is(err, jwt.ErrTokenUsedBeforeIssued) {
		errs = append(errs, fmt.Errorf("%w: it was issued %s in the future, at %s (is this "+
			"computer's clock right?)", jwt.ErrTokenUsedBeforeIssued,
			describeDuration(t.IssuedAt.Sub(now)), formatTime(t.IssuedAt)))
	}
	if errors.Is(err, jwt.ErrTokenRequiredClaimMissing) {
		errs = append(errs, fmt.Errorf("%w: it has no exp claim, and Magento refuses "+
			"tokens without one", jwt.ErrTokenRequiredClaimMissing))
	}
	if len(errs) == 0 {
		errs = append(errs, err)
	}
	return errs
}

// Expired reports whether the token's exp is at or before now, as Magento
// counts it. It is false for a token without exp, and for opaque and
// encrypted tokens, whose expiry only the store knows.
func (t *Token) Expired(now time.Time) bool {
	return t != nil && !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)
}

// formatTime formats a claim time for messages.
func formatTime(tm time.Time) string {
	return tm.UTC().Format("2006-01-02 15:04:05 UTC")
}

// describeDuration rounds d for a sentence: "3 days 4h0m0s", "2h5m0s", "12s".
func describeDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	if d < time.Minute {
		return d.Round(time.Second).String()
	}
	d = d.Round(time.Minute)
	days := d / (24 * time.Hour)
	rest := d % (24 * time.Hour)
	switch {
	case days == 0:
		return rest.String()
	case rest == 0 && days == 1:
		return "1 day"
	case rest == 0:
		return fmt.Sprintf("%d days", days)
	case days == 1:
		return "1 day " + rest.String()
	}
	return fmt.Sprintf("%d days %s", days, rest)
}
