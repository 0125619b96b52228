package magento_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/magetoken/magetoken/magento"
)

// FuzzParseDomain checks that ParseDomain never panics, that a domain it
// accepts parses again to itself, and that what it keeps never holds white
// space, a user name or password, a query or a fragment.
func FuzzParseDomain(f *testing.F) {
	for _, seed := range []string{
		"shop.example.com",
		"  Shop.Example.COM \n",
		"HTTPS://shop.example.com",
		"http://shop.example.com",
		"www.shop.example.com",
		"shop.example.com:8080",
		"127.0.0.1:8080/magento",
		"shop.example.com/Magento/Store/",
		"https://admin:s3cret@shop.example.com/",
		"https://a@b:c@shop.example.com:443/m?x=1#f",
		"shop.example.com/?a=b#top",
		"shop.example.com/m#frag?x",
		"https://shop.example.com/rest/V1/store/websites?x=1",
		"https://shop.example.com/rest/default/V1/",
		"shop.example.com/m/rest/en/V1/products",
		"shop.example.com/index.php/rest/V1",
		"shop.example.com//rest//fr//V1",
		"http://[::1]:8080/magento",
		"[2001:DB8::1]",
		"[::ffff:1.2.3.4]:80",
		"[fe80::1%eth0]",
		"bücher.example",
		"İSTANBUL.example",
		"shop.example.com:0080",
		"shop.example.com:+80",
		"shop.example.com:",
		"ftp://shop.example.com",
		"shop example.com",
		"shop.example.com\u00a0",
		"shop\u200b.example.com",
		"shop.example.com\\magento",
		"::1",
		"[::1",
		"[nonsense]:80",
		"shop..example.com",
		"shop<b>.com",
		"////",
		"https:////x.com",
		"x.com/a://b",
		"\xff\xfe.example",
		"",
	} {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, raw string) {
		d, err := magento.ParseDomain(raw)
		if err != nil {
			if !errors.Is(err, magento.ErrInvalidDomain) {
				t.Fatalf("ParseDomain(%q) = %v, want an error wrapping ErrInvalidDomain", raw, err)
			}
			if d != (magento.Domain{}) {
				t.Fatalf("ParseDomain(%q) = %+v with an error, want the zero Domain", raw, d)
			}
			return
		}

		s := d.String()
		if d.Host == "" || strings.IndexFunc(s+d.Scope, unicode.IsSpace) >= 0 ||
			strings.ContainsAny(s+d.Scope, "?#") || strings.Contains(d.Host, "@") {
			t.Fatalf("ParseDomain(%q) = %+v, want a host and no white space, userinfo, "+
				"query or fragment", raw, d)
		}
		if d.Path != "" && (!strings.HasPrefix(d.Path, "/") || strings.HasSuffix(d.Path, "/")) {
			t.Fatalf("ParseDomain(%q).Path = %q, want \"\" or /path without a trailing slash",
				raw, d.Path)
		}

		again, err := magento.ParseDomain(s)
		if want := (magento.Domain{Host: d.Host, Path: d.Path}); err != nil || again != want {
			t.Fatalf("ParseDomain(%q) = %+v, %v, want %+v, nil (from ParseDomain(%q))",
				s, again, err, want, raw)
		}
	})
}

// errorBodyLimit bounds Error() of any answer: the body excerpt and
// Magento's messages are bounded, so a huge body never makes a huge message.
const errorBodyLimit = 8 << 10

// fuzzPassword is the password the error-body fuzz target logs in with; no
// error may repeat it.
const fuzzPassword = "fuzz-Password-7"

// FuzzErrorBody sends any status and body through a Client and checks that
// reading the answer never panics and that the error it gives is bounded,
// never holds the whole of a large body and never repeats the password.
func FuzzErrorBody(f *testing.F) {
	seeds := []struct {
		status int
		body   string
	}{
		{401, `{"message":"The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."}`},
		{401, `{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Backend::store"}}`},
		{401, `{"message":"Consumer is not authorized to access %1","parameters":["resourceN"]}`},
		{400, `{"message":"%1 %10 %2","parameters":["a","b","c","d","e","f","g","h","i","j"]}`},
		{400, `{"message":"%field and %fieldName","parameters":{"field":"F","fieldName":"N"}}`},
		{400, `{"message":"%n items: %list%none.","parameters":{"n":3,"list":["a",["b",{"c":1}]],"none":null}}`},
		{400, `{"message":"100% sure"}`},
		{400, `{"message":"%1%1%1%1%1%1%1%1","parameters":["%1%1%1%1%1%1%1%1"]}`},
		{400, `{"message":"One or more input exceptions have occurred.","errors":[{"message":"\"%fieldName\" is required.","parameters":{"fieldName":"username"}},{"message":"x","parameters":[1]}]}`},
		{400, `{"message":"Please use the 2fa provider-specific endpoints to obtain a token.","parameters":{"active_providers":["google"]}}`},
		{400, `{"message":"You are required to configure personal Two-Factor Authorization in order to login. Please check your email.","parameters":{"providers":["google","duo_security"],"active_providers":[]}}`},
		{400, `{"message":"Bitte verwenden Sie die 2FA-Endpunkte.","parameters":{"active_providers":{"x":1},"providers":7}}`},
		{400, `{"message":"Provider is not configured."}`},
		{401, `{"message":"Invalid code."}`},
		{401, `{"message":"Admin token generation is disabled. Please use Adobe IMS ACCESS_TOKEN."}`},
		{404, `{"message":"Request does not match any route."}`},
		{406, `{"messages":{"error":[{"code":406,"message":"Server cannot understand Accept HTTP header media type."}]}}`},
		{500, `{"message":null}`},
		{500, `{"message":"Internal Error. Details are available in Magento log file. Report ID: webapi-1"}`},
		{503, "<!DOCTYPE html><html><head><title>503</title><style>p{}</style><script>1<2</script></head><body><h1>Down &amp; out</h1></body></html>"},
		{503, "<html><head><title>Down for maintenance</title></head><body></body></html>"},
		{502, "Bad Gateway\n"},
		{500, ""},
		{404, "<h1>Not Found</h1>"},
		{401, "<h1>Authorization Required</h1>"},
		{301, "<a>moved</a>"},
		{200, "<html><body><h1>Welcome to our shop</h1></body></html>"},
		{200, ""},
		{200, `{"id":1}`},
		{200, `"token-from-the-store"`},
		{0, "<!-- <script> <style"},
		{-1, "\xff\xfe<\x00>"},
		{999, "&amp;&lt;&#39;&nbsp;"},
		{500, "<scrip<script>t>x</script>" + strings.Repeat("ä", 400)},
	}
	for _, body := range boundedErrorBodies {
		if len(body) > 32<<10 {
			continue // too slow to mutate; TestErrorTextBounded has them
		}
		seeds = append(seeds, struct {
			status int
			body   string
		}{400, body})
	}
	for _, s := range seeds {
		f.Add(s.status, []byte(s.body), false)
		f.Add(s.status, []byte(s.body), true)
	}

	f.Fuzz(func(t *testing.T, status int, body []byte, login bool) {
		// A body past the transport's limit never reaches the client.
		if len(body) > magento.DefaultMaxResponseBytes {
			body = body[:magento.DefaultMaxResponseBytes]
		}
		err := fuzzRoundTrip(t, status, body, login)
		if status/100 != 2 && err == nil {
			t.Fatalf("status %d gave no error", status)
		}
		if err == nil {
			return
		}

		msg := err.Error()
		if len(msg) > errorBodyLimit || !utf8.ValidString(msg) && utf8.Valid(body) {
			t.Fatalf("status %d, body of %d bytes: Error() has %d bytes (valid UTF-8: %v), "+
				"want at most %d", status, len(body), len(msg), utf8.ValidString(msg), errorBodyLimit)
		}
		if len(body) > errorBodyLimit && strings.Contains(msg, string(body)) {
			t.Fatalf("status %d: Error() holds the whole body of %d bytes", status, len(body))
		}
		if strings.Contains(msg, fuzzPassword) && !bytes.Contains(body, []byte(fuzzPassword)) {
			t.Fatalf("status %d: Error() = %q, repeats the password", status, msg)
		}
		var e *magento.Error
		if errors.As(err, &e) && utf8.RuneCountInString(e.Body) > 300 {
			t.Fatalf("status %d: Error.Body has %d runes, want at most 300", status,
				utf8.RuneCountInString(e.Body))
		}
	})
}

// fuzzRoundTrip makes one call whose every answer is status and body: a
// Login when login is set, else a GET with a token.
func fuzzRoundTrip(t *testing.T, status int, body []byte, login bool) error {
	t.Helper()
	answer := magento.TransportFunc(func(context.Context, *magento.HTTPRequest) (*magento.HTTPResponse, error) {
		return &magento.HTTPResponse{
			Status: status,
			Header: map[string]string{"content-type": "text/html", "location": "/elsewhere"},
			Body:   body,
		}, nil
	})
	c := &magento.Client{Domain: "shop.example.com", Transport: answer}
	if login {
		c.Username, c.Password = "admin", fuzzPassword
		_, err := c.Login(t.Context())
		return err
	}
	c.Token = "tok"
	return c.Get(t.Context(), "store/websites", new(any))
}

// boundedErrorBodies are bodies whose error text once grew past any bound:
// a template repeating a long parameter (a 24 KB body gave a 40 MB
// message), a long message, a long provider list, many sub-errors.
var boundedErrorBodies = []string{
	`{"message":"` + strings.Repeat("%1", 2000) + `","parameters":["` + strings.Repeat("x", 20000) + `"]}`,
	`{"message":"` + strings.Repeat("%a%b", 500) + `","parameters":{"a":"` + strings.Repeat("é", 5000) + `","b":[1,2]}}`,
	`{"message":"` + strings.Repeat("m", 1<<20) + `"}`,
	`{"message":"Please use the 2fa provider-specific endpoints to obtain a token.",` +
		`"parameters":{"active_providers":["` + strings.Repeat("g", 1<<20) + `"]}}`,
	`{"message":"x","errors":[` + strings.Repeat(`{"message":"e"},`, 50000) + `{"message":"e"}]}`,
}

func TestErrorTextBounded(t *testing.T) {
	t.Parallel()
	for i, body := range boundedErrorBodies {
		for _, login := range []bool{false, true} {
			start := time.Now()
			err := fuzzRoundTrip(t, 400, []byte(body), login)
			if err == nil || len(err.Error()) > errorBodyLimit || !utf8.ValidString(err.Error()) {
				t.Errorf("body %d (%d bytes), login %v: error of %d bytes, want at most %d of UTF-8",
					i, len(body), login, len(fmt.Sprint(err)), errorBodyLimit)
			}
			var e *magento.Error
			if errors.As(err, &e) && len(e.Message) > errorBodyLimit {
				t.Errorf("body %d: Message has %d bytes, want at most %d", i, len(e.Message), errorBodyLimit)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("body %d: reading the answer took %v", i, d)
			}
		}
	}
}
