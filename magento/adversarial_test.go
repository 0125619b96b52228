package magento_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/magetoken/magetoken/magento"
)

// TestParseDomainNeverEchoesPassword pastes addresses whose password holds
// a character that ends the host part early, so that the parser meets the
// password where it expects a port or a host name.
func TestParseDomainNeverEchoesPassword(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"https://admin:hunter2/x@shop.example.com",
		"https://admin:hun#ter2@shop.example.com",
		"https://admin:hun?ter2@shop.example.com/magento",
		"https://admin:481516/2342@shop.example.com",
		"https://ad!min:hunter2/x@shop.example.com",
	} {
		_, err := magento.ParseDomain(in)
		if !errors.Is(err, magento.ErrInvalidDomain) {
			t.Errorf("ParseDomain(%q) = %v, want ErrInvalidDomain", in, err)
			continue
		}
		for _, secret := range []string{"hunter2", "hun", "481516", "ad!min", "'!'"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("ParseDomain(%q) = %q, which repeats %q from the password", in, err, secret)
			}
		}
	}
}

// TestParseTokenTimeClaimsOutOfRange gives time claims that are numbers but
// no date a clock can show: they must not become a wrapped-around date, and
// Check must not call a far-future exp expired.
func TestParseTokenTimeClaimsOutOfRange(t *testing.T) {
	t.Parallel()
	now := time.Unix(1700000100, 0)
	for _, claims := range []string{
		`{"uid":1,"utypid":2,"iat":1700000000,"exp":1e300}`,
		`{"uid":1,"utypid":2,"iat":1700000000,"exp":-1e300}`,
		`{"uid":1,"utypid":2,"iat":1700000000,"exp":9223372036854775807}`,
		`{"uid":1,"utypid":2,"iat":-1e300,"exp":1700003600}`,
		`{"uid":1,"utypid":2,"iat":1700000000,"exp":1700003600,"nbf":1e19}`,
	} {
		raw := b64(magentoHeader) + "." + b64(claims) + "." + b64(strings.Repeat("s", 32))
		tok, err := magento.ParseToken(raw)
		if err != nil {
			t.Fatalf("ParseToken(%s) error = %v", claims, err)
		}
		times := map[string]time.Time{"exp": tok.ExpiresAt, "iat": tok.IssuedAt, "nbf": tok.NotBefore}
		for name, tm := range times {
			if !tm.IsZero() && (tm.Year() < 1 || tm.Year() > 9999) {
				t.Errorf("ParseToken(%s): %s = %v, want the zero time", claims, name, tm)
			}
		}
		if len(tok.Warnings) == 0 {
			t.Errorf("ParseToken(%s).Warnings = none, want one about the claim out of range", claims)
		}
		err = tok.Check(now, 0)
		if !errors.Is(err, jwt.ErrInvalidType) {
			t.Errorf("Check(%s) = %v, want jwt.ErrInvalidType", claims, err)
		}
		wrapped := err != nil && strings.Contains(err.Error(), "292277026596")
		if errors.Is(err, jwt.ErrTokenExpired) || wrapped {
			t.Errorf("Check(%s) = %v, want no wrapped-around date", claims, err)
		}
	}
}

// TestNormalizeTokenSeveralTokens pastes two tokens at once: joined, two
// JWTs make five dot-separated parts and look like an encrypted JWE.
func TestNormalizeTokenSeveralTokens(t *testing.T) {
	t.Parallel()
	jwt1 := b64(magentoHeader) + "." + b64(adminClaims) + "." + b64(strings.Repeat("a", 32))
	jwt2 := b64(magentoHeader) + "." + b64(adminClaims) + "." + b64(strings.Repeat("b", 32))
	opaque := "5r8cvmpr11j6gmau8990rcj2qk7unh8i"
	for _, in := range []string{
		jwt1 + "\n" + jwt2,
		"Bearer " + jwt1 + " Bearer " + jwt2,
		jwt1 + ", " + jwt2,
		opaque + "\r\n" + opaque,
	} {
		_, _, err := magento.NormalizeToken(in)
		if !errors.Is(err, magento.ErrMalformedToken) || !strings.Contains(err.Error(), "2 tokens") {
			t.Errorf("NormalizeToken(two tokens) = %v, want ErrMalformedToken saying 2 tokens", err)
		}
		if err != nil && (strings.Contains(err.Error(), jwt1) || strings.Contains(err.Error(), opaque)) {
			t.Errorf("NormalizeToken(two tokens) = %q, which repeats a token", err)
		}
	}

	// A JWT wrapped at any point is still one token.
	for i := 1; i < len(jwt1); i += 7 {
		wrapped := jwt1[:i] + "\n" + jwt1[i:]
		got, _, err := magento.NormalizeToken(wrapped)
		if err != nil || got != jwt1 {
			t.Fatalf("NormalizeToken(JWT wrapped at %d) = %q, %v, want the JWT", i, got, err)
		}
	}
}

// TestErrorMessageBoundedWithOddParameters sends a long message with
// parameters that are neither an object nor an array.
func TestErrorMessageBoundedWithOddParameters(t *testing.T) {
	t.Parallel()
	for _, params := range []string{`"text"`, `5`, `true`} {
		body := `{"message":"` + strings.Repeat("%1 long ", 3000) + `","parameters":` + params + `}`
		c, _ := stubClient(t, 400, jsonType, body)
		var e *magento.Error
		if err := c.Get(t.Context(), "x", nil); !errors.As(err, &e) {
			t.Fatalf("Get() = %v, want *Error", err)
		}
		if len(e.Message) > 2<<10 {
			t.Errorf("parameters %s: len(Error.Message) = %d, want at most %d", params,
				len(e.Message), 2<<10)
		}
	}
}

// TestErrorDeeplyNestedParameters sends parameters nested thousands of
// levels deep: reading them must take linear time, not seconds.
func TestErrorDeeplyNestedParameters(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("[", 9000) + `"x"` + strings.Repeat("]", 9000)
	body := `{"message":"%1 %2","parameters":[` + deep + `,` + deep + `]}`
	c, _ := stubClient(t, 400, jsonType, body)

	start := time.Now()
	err := c.Get(t.Context(), "x", nil)
	if took := time.Since(start); took > time.Second {
		t.Errorf("Get() with deeply nested parameters took %v, want well under a second", took)
	}
	var e *magento.Error
	if !errors.As(err, &e) || e.Template != "%1 %2" {
		t.Fatalf("Get() = %v, want *Error with the template", err)
	}
}
