package magentotest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/magetoken/magetoken/magento"
)

func TestDemoSecret(t *testing.T) {
	t.Parallel()
	if len(Demo2FASecret) != 32 {
		t.Errorf("len(Demo2FASecret) = %d, want 32", len(Demo2FASecret))
	}
	if _, err := base32.StdEncoding.DecodeString(Demo2FASecret); err != nil {
		t.Errorf("Demo2FASecret is not base32: %v", err)
	}
}

func TestDemoStore(t *testing.T) {
	t.Parallel()
	clock := newClock(1700000000)
	s := NewDemoStore()
	s.SetClock(clock.Now)

	plain := login(t, s, DemoUser, DemoPassword)
	if !verifies(plain, DemoCryptKey) {
		t.Errorf("the demo token does not verify with DemoCryptKey")
	}
	if got := getWebsites(t, s, plain); got != http.StatusOK {
		t.Errorf("GET websites with the demo token = %d, want 200", got)
	}

	w := serve(t, s, http.MethodPost, "/rest/V1/integration/admin/token",
		`{"username":"`+Demo2FAUser+`","password":"`+Demo2FAPassword+`"}`)
	checkAnswer(t, w, http.StatusBadRequest,
		`{"message":"Please use the 2fa provider-specific endpoints to obtain a token.",`+
			`"parameters":{"active_providers":["google"]}}`)

	otp := code(t, Demo2FASecret, clock.Now())
	w = serve(t, s, http.MethodPost, "/rest/V1/tfa/provider/google/authenticate",
		`{"username":"`+Demo2FAUser+`","password":"`+Demo2FAPassword+`","otp":"`+otp+`"}`)
	if w.Code != http.StatusOK {
		t.Fatalf("google/authenticate for the 2FA demo user = %d %s, want 200", w.Code, w.Body)
	}
	if tok := strings.Trim(w.Body.String(), `"`); getWebsites(t, s, tok) != http.StatusOK {
		t.Errorf("the 2FA demo token is not accepted")
	}

	w = serve(t, s, http.MethodGet, "/rest/de/V1/store/storeViews", "", "Authorization", "Bearer "+plain)
	if w.Code != http.StatusOK || strings.Count(w.Body.String(), `"code"`) != 5 {
		t.Errorf("demo storeViews = %d %s, want 5 store views", w.Code, w.Body)
	}

	clock.Add(time.Hour)
	if got := getWebsites(t, s, plain); got != http.StatusUnauthorized {
		t.Errorf("GET websites with the demo token after 60 minutes = %d, want 401", got)
	}
}

// verifies checks a JWT's HS256 signature the way the page does, with the
// key derived from a crypt key.
func verifies(token, cryptKey string) bool {
	i := strings.LastIndex(token, ".")
	if i < 0 {
		return false
	}
	sig, err := base64.RawURLEncoding.DecodeString(token[i+1:])
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, magento.SigningKey(cryptKey))
	mac.Write([]byte(token[:i]))
	return hmac.Equal(sig, mac.Sum(nil))
}
