package magento_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/magetoken/magetoken/magento"
)

func TestVerifySignature(t *testing.T) {
	t.Parallel()
	const (
		oldKey   = "fedcba9876543210fedcba9876543210"
		rotated  = oldKey + "\n" + vectorCryptKey
		longKey  = "base64OTg3NjU0MzIxMGFiY2RlZjk4NzY1NDMyMTBhYmNkZWY="
		otherKey = "00000000000000000000000000000000"
	)
	tests := []struct {
		name     string
		token    string
		cryptKey string
		want     error  // nil = verifies
		text     string // a fragment of the error
	}{
		{name: "reference vector", token: vectorToken, cryptKey: vectorCryptKey},
		{name: "pasted token and key", token: "Bearer " + wrapped(vectorToken, 40, "\r\n"),
			cryptKey: "  " + vectorCryptKey + "\n"},
		{name: "another key", token: vectorToken, cryptKey: otherKey,
			want: jwt.ErrTokenSignatureInvalid, text: "does not match this crypt key"},
		{name: "rotated keys, signed with the last", token: vectorToken, cryptKey: rotated},
		{name: "rotated keys, signed with an earlier one",
			token: signedToken(t, magentoHeader, adminClaims, oldKey), cryptKey: rotated,
			want: jwt.ErrTokenSignatureInvalid, text: "matches key 1 of 2 in crypt/key, not the last"},
		{name: "rotated keys, unknown key",
			token: signedToken(t, magentoHeader, adminClaims, otherKey), cryptKey: rotated,
			want: jwt.ErrTokenSignatureInvalid, text: "does not match"},
		{name: "base64-prefixed key used literally",
			token: signedToken(t, magentoHeader, adminClaims, longKey), cryptKey: longKey},
		{name: "changed claims", token: withPart(vectorToken, 1, b64(strings.Replace(adminClaims,
			`"uid":1`, `"uid":2`, 1))), cryptKey: vectorCryptKey,
			want: jwt.ErrTokenSignatureInvalid},
		{name: "expired token still verifies", token: signedToken(t, magentoHeader,
			`{"uid":1,"utypid":2,"iat":1,"exp":2}`, vectorCryptKey), cryptKey: vectorCryptKey},
		{name: "HS512", token: signedToken(t, `{"kid":"1","alg":"HS512"}`, adminClaims,
			vectorCryptKey), cryptKey: vectorCryptKey,
			want: jwt.ErrTokenSignatureInvalid, text: "not HS256"},
		{name: "unknown algorithm", token: signedToken(t, `{"kid":"1","alg":"XYZ"}`, adminClaims,
			vectorCryptKey), cryptKey: vectorCryptKey,
			want: jwt.ErrTokenSignatureInvalid, text: "not HS256"},
		{name: "no algorithm", token: signedToken(t, `{"kid":"1"}`, adminClaims,
			vectorCryptKey), cryptKey: vectorCryptKey,
			want: jwt.ErrTokenSignatureInvalid, text: "not HS256"},
		{name: "empty key", token: vectorToken, cryptKey: " \n", want: jwt.ErrInvalidKey},
		{name: "bad signature segment", token: withPart(vectorToken, 2, "x*y"),
			cryptKey: vectorCryptKey, want: magento.ErrMalformedToken},
		{name: "opaque", token: opaqueToken, cryptKey: vectorCryptKey,
			want: magento.ErrMalformedToken, text: "no signature"},
		{name: "jwe", token: "eyJhbGciOiJBMjU2S1ciLCJlbmMiOiJBMTI4R0NNIn0.a2V5.aXY.Y2lwaGVy.dGFn",
			cryptKey: vectorCryptKey, want: magento.ErrMalformedToken, text: "encrypted"},
		{name: "garbage", token: "nope", cryptKey: vectorCryptKey, want: magento.ErrMalformedToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := magento.VerifySignature(tt.token, tt.cryptKey)
			if tt.want == nil {
				if err != nil {
					t.Errorf("VerifySignature(%s) = %v, want nil", tt.name, err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("VerifySignature(%s) = %v, want it to match %v", tt.name, err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), tt.text) {
				t.Errorf("VerifySignature(%s) = %q, want it to contain %q", tt.name, err, tt.text)
			}
			if err != nil && strings.Contains(err.Error(), strings.TrimSpace(tt.cryptKey)) &&
				strings.TrimSpace(tt.cryptKey) != "" {
				t.Errorf("VerifySignature(%s) = %q, repeats the key", tt.name, err)
			}
		})
	}
}
