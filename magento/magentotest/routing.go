package magentotest

import (
	"net/http"
	"strings"
)

// route is one REST route of the fake store.
type route struct {
	method string
	path   string // as in webapi.xml, after /V1 is included: "/V1/store/websites"

	// resources are the ACL resources the caller needs, all of them; nil
	// marks an anonymous route.
	resources []string

	// params are the body keys of a POST route, in the order of the PHP
	// method's parameters.
	params []string

	// twoFactor marks a route of Magento_TwoFactorAuth, absent when that
	// module is off.
	twoFactor bool

	serve func(s *Store, c *call) reply
}

// resourceStore guards the store endpoints.
const resourceStore = "Magento_Backend::store"

var routes = []route{
	{method: http.MethodPost, path: "/V1/integration/admin/token",
		params: []string{"username", "password"}, serve: (*Store).serveAdminToken},
	{method: http.MethodPost, path: "/V1/tfa/provider/google/authenticate", twoFactor: true,
		params: []string{"username", "password", "otp"}, serve: (*Store).serveGoogleAuthenticate},
	{method: http.MethodGet, path: "/V1/store/websites",
		resources: []string{resourceStore}, serve: (*Store).serveWebsites},
	{method: http.MethodGet, path: "/V1/store/storeViews",
		resources: []string{resourceStore}, serve: (*Store).serveStoreViews},
	{method: http.MethodGet, path: "/V1/store/storeConfigs",
		resources: []string{resourceStore}, serve: (*Store).serveStoreConfigs},
}

// call is a request on its way through the store.
type call struct {
	r      *http.Request
	store  string         // the store code of the path, "" for the default store view
	params map[string]any // the decoded JSON body
}

// Handler returns the store's HTTP handler. It serves paths that begin with
// /rest/ or /index.php/rest/; any other path gets the storefront's HTML 404
// page. Mount it under a base path with http.StripPrefix.
func (s *Store) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

func (s *Store) serveHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w}
	defer s.logRequest(r, sw)

	if s.applyFault(sw, r) {
		return
	}
	s.serveREST(sw, r)
}

// serveREST runs a request through Magento's REST front controller, in its
// order: store code, method, route, ACL, body, then the service.
func (s *Store) serveREST(w http.ResponseWriter, r *http.Request) {
	rest, ok := restPath(r.URL.Path)
	if !ok {
		writeHTMLPage(w, http.StatusNotFound, notFoundPage)
		return
	}
	store, path := s.splitStoreCode(rest)

	if s.handleCORS(w, r) {
		return
	}

	if !validMethod(r.Method) {
		errorReply(http.StatusBadRequest, msgBadMethod, nil).write(w)
		return
	}

	rt := s.findRoute(r.Method, path)
	if rt == nil {
		errorReply(http.StatusNotFound, msgNoRoute, nil).write(w)
		return
	}

	if rt.resources != nil && !s.authorized(r, rt.resources) {
		notAuthorizedReply(strings.Join(rt.resources, ", ")).write(w)
		return
	}

	c := &call{r: r, store: store}
	if r.Method != http.MethodGet {
		params, fail := readParams(r)
		if fail != nil {
			fail.write(w)
			return
		}
		c.params = params
		if fail := checkRequired(params, rt.params); fail != nil {
			fail.write(w)
			return
		}
	}
	rt.serve(s, c).write(w)
}

// restPath returns the part of path after /rest, or false when the path is
// not a REST path. /index.php/rest/ works the same, as on a store without
// URL rewrites.
func restPath(path string) (string, bool) {
	path = strings.TrimPrefix(path, "/index.php")
	if !strings.HasPrefix(path, "/rest/") {
		return "", false
	}
	return strings.TrimPrefix(path, "/rest"), true
}

// splitStoreCode takes the store code off the front of a REST path. As in
// Magento's PathProcessor, the first segment counts as a store code only
// when it is the code of a store view other than admin, or "all"; anything
// else stays in the path, where it matches no route. GET with "all" is
// served: 2.4.8 no longer refuses it, as stores before 2.3 did.
func (s *Store) splitStoreCode(path string) (store, rest string) {
	seg, after, found := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if !found {
		return "", path
	}
	if seg == "all" || s.isStoreCode(seg) {
		return seg, "/" + after
	}
	return "", path
}

// validMethod reports whether Magento's REST request accepts the method at
// all. Before routing, anything but these four is refused with 400, which
// is also what a browser's CORS preflight gets.
func validMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// findRoute returns the route for method and path, or nil. Routes are
// filtered by method before the path is matched, so a known path with
// another method matches nothing (404, never 405). Trailing slashes are
// ignored, as Magento splits the path on "/".
func (s *Store) findRoute(method, path string) *route {
	path = "/" + strings.Trim(path, "/")
	s.mu.Lock()
	twoFactor := s.twoFactor != TwoFactorOff
	s.mu.Unlock()

	for i := range routes {
		rt := &routes[i]
		if rt.method != method || rt.path != path {
			continue
		}
		if rt.twoFactor && !twoFactor {
			return nil
		}
		return rt
	}
	return nil
}

// handleCORS adds the headers of a CORS module when SetCORS is on, and
// answers a preflight. It reports whether the request has been answered.
func (s *Store) handleCORS(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	on := s.cors
	s.mu.Unlock()
	if !on {
		return false
	}

	h := w.Header()
	if origin := r.Header.Get("Origin"); origin != "" {
		h.Set("Access-Control-Allow-Origin", origin)
	}
	h.Add("Vary", "Origin")
	if r.Method != http.MethodOptions {
		return false
	}
	h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, X-Requested-With")
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Content-Type", jsonContentType)
	w.WriteHeader(http.StatusNoContent)
	return true
}
