package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// forwardRequestHeaders are the only request headers sent to a store:
// what Magento's REST API reads, and the browser's User-Agent, since some
// stores' firewalls refuse requests without one. Cookies, hop-by-hop
// headers, X-Forwarded-* and everything else stay here: the store sees a
// plain API client, not the browser's session with this server.
var forwardRequestHeaders = []string{
	"Accept", "Accept-Language", "Authorization", "Content-Type", "User-Agent",
}

// keepResponseHeaders are the only store response headers passed to the
// page. Set-Cookie, hop-by-hop headers, caching headers and the store's own
// security headers are dropped; the server sets its own.
var keepResponseHeaders = []string{
	"Content-Language", "Content-Type", "Retry-After", "Www-Authenticate",
}

// proxy forwards requests below /proxy/<host><path>/rest/ to listed
// stores. Bodies are bounded and buffered both ways, so that an oversized
// answer is refused with a clean error rather than cut off.
type proxy struct {
	stores  []*store
	logger  *slog.Logger
	timeout time.Duration
	maxReq  int64
	maxResp int64
	reverse *httputil.ReverseProxy
}

// proxyCall carries one request's routing and outcome between the handler
// and the reverse proxy's hooks.
type proxyCall struct {
	target *url.URL
	status int
	err    error
}

type proxyCallKey struct{}

func callFrom(ctx context.Context) *proxyCall {
	c, _ := ctx.Value(proxyCallKey{}).(*proxyCall)
	if c == nil {
		return &proxyCall{}
	}
	return c
}

// newProxy builds the proxy for cfg's stores.
func newProxy(cfg config) *proxy {
	p := &proxy{
		stores:  cfg.Stores,
		logger:  cfg.Logger,
		timeout: orDefault(cfg.ProxyTimeout, defaultProxyTimeout),
		maxReq:  orDefault(cfg.MaxRequestBody, defaultMaxRequestBody),
		maxResp: orDefault(cfg.MaxResponseBody, defaultMaxResponseBody),
	}
	transport := cfg.Transport
	if transport == nil {
		transport = newTransport(p.timeout)
	}
	p.reverse = &httputil.ReverseProxy{
		Rewrite:        p.rewrite,
		Transport:      transport,
		ModifyResponse: p.modifyResponse,
		ErrorHandler:   p.errorHandler,
		ErrorLog:       slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
	}
	return p
}

// orDefault returns v, or def when v is zero.
func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// newTransport is an http.Transport with every phase bounded. It does not
// follow redirects: a RoundTripper never does.
func newTransport(timeout time.Duration) *http.Transport {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                  http.ProxyFromEnvironment,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  timeout,
		MaxResponseHeaderBytes: 64 << 10,
		MaxIdleConns:           10,
		IdleConnTimeout:        90 * time.Second,
	}
}

// ServeHTTP checks and forwards one request, then logs it without its
// query, headers or body.
func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	st, target, refused := p.route(r)
	if refused == nil {
		refused = p.checkRequest(w, r)
	}
	if refused != nil {
		writeJSONError(w, refused.status, refused.message)
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), p.timeout)
	defer cancel()
	call := &proxyCall{target: target}
	start := time.Now()
	p.reverse.ServeHTTP(w, r.WithContext(context.WithValue(ctx, proxyCallKey{}, call)))

	status, err := call.status, call.err
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		// The client went away before the store answered: nothing failed on
		// the store's side, and nobody reads the 502 written to the client.
		status, err = statusClientClosed, errClientClosed
	}
	attrs := []any{"method", r.Method, "store", st.URL(), "path", target.Path,
		"status", status, "duration", time.Since(start).Round(time.Microsecond)}
	if err != nil {
		attrs = append(attrs, "err", err)
	}
	p.logger.Info("proxy", attrs...)
}

// statusClientClosed is the status logged, never sent, for a request whose
// client went away before the store answered; nginx logs the same 499.
const statusClientClosed = 499

// errClientClosed is logged in place of the context error that a client
// going away causes.
var errClientClosed = errors.New("client closed the request")

// checkRequest refuses methods Magento's REST API does not take, protocol
// upgrades and oversized bodies, and buffers the body it accepts.
func (p *proxy) checkRequest(w http.ResponseWriter, r *http.Request) *routeError {
	switch r.Method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete:
	default:
		w.Header().Set("Allow", "GET, POST, PUT, DELETE")
		return refuse(http.StatusMethodNotAllowed, "The proxy forwards only GET, POST, PUT and "+
			"DELETE, the methods of Magento's REST API; %s is refused.", shorten(r.Method))
	}
	if r.Header.Get("Upgrade") != "" {
		return refuse(http.StatusBadRequest, "The proxy does not switch protocols.")
	}

	if r.ContentLength > p.maxReq {
		return p.tooLargeRequest()
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, p.maxReq))
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return p.tooLargeRequest()
	}
	if err != nil {
		return refuse(http.StatusBadRequest, "The request body could not be read.")
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return nil
}

func (p *proxy) tooLargeRequest() *routeError {
	return refuse(http.StatusRequestEntityTooLarge, "The request body is larger than the "+
		"proxy allows (%s).", byteSize(p.maxReq))
}

// rewrite points the outgoing request at the store and keeps only the
// request headers in forwardRequestHeaders. ReverseProxy has already
// removed hop-by-hop and X-Forwarded-* headers; the allow-list makes sure.
func (p *proxy) rewrite(pr *httputil.ProxyRequest) {
	call := callFrom(pr.In.Context())
	h := make(http.Header, len(forwardRequestHeaders))
	for _, k := range forwardRequestHeaders {
		if v, ok := pr.In.Header[k]; ok {
			h[k] = slices.Clone(v)
		}
	}
	pr.Out.Header = h
	pr.Out.URL = call.target
	pr.Out.Host = "" // the Host header follows the URL: the store's own host
}

// Errors that modifyResponse hands to errorHandler.
var (
	errResponseTooLarge = errors.New("response too large")
	errInterim          = errors.New("unexpected interim response")
)

// redirectError is a store answer with a redirect, which the proxy refuses.
type redirectError struct {
	status   int
	location *url.URL // nil when the Location header is missing or unreadable
}

func (e *redirectError) Error() string {
	return "redirect " + strconv.Itoa(e.status)
}

// modifyResponse refuses redirects and oversized answers, buffers the body
// and keeps only the headers in keepResponseHeaders.
//
// Redirects are refused, never passed on: the browser would follow one
// itself, off the proxy and possibly off the store, and a store that
// redirects its REST API (http to https, adding www.) is better fixed by
// starting the server with the address it redirects to.
func (p *proxy) modifyResponse(res *http.Response) error {
	switch {
	case res.StatusCode < 200:
		return errInterim
	case res.StatusCode >= 300 && res.StatusCode < 400 && res.StatusCode != http.StatusNotModified:
		loc, err := res.Request.URL.Parse(res.Header.Get("Location"))
		if err != nil || res.Header.Get("Location") == "" {
			loc = nil
		}
		return &redirectError{status: res.StatusCode, location: loc}
	case res.ContentLength > p.maxResp:
		return errResponseTooLarge
	}

	body, err := io.ReadAll(io.LimitReader(res.Body, p.maxResp+1))
	res.Body.Close()
	if err != nil {
		return err
	}
	if int64(len(body)) > p.maxResp {
		return errResponseTooLarge
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	res.ContentLength = int64(len(body))

	h := make(http.Header, len(keepResponseHeaders)+1)
	for _, k := range keepResponseHeaders {
		if v, ok := res.Header[k]; ok {
			h[k] = v
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	// The answer is the store's, served on this origin: a browser sent here
	// directly downloads it rather than showing a store's HTML page as one
	// of this server's, where script-src 'self' would trust what it loads
	// from the proxy. The page's fetch ignores the header.
	h.Set("Content-Disposition", "attachment")
	res.Header = h
	callFrom(res.Request.Context()).status = res.StatusCode
	return nil
}

// errorHandler answers a failed exchange in Magento's error shape.
func (p *proxy) errorHandler(w http.ResponseWriter, r *http.Request, err error) {
	call := callFrom(r.Context())
	status, msg := p.describe(err, call.target)
	call.status, call.err = status, err
	writeJSONError(w, status, msg)
}

// describe turns a failed exchange into a status and a message that says
// what happened and what to do. Messages carry no query string.
func (p *proxy) describe(err error, target *url.URL) (int, string) {
	where := "the store"
	if target != nil {
		where = target.Scheme + "://" + target.Host
	}
	if re, ok := errors.AsType[*redirectError](err); ok {
		return http.StatusBadGateway, redirectMessage(where, re)
	}
	switch {
	case errors.Is(err, errResponseTooLarge):
		return http.StatusBadGateway, fmt.Sprintf("The answer from %s is larger than the proxy "+
			"allows (%s).", where, byteSize(p.maxResp))
	case errors.Is(err, errInterim):
		return http.StatusBadGateway, fmt.Sprintf("%s answered with an interim status the "+
			"proxy does not pass on.", where)
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout, fmt.Sprintf("%s did not answer within %s. "+
			"Check that the store is up, then try again.", where, p.timeout)
	case errors.Is(err, context.Canceled):
		return http.StatusBadGateway, "The request was canceled."
	}
	if ue, ok := errors.AsType[*url.Error](err); ok {
		err = ue.Err // its URL may hold a query string
	}
	return http.StatusBadGateway, fmt.Sprintf("Could not reach %s: %v. Check the store's address "+
		"and that this machine can reach it.", where, err)
}

// redirectMessage explains a refused redirect and suggests the -store value
// for the address the store redirects to.
func redirectMessage(store string, re *redirectError) string {
	if re.location == nil {
		return fmt.Sprintf("%s answered with a redirect (%d), which the proxy does not follow.",
			store, re.status)
	}
	loc := *re.location
	loc.User, loc.RawQuery, loc.ForceQuery, loc.Fragment, loc.RawFragment = nil, "", false, "", ""
	base := loc.Scheme + "://" + loc.Host
	if i := strings.Index(loc.Path, "/rest/"); i >= 0 {
		base += strings.TrimSuffix(loc.Path[:i], "/index.php")
	}
	return fmt.Sprintf("%s answered with a redirect (%d) to %s, which the proxy does not follow. "+
		"If that is the store's real address, start the server with -store %s and use that "+
		"domain on the page.", store, re.status, shorten(loc.String()), shorten(base))
}

// writeJSONError answers in Magento's error shape, {"message": "..."}, so
// that the page reads the proxy's refusals as it reads the store's.
func writeJSONError(w http.ResponseWriter, status int, message string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the page shows messages as text; keep <path> readable
	enc.Encode(struct {
		Message string `json:"message"`
	}{message})
	body := buf.Bytes()
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// byteSize prints a limit in the largest whole binary unit.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
