package magento

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TokenKind is what a bearer token looks like from the outside.
type TokenKind string

// Token kinds.
const (
	// TokenJWT is a signed JWT (three parts), as Magento 2.4.4 and later
	// issue for admins and customers.
	TokenJWT TokenKind = "jwt"

	// TokenJWE is an encrypted JWT (five parts). A store issues these when
	// webapi/jwtauth/jwt_alg is set to a key-wrapping algorithm; the claims
	// cannot be read without the store's key.
	TokenJWE TokenKind = "jwe"

	// TokenOpaque is a 32-character token of lower-case letters and digits,
	// as Magento issued before 2.4.4. It carries no data; the store keeps
	// its owner and age in the oauth_token table.
	TokenOpaque TokenKind = "opaque"

	// TokenUnknown is anything else.
	TokenUnknown TokenKind = "unknown"
)

// opaqueTokenLen is the length of the tokens Magento generated before 2.4.4.
const opaqueTokenLen = 32

// Cleaning steps, in the words NormalizeToken reports them.
const (
	cleanedOuterSpace = "removed spaces or line breaks around it"
	cleanedInvisible  = "removed invisible characters (such as zero-width spaces)"
	cleanedQuotes     = "removed the quotes around it"
	cleanedHeaderName = `removed the "Authorization:" header name in front of it`
	cleanedBearer     = `removed the "Bearer " prefix`
	cleanedLineBreaks = "removed line breaks inside it (from a wrapped copy)"
	cleanedInnerSpace = "removed spaces inside it"
)

// NormalizeToken cleans up a token as people paste it: copied from a
// terminal, a JSON file, an HTTP request or an e-mail that wrapped it.
//
// It removes, in this order and as often as they nest: white space and
// invisible characters around the token, quotes around it (", ', `, and
// typographic quotes), an "Authorization:" header name, and a "Bearer "
// prefix in any case. Then it removes line breaks and spaces inside the
// token. When what is left is not a token, it looks for one standing whole
// in the text, as in a cURL command copied from the browser's developer
// tools or a JSON object. cleaned lists each step that changed something,
// in plain words.
//
// The error wraps ErrMalformedToken when nothing is left, when the input
// holds several whole tokens, or when what is left cannot be sent in an
// HTTP header (control characters or non-ASCII text). It describes the
// problem without repeating the token.
func NormalizeToken(raw string) (token string, cleaned []string, err error) {
	note := func(step string) {
		for _, s := range cleaned {
			if s == step {
				return
			}
		}
		cleaned = append(cleaned, step)
	}

	s := raw
	if strings.IndexFunc(s, isInvisible) >= 0 {
		note(cleanedInvisible)
		s = strings.Map(dropInvisible, s)
	}
	visible := s

	s = stripAround(s, note)
	// Joined, two JWTs have five parts and pass for an encrypted JWE.
	if n := countWholeTokens(s); n > 1 {
		// The same token twice, as in a request with two headers, is one.
		if found := extractTokens(visible); len(found) == 1 {
			return found[0], []string{cleanedExtracted}, nil
		}
		return "", cleaned, fmt.Errorf("%w: it holds %d tokens, one after the other; "+
			"paste only one", ErrMalformedToken, n)
	}
	if strings.ContainsAny(s, "\r\n") {
		note(cleanedLineBreaks)
	}
	if strings.IndexFunc(s, isSpaceNotLineBreak) >= 0 {
		note(cleanedInnerSpace)
	}
	s = strings.Join(strings.FieldsFunc(s, unicode.IsSpace), "")

	// Joining the pieces of a wrapped copy can bring quotes or a header
	// name to the ends again.
	s = stripAround(s, note)
	if strings.EqualFold(s, "bearer") {
		note(cleanedBearer)
		s = ""
	}

	// What is left may still be a token inside other text, such as a
	// request copied from the browser's developer tools as cURL.
	if !isTokenShaped(s) {
		found := extractTokens(visible)
		if len(found) == 0 {
			found = extractTokens(s) // a token whose wrapping split it
		}
		switch {
		case len(found) == 1:
			cleaned = []string{cleanedExtracted}
			s = found[0]
		case len(found) > 1:
			return "", cleaned, fmt.Errorf("%w: it holds %d tokens; paste only one",
				ErrMalformedToken, len(found))
		}
	}

	if s == "" {
		return "", cleaned, fmt.Errorf("%w: the token is empty", ErrMalformedToken)
	}
	if err := headerSafe(s); err != nil {
		return "", cleaned, err
	}
	return s, cleaned, nil
}

// stripAround removes, as often as they nest, white space, quotes, a header
// name and a "Bearer " prefix around s, calling note for each step.
func stripAround(s string, note func(string)) string {
	for {
		before := s
		if t := strings.TrimSpace(s); t != s {
			note(cleanedOuterSpace)
			s = t
		}
		if t, ok := trimQuotes(s); ok {
			note(cleanedQuotes)
			s = t
		}
		if t, ok := trimPrefixFold(s, "authorization:"); ok {
			note(cleanedHeaderName)
			s = t
		}
		if t, ok := trimBearer(s); ok {
			note(cleanedBearer)
			s = t
		}
		if s == before {
			return s
		}
	}
}

// countWholeTokens counts the pieces of s, between white space, commas and
// semicolons, that are each a whole token: a JWT (three parts, the first a
// JSON header) or an opaque token. A token wrapped over lines has at most
// one such piece.
func countWholeTokens(s string) int {
	n := 0
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ';'
	}) {
		f = strings.TrimFunc(f, isQuote)
		parts := strings.Split(f, ".")
		jwt := len(parts) == 3 && strings.HasPrefix(f, "eyJ") && parts[1] != "" && parts[2] != ""
		if jwt || len(f) == opaqueTokenLen && isOpaqueAlphabet(f) {
			n++
		}
	}
	return n
}

// isInvisible reports whether r does not show on screen but comes along
// when text is copied from web pages and documents: zero-width spaces and
// joiners, a byte order mark, a soft hyphen.
func isInvisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return false
}

// dropInvisible maps invisible characters to nothing, for strings.Map.
func dropInvisible(r rune) rune {
	if isInvisible(r) {
		return -1
	}
	return r
}

func isSpaceNotLineBreak(r rune) bool {
	return unicode.IsSpace(r) && r != '\r' && r != '\n'
}

// isQuote reports whether r is a quote character people put around values.
func isQuote(r rune) bool {
	return strings.ContainsRune("\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb", r)
}

// trimQuotes removes quote characters from both ends of s. A quote is never
// part of a token, so an unbalanced one goes too.
func trimQuotes(s string) (string, bool) {
	t := strings.TrimFunc(s, isQuote)
	return t, t != s
}

// trimPrefixFold removes prefix from s, ignoring ASCII case.
func trimPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// trimBearer removes the authorization scheme "Bearer" and the white space
// after it. Magento matches the scheme without regard to case.
func trimBearer(s string) (string, bool) {
	t, ok := trimPrefixFold(s, "bearer")
	if !ok {
		return s, false
	}
	if t == "" {
		return "", true
	}
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsSpace(r) {
		return s, false
	}
	return strings.TrimLeftFunc(t, unicode.IsSpace), true
}

// headerSafe reports, without quoting s, why s cannot be the value of an
// Authorization header.
func headerSafe(s string) error {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return fmt.Errorf("%w: it contains non-ASCII characters (first at byte %d), "+
				"which cannot be sent in an HTTP header; copy the token again from its source",
				ErrMalformedToken, i+1)
		case c < 0x20 || c == 0x7f:
			return fmt.Errorf("%w: it contains control characters (first at byte %d), "+
				"which cannot be sent in an HTTP header; copy the token again from its source",
				ErrMalformedToken, i+1)
		}
	}
	return nil
}

// isTokenShaped reports whether s is made of token characters only and has
// the shape of a known kind.
func isTokenShaped(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isTokenByte(s[i]) {
			return false
		}
	}
	kind, _ := classifyToken(s)
	return kind != TokenUnknown
}

// classifyToken tells the kind of a normalised token, with a sentence for
// the user: what the token is, or why it is not a token.
func classifyToken(s string) (TokenKind, string) {
	parts := strings.Count(s, ".") + 1
	switch {
	case parts == 3:
		return TokenJWT, "a signed JWT, as Magento 2.4.4 and later issue"
	case parts == 5:
		return TokenJWE, "an encrypted JWT (JWE, five parts): its claims cannot be read " +
			"without the store's key, so only the store can check it"
	case parts > 1:
		return TokenUnknown, fmt.Sprintf("it has %d dot-separated parts; a JWT has 3 "+
			"and an encrypted JWE 5", parts)
	case len(s) == opaqueTokenLen && isOpaqueAlphabet(s):
		return TokenOpaque, "an opaque token, as Magento issued before 2.4.4: it holds " +
			"no data to decode; its lifetime is set on the store (Stores > Configuration > " +
			"Services > OAuth > Access Token Expiration, 4 hours by default)"
	case len(s) == opaqueTokenLen:
		return TokenUnknown, "it has 32 characters but not only lower-case letters and " +
			"digits, as the tokens of Magento before 2.4.4 do"
	}
	return TokenUnknown, fmt.Sprintf("it has no dots, so it is not a JWT, and it is %d "+
		"characters long, not the 32 of a token from Magento before 2.4.4", len(s))
}

// isOpaqueAlphabet reports whether s holds only [a-z0-9].
func isOpaqueAlphabet(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
