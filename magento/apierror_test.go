package magento_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/magetoken/magetoken/magento"
)

// apiError sends one GET through a stub and returns its *Error.
func apiError(t *testing.T, status int, contentType, body string) (*magento.Error, error) {
	t.Helper()
	c, _ := stubClient(t, status, contentType, body)
	err := c.Get(t.Context(), "store/websites?x=secretquery", new(any))
	var e *magento.Error
	if !errors.As(err, &e) {
		t.Fatalf("Get() = %v, want an *Error", err)
	}
	return e, err
}

func TestErrorParameters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		body        string
		wantMessage string
	}{
		{
			name:        "object",
			body:        `{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Backend::store"}}`,
			wantMessage: "The consumer isn't authorized to access Magento_Backend::store.",
		},
		{
			name:        "list",
			body:        `{"message":"Consumer is not authorized to access %1","parameters":["resourceN"]}`,
			wantMessage: "Consumer is not authorized to access resourceN",
		},
		{
			name:        "list past nine",
			body:        `{"message":"%1 %10 %2","parameters":["a","b","c","d","e","f","g","h","i","j"]}`,
			wantMessage: "a j b",
		},
		{
			name:        "overlapping names",
			body:        `{"message":"%field and %fieldName","parameters":{"field":"F","fieldName":"N"}}`,
			wantMessage: "F and N",
		},
		{
			name:        "numbers, lists and null",
			body:        `{"message":"%n items: %list%none.","parameters":{"n":3,"list":["a","b"],"none":null}}`,
			wantMessage: "3 items: a, b.",
		},
		{
			name:        "no parameters",
			body:        `{"message":"100% sure"}`,
			wantMessage: "100% sure",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := apiError(t, 401, jsonType, tt.body)
			if e.Message != tt.wantMessage {
				t.Errorf("Message = %q, want %q", e.Message, tt.wantMessage)
			}
			var env struct {
				Message string `json:"message"`
			}
			_ = json.Unmarshal([]byte(tt.body), &env)
			if e.Template != env.Message {
				t.Errorf("Template = %q, want %q", e.Template, env.Message)
			}
			if !strings.Contains(err.Error(), tt.wantMessage) {
				t.Errorf("Error() = %q, want it to contain %q", err, tt.wantMessage)
			}
		})
	}
}

func TestErrorAggregate(t *testing.T) {
	t.Parallel()
	body := `{"message":"One or more input exceptions have occurred.","errors":[` +
		`{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"username"}},` +
		`{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"password"}}]}`
	e, err := apiError(t, 400, jsonType, body)

	want := []string{
		`"username" is required. Enter and try again.`,
		`"password" is required. Enter and try again.`,
	}
	if len(e.Errors) != len(want) {
		t.Fatalf("Errors = %+v, want %d entries", e.Errors, len(want))
	}
	for i, d := range e.Errors {
		if d.Message != want[i] {
			t.Errorf("Errors[%d].Message = %q, want %q", i, d.Message, want[i])
		}
		if d.Template != `"%fieldName" is required. Enter and try again.` {
			t.Errorf("Errors[%d].Template = %q, want the raw phrase", i, d.Template)
		}
		if !strings.Contains(err.Error(), want[i]) {
			t.Errorf("Error() = %q, want it to contain %q", err, want[i])
		}
	}
	if e.Status != 400 || e.Method != "GET" || e.Endpoint != "store/websites" {
		t.Errorf("Status, Method, Endpoint = %d, %q, %q, want 400, GET, store/websites",
			e.Status, e.Method, e.Endpoint)
	}
}

func TestErrorNonJSON(t *testing.T) {
	t.Parallel()
	page503 := "<!DOCTYPE html><html><head><title>503 Service Unavailable</title>" +
		"<style>body{color:red}</style><script>var x = 1 < 2;</script></head>\n<body>\n" +
		"<h1>Service   Unavailable</h1>\n<p>The server is temporarily unable to service your " +
		"request due to maintenance downtime &amp; capacity problems.</p>" +
		strings.Repeat("<p>padding text</p>\n", 5000) + "</body></html>"
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		wantBody    string // prefix of Error.Body
		wantText    []string
	}{
		{
			name:        "HTML 503",
			status:      503,
			contentType: "text/html",
			body:        page503,
			wantBody:    "Service Unavailable The server is temporarily unable to service your request due to maintenance downtime & capacity problems. padding text",
			wantText:    []string{"503 Service Unavailable", "text/html", "not an answer from Magento"},
		},
		{
			name:        "proxy 502",
			status:      502,
			contentType: "text/plain",
			body:        "Bad Gateway\n",
			wantBody:    "Bad Gateway",
			wantText:    []string{"502 Bad Gateway", "Bad Gateway"},
		},
		{
			name:        "title only",
			status:      503,
			contentType: "text/html",
			body:        "<html><head><title>Down for maintenance</title></head><body></body></html>",
			wantBody:    "Down for maintenance",
			wantText:    []string{"503 Service Unavailable", "Down for maintenance"},
		},
		{
			name:        "header element is not the head",
			status:      503,
			contentType: "text/html",
			body: "<html><head><title>Maintenance</title></head><body><h1>Down</h1>" +
				"<header>Shop</header><p>Back at noon.</p></body></html>",
			wantBody: "Down Shop Back at noon.",
			wantText: []string{"503 Service Unavailable", "Back at noon."},
		},
		{
			name:     "empty body",
			status:   500,
			body:     "",
			wantBody: "",
			wantText: []string{"500 Internal Server Error with an empty body"},
		},
		{
			name:        "HTML 404 is not ErrNoRoute",
			status:      404,
			contentType: "text/html",
			body:        "<h1>Not Found</h1>",
			wantBody:    "Not Found",
			wantText:    []string{"404 Not Found", "check the domain"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := apiError(t, tt.status, tt.contentType, tt.body)
			if !strings.HasPrefix(e.Body, tt.wantBody) {
				t.Errorf("Body = %q, want it to start with %q", e.Body, tt.wantBody)
			}
			if n := utf8.RuneCountInString(e.Body); n > 300 {
				t.Errorf("Body has %d runes, want at most 300", n)
			}
			if strings.ContainsAny(e.Body, "<>\n") {
				t.Errorf("Body = %q, want no tags or line breaks", e.Body)
			}
			msg := err.Error()
			for _, w := range tt.wantText {
				if !strings.Contains(msg, w) {
					t.Errorf("Error() = %q, want it to contain %q", msg, w)
				}
			}
			if !strings.HasPrefix(msg, "magento: GET store/websites: ") || strings.Contains(msg, "secretquery") {
				t.Errorf("Error() = %q, want it to start with the method and endpoint, without the query", msg)
			}
			if len(msg) > 600 {
				t.Errorf("Error() has %d bytes, want a bounded message", len(msg))
			}
			if e.Message != "" || errors.Is(err, magento.ErrNoRoute) {
				t.Errorf("Message = %q, Is(ErrNoRoute) = %v, want empty and false",
					e.Message, errors.Is(err, magento.ErrNoRoute))
			}
		})
	}
}

func TestErrorSentinels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   error
	}{
		{
			name:   "sign-in refused",
			status: 401,
			body:   `{"message":"The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."}`,
			want:   magento.ErrBadCredentials,
		},
		{
			name:   "token refused",
			status: 401,
			body:   `{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Backend::store"}}`,
			want:   magento.ErrUnauthorized,
		},
		{
			name:   "no route",
			status: 404,
			body:   `{"message":"Request does not match any route."}`,
			want:   magento.ErrNoRoute,
		},
		{
			name:   "invalid code",
			status: 401,
			body:   `{"message":"Invalid code."}`,
			want:   magento.ErrInvalidCode,
		},
		{
			name:   "2FA not set up by the store",
			status: 400,
			body:   `{"message":"Please ask an administrator with sufficient access to configure 2FA first"}`,
			want:   magento.ErrTwoFactorNotConfigured,
		},
		{
			name:   "provider not configured",
			status: 400,
			body:   `{"message":"Provider is not configured."}`,
			want:   magento.ErrTwoFactorNotConfigured,
		},
		{
			name:   "provider not allowed",
			status: 400,
			body:   `{"message":"Provider is not allowed."}`,
			want:   magento.ErrTwoFactorNotConfigured,
		},
		{
			name:   "Adobe IMS",
			status: 401,
			body:   `{"message":"Admin token generation is disabled. Please use Adobe IMS ACCESS_TOKEN."}`,
			want:   magento.ErrAdminTokenDisabled,
		},
		{
			name:   "2FA required",
			status: 400,
			body:   `{"message":"Please use the 2fa provider-specific endpoints to obtain a token.","parameters":{"active_providers":["google"]}}`,
			want:   magento.ErrTwoFactorRequired,
		},
		{
			name:   "2FA setup required",
			status: 400,
			body:   `{"message":"You are required to configure personal Two-Factor Authorization in order to login. Please check your email.","parameters":{"providers":["google","duo_security"],"active_providers":["google"]}}`,
			want:   magento.ErrTwoFactorRequired,
		},
	}
	sentinels := []error{
		magento.ErrBadCredentials, magento.ErrUnauthorized, magento.ErrNoRoute,
		magento.ErrInvalidCode, magento.ErrTwoFactorNotConfigured, magento.ErrAdminTokenDisabled,
		magento.ErrTwoFactorRequired,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := apiError(t, tt.status, jsonType, tt.body)
			for _, s := range sentinels {
				if got, want := errors.Is(err, s), s == tt.want; got != want {
					t.Errorf("errors.Is(%v, %v) = %v, want %v", err, s, got, want)
				}
			}
		})
	}
}

func TestTwoFactorError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		body           string
		wantProviders  []string
		wantActive     []string
		wantNeedsSetup bool
	}{
		{
			name:       "use the provider endpoints",
			body:       `{"message":"Please use the 2fa provider-specific endpoints to obtain a token.","parameters":{"active_providers":["google"]}}`,
			wantActive: []string{"google"},
		},
		{
			name:           "configure first",
			body:           `{"message":"You are required to configure personal Two-Factor Authorization in order to login. Please check your email.","parameters":{"providers":["google","duo_security"],"active_providers":[]}}`,
			wantProviders:  []string{"google", "duo_security"},
			wantActive:     []string{},
			wantNeedsSetup: true,
		},
		{
			name:       "translated message",
			body:       `{"message":"Bitte verwenden Sie die 2FA-Endpunkte.","parameters":{"active_providers":["google"]}}`,
			wantActive: []string{"google"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, _ := stubClient(t, 400, jsonType, tt.body)
			c.Token = ""
			c.Username, c.Password = "admin", "pw-not-in-errors"
			_, err := c.Login(t.Context())

			var tf *magento.TwoFactorError
			if !errors.As(err, &tf) {
				t.Fatalf("Login() = %v, want a *TwoFactorError", err)
			}
			if !equalStrings(tf.Providers, tt.wantProviders) || !equalStrings(tf.ActiveProviders, tt.wantActive) ||
				tf.NeedsSetup != tt.wantNeedsSetup {
				t.Errorf("TwoFactorError = %+v, want Providers %q, ActiveProviders %q, NeedsSetup %v",
					tf, tt.wantProviders, tt.wantActive, tt.wantNeedsSetup)
			}
			var e *magento.Error
			if !errors.As(err, &e) || e.Status != 400 {
				t.Errorf("errors.As(err, *Error) = %v, want the 400 answer", e)
			}
			if strings.Contains(err.Error(), "pw-not-in-errors") || !strings.HasPrefix(err.Error(), "magento: ") {
				t.Errorf("Error() = %q, want a magento: message without the password", err)
			}
		})
	}
}

func TestUnexpectedSuccessBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		contentType string
		body        string
		wantText    string
	}{
		{name: "HTML page", contentType: "text/html", body: "<html><body><h1>Welcome to our shop</h1></body></html>", wantText: "Welcome to our shop"},
		{name: "empty", body: "", wantText: "the answer is empty"},
		{name: "wrong JSON", contentType: jsonType, body: `{"id":1}`, wantText: `{"id":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, _ := stubClient(t, 200, tt.contentType, tt.body)
			_, err := c.Validate(t.Context())
			var e *magento.Error
			if !errors.As(err, &e) || e.Status != 200 {
				t.Fatalf("Validate() = %v, want an *Error with status 200", err)
			}
			if !strings.Contains(err.Error(), tt.wantText) || !strings.Contains(err.Error(), "200 OK, but") {
				t.Errorf("Validate() error = %q, want it to contain %q", err, tt.wantText)
			}
		})
	}
}

func TestErrorRedirect(t *testing.T) {
	t.Parallel()
	c, _ := stubClient(t, 301, "text/html", "<a>moved</a>")
	c.Transport.(*stub).header["location"] = "https://shop.example.com/rest/V1/store/websites?token=x"
	err := c.Get(t.Context(), "store/websites", nil)
	want := "magento: GET store/websites: 301 Moved Permanently, but the store redirects to " +
		"https://shop.example.com/rest/V1/store/websites; use that address as the domain"
	if err == nil || err.Error() != want {
		t.Errorf("Get() = %v, want %q", err, want)
	}
}

func TestErrorBasicAuth(t *testing.T) {
	t.Parallel()
	c, st := stubClient(t, 401, "text/html", "<h1>Authorization Required</h1>")
	st.header["www-authenticate"] = `Basic realm="staging"`
	err := c.Get(t.Context(), "store/websites", nil)
	want := "magento: GET store/websites: 401 Unauthorized, but the web server asks for its own " +
		"password (HTTP authentication) before the request reaches Magento (text/html): " +
		"Authorization Required"
	if err == nil || err.Error() != want {
		t.Errorf("Get() = %v, want %q", err, want)
	}
}

func equalStrings(a, b []string) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
