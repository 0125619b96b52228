package magentotest

import (
	"encoding/json"
	"testing"
)

func TestEncodeJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   any
		want string
	}{
		{name: "null", in: nil, want: `null`},
		{name: "bool", in: true, want: `true`},
		{name: "int", in: -12, want: `-12`},
		{name: "int64", in: int64(1700000000), want: `1700000000`},
		{name: "slash", in: "https://a/b", want: `"https:\/\/a\/b"`},
		{name: "quote and backslash", in: `"a\b"`, want: `"\"a\\b\""`},
		{name: "controls", in: "\b\f\n\r\t\x01\x1f", want: `"\b\f\n\r\t\u0001\u001f"`},
		{name: "markup is not escaped", in: "<b>&'", want: `"<b>&'"`},
		{name: "non-ASCII", in: "café €", want: `"caf\u00e9 \u20ac"`},
		{name: "astral", in: "😀", want: `"\ud83d\ude00"`},
		{name: "invalid UTF-8", in: "a\xffb", want: `"a\ufffdb"`},
		{name: "empty list", in: []string{}, want: `[]`},
		{name: "list", in: []string{"google", "duo_security"}, want: `["google","duo_security"]`},
		{name: "object keeps order", in: object{{"z", 1}, {"a", object{{"k", "v"}}}},
			want: `{"z":1,"a":{"k":"v"}}`},
		{name: "objects", in: []object{{{"id", 0}}, {{"id", 1}}}, want: `[{"id":0},{"id":1}]`},
		{name: "mixed", in: []any{1, "x", nil}, want: `[1,"x",null]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := string(encodeJSON(tt.in))
			if got != tt.want {
				t.Errorf("encodeJSON(%#v) = %s, want %s", tt.in, got, tt.want)
			}
			if !json.Valid([]byte(got)) {
				t.Errorf("encodeJSON(%#v) = %s, not valid JSON", tt.in, got)
			}
		})
	}
}

func TestSnakeCase(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"otp": "otp", "tfaToken": "tfa_token", "storeCodes": "store_codes", "a": "a",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLookupSnakeCase(t *testing.T) {
	t.Parallel()
	params := map[string]any{"tfa_token": "x", "otp": nil}
	if got := lookup(params, "tfaToken"); got != "x" {
		t.Errorf("lookup(tfaToken) = %v, want x", got)
	}
	if got := lookup(params, "otp"); got != nil {
		t.Errorf("lookup(otp) = %v, want nil for a null value", got)
	}
}
