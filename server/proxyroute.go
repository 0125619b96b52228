package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// routeError is a refused proxy request: the status and a message that says
// what is wrong and how to fix it.
type routeError struct {
	status  int
	message string
}

func refuse(status int, format string, args ...any) *routeError {
	return &routeError{status: status, message: fmt.Sprintf(format, args...)}
}

// encodedTricks are escapes that would let a path change meaning after one
// more decoding: dots, slashes, backslashes, a percent sign and NUL. Magento
// endpoints never need them in the path.
var encodedTricks = []string{"%2e", "%2f", "%5c", "%25", "%00"}

// route maps a request below /proxy/ to a listed store and the upstream
// URL, or says why it is refused. It reads the path as the client sent it,
// before any cleaning, so that nothing can be smuggled past the checks.
func (p *proxy) route(r *http.Request) (*store, *url.URL, *routeError) {
	if len(p.stores) == 0 {
		return nil, nil, refuse(http.StatusNotFound, "This server proxies no store. "+
			"Start it with -store https://your-store.example.com, or choose the direct route.")
	}

	raw := r.RequestURI
	if raw == "" {
		raw = r.URL.RequestURI()
	}
	if !strings.HasPrefix(raw, "/") || r.URL.Host != "" {
		return nil, nil, refuse(http.StatusBadRequest, "The proxy takes paths such as "+
			"/proxy/shop.example.com/rest/V1/store/websites, not absolute URLs.")
	}
	rawPath, _, _ := strings.Cut(raw, "?")
	if e := checkPath(rawPath, r.URL.Path); e != nil {
		return nil, nil, e
	}

	rest, ok := strings.CutPrefix(rawPath, "/proxy/")
	hostSeg, below, _ := strings.Cut(rest, "/")
	if !ok || hostSeg == "" {
		return nil, nil, refuse(http.StatusNotFound, "Say which store to reach: "+
			"/proxy/<host><path>/rest/... for one of %s.", p.listed())
	}
	host := strings.ToLower(hostSeg)
	below = "/" + below

	st, sub := p.match(host, below)
	if st == nil {
		return nil, nil, p.notListed(host, below)
	}
	if !strings.HasPrefix(sub, "/rest/") && !strings.HasPrefix(sub, "/index.php/rest/") {
		return nil, nil, refuse(http.StatusForbidden, "Only the store's REST API is proxied: "+
			"paths below %s/rest/. The path %s is outside it.", st.Prefix(), shorten(sub))
	}

	target, err := url.Parse(st.scheme + "://" + st.host + below)
	if err != nil {
		return nil, nil, refuse(http.StatusBadRequest, "The path is not a valid URL path.")
	}
	target.RawQuery = r.URL.RawQuery
	return st, target, nil
}

// checkPath refuses paths that could escape a store's /rest/ folder once a
// server or a filesystem reads them: dot segments, double slashes,
// backslashes, user info, and their percent-encoded forms. It checks both
// the raw and the decoded path.
func checkPath(rawPath, decoded string) *routeError {
	lower := strings.ToLower(rawPath)
	for _, t := range encodedTricks {
		if strings.Contains(lower, t) {
			return refuse(http.StatusBadRequest, "The path contains the escape %s, which the proxy "+
				"refuses: write the path plainly, without encoded dots, slashes or backslashes.",
				strings.ToUpper(t))
		}
	}
	for _, p := range []string{rawPath, decoded} {
		switch {
		case strings.Contains(p, `\`):
			return refuse(http.StatusBadRequest,
				"The path contains a backslash; use / between segments.")
		case strings.Contains(p, "@"):
			return refuse(http.StatusBadRequest, "The path contains @; the proxy takes no user "+
				"names or passwords in the address.")
		case strings.Contains(p, "//"):
			return refuse(http.StatusBadRequest, "The path contains an empty segment (//); "+
				"write it as /proxy/<host><path>/rest/....")
		}
		for seg := range strings.SplitSeq(p, "/") {
			if seg == "." || seg == ".." {
				return refuse(http.StatusBadRequest, "The path contains a %q segment, which the "+
					"proxy refuses: write the full path to the REST endpoint.", seg)
			}
		}
	}
	return nil
}

// match finds the listed store for host whose path is the longest prefix of
// below, and returns the rest of the path after the store's path.
func (p *proxy) match(host, below string) (*store, string) {
	var best *store
	for _, st := range p.stores {
		if st.host != host {
			continue
		}
		if below != st.path && !strings.HasPrefix(below, st.path+"/") {
			continue
		}
		if best == nil || len(st.path) > len(best.path) {
			best = st
		}
	}
	if best == nil {
		return nil, ""
	}
	return best, below[len(best.path):]
}

// notListed explains a request for a store that is not on the list.
func (p *proxy) notListed(host, below string) *routeError {
	for _, st := range p.stores {
		if st.host == host {
			return refuse(http.StatusForbidden, "The path %s is not below a listed store path on %s "+
				"(listed: %s). To proxy another path, start the server with -store %s://%s<path>.",
				shorten(below), host, p.listed(), st.scheme, host)
		}
	}
	return refuse(http.StatusForbidden, "The store %s is not on this server's list (listed: %s). "+
		"To reach it through the server, start the server with -store https://%s.",
		shorten(host), p.listed(), shorten(host))
}

// listed names the proxied stores for messages.
func (p *proxy) listed() string {
	names := make([]string, len(p.stores))
	for i, st := range p.stores {
		names[i] = st.URL()
	}
	return strings.Join(names, ", ")
}

// shorten bounds text taken from a request before it goes into a message.
func shorten(s string) string {
	const max = 120
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}
