package magento_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/magetoken/magetoken/magento"
)

// vectorToken is a Magento admin JWT signed with vectorCryptKey: uid 1,
// utypid 2, iat 1700000000, exp 1700003600.
const (
	vectorToken = "eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ" +
		".eyJ1aWQiOjEsInV0eXBpZCI6MiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDM2MDB9" +
		".medfRQHPbWCoJC7ZmyOP8Yrrj4PJW3hg27cR1OTdsjE"
	vectorCryptKey = "0123456789abcdef0123456789abcdef"
	opaqueToken    = "5r8cvmpr11j6gmau8990rcj2qk7unh8i"
)

// wrapped splits s into lines of n characters, as a mail client would.
func wrapped(s string, n int, eol string) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + eol)
		s = s[n:]
	}
	return b.String() + s
}

func TestNormalizeToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		raw     string
		cleaned []string
	}{
		{name: "clean", raw: vectorToken},
		{name: "surrounding space", raw: "  \t" + vectorToken + " \n",
			cleaned: []string{"removed spaces or line breaks around it"}},
		{name: "double quotes", raw: `"` + vectorToken + `"`,
			cleaned: []string{"removed the quotes around it"}},
		{name: "single quotes", raw: `'` + vectorToken + `'`,
			cleaned: []string{"removed the quotes around it"}},
		{name: "backticks", raw: "`" + vectorToken + "`",
			cleaned: []string{"removed the quotes around it"}},
		{name: "curly quotes", raw: "\u201c" + vectorToken + "\u201d",
			cleaned: []string{"removed the quotes around it"}},
		{name: "unbalanced quote", raw: `"` + vectorToken,
			cleaned: []string{"removed the quotes around it"}},
		{name: "bearer", raw: "Bearer " + vectorToken,
			cleaned: []string{`removed the "Bearer " prefix`}},
		{name: "bearer lower case", raw: "bearer   " + vectorToken,
			cleaned: []string{`removed the "Bearer " prefix`}},
		{name: "bearer upper case with tab", raw: "BEARER\t" + vectorToken,
			cleaned: []string{`removed the "Bearer " prefix`}},
		{name: "header line", raw: "Authorization: Bearer " + vectorToken + "\r\n",
			cleaned: []string{
				"removed spaces or line breaks around it",
				`removed the "Authorization:" header name in front of it`,
				`removed the "Bearer " prefix`,
			}},
		{name: "quoted bearer", raw: ` "Bearer ` + vectorToken + `" `,
			cleaned: []string{
				"removed spaces or line breaks around it",
				"removed the quotes around it",
				`removed the "Bearer " prefix`,
			}},
		{name: "bearer then quotes", raw: `Bearer '` + vectorToken + `'`,
			cleaned: []string{"removed the quotes around it", `removed the "Bearer " prefix`}},
		{name: "wrapped with LF", raw: wrapped(vectorToken, 40, "\n"),
			cleaned: []string{"removed line breaks inside it (from a wrapped copy)"}},
		{name: "wrapped with CRLF and indent", raw: wrapped(vectorToken, 30, "\r\n    "),
			cleaned: []string{
				"removed line breaks inside it (from a wrapped copy)",
				"removed spaces inside it",
			}},
		{name: "inner space", raw: vectorToken[:20] + " " + vectorToken[20:],
			cleaned: []string{"removed spaces inside it"}},
		{name: "zero-width space", raw: "\u200b" + vectorToken[:10] + "\u200b" + vectorToken[10:],
			cleaned: []string{"removed invisible characters (such as zero-width spaces)"}},
		{name: "non-breaking space around", raw: "\u00a0" + vectorToken + "\u00a0",
			cleaned: []string{"removed spaces or line breaks around it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, cleaned, err := magento.NormalizeToken(tt.raw)
			if err != nil {
				t.Fatalf("NormalizeToken(%q) error = %v", tt.raw, err)
			}
			if got != vectorToken {
				t.Errorf("NormalizeToken(%q) = %q, want %q", tt.raw, got, vectorToken)
			}
			if !slices.Equal(cleaned, tt.cleaned) {
				t.Errorf("NormalizeToken(%q) cleaned = %q, want %q", tt.raw, cleaned, tt.cleaned)
			}
		})
	}
}

func TestNormalizeTokenRefuses(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3tpart"
	tests := []struct {
		name string
		raw  string
		want string
	}{
		{name: "empty", raw: "", want: "empty"},
		{name: "spaces", raw: " \r\n\t ", want: "empty"},
		{name: "quotes only", raw: `""`, want: "empty"},
		{name: "bearer only", raw: "Bearer ", want: "empty"},
		{name: "header only", raw: "Authorization: Bearer", want: "empty"},
		{name: "control character", raw: secret + "\x00" + secret, want: "control characters"},
		{name: "escape character", raw: secret + "\x1b[0m", want: "control characters"},
		{name: "delete character", raw: secret + "\x7f", want: "control characters"},
		{name: "accented letter", raw: secret + "é" + secret, want: "non-ASCII"},
		{name: "emoji", raw: secret + "\U0001F511", want: "non-ASCII"},
		{name: "invalid UTF-8", raw: secret + "\xff", want: "non-ASCII"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, _, err := magento.NormalizeToken(tt.raw)
			if !errors.Is(err, magento.ErrMalformedToken) {
				t.Fatalf("NormalizeToken(%q) = %q, %v, want an error wrapping ErrMalformedToken",
					tt.raw, got, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NormalizeToken(%q) error = %q, want it to mention %q", tt.raw, err, tt.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("NormalizeToken(%q) error = %q, repeats the token", tt.raw, err)
			}
		})
	}
}

func TestTokenKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		raw     string
		want    magento.TokenKind
		wantErr bool
		note    string
	}{
		{name: "jwt", raw: vectorToken, want: magento.TokenJWT},
		{name: "jwe", raw: "eyJhbGciOiJBMjU2S1ciLCJlbmMiOiJBMTI4R0NNIn0.a2V5.aXY.Y2lwaGVy.dGFn",
			want: magento.TokenJWE, note: "encrypted"},
		{name: "opaque", raw: opaqueToken, want: magento.TokenOpaque, note: "before 2.4.4"},
		{name: "opaque quoted", raw: `"` + opaqueToken + "\"\n", want: magento.TokenOpaque},
		{name: "32 characters, upper case", raw: strings.ToUpper(opaqueToken),
			want: magento.TokenUnknown, wantErr: true, note: "lower-case"},
		{name: "two parts", raw: "abc.def", want: magento.TokenUnknown, wantErr: true,
			note: "2 dot-separated parts"},
		{name: "four parts", raw: "a.b.c.d", want: magento.TokenUnknown, wantErr: true,
			note: "4 dot-separated parts"},
		{name: "garbage", raw: "hello-world", want: magento.TokenUnknown, wantErr: true,
			note: "11 characters long"},
		{name: "password by mistake", raw: "hunter2!", want: magento.TokenUnknown, wantErr: true},
		{name: "empty", raw: "  ", want: magento.TokenUnknown, wantErr: true, note: "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tok, err := magento.ParseToken(tt.raw)
			if tok == nil {
				t.Fatalf("ParseToken(%q) = nil, want a Token", tt.raw)
			}
			if tok.Kind != tt.want {
				t.Errorf("ParseToken(%q).Kind = %q, want %q", tt.raw, tok.Kind, tt.want)
			}
			if (err != nil) != tt.wantErr {
				t.Errorf("ParseToken(%q) error = %v, want error %t", tt.raw, err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, magento.ErrMalformedToken) {
				t.Errorf("ParseToken(%q) error = %v, want it to wrap ErrMalformedToken", tt.raw, err)
			}
			if !strings.Contains(tok.Note, tt.note) {
				t.Errorf("ParseToken(%q).Note = %q, want it to mention %q", tt.raw, tok.Note, tt.note)
			}
		})
	}
}

func FuzzNormalizeToken(f *testing.F) {
	for _, s := range []string{
		vectorToken, opaqueToken, "", " ", `"`, "Bearer", "Bearer ", "bearer\t\"x\"", "Be Arer",
		"Authorization: Bearer " + vectorToken + "\r\n", wrapped(vectorToken, 30, "\r\n  "),
		"\u201c" + vectorToken + "\u201d", "\u200b", "a\x00b", "é", "\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, cleaned, err := magento.NormalizeToken(raw)
		if err != nil {
			if !errors.Is(err, magento.ErrMalformedToken) {
				t.Fatalf("NormalizeToken(%q) error = %v, want it to wrap ErrMalformedToken", raw, err)
			}
			if got != "" {
				t.Fatalf("NormalizeToken(%q) = %q with an error, want \"\"", raw, got)
			}
			if len(got) > 3 && strings.Contains(err.Error(), got) {
				t.Fatalf("NormalizeToken(%q) error %q repeats the input", raw, err)
			}
			return
		}
		if got == "" || strings.IndexFunc(got, unicode.IsSpace) >= 0 {
			t.Fatalf("NormalizeToken(%q) = %q, want no white space and not empty", raw, got)
		}
		for i := 0; i < len(got); i++ {
			if got[i] <= ' ' || got[i] >= 0x7f {
				t.Fatalf("NormalizeToken(%q) = %q, has byte %#x not allowed in a header", raw, got, got[i])
			}
		}
		again, cleanedAgain, err := magento.NormalizeToken(got)
		if err != nil || again != got || len(cleanedAgain) != 0 {
			t.Fatalf("NormalizeToken(%q) = %q, %q, %v, want it unchanged", got, again, cleanedAgain, err)
		}
		if got != raw && len(cleaned) == 0 {
			t.Fatalf("NormalizeToken(%q) = %q, but cleaned is empty", raw, got)
		}
	})
}
