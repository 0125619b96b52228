//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"strings"
	"syscall/js"

	"github.com/magetoken/magetoken/magento"
)

// Routes a page can send requests by.
const (
	routeDirect = "direct" // from the browser to the store
	routeServer = "server" // to the page's own server, which forwards them
)

// settings are the store settings of a network call, as the page passes
// them: {domain, local, scope, userAgent, route, proxyPrefix}.
type settings struct {
	Domain      string
	Local       bool
	Scope       string
	UserAgent   string
	Route       string
	ProxyPrefix string
}

// readSettings reads the settings argument.
func readSettings(v js.Value) (settings, error) {
	o := newObject("settings", v)
	s := settings{
		Domain:      o.str("domain"),
		Local:       o.boolean("local"),
		Scope:       o.str("scope"),
		UserAgent:   o.str("userAgent"),
		Route:       o.str("route"),
		ProxyPrefix: o.str("proxyPrefix"),
	}
	if o.err != nil {
		return s, o.err
	}
	switch s.Route {
	case "":
		s.Route = routeDirect
	case routeDirect, routeServer:
	default:
		return s, fmt.Errorf("%w: settings.route %q is neither %q nor %q", errInvalidInput,
			s.Route, routeDirect, routeServer)
	}
	return s, nil
}

// client returns a client for the settings. Its domain is checked first so
// that a bad domain fails before any request.
func (s settings) client() (*magento.Client, error) {
	if _, err := magento.ParseDomain(s.Domain); err != nil {
		return nil, err
	}
	c := &magento.Client{
		Domain:    s.Domain,
		Scope:     strings.TrimSpace(s.Scope),
		Local:     s.Local,
		UserAgent: s.UserAgent,
	}
	if s.Route == routeServer {
		c.Transport = proxyTransport{prefix: s.proxyPrefix(), next: magento.DefaultTransport()}
	}
	return c, nil
}

// proxyPrefix returns the absolute URL under which the page's server
// forwards requests.
func (s settings) proxyPrefix() string {
	p := strings.TrimRight(strings.TrimSpace(s.ProxyPrefix), "/")
	switch {
	case p == "":
		return pageOrigin() + "/proxy"
	case strings.HasPrefix(p, "/"):
		return pageOrigin() + p
	}
	return p
}

// pageOrigin returns the page's origin, such as "http://127.0.0.1:8080".
func pageOrigin() string {
	loc := js.Global().Get("location")
	if !loc.Truthy() {
		return ""
	}
	return loc.Get("origin").String()
}

// proxyTransport sends each request to the page's server instead of the
// store, with the store's address in the path: the server forwards it to
// the store it was started with. The browser then talks to its own origin
// only, so the store needs no CORS headers.
type proxyTransport struct {
	prefix string // absolute, no trailing slash
	next   magento.Transport
}

// RoundTrip rewrites the URL and sends the request with next.
func (t proxyTransport) RoundTrip(ctx context.Context,
	req *magento.HTTPRequest) (*magento.HTTPResponse, error) {
	u, err := proxyURL(t.prefix, req.URL)
	if err != nil {
		return nil, err
	}
	r := *req
	r.URL = u
	return t.next.RoundTrip(ctx, &r)
}

// proxyURL maps https://host[:port]/path/rest/... to
// prefix/host[:port]/path/rest/.... The scheme is dropped: the server knows
// each store's.
func proxyURL(prefix, raw string) (string, error) {
	rest, defaultPort, ok := cutScheme(raw)
	if !ok || rest == "" || strings.HasPrefix(rest, "/") {
		return "", fmt.Errorf("%w: cannot forward %q: not an http or https URL",
			magento.ErrInvalidDomain, raw)
	}

	// The server lists stores without their scheme's default port, so
	// shop.example.com:443 must be forwarded as shop.example.com.
	host, path, _ := strings.Cut(rest, "/")
	host = strings.TrimSuffix(host, defaultPort)
	return strings.TrimRight(prefix, "/") + "/" + host + "/" + path, nil
}

// cutScheme removes an http or https scheme from raw and returns the rest
// with that scheme's default port as a ":port" suffix.
func cutScheme(raw string) (rest, defaultPort string, ok bool) {
	for _, s := range []struct{ scheme, port string }{{"https://", ":443"}, {"http://", ":80"}} {
		if len(raw) >= len(s.scheme) && strings.EqualFold(raw[:len(s.scheme)], s.scheme) {
			return raw[len(s.scheme):], s.port, true
		}
	}
	return "", "", false
}
