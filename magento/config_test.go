package magento_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/magetoken/magetoken/magento"
)

// myMagentoFile is a configuration as MyMagento's Client.to_json writes it.
const myMagentoFile = `{"domain": "shop.example.com", "username": "admin", "password": "pw", ` +
	`"scope": "", "user_agent": "Mozilla/5.0 (X11; Linux x86_64)", "token": "` + vectorToken +
	`", "log_level": 10, "log_file": "shop_admin.log"}`

func ptr(s string) *string { return &s }

func TestParseConfigMyMagento(t *testing.T) {
	t.Parallel()
	cfg, warnings, err := magento.ParseConfig([]byte(myMagentoFile))
	if err != nil || len(warnings) != 0 {
		t.Fatalf("ParseConfig(MyMagento file) = %v, %q, want no problems", err, warnings)
	}
	want := magento.Config{
		Domain: "shop.example.com", Username: "admin", Password: "pw",
		UserAgent: "Mozilla/5.0 (X11; Linux x86_64)", Token: vectorToken,
		LogLevel: 10, LogFile: ptr("shop_admin.log"), Login: true,
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("ParseConfig(MyMagento file) = %+v, want %+v", cfg, want)
	}
}

func TestParseConfigValues(t *testing.T) {
	t.Parallel()
	const base = `"domain": "d.example", "username": "u", "password": ""`
	tests := []struct {
		name string
		data string
		want magento.Config
	}{
		{name: "defaults", data: `{` + base + `}`,
			want: magento.Config{Domain: "d.example", Username: "u", LogLevel: 20, Login: true}},
		{name: "level name upper", data: `{` + base + `, "log_level": "DEBUG"}`,
			want: magento.Config{Domain: "d.example", Username: "u", LogLevel: 10, Login: true}},
		{name: "level name lower", data: `{` + base + `, "log_level": "warning"}`,
			want: magento.Config{Domain: "d.example", Username: "u", LogLevel: 30, Login: true}},
		{name: "nulls", data: `{` + base + `, "token": null, "user_agent": null, "scope": null,` +
			` "log_file": null}`,
			want: magento.Config{Domain: "d.example", Username: "u", LogLevel: 20, Login: true}},
		{name: "local and login", data: `{` + base + `, "local": true, "login": false}`,
			want: magento.Config{Domain: "d.example", Username: "u", LogLevel: 20, Local: true}},
		{name: "byte order mark and CRLF", data: "\ufeff{\r\n" + base + ",\r\n\"log_level\": 40\r\n}\r\n",
			want: magento.Config{Domain: "d.example", Username: "u", LogLevel: 40, Login: true}},
		{name: "UTF-16", data: utf16LE("{" + base + `, "scope": "fr"}`),
			want: magento.Config{Domain: "d.example", Username: "u", Scope: "fr", LogLevel: 20,
				Login: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, warnings, err := magento.ParseConfig([]byte(tt.data))
			if err != nil || len(warnings) != 0 {
				t.Fatalf("ParseConfig(%q) = %v, %q, want no problems", tt.data, err, warnings)
			}
			if !reflect.DeepEqual(cfg, tt.want) {
				t.Errorf("ParseConfig(%q) = %+v, want %+v", tt.data, cfg, tt.want)
			}
		})
	}
}

// utf16LE encodes s as Windows Notepad's "Unicode": UTF-16LE with a BOM.
func utf16LE(s string) string {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

func TestParseConfigErrors(t *testing.T) {
	t.Parallel()
	const secret = "hunter2-secret"
	tests := []struct {
		name string
		data string
		want []string // one fragment per expected error, in order
	}{
		{name: "number for string", data: `{"username": 5}`,
			want: []string{`"username" should be a string, but it is a number`}},
		{name: "password object", data: `{"password": {"v": "` + secret + `"}}`,
			want: []string{`"password" should be a string, but it is an object`}},
		{name: "token array", data: `{"token": ["` + secret + `"]}`,
			want: []string{`"token" should be a string, but it is an array`}},
		{name: "local string", data: `{"local": "true"}`,
			want: []string{`"local" should be true or false, but it is a string`}},
		{name: "login null", data: `{"login": null}`,
			want: []string{`"login" should be true or false, but it is null`}},
		{name: "level unknown name", data: `{"log_level": "verbose"}`,
			want: []string{`"log_level" should be a level number such as 20, or a name such as ` +
				`"INFO" or "DEBUG", but it is the string "verbose"`}},
		{name: "level fraction", data: `{"log_level": 10.5}`,
			want: []string{`"log_level" should be a level number`}},
		{name: "level boolean", data: `{"log_level": true}`,
			want: []string{`"log_level" should be a level number`}},
		{name: "log file number", data: `{"log_file": 1}`,
			want: []string{`"log_file" should be a file name or null, but it is a number`}},
		{name: "all problems", data: `{"domain": 1, "password": false, "local": 0, "log_level": []}`,
			want: []string{`"domain" should be a string`, `"password" should be a string`,
				`"local" should be true or false`, `"log_level" should be`}},
		{name: "syntax error", data: "{\n  \"domain\": \"x\",\n  \"token\": '" + secret + "'\n}",
			want: []string{"not valid JSON: invalid character '\\'' looking for beginning of value, " +
				"at line 3, column 12"}},
		{name: "missing comma", data: "{\"domain\": \"x\"\n \"username\": \"y\"}",
			want: []string{"at line 2, column 2"}},
		{name: "truncated", data: `{"domain": "x", "password": "` + secret,
			want: []string{"the JSON ends too early, at line 1, column 44"}},
		{name: "bad last character", data: `{"domain": "x"x`,
			want: []string{"invalid character 'x' after object key:value pair, at line 1, column 15"}},
		{name: "array", data: `[{"domain": "x"}]`,
			want: []string{"the file holds an array, not a JSON object"}},
		{name: "string", data: `"` + secret + `"`, want: []string{"the file holds a string"}},
		{name: "null", data: `null`, want: []string{"the file holds null"}},
		{name: "empty", data: " \n", want: []string{"the file is empty"}},
		{name: "trailing data", data: "{\"domain\": \"x\"}\n{\"domain\": \"y\"}",
			want: []string{"there is more after the JSON object's closing brace, at line 2, column 1"}},
		{name: "not UTF-8", data: "{\"domain\": \"\xff\"}", want: []string{"not UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := magento.ParseConfig([]byte(tt.data))
			if !errors.Is(err, magento.ErrInvalidConfig) {
				t.Fatalf("ParseConfig(%q) error = %v, want ErrInvalidConfig", tt.data, err)
			}
			errs := []error{err}
			if joined, ok := err.(interface{ Unwrap() []error }); ok {
				errs = joined.Unwrap()
			}
			if len(errs) != len(tt.want) {
				t.Fatalf("ParseConfig(%q) = %d errors (%v), want %d", tt.data, len(errs), err,
					len(tt.want))
			}
			for i, e := range errs {
				if !strings.Contains(e.Error(), tt.want[i]) {
					t.Errorf("ParseConfig(%q) error %d = %q, want it to contain %q",
						tt.data, i, e, tt.want[i])
				}
				if !errors.Is(e, magento.ErrInvalidConfig) {
					t.Errorf("ParseConfig(%q) error %d = %v, want ErrInvalidConfig", tt.data, i, e)
				}
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("ParseConfig(%q) error = %q, repeats a secret", tt.data, err)
			}
		})
	}
}

func TestParseConfigWarnings(t *testing.T) {
	t.Parallel()
	const base = `"domain": "d.example", "username": "u", "password": ""`
	tests := []struct {
		name string
		data string
		want []string
	}{
		{name: "unknown key", data: `{` + base + `, "timeout": 30}`,
			want: []string{`unknown key "timeout" ignored`}},
		{name: "misspelled key", data: `{` + base + `, "userAgent": "x", "Log-File": null}`,
			want: []string{`unknown key "userAgent" ignored; did you mean "user_agent"?`,
				`unknown key "Log-File" ignored; did you mean "log_file"?`}},
		{name: "repeated key", data: `{` + base + `, "domain": "e.example"}`,
			want: []string{`the key "domain" appears more than once; the last one counts`}},
		{name: "missing keys", data: `{"token": "t"}`,
			want: []string{`there is no "domain" key`, `there is no "username" key`,
				`there is no "password" key`}},
		{name: "bad domain", data: `{"domain": "ftp://x", "username": "u", "password": ""}`,
			want: []string{`"domain": magento: invalid domain`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, warnings, err := magento.ParseConfig([]byte(tt.data))
			if err != nil {
				t.Fatalf("ParseConfig(%q) error = %v, want warnings only", tt.data, err)
			}
			if len(warnings) != len(tt.want) {
				t.Fatalf("ParseConfig(%q) warnings = %q, want %d", tt.data, warnings, len(tt.want))
			}
			for i, w := range warnings {
				if !strings.Contains(w, tt.want[i]) {
					t.Errorf("ParseConfig(%q) warning %d = %q, want it to contain %q",
						tt.data, i, w, tt.want[i])
				}
			}
		})
	}
}

func TestEncode(t *testing.T) {
	t.Parallel()
	full := magento.Config{
		Domain: "shop.example.com", Username: "admin", Password: "pw", Scope: "en",
		UserAgent: "Mozilla/5.0 <bot> & co", Token: vectorToken, LogLevel: 10,
		LogFile: ptr("shop_admin.log"), Login: true,
	}
	tests := []struct {
		name     string
		cfg      magento.Config
		password bool
		want     string
	}{
		{name: "without password", cfg: full, want: `{
  "domain": "shop.example.com",
  "username": "admin",
  "password": "",
  "scope": "en",
  "user_agent": "Mozilla/5.0 <bot> & co",
  "token": "` + vectorToken + `",
  "log_level": 10,
  "log_file": "shop_admin.log",
  "local": false,
  "login": false
}
`},
		{name: "with password", cfg: full, password: true, want: `{
  "domain": "shop.example.com",
  "username": "admin",
  "password": "pw",
  "scope": "en",
  "user_agent": "Mozilla/5.0 <bot> & co",
  "token": "` + vectorToken + `",
  "log_level": 10,
  "log_file": "shop_admin.log",
  "local": false,
  "login": false
}
`},
		{name: "pasted URL", cfg: magento.Config{
			Domain: " https://Shop.Example.com/magento/rest/default/V1/ ", LogLevel: 20,
			Password: "pw", Username: `a"b`,
		}, want: `{
  "domain": "shop.example.com/magento",
  "username": "a\"b",
  "password": "",
  "scope": "default",
  "user_agent": "",
  "token": "",
  "log_level": 20,
  "log_file": null,
  "local": false,
  "login": false
}
`},
		{name: "http means local", cfg: magento.Config{Domain: "http://127.0.0.1:8080/demo/"},
			want: `{
  "domain": "127.0.0.1:8080/demo",
  "username": "",
  "password": "",
  "scope": "",
  "user_agent": "",
  "token": "",
  "log_level": 0,
  "log_file": null,
  "local": true,
  "login": false
}
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.cfg.Encode(tt.password)
			if err != nil {
				t.Fatalf("Encode(%t) error = %v", tt.password, err)
			}
			if string(got) != tt.want {
				t.Errorf("Encode(%t) =\n%s\nwant\n%s", tt.password, got, tt.want)
			}
		})
	}
}

func TestEncodeInvalidDomain(t *testing.T) {
	t.Parallel()
	for _, domain := range []string{"", "ftp://shop.example.com", "shop example"} {
		_, err := magento.Config{Domain: domain}.Encode(false)
		if !errors.Is(err, magento.ErrInvalidConfig) || !errors.Is(err, magento.ErrInvalidDomain) {
			t.Errorf("Encode(domain %q) error = %v, want ErrInvalidConfig and ErrInvalidDomain",
				domain, err)
		}
	}
}

func TestConfigRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []magento.Config{
		{Domain: "shop.example.com", Username: "admin", Password: "p\"w\\\n", Scope: "en",
			UserAgent: "ua", Token: vectorToken, LogLevel: 10, LogFile: ptr("x.log"), Local: true},
		{Domain: "127.0.0.1:8080/magento", LogLevel: 50},
		{Domain: "www.shop.example.com", Username: "ünïcødé", Password: "\u2028", LogFile: ptr("")},
	}
	for _, want := range tests {
		data, err := want.Encode(true)
		if err != nil {
			t.Fatalf("Encode(%+v) error = %v", want, err)
		}
		got, warnings, err := magento.ParseConfig(data)
		if err != nil || len(warnings) != 0 {
			t.Fatalf("ParseConfig(Encode(%+v)) = %v, %q, want no problems", want, err, warnings)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ParseConfig(Encode(%+v)) = %+v", want, got)
		}
	}
}

func TestClientConfig(t *testing.T) {
	t.Parallel()
	cfg, _, err := magento.ParseConfig([]byte(myMagentoFile))
	if err != nil {
		t.Fatal(err)
	}
	c := magento.NewClientFromConfig(cfg)
	if c.Domain != cfg.Domain || c.Username != "admin" || c.Password != "pw" ||
		c.Token != vectorToken || c.UserAgent != cfg.UserAgent || c.Local {
		t.Errorf("NewClientFromConfig(%+v) = %+v", cfg, c)
	}
	got := c.Config()
	want := cfg
	want.LogLevel, want.LogFile, want.Login = magento.DefaultLogLevel, nil, false
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Client.Config() = %+v, want %+v", got, want)
	}
}

func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		myMagentoFile, `{}`, `[]`, `null`, ``, "\ufeff{}", utf16LE(`{"domain": "a.b"}`),
		`{"domain": "https://Shop.Example.com:8443/m/rest/fr/V1/", "local": true}`,
		`{"log_level": "info", "log_file": null, "token": null}`, `{"a":1}{}`, `{"domain":`,
		`{"domain": 1, "password": false, "local": 0, "log_level": []}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, _, err := magento.ParseConfig(data)
		if err != nil {
			if !errors.Is(err, magento.ErrInvalidConfig) {
				t.Fatalf("ParseConfig(%q) error = %v, want ErrInvalidConfig", data, err)
			}
			return
		}
		first, err := cfg.Encode(true)
		if err != nil {
			if !errors.Is(err, magento.ErrInvalidDomain) {
				t.Fatalf("Encode(%+v) error = %v, want ErrInvalidDomain", cfg, err)
			}
			return
		}
		again, warnings, err := magento.ParseConfig(first)
		if err != nil || slices.ContainsFunc(warnings, func(w string) bool {
			return !strings.Contains(w, "domain")
		}) {
			t.Fatalf("ParseConfig(%s) = %v, %q, want no problems", first, err, warnings)
		}
		second, err := again.Encode(true)
		if err != nil || string(second) != string(first) {
			t.Fatalf("Encode(ParseConfig(%s)) = %s, %v, want the same", first, second, err)
		}
	})
}
