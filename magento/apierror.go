package magento

import (
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is an answer from the store that the client could not use: any
// status outside 2xx, or a 2xx whose body is not the JSON expected (such as
// an HTML page from a misconfigured store).
//
// errors.Is matches it against the sentinel it stands for, such as
// ErrBadCredentials, ErrUnauthorized, ErrNoRoute or ErrInvalidCode; an
// error that fits none matches none.
type Error struct {
	// Status is the HTTP status code.
	Status int

	// Method is the request method.
	Method string

	// Endpoint is the request path after /V1/, without the query.
	Endpoint string

	// Message is Magento's message with its %name and %1 placeholders
	// filled in from Parameters.
	Message string

	// Template is Magento's message as sent, placeholders included.
	Template string

	// Parameters is Magento's parameters value: an object for named
	// placeholders, an array for positional ones; nil when absent.
	Parameters json.RawMessage

	// Errors lists the sub-errors of an aggregate error, such as one per
	// missing field, each filled in the same way.
	Errors []ErrorDetail

	// Body is a short excerpt of a body that is not Magento's JSON error
	// envelope: tags stripped, white space folded, at most
	// maxExcerptRunes runes. It is empty for an empty body.
	Body string

	// ContentType is the response's Content-Type.
	ContentType string

	// kind is the sentinel the error matches, or nil.
	kind error

	// note says why a 2xx answer could not be used, or where a redirect
	// went.
	note string
}

// ErrorDetail is one entry of the errors array of Magento's error envelope.
type ErrorDetail struct {
	// Message is the message with its placeholders filled in.
	Message string

	// Template is the message as sent.
	Template string

	// Parameters is the entry's parameters value, nil when absent.
	Parameters json.RawMessage
}

// Error returns "magento: METHOD endpoint: status: message", with the
// sub-errors or the body excerpt when there are some.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("magento: ")
	if e.Method != "" || e.Endpoint != "" {
		b.WriteString(strings.TrimSpace(e.Method + " " + e.Endpoint))
		b.WriteString(": ")
	}
	b.WriteString(statusText(e.Status))

	switch {
	case e.Message != "":
		b.WriteString(": " + e.Message)
		if len(e.Errors) > 0 {
			msgs := make([]string, len(e.Errors))
			for i, d := range e.Errors {
				msgs[i] = d.Message
			}
			b.WriteString(" (" + strings.Join(msgs, "; ") + ")")
		}
		if e.kind == ErrUnauthorized {
			b.WriteString(" (the token is invalid, expired or revoked, or its role lacks " +
				"the resource: Magento does not say which)")
		}
	case e.note != "":
		b.WriteString(", but " + e.note)
	case e.Body == "":
		b.WriteString(" with an empty body")
	default:
		b.WriteString(", not an answer from Magento's REST API")
	}

	if e.Message == "" && e.Body != "" {
		if e.ContentType != "" {
			b.WriteString(" (" + e.ContentType + ")")
		}
		if e.Status == 404 || e.Status/100 == 2 {
			b.WriteString("; check the domain and its path")
		}
		b.WriteString(": " + e.Body)
	}
	return clip(b.String(), maxErrorBytes)
}

// Is reports whether target is the sentinel the error stands for.
func (e *Error) Is(target error) bool {
	return e.kind != nil && target == e.kind
}

// TwoFactorError is the store's answer that the account must log in with a
// second factor, or set one up first. errors.Is matches it against
// ErrTwoFactorRequired, and errors.As finds the *Error inside.
type TwoFactorError struct {
	// Providers lists the providers the store forces, such as "google"
	// and "duo_security", when the store lists them.
	Providers []string

	// ActiveProviders lists the providers the account has set up.
	ActiveProviders []string

	// NeedsSetup reports that the account must set up a forced provider
	// before it can log in (Magento then e-mails a setup link).
	NeedsSetup bool

	// Err is the store's answer.
	Err *Error
}

// Error says what to do next, followed by the store's answer.
func (e *TwoFactorError) Error() string {
	var b strings.Builder
	var lists []string
	if e.NeedsSetup {
		b.WriteString("magento: the account must set up two-factor authentication first")
		if len(e.Providers) > 0 {
			lists = append(lists, "required: "+strings.Join(e.Providers, ", "))
		}
	} else {
		b.WriteString("magento: two-factor authentication is required; log in with a code")
	}
	if len(e.ActiveProviders) > 0 {
		lists = append(lists, "set up: "+strings.Join(e.ActiveProviders, ", "))
	}
	if len(lists) > 0 {
		b.WriteString(" (" + strings.Join(lists, "; ") + ")")
	}
	if e.Err != nil {
		b.WriteString("; " + strings.TrimPrefix(e.Err.Error(), "magento: "))
	}
	return clip(b.String(), maxErrorBytes)
}

// Is reports whether target is ErrTwoFactorRequired.
func (e *TwoFactorError) Is(target error) bool {
	return target == ErrTwoFactorRequired
}

// Unwrap returns the store's answer.
func (e *TwoFactorError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// envelope is Magento's JSON error body, and the fallback envelope it uses
// for some framework errors such as 406.
type envelope struct {
	Message    *string         `json:"message"`
	Parameters json.RawMessage `json:"parameters"`
	Errors     []struct {
		Message    string          `json:"message"`
		Parameters json.RawMessage `json:"parameters"`
	} `json:"errors"`
	Messages *struct {
		Error []struct {
			Message string `json:"message"`
		} `json:"error"`
	} `json:"messages"`
}

// newError reads a non-2xx response. login says the request was a sign-in,
// where a 401 speaks of the credentials rather than a token. The result
// is an *Error or a *TwoFactorError.
func newError(resp *HTTPResponse, method, endpoint string, login bool) error {
	e := &Error{
		Status:      resp.Status,
		Method:      method,
		Endpoint:    endpoint,
		ContentType: resp.Header["content-type"],
	}

	var env envelope
	switch err := json.Unmarshal(resp.Body, &env); {
	case err == nil && env.Message != nil:
		e.Template = *env.Message
		e.Parameters = env.Parameters
		e.Message = fillPlaceholders(e.Template, env.Parameters)
		for _, d := range env.Errors {
			e.Errors = append(e.Errors, ErrorDetail{
				Message:    fillPlaceholders(d.Message, d.Parameters),
				Template:   d.Message,
				Parameters: d.Parameters,
			})
		}
	case err == nil && env.Messages != nil && len(env.Messages.Error) > 0:
		e.Template = env.Messages.Error[0].Message
		e.Message = e.Template
	default:
		e.Body = excerpt(resp.Body)
	}

	switch {
	case resp.Status/100 == 3:
		e.note = redirectNote(resp.Header["location"])
		e.Body = ""
	case resp.Status == 401 && e.Template == "" &&
		strings.HasPrefix(strings.ToLower(resp.Header["www-authenticate"]), "basic"):
		e.note = "the web server asks for its own password (HTTP authentication) " +
			"before the request reaches Magento"
	}
	return classify(e, login)
}

// Magento's messages the client tells apart. They are matched exactly, as
// Magento sends them in English unless a store translates them.
const (
	msgSignIn          = "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."
	msgSignInOld       = "You did not sign in correctly or your account is temporarily disabled."
	msgUseProvider     = "Please use the 2fa provider-specific endpoints to obtain a token."
	msgConfigure2FA    = "You are required to configure personal Two-Factor Authorization in order to login. Please check your email."
	msgMailFailed      = "Failed to send the message. Please contact the administrator"
	msgNo2FA           = "Please ask an administrator with sufficient access to configure 2FA first"
	msgNotConfigured   = "Provider is not configured."
	msgNotAllowed      = "Provider is not allowed."
	msgInvalidCode     = "Invalid code."
	msgNoRoute         = "Request does not match any route."
	msgIMS             = "Admin token generation is disabled. Please use Adobe IMS ACCESS_TOKEN."
	msgNoPermissions   = "More permissions are needed to access this."
	keyProviders       = "providers"
	keyActiveProviders = "active_providers"
)

// classify sets the error's sentinel from its status and message; 2FA
// answers become a *TwoFactorError. The flows are described in
// Magento_TwoFactorAuth's AdminAccessTokenService and Magento's
// Webapi ErrorProcessor.
func classify(e *Error, login bool) error {
	if e.Template == "" {
		if e.Status == 401 && e.Body == "" {
			e.kind = ErrUnauthorized
		}
		return e
	}

	switch e.Status {
	case 400:
		providers, active, ok := twoFactorParams(e.Parameters)
		switch {
		case e.Template == msgUseProvider:
			return &TwoFactorError{Providers: providers, ActiveProviders: active, Err: e}
		case e.Template == msgConfigure2FA || e.Template == msgMailFailed:
			return &TwoFactorError{Providers: providers, ActiveProviders: active,
				NeedsSetup: true, Err: e}
		case e.Template == msgNo2FA || e.Template == msgNotConfigured ||
			e.Template == msgNotAllowed:
			e.kind = ErrTwoFactorNotConfigured
		case ok:
			// A translated 2FA answer still carries its parameters.
			return &TwoFactorError{Providers: providers, ActiveProviders: active,
				NeedsSetup: providers != nil, Err: e}
		}
	case 401:
		switch {
		case e.Template == msgSignIn || e.Template == msgSignInOld:
			e.kind = ErrBadCredentials
		case e.Template == msgInvalidCode:
			e.kind = ErrInvalidCode
		case e.Template == msgIMS:
			e.kind = ErrAdminTokenDisabled
		case login && e.Template != msgNoPermissions:
			e.kind = ErrBadCredentials
		default:
			e.kind = ErrUnauthorized
		}
	case 404:
		if e.Template == msgNoRoute {
			e.kind = ErrNoRoute
		}
	}
	return e
}

// twoFactorParams reads the provider lists of a 2FA answer; ok reports
// that the parameters have the active_providers key.
func twoFactorParams(raw json.RawMessage) (providers, active []string, ok bool) {
	var p map[string]json.RawMessage
	if json.Unmarshal(raw, &p) != nil {
		return nil, nil, false
	}
	a, ok := p[keyActiveProviders]
	if !ok {
		return nil, nil, false
	}
	active = []string{}
	_ = json.Unmarshal(a, &active)
	if v, has := p[keyProviders]; has {
		providers = []string{}
		_ = json.Unmarshal(v, &providers)
	}
	return providers, active, true
}

// fillPlaceholders renders a Magento phrase: %name from an object of
// parameters, %1, %2, ... from an array, the longest name first where names
// overlap, like the PHP strtr that Magento's Placeholder renderer uses.
func fillPlaceholders(tmpl string, raw json.RawMessage) string {
	if len(raw) == 0 || !strings.Contains(tmpl, "%") {
		return clip(tmpl, maxMessageBytes)
	}

	values := map[string]json.RawMessage{}
	var list []json.RawMessage
	if json.Unmarshal(raw, &values) != nil {
		values = map[string]json.RawMessage{}
		if json.Unmarshal(raw, &list) != nil {
			return clip(tmpl, maxMessageBytes)
		}
		for i, v := range list {
			values[strconv.Itoa(i+1)] = v
		}
	}

	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) > len(keys[j])
		}
		return keys[i] < keys[j]
	})
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, "%"+k, renderParam(values[k]))
	}
	// A template may repeat a long parameter many times: the output is
	// bounded while it is written, not after.
	w := &cappedWriter{max: maxMessageBytes}
	_, _ = strings.NewReplacer(pairs...).WriteString(w, tmpl)
	return clip(w.b.String(), maxMessageBytes)
}

// Bounds on the text of an error. A body is at most
// DefaultMaxResponseBytes, but a message filled in from it is not: without
// them a 24 KB body made a 40 MB message.
const (
	// maxMessageBytes bounds Error.Message and each ErrorDetail.Message.
	maxMessageBytes = 2 << 10

	// maxErrorBytes bounds what Error() returns.
	maxErrorBytes = 4 << 10
)

// clip cuts s to at most n bytes at a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// errCapped stops a cappedWriter's writer once it is full.
var errCapped = errors.New("magento: message too long")

// cappedWriter keeps the first max+1 bytes written to it, one more than
// clip needs to know that it must cut, and refuses the rest.
type cappedWriter struct {
	b   strings.Builder
	max int
}

func (w *cappedWriter) Write(p []byte) (int, error) {
	return w.WriteString(string(p))
}

func (w *cappedWriter) WriteString(s string) (int, error) {
	room := w.max + 1 - w.b.Len()
	if len(s) > room {
		w.b.WriteString(s[:room])
		return room, errCapped
	}
	return w.b.WriteString(s)
}

// maxParamDepth bounds how deep renderParam looks into lists of lists.
// Each level decodes what is below it again, so without a bound a body
// of a few kilobytes nested thousands of levels deep took seconds.
const maxParamDepth = 4

// renderParam turns one parameter value into text: strings as they are,
// lists joined with ", ", null as nothing, anything else as its JSON.
func renderParam(raw json.RawMessage) string {
	return renderParamDepth(raw, maxParamDepth)
}

// renderParamDepth is renderParam for lists nested at most depth levels
// deep; deeper lists are shown as their JSON.
func renderParamDepth(raw json.RawMessage, depth int) string {
	text := strings.TrimSpace(string(raw))
	switch {
	case text == "null":
		return ""
	case strings.HasPrefix(text, `"`):
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case strings.HasPrefix(text, "[") && depth > 0:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) == nil {
			parts := make([]string, len(items))
			for i := range items {
				parts[i] = renderParamDepth(items[i], depth-1)
			}
			return strings.Join(parts, ", ")
		}
	}
	return text
}

// maxExcerptRunes bounds Error.Body.
const maxExcerptRunes = 300

// excerpt returns a short plain-text view of a body that is not Magento's
// JSON: script and style dropped, tags stripped, entities decoded, white
// space folded, cut at maxExcerptRunes runes.
func excerpt(body []byte) string {
	// Look at a bounded prefix only: the excerpt is short, the body may not be.
	const window = 64 << 10
	if len(body) > window {
		body = body[:window]
	}
	s := strings.ToValidUTF8(string(body), "\uFFFD")
	s = dropElements(s, "script")
	s = dropElements(s, "style")

	// The head's title mostly repeats the page's heading: use it only when
	// the page has nothing else to say.
	text := plainText(dropElements(s, "head"))
	if text == "" {
		text = plainText(s)
	}
	s = text

	if utf8.RuneCountInString(s) <= maxExcerptRunes {
		return s
	}
	r := []rune(s)[:maxExcerptRunes-1]
	return strings.TrimSpace(string(r)) + "…"
}

// plainText strips tags, decodes entities and folds white space.
func plainText(s string) string {
	return strings.Join(strings.Fields(entities.Replace(stripTags(s))), " ")
}

// entities decodes the character references common in error pages. The
// html package's full table is not worth its size in the wasm binary.
var entities = strings.NewReplacer(
	"&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&#039;", "'",
	"&apos;", "'", "&nbsp;", " ", "&#160;", " ", "&ndash;", "–", "&mdash;", "—",
)

// dropElements removes <name ...>...</name> elements, case-insensitively.
func dropElements(s, name string) string {
	lower := strings.ToLower(s)
	open, closing := "<"+name, "</"+name+">"
	var b strings.Builder
	for {
		i := indexOpenTag(lower, open)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.Index(lower[i:], closing)
		if j < 0 {
			return b.String()
		}
		s, lower = s[i+j+len(closing):], lower[i+j+len(closing):]
		b.WriteString(" ")
	}
}

// indexOpenTag returns the index in lower of the first tag that opens with
// open ("<head"), skipping longer names that start alike (<header), or -1.
func indexOpenTag(lower, open string) int {
	for from := 0; ; {
		i := strings.Index(lower[from:], open)
		if i < 0 {
			return -1
		}
		end := from + i + len(open)
		if end == len(lower) || strings.IndexByte(" \t\n\r\f/>", lower[end]) >= 0 {
			return from + i
		}
		from = end
	}
}

// stripTags replaces each <...> tag and <!-- --> comment with a space.
func stripTags(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		end := ">"
		if strings.HasPrefix(s[i:], "<!--") {
			end = "-->"
		}
		j := strings.Index(s[i:], end)
		if j < 0 {
			return b.String()
		}
		b.WriteString(" ")
		s = s[i+j+len(end):]
	}
}

// statusText returns "401 Unauthorized" and the like, without net/http.
func statusText(code int) string {
	texts := map[int]string{
		200: "OK", 201: "Created", 204: "No Content",
		301: "Moved Permanently", 302: "Found", 303: "See Other",
		307: "Temporary Redirect", 308: "Permanent Redirect",
		400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
		405: "Method Not Allowed", 406: "Not Acceptable", 408: "Request Timeout",
		413: "Content Too Large", 429: "Too Many Requests",
		500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
		504: "Gateway Timeout",
	}
	if t, ok := texts[code]; ok {
		return strconv.Itoa(code) + " " + t
	}
	return "status " + strconv.Itoa(code)
}

// redirectNote says where a redirect that was not followed went, without
// the query.
func redirectNote(location string) string {
	if i := strings.IndexAny(location, "?#"); i >= 0 {
		location = location[:i]
	}
	if location == "" {
		return "the store answered with a redirect; check the domain and https/http"
	}
	return "the store redirects to " + location + "; use that address as the domain"
}
