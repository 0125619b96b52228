//go:build js && wasm

package main

import (
	"errors"
	"strings"
	"syscall/js"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/magetoken/magetoken/magento"
	"github.com/norunners/vert"
)

// tokenView is a decoded token as the page shows it.
type tokenView struct {
	Status         string   `js:"status"`
	StatusText     string   `js:"statusText"`
	Kind           string   `js:"kind"`
	Token          string   `js:"token"`
	Cleaned        []string `js:"cleaned"`
	HeaderJSON     string   `js:"headerJSON"`
	ClaimsJSON     string   `js:"claimsJSON"`
	HeaderError    string   `js:"headerError"`
	ClaimsError    string   `js:"claimsError"`
	SignatureError string   `js:"signatureError"`
	UserID         int64    `js:"userId"`
	UserType       int      `js:"userType"`
	UserTypeName   string   `js:"userTypeName"`
	IssuedAtMs     *int64   `js:"issuedAtMs"`
	ExpiresAtMs    *int64   `js:"expiresAtMs"`
	NotBeforeMs    *int64   `js:"notBeforeMs"`
	Warnings       []string `js:"warnings"`
}

// Token statuses, as the page's data-status attribute shows them.
const (
	statusValid     = "valid"
	statusExpired   = "expired"
	statusNotYet    = "notyet"
	statusNonAdmin  = "nonadmin"
	statusEncrypted = "encrypted"
	statusOpaque    = "opaque"
	statusBroken    = "broken"
	statusEmpty     = "empty"
)

// decodeToken implements magetoken.decodeToken(text, {nowMs, leewaySeconds}).
// Options of the wrong type fall back to the defaults: decoding never fails.
func decodeToken(args []js.Value) any {
	opts := newObject("options", argOrUndefined(args, 1))
	now := time.Now()
	if ms, ok := opts.number("nowMs"); ok && ms > 0 {
		now = time.UnixMilli(int64(ms))
	}
	var leeway time.Duration
	if s, ok := opts.number("leewaySeconds"); ok && s > 0 {
		leeway = time.Duration(s * float64(time.Second))
	}
	return vert.ValueOf(viewToken(stringArg(args, 0), now, leeway)).Value
}

// viewToken decodes and checks a token for the page.
func viewToken(text string, now time.Time, leeway time.Duration) tokenView {
	v := tokenView{Cleaned: []string{}, Warnings: []string{}}
	if strings.TrimSpace(text) == "" {
		v.Status, v.StatusText, v.Kind = statusEmpty, "No token yet.", string(magento.TokenUnknown)
		return v
	}

	t, err := magento.ParseToken(text)
	v.Kind = string(t.Kind)
	v.Cleaned = nonNil(t.Cleaned)
	v.Warnings = nonNil(t.Warnings)
	if err != nil {
		v.Status = statusBroken
		v.StatusText = "Not a usable token: " + t.Note + "."
		if t.Kind == magento.TokenUnknown && t.Value != "" {
			// Normalising worked, but the text has no token's shape.
			v.StatusText = "This is not a token: " + t.Note + "."
		}
		return v
	}
	v.Token = t.Value
	v.HeaderJSON, v.ClaimsJSON = t.HeaderJSON, t.ClaimsJSON
	v.HeaderError, v.ClaimsError = errText(t.HeaderErr), errText(t.ClaimsErr)
	v.SignatureError = errText(t.SignatureErr)
	v.UserID, v.UserType = t.UserID, int(t.UserType)
	if t.UserType != 0 {
		v.UserTypeName = t.UserType.String()
	}
	v.IssuedAtMs, v.ExpiresAtMs = millis(t.IssuedAt), millis(t.ExpiresAt)
	v.NotBeforeMs = millis(t.NotBefore)
	v.Status, v.StatusText = tokenStatus(t, now, leeway)
	return v
}

// tokenStatus sums up a parsed token in one status and a sentence.
func tokenStatus(t *magento.Token, now time.Time, leeway time.Duration) (string, string) {
	switch t.Kind {
	case magento.TokenJWE:
		return statusEncrypted, "This is " + t.Note + "."
	case magento.TokenOpaque:
		return statusOpaque, "This is " + t.Note + ". Validate it with the store."
	}
	for _, part := range []error{t.HeaderErr, t.ClaimsErr, t.SignatureErr} {
		if part != nil {
			return statusBroken, "The token is damaged: " + withoutCause(part) + "."
		}
	}

	if err := t.Check(now, leeway); err != nil {
		text := checkText(err)
		switch {
		case errors.Is(err, jwt.ErrTokenExpired):
			return statusExpired, "Expired: " + text
		case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
			return statusNotYet, "Not valid yet: " + text
		}
		return statusBroken, "The store will refuse this token: " + text
	}

	switch t.UserType {
	case magento.UserTypeAdmin:
	case 0:
		return statusNonAdmin, "Not an admin token: it does not say whose it is (no utypid " +
			"claim), and the admin API refuses it."
	default:
		return statusNonAdmin, "Not an admin token: it belongs to " + article(t.UserType.String()) +
			" user, and the admin API refuses it."
	}
	return statusValid, "A valid admin token, as far as this page can tell; the store still " +
		"has to accept it: validate it."
}

// withoutCause returns err's message without the message of the error it
// wraps, such as "illegal base64 data at input byte 10": the part's own box
// shows the whole message.
func withoutCause(err error) string {
	msg := err.Error()
	if cause := errors.Unwrap(err); cause != nil {
		msg = strings.TrimSuffix(msg, ": "+cause.Error())
	}
	return msg
}

// checkText joins the time claim problems into sentences.
func checkText(err error) string {
	var lines []string
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	for _, e := range errs {
		// The status says what the jwt sentinel says; keep the explanation.
		msg := e.Error()
		for _, s := range []error{jwt.ErrTokenExpired, jwt.ErrTokenNotValidYet,
			jwt.ErrTokenUsedBeforeIssued, jwt.ErrTokenRequiredClaimMissing} {
			msg = strings.TrimPrefix(msg, s.Error()+": ")
		}
		lines = append(lines, msg)
	}
	return strings.Join(lines, "; ") + "."
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

// millis returns t in Unix milliseconds, nil for the zero time.
func millis(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	ms := t.UnixMilli()
	return &ms
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// signatureResult is verifySignature's result.
type signatureResult struct {
	OK    bool   `js:"ok"`
	Error string `js:"error"`
	Kind  string `js:"kind"`
	Title string `js:"title"`
	Hint  string `js:"hint"`
}

// verifySignature implements magetoken.verifySignature(token, cryptKey).
func verifySignature(args []js.Value) any {
	token, key := stringArg(args, 0), stringArg(args, 1)
	r := signatureResult{OK: true}
	if err := magento.VerifySignature(token, key); err != nil {
		r = signatureResult{
			Error: scrub(strings.TrimPrefix(err.Error(), "magento: "), []string{token, key}),
			Kind:  signatureKind(err),
		}
		r.Title, r.Hint = signatureText(r.Kind, r.Error)
	}
	return vert.ValueOf(r).Value
}

// signatureText says in plain words why a signature was not confirmed.
// msg is the error's message; the sentinel at its start is dropped.
func signatureText(kind, msg string) (title, hint string) {
	switch kind {
	case "missingKey":
		return "Enter the store's encryption key.",
			"Copy the value of crypt/key from the store's app/etc/env.php."
	case "malformedToken":
		msg = strings.TrimPrefix(msg, magento.ErrMalformedToken.Error()[len("magento: "):]+": ")
		return "This token's signature cannot be checked.", sentence(msg, "The token ")
	}
	msg = strings.TrimPrefix(msg, jwt.ErrTokenSignatureInvalid.Error()+": ")
	switch {
	case strings.HasPrefix(msg, "the signature matches key "):
		return "The token was signed with an older key.", sentence(msg, "")
	case strings.HasPrefix(msg, "the signature does not match"):
		return "The signature does not match this key.", "The token was signed with another " +
			"key, or it was changed. Check that you copied the whole crypt/key value, from " +
			"the store that issued the token."
	}
	return "The signature could not be confirmed.", sentence(msg, "The token ")
}

func signatureKind(err error) string {
	switch {
	case errors.Is(err, magento.ErrMalformedToken):
		return "malformedToken"
	case errors.Is(err, jwt.ErrInvalidKey):
		return "missingKey"
	}
	return "badSignature"
}

// stringArg returns args[i] as a string; "" when absent, null or not a
// string.
func stringArg(args []js.Value, i int) string {
	if i >= len(args) || typeOf(args[i]) != js.TypeString {
		return ""
	}
	return args[i].String()
}
