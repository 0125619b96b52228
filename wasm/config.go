//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"

	"github.com/magetoken/magetoken/magento"
	"github.com/norunners/vert"
)

// configView is a client configuration as the page handles it: MyMagento's
// keys in the page's spelling.
type configView struct {
	Domain    string  `js:"domain"`
	Username  string  `js:"username"`
	Password  string  `js:"password"`
	Scope     string  `js:"scope"`
	UserAgent string  `js:"userAgent"`
	Token     string  `js:"token"`
	LogLevel  *int    `js:"logLevel"`
	LogFile   *string `js:"logFile"`
	Local     bool    `js:"local"`
	Login     bool    `js:"login"`
}

// importResult is importConfig's result.
type importResult struct {
	Config   *configView `js:"config"`
	Warnings []string    `js:"warnings"`
	Errors   []string    `js:"errors"`
}

// exportConfig implements magetoken.exportConfig(config, includePassword).
func exportConfig(args []js.Value) any {
	v, err := readConfigView(argOrUndefined(args, 0))
	secrets := &call{secrets: []string{v.Password, v.Token}}
	if err != nil {
		return errorValue(describe(err, secrets))
	}
	withPassword := len(args) > 1 && args[1].Truthy()

	cfg, err := v.config()
	if err != nil {
		return errorValue(describe(err, secrets))
	}
	data, err := cfg.Encode(withPassword)
	if err != nil {
		return errorValue(describe(err, secrets))
	}
	return string(data)
}

// readConfigView reads exportConfig's config argument.
func readConfigView(v js.Value) (configView, error) {
	o := newObject("config", v)
	c := configView{
		Domain:    o.str("domain"),
		Username:  o.str("username"),
		Password:  o.str("password"),
		Scope:     o.str("scope"),
		UserAgent: o.str("userAgent"),
		Token:     o.str("token"),
		LogFile:   o.optStr("logFile"),
		Local:     o.boolean("local"),
	}
	if n, ok := o.number("logLevel"); ok {
		level := int(n)
		c.LogLevel = &level
	}
	return c, o.err
}

// config converts the page's view to a magento.Config; the token is
// normalised, as the page may pass it as pasted.
func (v configView) config() (magento.Config, error) {
	cfg := magento.Config{
		Domain:    strings.TrimSpace(v.Domain),
		Username:  strings.TrimSpace(v.Username),
		Password:  v.Password,
		Scope:     strings.TrimSpace(v.Scope),
		UserAgent: strings.TrimSpace(v.UserAgent),
		LogLevel:  magento.DefaultLogLevel,
		LogFile:   v.LogFile,
		Local:     v.Local,
	}
	if v.LogLevel != nil {
		cfg.LogLevel = *v.LogLevel
	}
	if strings.TrimSpace(v.Token) != "" {
		token, _, err := magento.NormalizeToken(v.Token)
		if err != nil {
			return cfg, err
		}
		cfg.Token = token
	}
	return cfg, nil
}

// importConfig implements magetoken.importConfig(text).
func importConfig(args []js.Value) any {
	cfg, warnings, err := magento.ParseConfig([]byte(stringArg(args, 0)))
	r := importResult{Warnings: nonNil(warnings), Errors: configErrors(err, cfg)}
	if len(r.Errors) == 0 {
		level := cfg.LogLevel
		r.Config = &configView{
			Domain: cfg.Domain, Username: cfg.Username, Password: cfg.Password,
			Scope: cfg.Scope, UserAgent: cfg.UserAgent, Token: cfg.Token,
			LogLevel: &level, LogFile: cfg.LogFile, Local: cfg.Local, Login: cfg.Login,
		}
	}
	return vert.ValueOf(r).Value
}

// configErrors lists the problems ParseConfig joined, one sentence each,
// without the package's prefix.
func configErrors(err error, cfg magento.Config) []string {
	out := []string{}
	if err == nil {
		return out
	}
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	prefix := magento.ErrInvalidConfig.Error() + ": "
	for _, e := range errs {
		msg := strings.TrimPrefix(e.Error(), prefix)
		msg = strings.TrimPrefix(msg, "magento: ")
		out = append(out, scrub(msg, []string{cfg.Password, cfg.Token}))
	}
	return out
}
