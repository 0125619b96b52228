package magento

import (
	"net/url"
	"strings"
)

// BaseURL returns the store's REST base, such as
// "https://shop.example.com/rest/V1/", as MyMagento's BASE_URL: over http
// when Local is set or the domain said http://, and without the client's
// Scope. It returns "" when Domain does not parse.
func (c *Client) BaseURL() string {
	d, err := ParseDomain(c.Domain)
	if err != nil {
		return ""
	}
	return c.root(d) + "/rest/V1/"
}

// URLFor returns the URL of endpoint, a path relative to /V1/ that may
// carry a query, with MyMagento's url_for scope rules:
//
//   - URLFor("store/websites") uses the client's scope: Scope, or else the
//     store code of a pasted /rest/<code>/V1 domain;
//   - URLFor("store/websites", "") uses none: /rest/V1/store/websites;
//   - URLFor("store/websites", "en") gives /rest/en/V1/store/websites.
//
// It returns "" when Domain does not parse; Do reports why.
func (c *Client) URLFor(endpoint string, scope ...string) string {
	d, err := ParseDomain(c.Domain)
	if err != nil {
		return ""
	}
	return c.urlFor(d, endpoint, scope...)
}

// urlFor is URLFor for a parsed domain.
func (c *Client) urlFor(d Domain, endpoint string, scope ...string) string {
	s := c.clientScope(d)
	if len(scope) > 0 {
		s = strings.TrimSpace(scope[0])
	}
	endpoint = strings.TrimLeft(endpoint, "/")
	if s == "" {
		return c.root(d) + "/rest/V1/" + endpoint
	}
	return c.root(d) + "/rest/" + url.PathEscape(s) + "/V1/" + endpoint
}

// clientScope is the scope used when a call names none.
func (c *Client) clientScope(d Domain) string {
	if s := strings.TrimSpace(c.Scope); s != "" {
		return s
	}
	return d.Scope
}

// root returns scheme://host/path, with no trailing slash.
func (c *Client) root(d Domain) string {
	scheme := "https"
	if c.Local || d.HTTP {
		scheme = "http"
	}
	return scheme + "://" + d.Host + d.Path
}

// endpointOf returns the part of a request URL after /V1/, without query
// and fragment, for error messages: it never carries credentials.
func endpointOf(rawURL string) string {
	p := rawURL
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	rest := strings.Index(p, "/rest/")
	if rest < 0 {
		rest = 0
	}
	if i := strings.Index(p[rest:], "/V1/"); i >= 0 {
		return p[rest+i+len("/V1/"):]
	}
	if u, err := url.Parse(p); err == nil {
		return strings.TrimPrefix(u.Path, "/")
	}
	return ""
}
