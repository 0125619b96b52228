package magentotest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxRequestBody bounds a request body the store reads.
const maxRequestBody = 1 << 20

// contentTypePattern is the pattern Magento's REST request checks the
// Content-Type header against: a media type and an optional charset, and
// nothing else.
var contentTypePattern = regexp.MustCompile(`(?i)^([a-z\d/\-+.]+)(?:; *charset=(.+))?$`)

// readParams reads and decodes the JSON body of a request, with Magento's
// errors. An empty body skips decoding and yields no parameters; "empty" is
// PHP's, so a body of "0" is empty too. A body that is valid JSON but not an
// object also yields none, as PHP casts it to an array without the expected
// keys.
func readParams(r *http.Request) (map[string]any, *reply) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	if err != nil || len(body) > maxRequestBody {
		return nil, failure(http.StatusBadRequest, msgDecoding)
	}
	if phpEmpty(string(body)) {
		return map[string]any{}, nil
	}

	if fail := checkContentType(r.Header.Get("Content-Type")); fail != nil {
		return nil, fail
	}

	if !utf8.Valid(body) {
		return nil, failure(http.StatusBadRequest, msgDecoding)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, failure(http.StatusBadRequest, msgDecoding)
	}
	if _, err := dec.Token(); err != io.EOF || hasLoneSurrogate(body) {
		return nil, failure(http.StatusBadRequest, msgDecoding)
	}
	params, _ := v.(map[string]any)
	if params == nil {
		params = map[string]any{}
	}
	return params, nil
}

// phpEmpty reports whether PHP takes s for false: "" and "0". Magento tests
// the body and the Content-Type header that way
// (Magento\Framework\Webapi\Rest\Request::getBodyParams, getContentType).
func phpEmpty(s string) bool {
	return s == "" || s == "0"
}

// hasLoneSurrogate reports whether valid JSON escapes half of a UTF-16
// surrogate pair alone, as in "\ud800". Go's decoder turns it into U+FFFD;
// PHP's json_decode refuses it (JSON_ERROR_UTF16), so Magento answers
// "Decoding error.".
func hasLoneSurrogate(body []byte) bool {
	high := false // the previous escape was a high surrogate
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' {
			if high {
				return true
			}
			continue
		}
		i++ // valid JSON has a character after every backslash
		if body[i] != 'u' {
			if high {
				return true
			}
			continue
		}
		r, _ := strconv.ParseUint(string(body[i+1:i+5]), 16, 16)
		i += 4
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if high {
				return true
			}
			high = true
		case r >= 0xDC00 && r < 0xE000:
			if !high {
				return true
			}
			high = false
		case high:
			return true
		}
	}
	return high
}

// checkContentType applies Magento's Content-Type checks to a request that
// has a body. Magento also reads XML bodies; this fake reads JSON only and
// answers other media types as Magento answers one it has no reader for.
// The charset is compared lowercased, but the media type exactly: Magento's
// DeserializerFactory looks it up with ==, so "Application/JSON" has no
// reader.
func checkContentType(ct string) *reply {
	if phpEmpty(ct) {
		return failure(http.StatusBadRequest, msgContentTypeEmpty)
	}
	m := contentTypePattern.FindStringSubmatch(ct)
	if m == nil {
		return failure(http.StatusBadRequest, msgContentTypeBad)
	}
	if m[2] != "" && !strings.EqualFold(m[2], "utf-8") {
		return failure(http.StatusBadRequest, msgCharset)
	}
	if m[1] != "application/json" {
		return failure(http.StatusBadRequest, msgMediaType+m[1])
	}
	return nil
}

func failure(status int, message string) *reply {
	r := errorReply(status, message, nil)
	return &r
}

// checkRequired reports the keys that are absent or null, as Magento's
// ServiceInputProcessor does before calling the service. A key may be given
// in camelCase or in snake_case.
func checkRequired(params map[string]any, names []string) *reply {
	var errs []inputError
	for _, name := range names {
		if lookup(params, name) == nil {
			errs = append(errs, requiredError(name))
		}
	}
	if errs == nil {
		return nil
	}
	r := inputErrorsReply(errs)
	return &r
}

// lookup returns the value of a parameter by its camelCase name or its
// snake_case form; nil when absent or null.
func lookup(params map[string]any, name string) any {
	if v, ok := params[name]; ok && v != nil {
		return v
	}
	if v, ok := params[snakeCase(name)]; ok && v != nil {
		return v
	}
	return nil
}

// snakeCase turns "tfaToken" into "tfa_token".
func snakeCase(name string) string {
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// stringParam returns a parameter converted to a string as PHP converts
// scalars: numbers as written, true as "1", false as "". An array or object
// cannot be a string parameter and is refused with Magento's type error.
// The exact parameters of that error are not documented; "value" holds the
// PHP type name here.
func stringParam(params map[string]any, name string) (string, *reply) {
	switch v := lookup(params, name).(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		if v {
			return "1", nil
		}
		return "", nil
	default:
		r := errorReply(http.StatusBadRequest, msgBadType,
			object{{"value", "array"}, {"type", "string"}})
		return "", &r
	}
}
