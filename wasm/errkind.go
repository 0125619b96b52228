//go:build js && wasm

package main

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/magetoken/magetoken/magento"
	"github.com/norunners/vert"
)

// call is what the error description needs to know about a call: how it
// reached the store, whether it was a sign-in, and the secrets its message
// must not show.
type call struct {
	route   string // routeDirect or routeServer
	login   bool
	secrets []string
}

// errorInfo is an error as the page sees it.
type errorInfo struct {
	Kind            string   `js:"kind"`
	Title           string   `js:"title"`
	Message         string   `js:"message"`
	Hint            string   `js:"hint"`
	Status          int      `js:"status"`
	ActiveProviders []string `js:"activeProviders"`
	Providers       []string `js:"providers"`
	Token           string   `js:"token"`
	StoreMessage    string   `js:"storeMessage"`
	Details         string   `js:"details"`
}

// errInvalidInput marks arguments from JavaScript of the wrong shape.
var errInvalidInput = errors.New("invalid input")

// Hints shared by several kinds.
const (
	hintLockout = "Do not try many times: after six failed sign-ins in a row Magento locks " +
		"the account for 30 minutes, even for the right password."
	hintCORS = "The browser could not reach the store, or it blocked the store's answer " +
		"because of its cross-origin rules (Magento sends no CORS headers). Check the domain " +
		"and the protocol; then choose 'through this server' and start the server with " +
		"-store https://your-store, or install a CORS module on the store."
	hintServerDown = "This page's server did not answer. Check that it still runs (make run), " +
		"then reload the page."
	hintPath = "Check the domain and its path (a store installed in a folder needs it, as " +
		"in shop.example.com/magento), and that the store view code, if any, exists."
	hintNotForwarded = " Through this server, only the stores it was started with " +
		"(-store https://your-store) can be reached."
)

// describe turns an error into what the page shows: a kind it can test, a
// title, a hint with what to do next, and the message without secrets.
func describe(err error, c *call) errorInfo {
	if c == nil {
		c = &call{route: routeDirect}
	}
	info := errorInfo{
		Message:         scrub(strings.TrimPrefix(err.Error(), "magento: "), c.secrets),
		ActiveProviders: []string{},
		Providers:       []string{},
	}
	var apiErr *magento.Error
	if errors.As(err, &apiErr) {
		info.Status = apiErr.Status
		info.StoreMessage = scrub(storeMessage(apiErr), c.secrets)
	}
	var tfa *magento.TwoFactorError
	if errors.As(err, &tfa) {
		info.Providers = nonNil(tfa.Providers)
		info.ActiveProviders = nonNil(tfa.ActiveProviders)
	}
	var wt withToken
	if errors.As(err, &wt) {
		info.Token = wt.token
	}
	info.Kind, info.Title, info.Hint = classify(err, c, apiErr, tfa)
	info.Details = details(info)
	if info.Kind == "twoFactorRequired" {
		// The store's words are about its API ("use the 2fa provider-specific
		// endpoints"), not about what the administrator does next.
		info.StoreMessage = ""
	}
	return info
}

// storeMessage returns what the store said in its error envelope, with the
// sub-errors, or "" when it sent no message.
func storeMessage(e *magento.Error) string {
	if e.Message == "" {
		return ""
	}
	msgs := []string{e.Message}
	for _, d := range e.Errors {
		msgs = append(msgs, d.Message)
	}
	return strings.Join(msgs, " ")
}

// details returns the technical text to show beside the title and the hint,
// or "" when it would only repeat them: the kinds below put the error's
// reason into the hint, or have nothing to add.
func details(info errorInfo) string {
	switch info.Kind {
	case "canceled", "twoFactorRequired", "invalidDomain", "malformedToken", "noCredentials",
		"noToken":
		return ""
	}
	if info.Message == info.StoreMessage || info.Message == info.Hint {
		return ""
	}
	return info.Message
}

// reason returns the end of err's message after the last sentinel's text,
// as a sentence about subject ("The domain "), or fallback when the message
// holds nothing past the sentinel. Package magento words its reasons as
// "it is empty; type ...", so "it " becomes the subject.
func reason(err, sentinel error, subject, fallback string) string {
	msg := err.Error()
	i := strings.LastIndex(msg, sentinel.Error()+": ")
	if i < 0 {
		return fallback
	}
	return sentence(msg[i+len(sentinel.Error())+2:], subject)
}

// sentence capitalises s, replaces a leading "it " by subject, and ends it
// with a period.
func sentence(s, subject string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if rest, ok := strings.CutPrefix(s, "it "); ok {
		s = subject + rest
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// classify picks the kind, title and hint. The order matters: a context
// error wraps a network error, and a two-factor answer wraps an *Error.
func classify(err error, c *call, apiErr *magento.Error,
	tfa *magento.TwoFactorError) (kind, title, hint string) {
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled", "Canceled.", "The request was canceled. Start it again when you are ready."
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout", "The store did not answer in time.",
			"No answer came within " + strconv.Itoa(int(callTimeout.Seconds())) + " seconds. " +
				"Check that the store is up and the domain is right, then try again."
	case tfa != nil && tfa.NeedsSetup:
		return "twoFactorNotConfigured", "Two-factor authentication is not set up for this account.",
			"The store requires it: open the link in the e-mail Magento has just sent to this " +
				"admin, set up Google Authenticator, then log in here with a code."
	case tfa != nil:
		return "twoFactorRequired", "The store asks for a two-factor code.", twoFactorHint(tfa)
	case errors.Is(err, magento.ErrTwoFactorNotConfigured):
		return "twoFactorNotConfigured", "Two-factor authentication is not set up.",
			"The store requires two-factor authentication, but no method is ready for this " +
				"account. An administrator with full access chooses the methods under Stores > " +
				"Configuration > Security > 2FA, and this admin sets up Google Authenticator at " +
				"the next sign-in to the admin panel."
	case errors.Is(err, magento.ErrInvalidCode):
		return "invalidCode", "The store refused the code.",
			"Enter the code Google Authenticator shows now (it changes every 30 seconds), and " +
				"check that the clock of the phone and of the store are right."
	case errors.Is(err, magento.ErrBadCredentials):
		return "badCredentials", "The store refused the username or password.",
			"Check the username and the password, and that the account is active and not " +
				"locked. " + hintLockout
	case errors.Is(err, magento.ErrAdminTokenDisabled):
		return "tokenDisabled", "The store issues no admin tokens for a password.",
			"Admins sign in with Adobe IMS on this store. Use an IMS access token or an " +
				"integration token instead, and paste it in the token box."
	case errors.Is(err, magento.ErrUnauthorized):
		return unauthorized(c, apiErr)
	case errors.Is(err, magento.ErrNoRoute):
		hint := hintPath
		if c.route == routeServer {
			hint += hintNotForwarded
		}
		return "noRoute", "The store does not know this address.", hint
	case errors.Is(err, magento.ErrNetwork):
		if c.route == routeServer {
			return "network", "This page's server did not answer.", hintServerDown
		}
		return "network", "The store could not be reached.", hintCORS
	case errors.Is(err, magento.ErrResponseTooLarge):
		return "tooLarge", "The answer was too large.",
			"The answer was far larger than any Magento API answer, so the domain probably " +
				"points at something else. " + hintPath
	case errors.Is(err, magento.ErrInvalidDomain):
		return "invalidDomain", "The store domain is not valid.",
			reason(err, magento.ErrInvalidDomain, "The domain ",
				"Enter the store's host name, with a port and a path if it has them, such as "+
					"shop.example.com or 127.0.0.1:8080/magento.")
	case errors.Is(err, magento.ErrMalformedToken):
		return "malformedToken", "This is not a usable token.",
			strings.TrimSpace(reason(err, magento.ErrMalformedToken, "The token ", "") +
				" Paste the whole token as the store gave it: a token from Magento 2.4.4 or " +
				"later is a JWT of three parts separated by dots.")
	case errors.Is(err, magento.ErrNoCredentials):
		return "noCredentials", "The username or the password is missing.",
			"Enter the admin username and password."
	case errors.Is(err, magento.ErrNoToken):
		return "noToken", "There is no token.", "Log in or paste a token first."
	case errors.Is(err, errInvalidInput):
		return "invalidInput", "The page passed arguments of the wrong kind.",
			"Reload the page and try again."
	case apiErr != nil:
		return serverError(c, apiErr)
	}
	return "internal", "Something went wrong in this page.",
		"Reload the page and try again. If it happens again, report it with the activity log."
}

// twoFactorHint says how to go on when the store asks for a second factor.
// The page can only send Google Authenticator codes.
func twoFactorHint(tfa *magento.TwoFactorError) string {
	if len(tfa.ActiveProviders) == 0 || contains(tfa.ActiveProviders, "google") {
		return "Enter the 6-digit code that Google Authenticator shows for this store, then " +
			"log in again. The code changes every 30 seconds."
	}
	return "This admin uses " + strings.Join(tfa.ActiveProviders, ", ") + " for two-factor " +
		"authentication, which this page cannot do: only Google Authenticator codes work " +
		"here. Get a token another way (for example from an integration) and paste it."
}

// unauthorized explains a 401 on a token, or a sign-in refused for lack of
// a role. Magento answers alike for every reason, so the hint lists them.
func unauthorized(c *call, apiErr *magento.Error) (kind, title, hint string) {
	kind = "unauthorized"
	switch {
	case c.login && apiErr != nil && apiErr.Endpoint != validateEndpoint:
		return kind, "The account may not use the API.",
			"The username and password are right, but the account has no role, or its role " +
				"grants nothing. Give it a role under System > Permissions > All Users."
	case c.login:
		return kind, "The store issued a token, then refused it.",
			"A fresh token was refused, so the admin's role most likely lacks Stores > " +
				"Settings > All Stores (Magento_Backend::store), which the check needs. Give " +
				"the role that resource. The token is shown anyway: it may work for the parts " +
				"of the API the role allows."
	}
	return kind, "The store refused the token.",
		"The token is invalid, expired or revoked (by 'Force Sign-In', a deactivated account " +
			"or a new encryption key, for example), or the admin's role lacks Stores > " +
			"Settings > All Stores (Magento_Backend::store). Magento does not say which. Check " +
			"the expiry in the token box, then log in again; if a fresh token is refused too, " +
			"give the role that resource."
}

// validateEndpoint is the endpoint the token check calls.
const validateEndpoint = "store/websites"

// serverError explains an answer that is none of the known errors.
func serverError(c *call, e *magento.Error) (kind, title, hint string) {
	title = "The store answered with an error (HTTP " + strconv.Itoa(e.Status) + ")."
	switch {
	case c.route == routeServer && (e.Status == 403 || e.Status == 404):
		title = "This server did not forward the request (HTTP " + strconv.Itoa(e.Status) + ")."
		hint = "Its answer says why." + hintNotForwarded
	case c.route == routeServer && (e.Status == 502 || e.Status == 504):
		title = "This server could not get an answer from the store (HTTP " +
			strconv.Itoa(e.Status) + ")."
		hint = "Check that the store is up and that the server was started with the right " +
			"-store address; its answer says why."
	case e.Status >= 500:
		hint = "The store failed or is down for maintenance. Try again later, or look at its " +
			"logs (var/log and var/report)."
	case e.Status >= 300 && e.Status < 400:
		hint = "The store redirected the request, which usually means the protocol or the " +
			"domain is not quite right (http instead of https, or a missing www.)."
	case e.Status >= 200 && e.Status < 300:
		title = "The address answered, but not as Magento's REST API does."
		hint = hintPath
	case e.Status == 404:
		hint = hintPath
	default:
		hint = "Check the request's settings in step 1; the store's answer may say more."
	}
	return "server", title, hint
}

// errorValue makes a JavaScript Error carrying the description.
func errorValue(info errorInfo) js.Value {
	e := js.Global().Get("Error").New(info.Message)
	fields := vert.ValueOf(info).Value
	keys := js.Global().Get("Object").Call("keys", fields)
	for i := 0; i < keys.Length(); i++ {
		k := keys.Index(i).String()
		if k != "message" {
			e.Set(k, fields.Get(k))
		}
	}
	return e
}

// scrub removes secrets from a message. Messages from package magento do
// not contain them; this guards against a store that echoes its input.
func scrub(msg string, secrets []string) string {
	for _, s := range secrets {
		if len(s) >= 4 {
			msg = strings.ReplaceAll(msg, s, "…")
		}
	}
	return msg
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
