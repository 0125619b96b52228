package magento

import (
	"strings"
	"unicode"
)

// cleanedExtracted is the cleaning step of a token taken out of the text
// around it.
const cleanedExtracted = "took the token out of the text around it " +
	"(such as a cURL command, a header line or JSON)"

// extractTokens finds the tokens that stand as whole words in s: JWTs and
// encrypted JWTs anywhere, and opaque tokens only right after "Bearer ",
// since text such as a cURL command holds other 32-character words. It
// returns each distinct token once, in order.
//
// A word stands whole when what borders it on both sides is the start or
// end of s, white space, a quote or JSON or header punctuation. This keeps
// a JWT with a stray character inside (eyJ...x*y) from being cut into a
// shorter token that looks whole: such input is left to the decoder, which
// names the broken part.
func extractTokens(s string) []string {
	var found []string
	add := func(t string) {
		for _, f := range found {
			if f == t {
				return
			}
		}
		found = append(found, t)
	}

	for i := 0; i < len(s); {
		if !isTokenByte(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isTokenByte(s[j]) {
			j++
		}
		word := strings.TrimRight(s[i:j], ".")
		if bordered(s, i, j) {
			switch {
			case isJWTShape(word):
				add(word)
			case len(word) == opaqueTokenLen && isOpaqueAlphabet(word) && afterBearer(s[:i]):
				add(word)
			}
		}
		i = j
	}
	return found
}

// isTokenByte reports whether c can be part of a token: the base64url
// alphabet and the dots between a JWT's parts.
func isTokenByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.'
}

// isJWTShape reports whether w looks like a whole JWT or JWE: three or five
// non-empty parts, the first a base64url JSON object ("eyJ").
func isJWTShape(w string) bool {
	parts := strings.Split(w, ".")
	if len(parts) != 3 && len(parts) != 5 || !strings.HasPrefix(w, "eyJ") {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
	}
	return true
}

// bordered reports whether the word s[i:j] stands whole: the bytes around
// it are separators, or the ends of s.
func bordered(s string, i, j int) bool {
	return (i == 0 || isSeparator(s[i-1])) && (j == len(s) || isSeparator(s[j]))
}

// isSeparator reports whether c may border a token in pasted text.
func isSeparator(c byte) bool {
	return c < 0x80 && (unicode.IsSpace(rune(c)) || strings.IndexByte(`"'`+"`"+`:=,;{}[]()<>`, c) >= 0)
}

// afterBearer reports whether before ends with the word "Bearer" and white
// space.
func afterBearer(before string) bool {
	t := strings.TrimRightFunc(before, unicode.IsSpace)
	if t == before || len(t) < len("bearer") {
		return false
	}
	return strings.EqualFold(t[len(t)-len("bearer"):], "bearer")
}
