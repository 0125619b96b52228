//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/magetoken/magetoken/magento"
	"github.com/magetoken/magetoken/magento/magentotest"
)

// otherCryptKey is a crypt/key that no store of the suite uses.
const otherCryptKey = "fedcba9876543210fedcba9876543210"

// mint signs a token as Magento does, with Magento's header and the
// signing key derived from cryptKey.
func mint(t *testing.T, cryptKey string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	tok.Header = map[string]any{"kid": "1", "alg": "HS256"}
	s, err := tok.SignedString(magento.SigningKey(cryptKey))
	if err != nil {
		t.Fatalf("signing a token: %v", err)
	}
	return s
}

// claimsFor returns the claims of a token of a user type issued at iat and
// valid for life.
func claimsFor(uid int, utypid magento.UserType, iat time.Time, life time.Duration) jwt.MapClaims {
	return jwt.MapClaims{
		"uid": uid, "utypid": int(utypid), "iat": iat.Unix(), "exp": iat.Add(life).Unix(),
	}
}

// pasteToken clears the token field, pastes text into it and waits until the
// page has decoded it.
func (p *page) pasteToken(text string) shown {
	p.t.Helper()
	p.paste("#token-input", "")
	p.waitFor("#token-status", `data-status="empty"`, func(s shown) bool {
		return s.Status == "empty" || s.Status == ""
	})
	p.paste("#token-input", text)
	return p.waitFor("#token-status", "a data-status", func(s shown) bool {
		return s.Status != "empty" && s.Status != ""
	})
}

// TestPastedTokenShapes pastes tokens the way people paste them.
func TestPastedTokenShapes(t *testing.T) {
	t.Parallel()
	token, err := env.plain.IssueToken(shopUser)
	if err != nil {
		t.Fatalf("IssueToken: %v", err)
	}
	p := openPage(t)

	if s := p.pasteToken(token); s.Status != "valid" {
		t.Fatalf("#token-status for a fresh token = %v, want data-status=valid", s)
	}
	want := p.text("#token-claims")
	if !strings.Contains(want, `"uid"`) || !strings.Contains(want, `"exp"`) {
		t.Fatalf("#token-claims = %q, want the claims uid, utypid, iat, exp", want)
	}

	shapes := []struct {
		name, text string
	}{
		{name: "double quotes", text: `"` + token + `"`},
		{name: "single quotes", text: `'` + token + `'`},
		{name: "Bearer", text: "Bearer " + token},
		{name: "lower-case bearer", text: "bearer " + token},
		{name: "line breaks", text: token[:30] + "\n" + token[30:70] + "\r\n" + token[70:]},
		{name: "surrounding spaces", text: "  \t" + token + " \n"},
		{name: "Bearer and spaces", text: "\n  Bearer " + token + "  "},
		{name: "copied as cURL", text: "curl 'http://127.0.0.1/demo/rest/V1/store/websites' \\\n" +
			"  -H 'Accept: application/json' \\\n  -H 'Authorization: Bearer " + token + "'"},
		{name: "JSON", text: `{"token": "` + token + `"}`},
	}
	for _, tc := range shapes {
		t.Run(tc.name, func(t *testing.T) {
			p := p.as(t)
			s := p.pasteToken(tc.text)
			if s.Status != "valid" {
				t.Errorf("#token-status = %v, want data-status=valid", s)
			}
			if got := p.text("#token-claims"); got != want {
				t.Errorf("#token-claims = %q, want %q as for the bare token", got, want)
			}
			if got := p.text("#token-cleaned"); got == "" {
				t.Errorf("#token-cleaned is empty, want what was removed from the paste")
			}
		})
	}
}

// TestTokenKinds pastes tokens the page must explain rather than accept.
func TestTokenKinds(t *testing.T) {
	t.Parallel()
	now := time.Now()
	expired := mint(t, otherCryptKey, claimsFor(1, magento.UserTypeAdmin, now.Add(-3*time.Hour), time.Hour))
	customer := mint(t, otherCryptKey, claimsFor(27, magento.UserTypeCustomer, now, time.Hour))
	admin := mint(t, otherCryptKey, claimsFor(1, magento.UserTypeAdmin, now, time.Hour))
	header, payload, signature := splitToken(t, admin)
	p := openPage(t)

	t.Run("expired", func(t *testing.T) {
		p := p.as(t)
		if s := p.pasteToken(expired); s.Status != "expired" {
			t.Errorf("#token-status = %v, want data-status=expired", s)
		}
	})
	t.Run("customer", func(t *testing.T) {
		p := p.as(t)
		if s := p.pasteToken(customer); s.Status != "nonadmin" {
			t.Errorf("#token-status = %v, want data-status=nonadmin", s)
		}
		if got := p.text("#token-user-type"); !strings.Contains(strings.ToLower(got), "customer") {
			t.Errorf("#token-user-type = %q, want customer", got)
		}
		if got := p.text("#token-warnings"); got == "" {
			t.Errorf("#token-warnings is empty, want a warning that this is not an admin token")
		}
	})
	t.Run("opaque", func(t *testing.T) {
		p := p.as(t)
		s := p.pasteToken("k3q0v8x1m9z2c7b4n6p5r0t8w2y4a6d1")
		if s.Status != "opaque" {
			t.Errorf("#token-status = %v, want data-status=opaque", s)
		}
		if s.Text == "" {
			t.Errorf("#token-status shows no text, want an explanation of opaque tokens")
		}
	})
	t.Run("five parts", func(t *testing.T) {
		p := p.as(t)
		s := p.pasteToken("eyJhbGciOiJBMjU2S1ciLCJlbmMiOiJBMjU2R0NNIn0.c2VjcmV0a2V5.aXZpdml2.Y2lwaGVy.dGFndGFn")
		if s.Status != "encrypted" {
			t.Errorf("#token-status = %v, want data-status=encrypted", s)
		}
		if s.Text == "" {
			t.Errorf("#token-status shows no text, want an explanation of encrypted tokens")
		}
	})
	t.Run("broken header", func(t *testing.T) {
		p := p.as(t)
		s := p.pasteToken(header[:10] + "%%%" + header[10:] + "." + payload + "." + signature)
		if s.Status != "broken" {
			t.Errorf("#token-status = %v, want data-status=broken", s)
		}
		if got := p.text("#token-claims"); !strings.Contains(got, `"uid"`) || !strings.Contains(got, `"exp"`) {
			t.Errorf("#token-claims = %q, want the payload decoded although the header is broken", got)
		}
		named := strings.ToLower(s.Text + " " + p.text("#token-header"))
		if !strings.Contains(named, "header") {
			t.Errorf("#token-status and #token-header = %q, want them to name the header as the broken part", named)
		}
	})
}

// splitToken returns the three parts of a JWT.
func splitToken(t *testing.T, token string) (header, payload, signature string) {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("a minted token has %d parts, want 3", len(parts))
	}
	return parts[0], parts[1], parts[2]
}

// TestValidateRejected validates a well-formed admin token that the store did
// not sign: the page explains the 401.
func TestValidateRejected(t *testing.T) {
	t.Parallel()
	token := mint(t, otherCryptKey, claimsFor(1, magento.UserTypeAdmin, time.Now(), time.Hour))
	p := openPage(t)

	p.store(env.demo, true, "direct")
	if s := p.pasteToken(token); s.Status != "valid" {
		t.Fatalf("#token-status = %v, want data-status=valid: the token looks fine locally", s)
	}
	p.submit("#validate", "#validate-status")
	s := p.waitState("#validate-status", "error")
	t.Logf("#validate-status for a token the store did not sign: %v", s)
	if s.Kind != "unauthorized" {
		t.Errorf("#validate-status data-kind = %q, want unauthorized", s.Kind)
	}
	text := strings.ToLower(s.Text)
	if !strings.Contains(text, "expired") || !strings.Contains(text, "revoked") {
		t.Errorf("#validate-status = %v, want the 401 explained (expired, revoked, ...)", s)
	}
	if got := p.text("#websites"); strings.Contains(got, demoWebsite) {
		t.Errorf("#websites = %q after a refused token, want no websites", got)
	}

	// The store's answer was for that token: another one in the box must
	// not be shown as refused.
	good := mint(t, magentotest.DemoCryptKey, claimsFor(1, magento.UserTypeAdmin, time.Now(),
		time.Hour))
	p.pasteToken(good)
	if s := p.read("#validate-status"); s.State == "error" || s.Kind == "unauthorized" {
		t.Errorf("#validate-status = %v after another token was pasted, want the refusal gone", s)
	}
}

// TestTokenTimeChanges keeps a token on the page while its time claims
// pass: the status follows the clock, not only the moment of the paste.
func TestTokenTimeChanges(t *testing.T) {
	t.Parallel()
	p := openPage(t)

	t.Run("expires", func(t *testing.T) {
		p := p.as(t)
		now := time.Now()
		token := mint(t, otherCryptKey, jwt.MapClaims{"uid": 1, "utypid": 2,
			"iat": now.Add(-time.Minute).Unix(), "exp": now.Add(4 * time.Second).Unix()})
		if s := p.pasteToken(token); s.Status != "valid" {
			t.Fatalf("#token-status = %v, want data-status=valid before exp", s)
		}
		p.waitFor("#token-status", "data-status=expired once exp passed", func(s shown) bool {
			return s.Status == "expired"
		})
		if s := p.read("#token-countdown"); s.State != "expired" {
			t.Errorf("#token-countdown = %v, want data-state=expired", s)
		}
	})
	t.Run("becomes valid", func(t *testing.T) {
		p := p.as(t)
		iat := time.Now().Add(4 * time.Second)
		token := mint(t, otherCryptKey, jwt.MapClaims{"uid": 1, "utypid": 2,
			"iat": iat.Unix(), "nbf": iat.Unix(), "exp": iat.Add(time.Hour).Unix()})
		if s := p.pasteToken(token); s.Status != "notyet" {
			t.Fatalf("#token-status = %v, want data-status=notyet before iat and nbf", s)
		}
		p.waitFor("#token-status", "data-status=valid once iat and nbf passed", func(s shown) bool {
			return s.Status == "valid"
		})
	})
}
