//go:build js && wasm

package main

import (
	"context"
	"strings"
	"syscall/js"

	"github.com/magetoken/magetoken/magento"
	"github.com/norunners/vert"
)

// websiteView is a website as the page shows it.
type websiteView struct {
	ID             int    `js:"id"`
	Code           string `js:"code"`
	Name           string `js:"name"`
	DefaultGroupID int    `js:"defaultGroupId"`
}

// storeViewView is a store view as the page shows it.
type storeViewView struct {
	ID           int    `js:"id"`
	Code         string `js:"code"`
	Name         string `js:"name"`
	WebsiteID    int    `js:"websiteId"`
	StoreGroupID int    `js:"storeGroupId"`
	IsActive     bool   `js:"isActive"`
}

// loginResult is what login and loginWithCode resolve to.
type loginResult struct {
	Token    string        `js:"token"`
	Websites []websiteView `js:"websites"`
}

// validateResult is what validate resolves to.
type validateResult struct {
	Websites        []websiteView   `js:"websites"`
	StoreViews      []storeViewView `js:"storeViews"`
	StoreViewsError string          `js:"storeViewsError"`
}

// login implements magetoken.login(settings, username, password).
func login(args []js.Value) (work, *call, error) {
	return prepareLogin(args, false)
}

// loginWithCode implements magetoken.loginWithCode(settings, username,
// password, otp).
func loginWithCode(args []js.Value) (work, *call, error) {
	return prepareLogin(args, true)
}

func prepareLogin(args []js.Value, withCode bool) (work, *call, error) {
	username, password := stringArg(args, 1), stringArg(args, 2)
	otp := stringArg(args, 3)
	c := &call{route: routeDirect, login: true, secrets: []string{password}}
	s, err := readSettings(argOrUndefined(args, 0))
	if err != nil {
		return nil, c, err
	}
	c.route = s.Route
	client, err := s.client()
	if err != nil {
		return nil, c, err
	}
	client.Username = strings.TrimSpace(username)
	client.Password = password

	if !withCode {
		otp = ""
	}
	run := func(ctx context.Context) (any, *call, error) {
		if withCode && strings.TrimSpace(otp) == "" {
			_, err := client.LoginWithCode(ctx, otp) // refused without asking the store
			return nil, c, err
		}

		// SignIn checks the new token by listing the websites, and returns
		// them: no second request.
		token, websites, err := client.SignIn(ctx, otp)
		c.secrets = append(c.secrets, token)
		if err != nil {
			return nil, c, withToken{err: err, token: token}
		}
		r := loginResult{Token: token, Websites: viewWebsites(websites)}
		return vert.ValueOf(r).Value, c, nil
	}
	return run, c, nil
}

// withToken is a failed sign-in that still produced a token, such as one
// the role may not use for the check: the page can show it anyway.
type withToken struct {
	err   error
	token string
}

func (e withToken) Error() string { return e.err.Error() }
func (e withToken) Unwrap() error { return e.err }

// validate implements magetoken.validate(settings, token).
func validate(args []js.Value) (work, *call, error) {
	raw := stringArg(args, 1)
	c := &call{route: routeDirect, secrets: []string{raw}}
	s, err := readSettings(argOrUndefined(args, 0))
	if err != nil {
		return nil, c, err
	}
	c.route = s.Route
	token, _, err := magento.NormalizeToken(raw)
	if err != nil {
		return nil, c, err
	}
	c.secrets = append(c.secrets, token)
	client, err := s.client()
	if err != nil {
		return nil, c, err
	}
	client.Token = token

	run := func(ctx context.Context) (any, *call, error) {
		websites, err := client.Validate(ctx)
		if err != nil {
			return nil, c, err
		}
		r := validateResult{Websites: viewWebsites(websites), StoreViews: []storeViewView{}}
		views, err := client.StoreViews(ctx)
		if err != nil {
			r.StoreViewsError = describe(err, c).Message
		}
		for _, v := range views {
			r.StoreViews = append(r.StoreViews, storeViewView{
				ID: v.ID, Code: v.Code, Name: v.Name, WebsiteID: v.WebsiteID,
				StoreGroupID: v.StoreGroupID, IsActive: v.IsActive != 0,
			})
		}
		return vert.ValueOf(r).Value, c, nil
	}
	return run, c, nil
}

func viewWebsites(ws []magento.Website) []websiteView {
	out := make([]websiteView, 0, len(ws))
	for _, w := range ws {
		out = append(out, websiteView{ID: w.ID, Code: w.Code, Name: w.Name,
			DefaultGroupID: w.DefaultGroupID})
	}
	return out
}

// domainView is parseDomain's result.
type domainView struct {
	Domain string `js:"domain"`
	Local  bool   `js:"local"`
	Scope  string `js:"scope"`
	Error  string `js:"error"`
}

// parseDomain implements magetoken.parseDomain(text).
func parseDomain(args []js.Value) any {
	d, err := magento.ParseDomain(stringArg(args, 0))
	v := domainView{Domain: d.String(), Local: d.HTTP, Scope: d.Scope}
	if err != nil {
		v = domainView{Error: strings.TrimPrefix(err.Error(), "magento: ")}
	}
	return vert.ValueOf(v).Value
}

func argOrUndefined(args []js.Value, i int) js.Value {
	if i >= len(args) {
		return js.Undefined()
	}
	return args[i]
}
