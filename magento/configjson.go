package magento

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// configField is one key and its raw value, in file order.
type configField struct {
	key   string
	value json.RawMessage
}

// configText returns data as UTF-8 without a byte order mark. Windows
// editors save with a BOM, and "Unicode" in Notepad means UTF-16.
func configText(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		return decodeUTF16(data[2:], false)
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return decodeUTF16(data[2:], true)
	}
	if !utf8.Valid(data) {
		return nil, configError("the file is not UTF-8 text; save it as UTF-8 and try again")
	}
	return data, nil
}

func decodeUTF16(b []byte, bigEndian bool) ([]byte, error) {
	if len(b)%2 != 0 {
		return nil, configError("the file starts with a UTF-16 byte order mark but has an " +
			"odd number of bytes; save it as UTF-8 and try again")
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		hi, lo := b[2*i+1], b[2*i]
		if bigEndian {
			hi, lo = lo, hi
		}
		units[i] = uint16(hi)<<8 | uint16(lo)
	}
	return []byte(string(utf16.Decode(units))), nil
}

// readJSONObject reads one JSON object and returns its fields in order. It
// fails on anything but a single object, with the line and column of a
// syntax error. Repeated keys are warnings; as in Python, the last counts.
func readJSONObject(data []byte) ([]configField, []string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, configError("the file is empty; it should hold a JSON object " +
			"such as {\"domain\": \"shop.example.com\", ...}")
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, syntaxError(data, err)
	}
	if tok != json.Delim('{') {
		return nil, nil, configError("the file holds %s, not a JSON object with keys "+
			"such as \"domain\"", tokenKind(tok))
	}

	var fields []configField
	var warnings []string
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, syntaxError(data, err)
		}
		key, _ := tok.(string)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, nil, syntaxError(data, err)
		}
		if seen[key] {
			warnings = append(warnings, fmt.Sprintf("the key %.40q appears more than once; "+
				"the last one counts", key))
		}
		seen[key] = true
		fields = append(fields, configField{key: key, value: value})
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, syntaxError(data, err)
	}

	end := int(dec.InputOffset())
	rest := data[end:]
	if trimmed := bytes.TrimLeft(rest, " \t\r\n"); len(trimmed) > 0 {
		line, col := lineColumn(data, len(data)-len(trimmed))
		return nil, nil, configError("there is more after the JSON object's closing brace, "+
			"at line %d, column %d; the file should hold one object", line, col)
	}
	return fields, warnings, nil
}

// syntaxError describes the JSON error in data with its line and column.
// The decoder's own offsets are relative to the value it was reading, so
// the whole text is checked again for an absolute one.
func syntaxError(data []byte, decErr error) error {
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se) && se.Error() == "unexpected end of JSON input":
		line, col := lineColumn(data, len(data))
		return configError("the JSON ends too early, at line %d, column %d; is the file "+
			"complete?", line, col)
	case errors.As(err, &se):
		line, col := lineColumn(data, int(se.Offset)-1)
		return configError("the file is not valid JSON: %v, at line %d, column %d", se, line, col)
	}
	return configError("the file is not valid JSON: %v", decErr)
}

// lineColumn returns the 1-based line and column (in characters) of the
// byte at offset.
func lineColumn(data []byte, offset int) (line, col int) {
	offset = max(0, min(offset, len(data)))
	before := data[:offset]
	line = 1 + bytes.Count(before, []byte("\n"))
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCount(before[start:])
}

// tokenKind names the JSON value a first token starts.
func tokenKind(tok json.Token) string {
	switch tok := tok.(type) {
	case json.Delim:
		if tok == '[' {
			return "an array"
		}
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "something else"
}

// jsonKind names the JSON type of a raw value: "null", "true", "false",
// "a string", "a number", "an array" or "an object".
func jsonKind(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "empty"
	}
	switch v[0] {
	case 'n':
		return "null"
	case 't':
		return "true"
	case 'f':
		return "false"
	case '"':
		return "a string"
	case '[':
		return "an array"
	case '{':
		return "an object"
	}
	return "a number"
}
