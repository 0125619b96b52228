//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/magetoken/magetoken/magento"
)

func TestProxyURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, prefix, raw, want string
		wantErr                 bool
	}{
		{name: "https with path", prefix: "http://127.0.0.1:8080/proxy",
			raw:  "https://shop.example.com/magento/rest/V1/store/websites",
			want: "http://127.0.0.1:8080/proxy/shop.example.com/magento/rest/V1/store/websites"},
		{name: "http with port and query", prefix: "http://127.0.0.1:8080/proxy/",
			raw:  "http://127.0.0.1:9000/rest/en/V1/store/storeViews?a=b",
			want: "http://127.0.0.1:8080/proxy/127.0.0.1:9000/rest/en/V1/store/storeViews?a=b"},
		{name: "scheme in capitals", prefix: "https://p.example/proxy",
			raw:  "HTTPS://Shop.example.com/rest/V1/x",
			want: "https://p.example/proxy/Shop.example.com/rest/V1/x"},
		{name: "https default port dropped", prefix: "http://p/proxy",
			raw:  "https://shop.example.com:443/rest/V1/x",
			want: "http://p/proxy/shop.example.com/rest/V1/x"},
		{name: "http default port dropped", prefix: "http://p/proxy",
			raw:  "http://[::1]:80/m/rest/V1/x",
			want: "http://p/proxy/[::1]/m/rest/V1/x"},
		{name: "other port kept", prefix: "http://p/proxy",
			raw:  "https://shop.example.com:4430/rest/V1/x",
			want: "http://p/proxy/shop.example.com:4430/rest/V1/x"},
		{name: "not http", prefix: "http://p/proxy", raw: "ftp://shop/rest/V1/x", wantErr: true},
		{name: "no host", prefix: "http://p/proxy", raw: "https:///rest/V1/x", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := proxyURL(tt.prefix, tt.raw)
			if (err != nil) != tt.wantErr {
				t.Fatalf("proxyURL(%q, %q) error = %v, want error %v", tt.prefix, tt.raw, err,
					tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("proxyURL(%q, %q) = %q, want %q", tt.prefix, tt.raw, got, tt.want)
			}
		})
	}
}

func TestProxyTransport(t *testing.T) {
	t.Parallel()
	var seen string
	next := magento.TransportFunc(func(_ context.Context,
		req *magento.HTTPRequest) (*magento.HTTPResponse, error) {
		seen = req.URL
		return &magento.HTTPResponse{Status: 200, Body: []byte(`[]`)}, nil
	})
	c := &magento.Client{Domain: "shop.example.com/magento", Token: "t0k3n",
		Transport: proxyTransport{prefix: "http://127.0.0.1:8080/proxy", next: next}}
	if _, err := c.Validate(t.Context()); err != nil {
		t.Fatalf("Validate through the proxy: %v", err)
	}
	want := "http://127.0.0.1:8080/proxy/shop.example.com/magento/rest/V1/store/websites"
	if seen != want {
		t.Errorf("request URL = %q, want %q", seen, want)
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	direct, server := &call{route: routeDirect}, &call{route: routeServer}
	tests := []struct {
		name     string
		err      error
		c        *call
		wantKind string
		wantHint string // a part of the hint
	}{
		{name: "canceled", err: fmt.Errorf("%w: %w", magento.ErrNetwork, context.Canceled),
			c: direct, wantKind: "canceled", wantHint: "canceled"},
		{name: "timeout", err: fmt.Errorf("%w: %w", magento.ErrNetwork, context.DeadlineExceeded),
			c: direct, wantKind: "timeout", wantHint: "60 seconds"},
		{name: "network direct", err: fmt.Errorf("%w: Failed to fetch", magento.ErrNetwork),
			c: direct, wantKind: "network", wantHint: "-store https://your-store"},
		{name: "network through the server", err: fmt.Errorf("%w: x", magento.ErrNetwork),
			c: server, wantKind: "network", wantHint: "make run"},
		{name: "bad credentials", err: fmt.Errorf("%w", magento.ErrBadCredentials),
			c: direct, wantKind: "badCredentials", wantHint: "30 minutes"},
		{name: "two-factor", err: &magento.TwoFactorError{ActiveProviders: []string{"google"}},
			c: direct, wantKind: "twoFactorRequired", wantHint: "Google Authenticator"},
		{name: "two-factor with another provider",
			err: &magento.TwoFactorError{ActiveProviders: []string{"duo_security"}},
			c:   direct, wantKind: "twoFactorRequired", wantHint: "duo_security"},
		{name: "two-factor setup", err: &magento.TwoFactorError{NeedsSetup: true},
			c: direct, wantKind: "twoFactorNotConfigured", wantHint: "e-mail"},
		{name: "two-factor off on the store", err: magento.ErrTwoFactorNotConfigured,
			c: direct, wantKind: "twoFactorNotConfigured", wantHint: "Security > 2FA"},
		{name: "invalid code", err: magento.ErrInvalidCode, c: direct,
			wantKind: "invalidCode", wantHint: "30 seconds"},
		{name: "unauthorized", err: magento.ErrUnauthorized, c: direct,
			wantKind: "unauthorized", wantHint: "Magento_Backend::store"},
		{name: "no route through the server", err: magento.ErrNoRoute, c: server,
			wantKind: "noRoute", wantHint: "-store"},
		{name: "too large", err: magento.ErrResponseTooLarge, c: direct,
			wantKind: "tooLarge", wantHint: "domain"},
		{name: "invalid domain", err: magento.ErrInvalidDomain, c: direct,
			wantKind: "invalidDomain", wantHint: "shop.example.com"},
		{name: "malformed token", err: magento.ErrMalformedToken, c: direct,
			wantKind: "malformedToken", wantHint: "three parts"},
		{name: "server error", err: &magento.Error{Status: 503, Body: "Service Unavailable"},
			c: direct, wantKind: "server", wantHint: "maintenance"},
		{name: "proxy refusal", err: &magento.Error{Status: 403, Message: "not listed"},
			c: server, wantKind: "server", wantHint: "-store"},
		{name: "bug", err: panicError("boom"), c: direct, wantKind: "internal", wantHint: "Reload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := describe(tt.err, tt.c)
			if got.Kind != tt.wantKind {
				t.Errorf("describe(%v).Kind = %q, want %q", tt.err, got.Kind, tt.wantKind)
			}
			if !strings.Contains(got.Hint, tt.wantHint) {
				t.Errorf("describe(%v).Hint = %q, want it to contain %q", tt.err, got.Hint, tt.wantHint)
			}
			if got.Title == "" {
				t.Errorf("describe(%v).Title is empty", tt.err)
			}
		})
	}
}

func TestDescribeHidesSecrets(t *testing.T) {
	t.Parallel()
	said := "wrong password hunter22 for token abc.def.ghi"
	tests := []struct {
		name string
		err  error
	}{
		{name: "message", err: errors.New("magento: the store said: " + said)},
		{name: "store's envelope", err: &magento.Error{Status: 400, Method: "POST",
			Endpoint: "integration/admin/token", Message: said}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := describe(tt.err, &call{secrets: []string{"hunter22", "abc.def.ghi", ""}})
			for field, text := range map[string]string{"Message": got.Message, "Title": got.Title,
				"Hint": got.Hint, "StoreMessage": got.StoreMessage, "Details": got.Details} {
				if strings.Contains(text, "hunter22") || strings.Contains(text, "abc.def.ghi") {
					t.Errorf("describe().%s = %q, want no password or token", field, text)
				}
			}
			if strings.HasPrefix(got.Message, "magento: ") {
				t.Errorf("describe().Message = %q, want no package prefix", got.Message)
			}
		})
	}
	if got := describe(tests[1].err, &call{}); !strings.Contains(got.StoreMessage, "hunter22") {
		t.Errorf("describe() without secrets: StoreMessage = %q, want the store's words kept",
			got.StoreMessage)
	}
}

func TestViewTokenStatus(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	tests := []struct {
		name       string
		text       string
		wantStatus string
	}{
		{name: "empty", text: "  \n", wantStatus: statusEmpty},
		{name: "valid admin", text: signed(t, 2, now.Add(-time.Minute), now.Add(time.Hour)),
			wantStatus: statusValid},
		{name: "valid admin with Bearer and quotes",
			text:       `"Bearer ` + signed(t, 2, now.Add(-time.Minute), now.Add(time.Hour)) + `"`,
			wantStatus: statusValid},
		{name: "expired", text: signed(t, 2, now.Add(-2*time.Hour), now.Add(-time.Hour)),
			wantStatus: statusExpired},
		{name: "expires exactly now", text: signed(t, 2, now.Add(-time.Hour), now),
			wantStatus: statusExpired},
		{name: "issued in the future", text: signed(t, 2, now.Add(time.Hour), now.Add(2*time.Hour)),
			wantStatus: statusNotYet},
		{name: "customer", text: signed(t, 3, now.Add(-time.Minute), now.Add(time.Hour)),
			wantStatus: statusNonAdmin},
		{name: "opaque", text: "abcdefghijklmnopqrstuvwxyz012345", wantStatus: statusOpaque},
		{name: "encrypted", text: "a.b.c.d.e", wantStatus: statusEncrypted},
		{name: "garbage", text: "hello", wantStatus: statusBroken},
		{name: "broken payload", text: "eyJhbGciOiJIUzI1NiJ9.@@@.abc", wantStatus: statusBroken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := viewToken(tt.text, now, 0)
			if got.Status != tt.wantStatus {
				t.Errorf("viewToken(%.20q).Status = %q (%s), want %q", tt.text, got.Status,
					got.StatusText, tt.wantStatus)
			}
			if got.StatusText == "" || got.Cleaned == nil || got.Warnings == nil {
				t.Errorf("viewToken(%.20q) = %+v, want a status text and non-nil lists", tt.text, got)
			}
		})
	}
}

func TestViewTokenFields(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	iat, exp := now.Add(-time.Minute), now.Add(time.Hour)
	token := signed(t, 2, iat, exp)
	got := viewToken(" Bearer "+token+"\n", now, 0)
	if got.Token != token {
		t.Errorf("viewToken().Token = %.12q…, want the normalised token", got.Token)
	}
	if len(got.Cleaned) == 0 {
		t.Errorf("viewToken().Cleaned = %q, want what was removed", got.Cleaned)
	}
	if got.UserType != 2 || got.UserTypeName != "admin" || got.UserID != 7 {
		t.Errorf("viewToken() user = %d %q type %d, want 7 \"admin\" type 2", got.UserID,
			got.UserTypeName, got.UserType)
	}
	if got.IssuedAtMs == nil || *got.IssuedAtMs != iat.UnixMilli() {
		t.Errorf("viewToken().IssuedAtMs = %v, want %d", got.IssuedAtMs, iat.UnixMilli())
	}
	if got.ExpiresAtMs == nil || *got.ExpiresAtMs != exp.UnixMilli() {
		t.Errorf("viewToken().ExpiresAtMs = %v, want %d", got.ExpiresAtMs, exp.UnixMilli())
	}
	if got.NotBeforeMs != nil {
		t.Errorf("viewToken().NotBeforeMs = %d, want nil", *got.NotBeforeMs)
	}
	if !strings.Contains(got.ClaimsJSON, `"utypid"`) {
		t.Errorf("viewToken().ClaimsJSON = %q, want the claims", got.ClaimsJSON)
	}
}

func TestDecodeTokenFromJS(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_800_000_000, 0)
	token := signed(t, 2, now.Add(-2*time.Hour), now.Add(-time.Hour))
	opts := js.Global().Get("Object").New()
	opts.Set("nowMs", now.UnixMilli())
	opts.Set("leewaySeconds", 7200)
	v := decodeToken([]js.Value{js.ValueOf(token), opts}).(js.Value)
	if got := v.Get("status").String(); got != statusValid {
		t.Errorf("decodeToken(expired an hour ago, leeway 2h).status = %q, want %q", got, statusValid)
	}
	if got := v.Get("notBeforeMs"); !got.IsNull() {
		t.Errorf("decodeToken().notBeforeMs = %v, want null", got)
	}
	if got := v.Get("warnings"); got.Type() != js.TypeObject || got.Length() != 0 {
		t.Errorf("decodeToken().warnings = %v, want []", got)
	}

	v = decodeToken(nil).(js.Value)
	if got := v.Get("status").String(); got != statusEmpty {
		t.Errorf("decodeToken().status = %q, want %q", got, statusEmpty)
	}
}

func TestReadSettings(t *testing.T) {
	t.Parallel()
	obj := func(kv ...any) js.Value {
		o := js.Global().Get("Object").New()
		for i := 0; i < len(kv); i += 2 {
			o.Set(kv[i].(string), kv[i+1])
		}
		return o
	}
	tests := []struct {
		name      string
		in        js.Value
		wantRoute string
		wantErr   bool
	}{
		{name: "empty object", in: obj(), wantRoute: routeDirect},
		{name: "undefined", in: js.Undefined(), wantRoute: routeDirect},
		{name: "server", in: obj("domain", "shop.example.com", "route", "server", "local", true),
			wantRoute: routeServer},
		{name: "unknown route", in: obj("route", "carrier pigeon"), wantErr: true},
		{name: "wrong type", in: obj("local", "yes"), wantErr: true},
		{name: "not an object", in: js.ValueOf("shop.example.com"), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := readSettings(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("readSettings() error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if !errors.Is(err, errInvalidInput) {
					t.Errorf("readSettings() error = %v, want it to wrap errInvalidInput", err)
				}
				return
			}
			if got.Route != tt.wantRoute {
				t.Errorf("readSettings().Route = %q, want %q", got.Route, tt.wantRoute)
			}
		})
	}
}

func TestProxyPrefix(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{in: "https://p.example/proxy/", want: "https://p.example/proxy"},
		{in: "/relay", want: pageOrigin() + "/relay"},
		{in: "", want: pageOrigin() + "/proxy"},
	}
	for _, tt := range tests {
		if got := (settings{ProxyPrefix: tt.in}).proxyPrefix(); got != tt.want {
			t.Errorf("settings{ProxyPrefix: %q}.proxyPrefix() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestConfigRoundTrip(t *testing.T) {
	t.Parallel()
	text := `{"domain": "shop.example.com", "username": "admin", "password": "pw",
		"scope": "en", "user_agent": "bot", "token": "abcdefghijklmnopqrstuvwxyz012345",
		"log_level": "DEBUG", "log_file": "m.log", "colour": "blue"}`
	r := importConfig([]js.Value{js.ValueOf(text)}).(js.Value)
	if n := r.Get("errors").Length(); n != 0 {
		t.Fatalf("importConfig().errors has %d entries, want none", n)
	}
	if n := r.Get("warnings").Length(); n != 1 {
		t.Errorf("importConfig().warnings has %d entries, want 1 (the unknown key)", n)
	}
	cfg := r.Get("config")
	if got := cfg.Get("logLevel").Int(); got != 10 {
		t.Errorf("importConfig().config.logLevel = %d, want 10", got)
	}

	out := exportConfig([]js.Value{cfg, js.ValueOf(false)})
	s, ok := out.(string)
	if !ok {
		t.Fatalf("exportConfig() = %v, want a string", out)
	}
	for _, want := range []string{`"password": ""`, `"log_level": 10`, `"log_file": "m.log"`,
		`"login": false`, `"user_agent": "bot"`} {
		if !strings.Contains(s, want) {
			t.Errorf("exportConfig() = %s, want it to contain %s", s, want)
		}
	}
}

func TestImportConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		wantErrors int
	}{
		{name: "wrong types", text: `{"domain": 5, "local": "yes"}`, wantErrors: 2},
		{name: "broken JSON", text: `{"domain": "x",`, wantErrors: 1},
		{name: "not an object", text: `[]`, wantErrors: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := importConfig([]js.Value{js.ValueOf(tt.text)}).(js.Value)
			if n := r.Get("errors").Length(); n != tt.wantErrors {
				t.Errorf("importConfig(%s).errors has %d entries, want %d", tt.text, n, tt.wantErrors)
			}
			if !r.Get("config").IsNull() {
				t.Errorf("importConfig(%s).config = %v, want null", tt.text, r.Get("config"))
			}
			for i := 0; i < r.Get("errors").Length(); i++ {
				if msg := r.Get("errors").Index(i).String(); strings.HasPrefix(msg, "magento:") {
					t.Errorf("importConfig(%s).errors[%d] = %q, want no package prefix", tt.text, i, msg)
				}
			}
		})
	}
}

func TestExportConfigError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fields   map[string]any
		wantKind string
	}{
		{name: "bad domain", fields: map[string]any{"domain": "not a domain at all/"},
			wantKind: "invalidDomain"},
		{name: "log level of the wrong type", fields: map[string]any{"logLevel": "loud"},
			wantKind: "invalidInput"},
		{name: "log file of the wrong type", fields: map[string]any{"logFile": 3},
			wantKind: "invalidInput"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := js.ValueOf(tt.fields)
			cfg.Set("password", "secret-password")
			out := exportConfig([]js.Value{cfg, js.ValueOf(true)})
			v, ok := out.(js.Value)
			if !ok || !v.InstanceOf(js.Global().Get("Error")) {
				t.Fatalf("exportConfig(%v) = %v, want an Error", tt.fields, out)
			}
			if got := v.Get("kind").String(); got != tt.wantKind {
				t.Errorf("exportConfig(%v).kind = %q, want %q", tt.fields, got, tt.wantKind)
			}
			if strings.Contains(v.Get("message").String(), "secret-password") {
				t.Errorf("exportConfig(%v).message = %q, want no password", tt.fields,
					v.Get("message"))
			}
		})
	}
}

func TestSyncFuncRecovers(t *testing.T) {
	t.Parallel()
	f := syncFunc(func([]js.Value) any { panic("boom") })
	defer f.Release()
	v := f.Invoke()
	if got := v.Get("kind").String(); got != "internal" {
		t.Errorf("a panicking entry point returned kind %q, want %q", got, "internal")
	}
}

// signed returns an HS256 token with Magento's header and claims.
func signed(t *testing.T, userType int, iat, exp time.Time) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"uid": 7, "utypid": userType, "iat": iat.Unix(), "exp": exp.Unix(),
	})
	tok.Header["kid"] = "1"
	s, err := tok.SignedString(magento.SigningKey("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatalf("signing a test token: %v", err)
	}
	return s
}

func TestDescribeDetails(t *testing.T) {
	t.Parallel()
	refused := &magento.Error{Status: 401, Method: "POST", Endpoint: "integration/admin/token",
		Message: "The account sign-in was incorrect."}
	tests := []struct {
		name             string
		err              error
		wantStoreMessage string
		wantDetails      bool
		wantHint         string // a part of the hint
	}{
		{name: "store message", err: fmt.Errorf("%w: %w", magento.ErrBadCredentials, refused),
			wantStoreMessage: "The account sign-in was incorrect.", wantDetails: true,
			wantHint: "30 minutes"},
		{name: "domain reason in the hint",
			err:      fmt.Errorf("%w: it is empty; type the store's address", magento.ErrInvalidDomain),
			wantHint: "The domain is empty; type the store's address."},
		{name: "token reason in the hint",
			err:      fmt.Errorf("%w: it holds 2 tokens", magento.ErrMalformedToken),
			wantHint: "The token holds 2 tokens. Paste"},
		{name: "two-factor prompt",
			err: &magento.TwoFactorError{
				Err: &magento.Error{Status: 400, Message: "Use the 2fa endpoints."}},
			wantHint: "Google Authenticator"},
		{name: "network", err: fmt.Errorf("%w: Failed to fetch", magento.ErrNetwork),
			wantDetails: true, wantHint: "CORS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := describe(tt.err, nil)
			if got.StoreMessage != tt.wantStoreMessage {
				t.Errorf("describe(%v).StoreMessage = %q, want %q", tt.err, got.StoreMessage,
					tt.wantStoreMessage)
			}
			if (got.Details != "") != tt.wantDetails {
				t.Errorf("describe(%v).Details = %q, want details %v", tt.err, got.Details,
					tt.wantDetails)
			}
			if !strings.Contains(got.Hint, tt.wantHint) {
				t.Errorf("describe(%v).Hint = %q, want it to contain %q", tt.err, got.Hint, tt.wantHint)
			}
		})
	}
}

func TestNoRouteHintDoesNotRepeatTitle(t *testing.T) {
	t.Parallel()
	got := describe(magento.ErrNoRoute, nil)
	if strings.HasPrefix(got.Hint, got.Title) {
		t.Errorf("describe(ErrNoRoute).Hint = %q, want it not to start with the title %q", got.Hint,
			got.Title)
	}
}

func TestViewTokenNotAToken(t *testing.T) {
	t.Parallel()
	got := viewToken("hello world", time.Now(), 0)
	if got.Status != statusBroken || !strings.HasPrefix(got.StatusText, "This is not a token: ") {
		t.Errorf("viewToken(hello world) = %q %q, want broken, \"This is not a token: …\"",
			got.Status, got.StatusText)
	}
	broken := viewToken("eyJhbGciOiJIUzI1NiJ9.@@@.abc", time.Now(), 0)
	if strings.Contains(broken.StatusText, "illegal base64") {
		t.Errorf("viewToken(broken payload).StatusText = %q, want no decoder message",
			broken.StatusText)
	}
}

func TestSignatureText(t *testing.T) {
	t.Parallel()
	now := time.Now()
	token := signed(t, 2, now, now.Add(time.Hour))
	tests := []struct {
		name, token, key, wantKind, wantTitle string
	}{
		{name: "other key", token: token, key: "fedcba9876543210fedcba9876543210",
			wantKind: "badSignature", wantTitle: "The signature does not match this key."},
		{name: "rotated key", token: token,
			key:      "0123456789abcdef0123456789abcdef fedcba9876543210fedcba9876543210",
			wantKind: "badSignature", wantTitle: "The token was signed with an older key."},
		{name: "opaque", token: "abcdefghijklmnopqrstuvwxyz012345", key: "k",
			wantKind: "malformedToken", wantTitle: "This token's signature cannot be checked."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := verifySignature([]js.Value{js.ValueOf(tt.token), js.ValueOf(tt.key)}).(js.Value)
			if got := v.Get("kind").String(); got != tt.wantKind {
				t.Errorf("verifySignature().kind = %q, want %q", got, tt.wantKind)
			}
			if got := v.Get("title").String(); got != tt.wantTitle {
				t.Errorf("verifySignature().title = %q, want %q", got, tt.wantTitle)
			}
			hint := v.Get("hint").String()
			if hint == "" || strings.Contains(hint, "token signature is invalid") {
				t.Errorf("verifySignature().hint = %q, want plain words", hint)
			}
		})
	}
}

func TestArgumentsThatThrow(t *testing.T) {
	t.Parallel()
	throwing := js.Global().Get("Object").New()
	js.Global().Get("Object").Call("defineProperty", throwing, "domain",
		js.ValueOf(map[string]any{"get": js.Global().Get("Symbol").Get("prototype").Get("toString")}))
	bigint := js.Global().Call("BigInt", 7)

	tests := []struct {
		name string
		call func() any
	}{
		{name: "getter that throws", call: func() any { return exportConfig([]js.Value{throwing}) }},
		{name: "BigInt field", call: func() any {
			cfg := js.Global().Get("Object").New()
			cfg.Set("logLevel", bigint)
			return exportConfig([]js.Value{cfg})
		}},
		{name: "BigInt argument", call: func() any { return exportConfig([]js.Value{bigint}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, ok := tt.call().(js.Value)
			if !ok || !v.InstanceOf(js.Global().Get("Error")) {
				t.Fatalf("exportConfig() = %v, want an Error", v)
			}
			if got := v.Get("kind").String(); got != "invalidInput" {
				t.Errorf("exportConfig().kind = %q (%s), want invalidInput", got, v.Get("message"))
			}
		})
	}

	if got := viewToken(stringArg([]js.Value{bigint}, 0), time.Now(), 0).Status; got != statusEmpty {
		t.Errorf("decoding a BigInt: status %q, want %q", got, statusEmpty)
	}
}
