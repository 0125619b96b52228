package magentotest

import (
	"net/http"
	"strings"
	"testing"
)

// TestRequestBodyLikePHP checks the body and Content-Type checks where PHP
// differs from Go: a body or header of "0" is empty to PHP; the deserializer
// for a media type is found by a case-sensitive comparison, while the
// charset is compared lowercased; and json_decode refuses an escaped lone
// UTF-16 surrogate, which Go's decoder would take.
func TestRequestBodyLikePHP(t *testing.T) {
	t.Parallel()
	const path = "/rest/V1/integration/admin/token"
	const credentials = `{"username":"admin","password":"secret-1"}`

	tests := []struct {
		name   string
		body   string
		header []string
		status int
		want   string // "" for a token
	}{
		{name: "body 0 is empty", body: "0", header: []string{"Content-Type", ""},
			status: 400, want: bodyBothRequired},
		{name: "body 0 with a content type", body: "0", status: 400, want: bodyBothRequired},
		{name: "body 00 is decoded", body: "00", status: 400,
			want: `{"message":"Decoding error."}`},
		{name: "content type 0 is empty", body: credentials,
			header: []string{"Content-Type", "0"}, status: 400,
			want: `{"message":"Content-Type header is empty."}`},
		{name: "media type case matters", body: credentials,
			header: []string{"Content-Type", "Application/JSON"}, status: 400,
			want: `{"message":"Server cannot understand Content-Type HTTP header media type ` +
				`Application\/JSON"}`},
		{name: "lone high surrogate", body: `{"username":"\ud800","password":"x"}`, status: 400,
			want: `{"message":"Decoding error."}`},
		{name: "lone low surrogate", body: `{"username":"a\uDC00b","password":"x"}`, status: 400,
			want: `{"message":"Decoding error."}`},
		{name: "high surrogate then no low one", body: `{"username":"\ud800\u0041","password":"x"}`,
			status: 400, want: `{"message":"Decoding error."}`},
		{name: "lone surrogate in a key", body: `{"\ud800":1,"username":"a","password":"x"}`,
			status: 400, want: `{"message":"Decoding error."}`},
		{name: "surrogate pair", body: `{"username":"\ud83d\ude00","password":"x"}`, status: 401,
			want: bodySignIn},
		{name: "escaped backslash before u", body: `{"username":"\\ud800","password":"x"}`,
			status: 401, want: bodySignIn},
		{name: "charset case does not", body: credentials,
			header: []string{"Content-Type", "application/json; charset=UTF-8"}, status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := testStore(t)
			w := serve(t, s, http.MethodPost, path, tt.body, tt.header...)
			if tt.want == "" {
				if w.Code != tt.status || !strings.HasPrefix(w.Body.String(), `"eyJ`) {
					t.Errorf("POST %s = %d %s, want %d and a token", path, w.Code, w.Body, tt.status)
				}
				return
			}
			checkAnswer(t, w, tt.status, tt.want)
		})
	}
}
