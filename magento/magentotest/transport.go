package magentotest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/magetoken/magetoken/magento"
)

// Transport returns a magento.Transport that runs the store's handler in
// process, without sockets, for any host. The part of the URL's path before
// /rest/ (or /index.php/rest/) is taken as the store's base path and
// dropped, so a client configured with "shop.example.com/magento" works.
//
// It behaves as a network transport does: a response over the request's
// MaxBody is an error wrapping magento.ErrResponseTooLarge, a context that
// ends is an error wrapping ctx.Err(), and a Fault with Close is an error
// wrapping magento.ErrNetwork.
func (s *Store) Transport() magento.Transport {
	return magento.TransportFunc(s.roundTrip)
}

func (s *Store) roundTrip(
	ctx context.Context, req *magento.HTTPRequest,
) (*magento.HTTPResponse, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("magentotest: %w", err)
	}
	hr, err := newHTTPRequest(ctx, req)
	if err != nil {
		return nil, err
	}
	limit := req.MaxBody
	if limit <= 0 {
		limit = magento.DefaultMaxResponseBytes
	}
	rec := &recorder{header: http.Header{}, limit: limit}

	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		s.serveHTTP(rec, hr)
	}()

	select {
	case <-ctx.Done():
		return nil, fmt.Errorf("magentotest: %w", ctx.Err())
	case p := <-done:
		if p == http.ErrAbortHandler {
			return nil, fmt.Errorf("magentotest: connection closed mid-body: %w", magento.ErrNetwork)
		}
		if p != nil {
			panic(p)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("magentotest: %w", err)
	}
	if rec.over {
		return nil, fmt.Errorf("magentotest: response over %d bytes: %w", limit,
			magento.ErrResponseTooLarge)
	}
	return rec.response(), nil
}

// newHTTPRequest turns a transport request into the request the handler
// sees, with the base path dropped.
func newHTTPRequest(ctx context.Context, req *magento.HTTPRequest) (*http.Request, error) {
	var body io.Reader = http.NoBody
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, body)
	if err != nil {
		return nil, fmt.Errorf("magentotest: bad request: %w", errors.Join(err, magento.ErrNetwork))
	}
	for k, v := range req.Header {
		hr.Header.Set(k, v)
	}
	hr.RemoteAddr = "192.0.2.1:49152"
	hr.RequestURI = hr.URL.RequestURI()

	path := hr.URL.Path
	if i := strings.Index(path, "/rest/"); i > 0 {
		cut := i
		if strings.HasSuffix(path[:i], "/index.php") {
			cut = i - len("/index.php")
		}
		hr.URL.Path = path[cut:]
		hr.URL.RawPath = ""
	}
	return hr, nil
}

// recorder is an http.ResponseWriter that keeps at most limit+1 body
// bytes, so that a huge answer costs no more memory than the limit.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	limit  int64
	over   bool
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	if room := r.limit - int64(r.body.Len()); int64(len(p)) > room {
		r.body.Write(p[:max(room, 0)])
		r.over = true
		return 0, errTooLarge
	}
	return r.body.Write(p)
}

// Flush does nothing; it lets handlers flush as they would on a server.
func (r *recorder) Flush() {}

var errTooLarge = errors.New("magentotest: response body over the limit")

func (r *recorder) response() *magento.HTTPResponse {
	h := make(map[string]string, len(r.header))
	for k, v := range r.header {
		h[strings.ToLower(k)] = strings.Join(v, ", ")
	}
	status := r.status
	if status == 0 {
		status = http.StatusOK
	}
	return &magento.HTTPResponse{Status: status, Header: h, Body: r.body.Bytes()}
}
