package magentotest

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// object is a JSON object whose keys keep their order, as PHP arrays do.
type object []field

type field struct {
	key   string
	value any
}

// encodeJSON renders v as PHP's json_encode does without flags, which is
// what the JSON serializer of Magento 2.4.8 calls: no spaces, "/" escaped as
// "\/", every non-ASCII character as a \u escape, and "<", ">", "&" and "'"
// left as they are. Clients should decode rather than compare text. v is built from nil, bool, int,
// int64, string, []string, object, []object and []any.
func encodeJSON(v any) []byte {
	var b bytes.Buffer
	writeJSON(&b, v)
	return b.Bytes()
}

func writeJSON(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case string:
		writeJSONString(b, v)
	case []string:
		b.WriteByte('[')
		for i, s := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, s)
		}
		b.WriteByte(']')
	case object:
		b.WriteByte('{')
		for i, f := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, f.key)
			b.WriteByte(':')
			writeJSON(b, f.value)
		}
		b.WriteByte('}')
	case []object:
		b.WriteByte('[')
		for i, o := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, o)
		}
		b.WriteByte(']')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	default:
		panic("magentotest: cannot encode a value of this type as JSON")
	}
}

const hexDigits = "0123456789abcdef"

// writeJSONString writes s quoted and escaped as PHP's json_encode does by
// default. PHP refuses invalid UTF-8; here it becomes U+FFFD.
func writeJSONString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '/':
			b.WriteString(`\/`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			writeUnicodeEscape(b, r)
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r > 0xFFFF:
			r -= 0x10000
			writeUnicodeEscape(b, 0xD800+(r>>10))
			writeUnicodeEscape(b, 0xDC00+(r&0x3FF))
		default:
			writeUnicodeEscape(b, r)
		}
	}
	b.WriteByte('"')
}

func writeUnicodeEscape(b *bytes.Buffer, r rune) {
	b.WriteString(`\u`)
	for shift := 12; shift >= 0; shift -= 4 {
		b.WriteByte(hexDigits[(r>>shift)&0xF])
	}
}
