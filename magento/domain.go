package magento

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Domain is a store's address as the client uses it: host, optional port
// and optional path in front of /rest.
type Domain struct {
	// Host is host[:port]: the host lower-cased, a port kept, a leading
	// "www." kept (it can be a different site), an IPv6 address in
	// brackets.
	Host string

	// Path is "" or the path the store lives under, such as "/magento" or
	// "/index.php", without a trailing slash. A pasted /rest, /rest/V1 or
	// /rest/<code>/V1 and all after it are not part of it.
	Path string

	// HTTP reports that the input said http:// explicitly.
	HTTP bool

	// Scope is the store code found in a pasted /rest/<code>/V1 address,
	// else "".
	Scope string
}

// String returns Host followed by Path.
func (d Domain) String() string {
	return d.Host + d.Path
}

// maxDomainLen bounds the length of an address, in bytes after trimming
// white space; a store address is far shorter.
const maxDomainLen = 2048

// domainExample is what error messages suggest typing instead.
const domainExample = "shop.example.com, shop.example.com:8080/magento or https://shop.example.com"

// ParseDomain reads a store address the way people paste it: a bare host,
// a host with port and path, or a whole URL, even one that already ends in
// /rest/V1/... (a store code in /rest/<code>/V1 is kept in Scope).
//
// Surrounding white space, user name and password, query and fragment are
// dropped. An explicit http:// sets HTTP; any scheme other than http and
// https is refused, and so are addresses over 2048 bytes and invisible
// format characters such as a zero-width space, anywhere in the input.
// Errors wrap ErrInvalidDomain and say what to type instead; they never
// repeat a password given in the address.
func ParseDomain(raw string) (Domain, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return Domain{}, domainError("it is empty; type the store's address, such as %s",
			domainExample)
	}
	if len(s) > maxDomainLen {
		return Domain{}, tooLongError(len(s))
	}
	if i := strings.IndexFunc(s, isFormatChar); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return Domain{}, domainError("it contains the invisible character %U; type the "+
			"address again by hand, such as %s", r, domainExample)
	}

	var d Domain
	if i := strings.Index(s, "://"); i >= 0 {
		scheme := strings.ToLower(s[:i])
		switch scheme {
		case "http":
			d.HTTP = true
		case "https":
		default:
			return Domain{}, domainError("the scheme %q is not supported; type the address "+
				"without it, such as %s", scheme, domainExample)
		}
		s = s[i+len("://"):]
	}
	s = strings.TrimPrefix(s, "//")
	afterScheme := s

	// The fragment goes first: a '?' after '#' is not a query.
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return Domain{}, domainError("it contains a space; type the address alone, such as %s",
			domainExample)
	}
	if strings.ContainsRune(s, '\\') {
		return Domain{}, domainError("it contains a backslash; use / in paths, as in %s",
			domainExample)
	}

	authority, path, _ := strings.Cut(s, "/")
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		authority = authority[i+1:]
	}
	host, err := parseAuthority(authority)
	if err != nil && strings.ContainsRune(afterScheme, '@') {
		// A password holding '/', '?' or '#' ends the host part early, and
		// the error would quote the password as a port or host name.
		return Domain{}, domainError("it looks like it holds a user name and password; "+
			"leave them out and type the store's address alone, such as %s", domainExample)
	}
	if err != nil {
		return Domain{}, err
	}
	d.Host = host
	d.Path, d.Scope = splitRestPath(path)
	if n := len(d.String()); n > maxDomainLen {
		// Lower-casing can lengthen a host name ("Ⱥ" takes two bytes, "ⱥ"
		// three), and the address given back must parse again.
		return Domain{}, tooLongError(n)
	}
	return d, nil
}

// tooLongError is the error for an address of n bytes, over maxDomainLen.
func tooLongError(n int) error {
	return domainError("it is %d bytes long, and a store address may be at most %d bytes; "+
		"type the address alone, such as %s", n, maxDomainLen, domainExample)
}

// isFormatChar reports whether r is an invisible format character, such as
// a zero-width space or joiner, a soft hyphen, a byte order mark or a
// direction mark, which copying from a web page or a document can carry
// along unseen.
func isFormatChar(r rune) bool {
	return unicode.Is(unicode.Cf, r)
}

// parseAuthority checks host[:port] and returns it normalised.
func parseAuthority(a string) (string, error) {
	if a == "" {
		return "", domainError("it has no host name; type the store's address, such as %s",
			domainExample)
	}

	host, port := a, ""
	if strings.HasPrefix(a, "[") {
		end := strings.IndexByte(a, ']')
		if end < 0 {
			return "", domainError("the IPv6 address has no closing ]; type it as [::1]:8080")
		}
		host, port = a[:end+1], a[end+1:]
		if port != "" && !strings.HasPrefix(port, ":") {
			return "", domainError("unexpected text after the IPv6 address; type it as [::1]:8080")
		}
		addr, err := netip.ParseAddr(host[1 : len(host)-1])
		if err != nil || !addr.Is6() {
			return "", domainError("%q is not an IPv6 address; type it as [::1]:8080", host)
		}
		host = "[" + addr.String() + "]"
	} else if i := strings.IndexByte(a, ':'); i >= 0 {
		if strings.Count(a, ":") > 1 {
			return "", domainError("an IPv6 address needs brackets, as in [::1]:8080")
		}
		host, port = a[:i], a[i:]
	}

	if port != "" {
		port = port[1:]
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || strings.HasPrefix(port, "+") {
			return "", domainError("the port %q is not a number from 1 to 65535; type it as "+
				"shop.example.com:8080, or leave it out", port)
		}
		port = ":" + strconv.Itoa(n)
	}
	if !strings.HasPrefix(host, "[") {
		if err := checkHostName(host); err != nil {
			return "", err
		}
		host = strings.ToLower(host)
	}
	return host + port, nil
}

// checkHostName accepts a DNS name or IPv4 address, including
// internationalised names, which the platform encodes when it sends.
func checkHostName(h string) error {
	if h == "" {
		return domainError("it has no host name before the port; type it as %s", domainExample)
	}
	if strings.HasPrefix(h, ".") || strings.HasPrefix(h, "-") || strings.Contains(h, "..") {
		return domainError("%q is not a host name; type it as %s", h, domainExample)
	}
	for _, r := range h {
		ok := r == '.' || r == '-' || r == '_' || r >= 0x80 ||
			'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		if !ok {
			return domainError("the host name contains %q; type only the store's address, "+
				"such as %s", r, domainExample)
		}
	}
	return nil
}

// splitRestPath returns the path in front of a pasted /rest and the store
// code after it, if any. "/index.php" and other prefixes are kept.
func splitRestPath(p string) (path, scope string) {
	var kept []string
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if seg == "" {
			continue
		}
		if strings.EqualFold(seg, "rest") {
			rest := nonEmpty(segs[i+1:])
			if len(rest) > 0 && !strings.EqualFold(rest[0], "V1") {
				scope = rest[0]
			}
			break
		}
		kept = append(kept, seg)
	}
	if len(kept) == 0 {
		return "", scope
	}
	return "/" + strings.Join(kept, "/"), scope
}

// nonEmpty returns the non-empty strings of ss.
func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// domainError returns an error wrapping ErrInvalidDomain.
func domainError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidDomain, fmt.Sprintf(format, args...))
}
