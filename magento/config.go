package magento

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// DefaultLogLevel is Python's logging.INFO, MyMagento's default log level.
const DefaultLogLevel = 20

// Config is a client configuration in the JSON form that MyMagento, the
// Python client, writes with Client.to_json and reads with Client.from_json.
// ParseConfig reads such a file and Encode writes one, so a token obtained
// here can be used from Python without logging in again.
type Config struct {
	Domain    string
	Username  string
	Password  string
	Scope     string
	UserAgent string
	Token     string

	// LogLevel is a Python logging level number, such as 10 (DEBUG) or 20
	// (INFO). It is kept for MyMagento; this package does not log. The zero
	// value is Python's NOTSET; ParseConfig and Client.Config give
	// DefaultLogLevel when there is none.
	LogLevel int

	// LogFile is MyMagento's log file name; nil is JSON null.
	LogFile *string

	// Local makes the client use http instead of https.
	Local bool

	// Login is MyMagento's login argument as read: true (Python's default
	// when the key is absent) logs in when the client is created. Encode
	// always writes false, so that Python uses the token instead.
	Login bool
}

// Config keys, in the order MyMagento's Client.to_dict writes them, and then
// the two constructor arguments that it does not write.
const (
	keyDomain    = "domain"
	keyUsername  = "username"
	keyPassword  = "password"
	keyScope     = "scope"
	keyUserAgent = "user_agent"
	keyToken     = "token"
	keyLogLevel  = "log_level"
	keyLogFile   = "log_file"
	keyLocal     = "local"
	keyLogin     = "login"
)

// configKeys lists the keys ParseConfig knows.
var configKeys = []string{
	keyDomain, keyUsername, keyPassword, keyScope, keyUserAgent, keyToken,
	keyLogLevel, keyLogFile, keyLocal, keyLogin,
}

// pythonLogLevels are the level names Python's logging module knows.
var pythonLogLevels = map[string]int{
	"CRITICAL": 50, "FATAL": 50, "ERROR": 40, "WARNING": 30, "WARN": 30,
	"INFO": 20, "DEBUG": 10, "NOTSET": 0,
}

// ParseConfig reads a configuration file written by MyMagento's to_json,
// by Encode, or by hand.
//
// It accepts the keys MyMagento writes (domain, username, password, scope,
// user_agent, token, log_level, log_file) and the constructor arguments
// local and login. String values may be null, read as "". log_level may be a
// number or a level name in any case, such as "debug". Absent keys keep
// their defaults: LogLevel DefaultLogLevel and Login true, as in Python.
//
// Unknown keys, repeated keys and missing required keys are warnings, not
// errors. The error joins one error per problem (see errors.Join), each
// wrapping ErrInvalidConfig and naming the key; with an error, the Config
// still holds the values that could be read. JSON syntax errors give the
// line and column. A byte order mark, UTF-8 or UTF-16, is accepted.
// Messages never repeat a password or a token.
func ParseConfig(data []byte) (Config, []string, error) {
	cfg := Config{LogLevel: DefaultLogLevel, Login: true}
	text, err := configText(data)
	if err != nil {
		return cfg, nil, err
	}
	fields, warnings, err := readJSONObject(text)
	if err != nil {
		return cfg, warnings, err
	}

	var errs []error
	seen := map[string]bool{}
	for _, f := range fields {
		seen[f.key] = true
		if err := cfg.set(f.key, f.value); err != nil {
			errs = append(errs, err)
		}
		if !knownConfigKey(f.key) {
			warnings = append(warnings, unknownKeyWarning(f.key))
		}
	}

	for _, key := range []string{keyDomain, keyUsername, keyPassword} {
		if !seen[key] {
			warnings = append(warnings, fmt.Sprintf("there is no %q key; MyMagento's "+
				"Client(**config) needs one", key))
		}
	}
	if seen[keyDomain] && cfg.Domain != "" {
		if _, err := ParseDomain(cfg.Domain); err != nil {
			warnings = append(warnings, fmt.Sprintf("%q: %v", keyDomain, err))
		}
	}
	return cfg, warnings, errors.Join(errs...)
}

// set stores one key's value, or says why it cannot.
func (c *Config) set(key string, v json.RawMessage) error {
	switch key {
	case keyDomain:
		return readString(key, v, &c.Domain)
	case keyUsername:
		return readString(key, v, &c.Username)
	case keyPassword:
		return readString(key, v, &c.Password)
	case keyScope:
		return readString(key, v, &c.Scope)
	case keyUserAgent:
		return readString(key, v, &c.UserAgent)
	case keyToken:
		return readString(key, v, &c.Token)
	case keyLogLevel:
		return readLogLevel(v, &c.LogLevel)
	case keyLogFile:
		return readLogFile(v, &c.LogFile)
	case keyLocal:
		return readBool(key, v, &c.Local)
	case keyLogin:
		return readBool(key, v, &c.Login)
	}
	return nil
}

func readString(key string, v json.RawMessage, dst *string) error {
	switch jsonKind(v) {
	case "null":
		*dst = ""
		return nil
	case "a string":
		return json.Unmarshal(v, dst)
	}
	return configError("%q should be a string, but it is %s", key, jsonKind(v))
}

func readBool(key string, v json.RawMessage, dst *bool) error {
	if k := jsonKind(v); k != "true" && k != "false" {
		return configError("%q should be true or false, but it is %s", key, k)
	}
	*dst = string(v) == "true"
	return nil
}

func readLogFile(v json.RawMessage, dst **string) error {
	switch jsonKind(v) {
	case "null":
		*dst = nil
		return nil
	case "a string":
		var s string
		err := json.Unmarshal(v, &s)
		*dst = &s
		return err
	}
	return configError("%q should be a file name or null, but it is %s", keyLogFile, jsonKind(v))
}

// readLogLevel reads a Python logging level: a whole number, or a level name
// in any case.
func readLogLevel(v json.RawMessage, dst *int) error {
	const want = "a level number such as 20, or a name such as \"INFO\" or \"DEBUG\""
	switch jsonKind(v) {
	case "a number":
		var n int32
		if err := json.Unmarshal(v, &n); err != nil {
			return configError("%q should be %s, but it is the number %.20s", keyLogLevel, want, v)
		}
		*dst = int(n)
		return nil
	case "a string":
		var name string
		if err := json.Unmarshal(v, &name); err != nil {
			return configError("%q: %v", keyLogLevel, err)
		}
		if n, ok := pythonLogLevels[strings.ToUpper(strings.TrimSpace(name))]; ok {
			*dst = n
			return nil
		}
		return configError("%q should be %s, but it is the string %.30q", keyLogLevel, want, name)
	}
	return configError("%q should be %s, but it is %s", keyLogLevel, want, jsonKind(v))
}

// configError returns an error wrapping ErrInvalidConfig.
func configError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidConfig}, args...)...)
}

func knownConfigKey(key string) bool {
	for _, k := range configKeys {
		if k == key {
			return true
		}
	}
	return false
}

// unknownKeyWarning reports an unknown key, and suggests the known key it
// may be a misspelling of, such as "userAgent" for "user_agent".
func unknownKeyWarning(key string) string {
	fold := func(s string) string {
		return strings.ToLower(strings.NewReplacer("_", "", "-", "", " ", "").Replace(s))
	}
	for _, k := range configKeys {
		if fold(k) == fold(key) {
			return fmt.Sprintf("unknown key %.40q ignored; did you mean %q?", key, k)
		}
	}
	return fmt.Sprintf("unknown key %.40q ignored", key)
}

// Encode writes the configuration as MyMagento's Client.to_json does: the
// keys in its order, two-space indent, then "local" and "login": false, so
// that Python's Client(**json.load(f)) uses the token instead of logging in
// again. The output ends with a newline.
//
// The username and password keys are always written, since Python's Client
// requires them; the password's value is "" unless includePassword is set.
//
// MyMagento puts the domain straight into its URLs, so the domain is
// written in the form ParseDomain gives: host[:port] and path, without a
// scheme or /rest. A domain given as http:// sets "local", and a store code
// in a pasted /rest/<code>/V1 address fills an empty scope. The error wraps
// ErrInvalidConfig and ErrInvalidDomain when the domain does not parse.
func (c Config) Encode(includePassword bool) ([]byte, error) {
	d, err := ParseDomain(c.Domain)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %w", ErrInvalidConfig, keyDomain, err)
	}
	scope := c.Scope
	if scope == "" {
		scope = d.Scope
	}
	password := ""
	if includePassword {
		password = c.Password
	}

	values := []any{
		d.String(), c.Username, password, scope, c.UserAgent, c.Token,
		c.LogLevel, c.LogFile, c.Local || d.HTTP, false,
	}
	var buf bytes.Buffer
	buf.WriteString("{\n")
	for i, key := range configKeys {
		fmt.Fprintf(&buf, "  %q: ", key)
		if err := writeJSON(&buf, values[i]); err != nil {
			return nil, fmt.Errorf("%w: %q: %w", ErrInvalidConfig, key, err)
		}
		if i < len(configKeys)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}

// writeJSON writes v as JSON without escaping <, > and &, as Python's
// json.dumps does not.
func writeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // the newline Encode adds
	return nil
}

// Config returns the client's settings as a Config, with the current token,
// DefaultLogLevel, no log file and Login false.
func (c *Client) Config() Config {
	return Config{
		Domain:    c.Domain,
		Username:  c.Username,
		Password:  c.Password,
		Scope:     c.Scope,
		UserAgent: c.UserAgent,
		Token:     c.CurrentToken(),
		LogLevel:  DefaultLogLevel,
		Local:     c.Local,
	}
}

// NewClientFromConfig returns a Client with cfg's settings. It does not log
// in, whatever cfg.Login says: call Login when the token is empty or
// refused. LogLevel and LogFile are not used; this package does not log.
func NewClientFromConfig(cfg Config) *Client {
	return &Client{
		Domain:    cfg.Domain,
		Username:  cfg.Username,
		Password:  cfg.Password,
		Scope:     cfg.Scope,
		Local:     cfg.Local,
		UserAgent: cfg.UserAgent,
		Token:     cfg.Token,
	}
}
