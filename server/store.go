package main

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// store is one Magento store the proxy may reach.
type store struct {
	scheme string // "https" or "http"
	host   string // host[:port], lower case, default port dropped
	path   string // "" or "/magento": where Magento lives, without /rest
}

// URL is the store's base address, as -store would take it back.
func (s *store) URL() string {
	return s.scheme + "://" + s.host + s.path
}

// Prefix is the path below which the proxy forwards to this store.
func (s *store) Prefix() string {
	return "/proxy/" + s.host + s.path
}

// parseStore reads a -store value: a URL such as https://shop.example.com or
// http://127.0.0.1:8081/magento. A missing scheme means https. A pasted
// REST address (…/rest or …/rest/V1) is trimmed to the store's base.
func parseStore(raw string) (*store, error) {
	s := strings.TrimSpace(raw)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("-store %q is not a URL such as https://shop.example.com", raw)
	}

	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme != "https" && scheme != "http":
		return nil, fmt.Errorf("-store %q: the address must start with https:// or http://", raw)
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("-store %q has no host name; use a URL such as "+
			"https://shop.example.com", raw)
	case u.User != nil:
		return nil, fmt.Errorf("-store %q: leave the user name and password out of the address", raw)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("-store %q: leave the query and fragment out of the address", raw)
	}

	st := &store{scheme: scheme, host: storeHost(u), path: trimRESTPath(u.EscapedPath())}
	if !safeStorePath(st.path) {
		return nil, fmt.Errorf("-store %q: the path may hold only plain segments such as "+
			"/magento", raw)
	}
	return st, nil
}

// storeHost is host[:port] in lower case, without the scheme's default port,
// so that https://shop.example.com:443 and https://shop.example.com are one.
func storeHost(u *url.URL) string {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		port = ""
	}
	if port == "" {
		if strings.Contains(host, ":") {
			return "[" + host + "]"
		}
		return host
	}
	return net.JoinHostPort(host, port)
}

// trimRESTPath drops a trailing slash and a pasted /rest, /rest/V1 or
// /rest/<store code>/V1 from a store path.
func trimRESTPath(p string) string {
	p = strings.TrimRight(p, "/")
	lower := strings.ToLower(p)
	if i := strings.LastIndex(lower, "/rest"); i >= 0 {
		tail := lower[i+len("/rest"):]
		parts := strings.Split(strings.TrimPrefix(tail, "/"), "/")
		switch {
		case tail == "",
			len(parts) == 1 && parts[0] == "v1",
			len(parts) == 2 && parts[1] == "v1":
			p = p[:i]
		}
	}
	return strings.TrimSuffix(p, "/index.php")
}

// safeStorePath reports whether p is "" or plain segments: no dot segments,
// no empty segments, no escapes or characters the proxy refuses in paths.
func safeStorePath(p string) bool {
	if p == "" {
		return true
	}
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, `%\@?#;`) {
		return false
	}
	for seg := range strings.SplitSeq(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// addStore appends st to stores unless the same store is listed already. It
// refuses two schemes for one host and path, since both would share a
// prefix.
func addStore(stores []*store, st *store) ([]*store, error) {
	for _, old := range stores {
		if old.host != st.host || old.path != st.path {
			continue
		}
		if old.scheme != st.scheme {
			return nil, fmt.Errorf("-store %s and -store %s share the prefix %s; keep one",
				old.URL(), st.URL(), st.Prefix())
		}
		return stores, nil
	}
	return append(stores, st), nil
}
