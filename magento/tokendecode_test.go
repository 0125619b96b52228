package magento_test

import (
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/magetoken/magetoken/magento"
)

const (
	magentoHeader = `{"kid":"1","alg":"HS256"}`
	adminClaims   = `{"uid":1,"utypid":2,"iat":1700000000,"exp":1700003600}`
)

var (
	vectorIssued  = time.Unix(1700000000, 0).UTC()
	vectorExpires = time.Unix(1700003600, 0).UTC()
)

// b64 encodes s as a JWT part.
func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// signedToken returns a JWT with the given header and payload, signed as
// Magento signs with cryptKey.
func signedToken(tb testing.TB, header, payload, cryptKey string) string {
	tb.Helper()
	signing := b64(header) + "." + b64(payload)
	sig, err := jwt.SigningMethodHS256.Sign(signing, magento.SigningKey(cryptKey))
	if err != nil {
		tb.Fatalf("signing: %v", err)
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// withPart replaces part i (0-based) of a dotted token.
func withPart(token string, i int, part string) string {
	parts := strings.Split(token, ".")
	parts[i] = part
	return strings.Join(parts, ".")
}

func TestParseTokenVector(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		vectorToken,
		"Bearer " + vectorToken,
		`"` + vectorToken + `"`,
		"  Authorization: bearer " + wrapped(vectorToken, 25, "\r\n") + "\n",
		"\u2018" + wrapped(vectorToken, 60, "\n\t") + "\u2019",
	} {
		tok, err := magento.ParseToken(raw)
		if err != nil {
			t.Fatalf("ParseToken(%q) error = %v", raw, err)
		}
		if tok.Value != vectorToken {
			t.Errorf("ParseToken(%q).Value = %q, want %q", raw, tok.Value, vectorToken)
		}
		if tok.Kind != magento.TokenJWT || tok.HeaderErr != nil || tok.ClaimsErr != nil ||
			tok.SignatureErr != nil {
			t.Errorf("ParseToken(%q) = kind %q, errors %v, %v, %v, want a clean JWT",
				raw, tok.Kind, tok.HeaderErr, tok.ClaimsErr, tok.SignatureErr)
		}
		if tok.UserID != 1 || tok.UserType != magento.UserTypeAdmin {
			t.Errorf("ParseToken(%q) user = %d, %v, want 1, admin", raw, tok.UserID, tok.UserType)
		}
		if !tok.IssuedAt.Equal(vectorIssued) || !tok.ExpiresAt.Equal(vectorExpires) ||
			!tok.NotBefore.IsZero() {
			t.Errorf("ParseToken(%q) times = %v, %v, %v, want %v, %v, zero",
				raw, tok.IssuedAt, tok.ExpiresAt, tok.NotBefore, vectorIssued, vectorExpires)
		}
		if len(tok.Warnings) != 0 {
			t.Errorf("ParseToken(%q).Warnings = %q, want none", raw, tok.Warnings)
		}
		if want := "{\n  \"kid\": \"1\",\n  \"alg\": \"HS256\"\n}"; tok.HeaderJSON != want {
			t.Errorf("ParseToken(%q).HeaderJSON = %q, want %q", raw, tok.HeaderJSON, want)
		}
		if tok.Claims["exp"] != float64(1700003600) || tok.Header["kid"] != "1" {
			t.Errorf("ParseToken(%q) claims = %v, header = %v", raw, tok.Claims, tok.Header)
		}
	}
}

func TestParseTokenBrokenParts(t *testing.T) {
	t.Parallel()
	sig := strings.Split(vectorToken, ".")[2]
	tests := []struct {
		name                       string
		token                      string
		headerErr, claimsErr       string
		signatureErr               string
		wantHeaderJSON, wantClaims bool
	}{
		{name: "padded parts", token: b64(magentoHeader) + "=." + b64(adminClaims) + "==." + sig + "=",
			wantHeaderJSON: true, wantClaims: true},
		{name: "corrupt header", token: withPart(vectorToken, 0, "eyJr!!aWQiOiIxIiwi"),
			headerErr:  "the header (part 1 of 3) is not valid base64url: illegal base64 data",
			wantClaims: true},
		{name: "header not JSON", token: withPart(vectorToken, 0, b64(`{"kid":"1","alg":`)),
			headerErr: "the header (part 1 of 3) is not valid JSON", wantClaims: true},
		{name: "header an array", token: withPart(vectorToken, 0, b64(`["HS256"]`)),
			headerErr: "the header (part 1 of 3) is not a JSON object", wantClaims: true},
		{name: "empty header", token: withPart(vectorToken, 0, ""),
			headerErr: "the header (part 1 of 3) is empty", wantClaims: true},
		{name: "corrupt payload", token: withPart(vectorToken, 1, "eyJ1aWQiOjEsInV0eX%%%"),
			claimsErr: "the payload (part 2 of 3) is not valid base64url", wantHeaderJSON: true},
		{name: "payload not JSON", token: withPart(vectorToken, 1, b64(`uid=1`)),
			claimsErr: "the payload (part 2 of 3) is not valid JSON", wantHeaderJSON: true},
		{name: "payload null", token: withPart(vectorToken, 1, b64(`null`)),
			claimsErr: "the payload (part 2 of 3) is not a JSON object", wantHeaderJSON: true},
		{name: "bad signature segment", token: withPart(vectorToken, 2, "medfRQHP*bWCoJC7"),
			signatureErr:   "the signature (part 3 of 3) is not valid base64url",
			wantHeaderJSON: true, wantClaims: true},
		{name: "short signature", token: withPart(vectorToken, 2, "c2hvcnQ"),
			signatureErr: "is 5 bytes long, not the 32 bytes", wantHeaderJSON: true, wantClaims: true},
		{name: "no signature", token: withPart(vectorToken, 2, ""),
			signatureErr: "the signature (part 3 of 3) is empty", wantHeaderJSON: true,
			wantClaims: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tok, err := magento.ParseToken(tt.token)
			if err != nil {
				t.Fatalf("ParseToken(%q) error = %v, want the part errors inside the Token",
					tt.token, err)
			}
			checkPartErr(t, "HeaderErr", tok.HeaderErr, tt.headerErr)
			checkPartErr(t, "ClaimsErr", tok.ClaimsErr, tt.claimsErr)
			checkPartErr(t, "SignatureErr", tok.SignatureErr, tt.signatureErr)
			if got := tok.Header != nil; got != tt.wantHeaderJSON {
				t.Errorf("ParseToken(%q).Header = %v, want decoded %t", tt.token, tok.Header,
					tt.wantHeaderJSON)
			}
			if got := tok.UserID == 1 && tok.ExpiresAt.Equal(vectorExpires); got != tt.wantClaims {
				t.Errorf("ParseToken(%q) claims = %v, want decoded %t", tt.token, tok.Claims,
					tt.wantClaims)
			}
		})
	}
}

// checkPartErr checks a part error against a wanted message fragment ("" =
// no error).
func checkPartErr(t *testing.T, field string, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("%s = %v, want nil", field, err)
	case want == "":
	case err == nil:
		t.Errorf("%s = nil, want an error containing %q", field, want)
	case !strings.Contains(err.Error(), want):
		t.Errorf("%s = %q, want it to contain %q", field, err, want)
	case !errors.Is(err, magento.ErrMalformedToken):
		t.Errorf("%s = %v, want it to wrap ErrMalformedToken", field, err)
	}
}

func TestParseTokenShowsBrokenPartText(t *testing.T) {
	t.Parallel()
	tok, _ := magento.ParseToken(withPart(vectorToken, 0, b64(`{"kid":"1",alg:HS256}`)))
	if tok.HeaderJSON != `{"kid":"1",alg:HS256}` {
		t.Errorf("HeaderJSON = %q, want the decoded text as it is", tok.HeaderJSON)
	}
}

func TestParseTokenWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		header  string
		claims  string
		want    string // a fragment of one warning; "" = no warnings
		wantLen int
	}{
		{name: "admin", header: magentoHeader, claims: adminClaims},
		{name: "customer", header: magentoHeader,
			claims: `{"uid":27,"utypid":3,"iat":1747443354,"exp":1747446954}`,
			want:   "this is a customer token; the admin API will refuse it"},
		{name: "integration", header: magentoHeader,
			claims: `{"uid":1,"utypid":1,"iat":1700000000,"exp":1700003600}`,
			want:   "integration token"},
		{name: "guest", header: magentoHeader,
			claims: `{"uid":1,"utypid":4,"iat":1700000000,"exp":1700003600}`, want: "guest token"},
		{name: "unknown user type", header: magentoHeader,
			claims: `{"uid":1,"utypid":9,"iat":1700000000,"exp":1700003600}`, want: "utypid 9"},
		{name: "HS512", header: `{"kid":"1","alg":"HS512"}`, claims: adminClaims,
			want: `alg is "HS512"`},
		{name: "alg none", header: `{"alg":"none","kid":"1"}`, claims: adminClaims,
			want: "not signed"},
		{name: "no alg", header: `{"kid":"1"}`, claims: adminClaims, want: "no alg"},
		{name: "no kid", header: `{"alg":"HS256","typ":"JWT"}`, claims: adminClaims,
			want: "no kid"},
		{name: "no exp", header: magentoHeader, claims: `{"uid":1,"utypid":2,"iat":1700000000}`,
			want: "no exp claim"},
		{name: "no uid", header: magentoHeader,
			claims: `{"utypid":2,"iat":1700000000,"exp":1700003600}`, want: "no uid claim"},
		{name: "uid a string", header: magentoHeader,
			claims: `{"uid":"1","utypid":2,"iat":1700000000,"exp":1700003600}`,
			want:   `uid claim (the user's ID) is the string "1", not a whole number`},
		{name: "one day is usual", header: magentoHeader,
			claims: `{"uid":1,"utypid":2,"iat":1700000000,"exp":1700086400}`},
		{name: "long lifetime", header: magentoHeader,
			claims: `{"uid":1,"utypid":2,"iat":1700000000,"exp":1700604800}`,
			want:   "valid for 7 days, which is unusually long"},
		{name: "exp before iat", header: magentoHeader,
			claims: `{"uid":1,"utypid":2,"iat":1700000000,"exp":1699999999}`,
			want:   "expires before it was issued"},
		{name: "exp a string", header: magentoHeader,
			claims: `{"uid":1,"utypid":2,"iat":1700000000,"exp":"1700003600"}`,
			want:   `the exp claim is the string "1700003600", not a number of seconds`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tok, err := magento.ParseToken(signedToken(t, tt.header, tt.claims, vectorCryptKey))
			if err != nil {
				t.Fatalf("ParseToken(%s) error = %v", tt.claims, err)
			}
			if tt.want == "" {
				if len(tok.Warnings) != 0 {
					t.Errorf("ParseToken(%s).Warnings = %q, want none", tt.claims, tok.Warnings)
				}
				return
			}
			if !slices.ContainsFunc(tok.Warnings, func(w string) bool {
				return strings.Contains(w, tt.want)
			}) {
				t.Errorf("ParseToken(%s).Warnings = %q, want one containing %q",
					tt.claims, tok.Warnings, tt.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	const (
		nbfFuture = `{"uid":1,"utypid":2,"iat":1700000000,"nbf":1700000600,"exp":1700003600}`
		noExp     = `{"uid":1,"utypid":2,"iat":1700000000}`
		expString = `{"uid":1,"utypid":2,"iat":1700000000,"exp":"2023-11-14 23:13:20"}`
	)
	tests := []struct {
		name   string
		claims string
		now    time.Time
		leeway time.Duration
		want   []error // each must match; nil = valid
		text   string
	}{
		{name: "valid", claims: adminClaims, now: vectorIssued.Add(10 * time.Minute)},
		{name: "expired", claims: adminClaims, now: vectorExpires.Add(2 * time.Hour),
			want: []error{jwt.ErrTokenExpired}, text: "it expired 2h0m0s ago, at 2023-11-14 23:13:20 UTC"},
		{name: "expires at exp", claims: adminClaims, now: vectorExpires,
			want: []error{jwt.ErrTokenExpired}},
		{name: "within leeway", claims: adminClaims, now: vectorExpires.Add(30 * time.Second),
			leeway: time.Minute},
		{name: "past leeway", claims: adminClaims, now: vectorExpires.Add(2 * time.Minute),
			leeway: time.Minute, want: []error{jwt.ErrTokenExpired}},
		{name: "issued in the future", claims: adminClaims, now: vectorIssued.Add(-5 * time.Minute),
			want: []error{jwt.ErrTokenUsedBeforeIssued}, text: "issued 5m0s in the future"},
		{name: "clock skew within leeway", claims: adminClaims,
			now: vectorIssued.Add(-5 * time.Second), leeway: 10 * time.Second},
		{name: "not yet valid", claims: nbfFuture, now: vectorIssued.Add(time.Minute),
			want: []error{jwt.ErrTokenNotValidYet}, text: "becomes valid in 9m0s"},
		{name: "not yet valid and expired", claims: nbfFuture, now: vectorExpires.Add(time.Hour),
			leeway: 0, want: []error{jwt.ErrTokenExpired}},
		{name: "no exp", claims: noExp, now: vectorIssued,
			want: []error{jwt.ErrTokenRequiredClaimMissing}, text: "no exp claim"},
		{name: "exp a string", claims: expString, now: vectorIssued,
			want: []error{jwt.ErrInvalidType},
			text: `the exp claim is the string "2023-11-14 23:13:20"`},
		{name: "exp a string and issued later", claims: expString,
			now:  vectorIssued.Add(-time.Hour),
			want: []error{jwt.ErrInvalidType, jwt.ErrTokenUsedBeforeIssued}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tok, err := magento.ParseToken(signedToken(t, magentoHeader, tt.claims, vectorCryptKey))
			if err != nil {
				t.Fatal(err)
			}
			err = tok.Check(tt.now, tt.leeway)
			if tt.want == nil {
				if err != nil {
					t.Errorf("Check(%v, %v) = %v, want nil", tt.now, tt.leeway, err)
				}
				return
			}
			for _, want := range tt.want {
				if !errors.Is(err, want) {
					t.Errorf("Check(%v, %v) = %v, want it to match %v", tt.now, tt.leeway, err, want)
				}
			}
			if err != nil && !strings.Contains(err.Error(), tt.text) {
				t.Errorf("Check(%v, %v) = %q, want it to contain %q", tt.now, tt.leeway, err, tt.text)
			}
		})
	}
}

func TestCheckOtherKinds(t *testing.T) {
	t.Parallel()
	now := time.Unix(1800000000, 0)
	tests := []struct {
		name string
		raw  string
		want error
	}{
		{name: "opaque", raw: opaqueToken},
		{name: "jwe", raw: "eyJhbGciOiJBMjU2S1ciLCJlbmMiOiJBMTI4R0NNIn0.a2V5.aXY.Y2lwaGVy.dGFn"},
		{name: "garbage", raw: "not a token", want: magento.ErrMalformedToken},
		{name: "broken payload", raw: withPart(vectorToken, 1, "!!"), want: magento.ErrMalformedToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tok, _ := magento.ParseToken(tt.raw)
			if err := tok.Check(now, 0); !errors.Is(err, tt.want) {
				t.Errorf("Check() = %v, want %v", err, tt.want)
			}
			if tok.Expired(now) {
				t.Errorf("Expired() = true, want false for a token whose expiry is unknown")
			}
		})
	}
}

func TestExpired(t *testing.T) {
	t.Parallel()
	tok, err := magento.ParseToken(vectorToken)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		now  time.Time
		want bool
	}{
		{now: vectorIssued, want: false},
		{now: vectorExpires.Add(-time.Nanosecond), want: false},
		{now: vectorExpires, want: true},
		{now: vectorExpires.Add(time.Hour), want: true},
	}
	for _, tt := range tests {
		if got := tok.Expired(tt.now); got != tt.want {
			t.Errorf("Expired(%v) = %t, want %t", tt.now, got, tt.want)
		}
	}
}

func FuzzParseToken(f *testing.F) {
	for _, s := range []string{
		vectorToken, opaqueToken, "Bearer " + vectorToken, wrapped(vectorToken, 20, "\r\n"),
		withPart(vectorToken, 0, "eyJr!!"), withPart(vectorToken, 1, b64("null")),
		withPart(vectorToken, 1, b64(`{"exp":"x","iat":true,"nbf":[1],"uid":1.5,"utypid":-3}`)),
		withPart(vectorToken, 2, ""), "a.b.c.d.e", "..", "....", "garbage", "", "\x00",
		withPart(vectorToken, 1, b64(`{"exp":1e300,"iat":-1e300,"uid":1e300}`)),
	} {
		f.Add(s)
	}
	now := time.Unix(1700001000, 0)
	f.Fuzz(func(t *testing.T, raw string) {
		tok, err := magento.ParseToken(raw)
		if tok == nil {
			t.Fatalf("ParseToken(%q) = nil", raw)
		}
		if err != nil {
			if !errors.Is(err, magento.ErrMalformedToken) {
				t.Fatalf("ParseToken(%q) error = %v, want it to wrap ErrMalformedToken", raw, err)
			}
			if tok.Kind != magento.TokenUnknown {
				t.Fatalf("ParseToken(%q) = kind %q with error %v", raw, tok.Kind, err)
			}
			if len(tok.Value) > 3 && strings.Contains(err.Error(), tok.Value) {
				t.Fatalf("ParseToken(%q) error %q repeats the token", raw, err)
			}
		} else if tok.Kind == magento.TokenUnknown || tok.Value == "" {
			t.Fatalf("ParseToken(%q) = kind %q, value %q, without an error", raw, tok.Kind, tok.Value)
		}
		err = tok.Check(now, time.Minute)
		if tok.Kind == magento.TokenJWT && tok.ClaimsErr == nil && tok.Claims["exp"] == nil &&
			!errors.Is(err, jwt.ErrTokenRequiredClaimMissing) && !errors.Is(err, jwt.ErrInvalidType) {
			t.Fatalf("Check(%q) = %v, want a missing exp to be an error", raw, err)
		}
		_ = tok.Expired(now)
	})
}

func BenchmarkParseToken(b *testing.B) {
	raw := "Bearer " + wrapped(vectorToken, 64, "\r\n")
	for b.Loop() {
		if _, err := magento.ParseToken(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheck(b *testing.B) {
	tok, err := magento.ParseToken(vectorToken)
	if err != nil {
		b.Fatal(err)
	}
	now := vectorIssued.Add(time.Minute)
	for b.Loop() {
		if err := tok.Check(now, time.Minute); err != nil {
			b.Fatal(err)
		}
	}
}
