package magento_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/magetoken/magetoken/magento"
)

// A token often comes with text around it: a request copied from the
// browser's developer tools, a header line, a JSON value.
func TestNormalizeTokenExtracts(t *testing.T) {
	t.Parallel()
	const extracted = "took the token out of the text around it " +
		"(such as a cURL command, a header line or JSON)"
	curl := func(tok string) string {
		return "curl 'https://shop.example.com/rest/V1/store/websites' \\\n" +
			"  -H 'accept: application/json' \\\n  -H 'authorization: Bearer " + tok + "' \\\n" +
			"  -H 'x-requested-with: XMLHttpRequest'"
	}
	tests := []struct {
		name, raw, want string
	}{
		{name: "copy as cURL", raw: curl(vectorToken), want: vectorToken},
		{name: "copy as cURL, opaque token", raw: curl(opaqueToken), want: opaqueToken},
		{name: "cURL flag", raw: `-H "Authorization: Bearer ` + vectorToken + `"`, want: vectorToken},
		{name: "JSON object", raw: `{"token": "` + vectorToken + `", "scope": ""}`, want: vectorToken},
		{name: "assignment", raw: "TOKEN=" + vectorToken, want: vectorToken},
		{name: "angle brackets", raw: "<" + vectorToken + ">", want: vectorToken},
		{name: "end of a sentence", raw: "The token is " + vectorToken + ".", want: vectorToken},
		{name: "semicolon", raw: vectorToken + ";", want: vectorToken},
		{name: "same token twice", raw: curl(vectorToken) + " -H 'x-token: " + vectorToken + "'",
			want: vectorToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, cleaned, err := magento.NormalizeToken(tt.raw)
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeToken(%s) = %q, %v, want %q", tt.name, got, err, tt.want)
			}
			if !slices.Equal(cleaned, []string{extracted}) {
				t.Errorf("NormalizeToken(%s) cleaned = %q, want %q", tt.name, cleaned, extracted)
			}
		})
	}
}

// Nothing is taken out of text where no token stands whole, so a broken
// token reaches the decoder as it is and a 32-character word elsewhere in a
// command is not mistaken for a token.
func TestNormalizeTokenDoesNotExtract(t *testing.T) {
	t.Parallel()
	const word = "0123456789abcdef0123456789abcdef"
	tests := []struct {
		name, raw string
		wantErr   bool
	}{
		{name: "stray character in the signature",
			raw: strings.TrimSuffix(vectorToken, "jE") + "*jE"},
		{name: "32-character word not after Bearer", raw: "curl -H 'x-key: " + word + "'"},
		{name: "two different tokens", raw: "Bearer " + vectorToken + " or Bearer " + opaqueToken,
			wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, cleaned, err := magento.NormalizeToken(tt.raw)
			if tt.wantErr {
				if !errors.Is(err, magento.ErrMalformedToken) || !strings.Contains(err.Error(), "2 tokens") {
					t.Errorf("NormalizeToken(%s) = %v, want ErrMalformedToken saying it holds 2 tokens",
						tt.name, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("NormalizeToken(%s) = %v", tt.name, err)
			}
			if got == vectorToken || got == word || slices.Contains(cleaned, "took the token out of "+
				"the text around it (such as a cURL command, a header line or JSON)") {
				t.Errorf("NormalizeToken(%s) = %q, %q, want nothing taken out", tt.name, got, cleaned)
			}
		})
	}
}
