//go:build !js || nethttp

package magento

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// defaultTransport sends with net/http.
var defaultTransport Transport = &httpTransport{client: &http.Client{
	CheckRedirect: sameHostRedirect,
}}

// maxRedirects bounds the redirects followed within one store.
const maxRedirects = 3

// sameHostRedirect follows a redirect only within the same scheme, host and
// port; any other redirect is returned as the answer, so that a token is
// never sent elsewhere and the user learns the store's real address.
func sameHostRedirect(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	if len(via) > maxRedirects || req.URL.Host != first.Host || req.URL.Scheme != first.Scheme {
		return http.ErrUseLastResponse
	}
	return nil
}

// httpTransport is the native Transport.
type httpTransport struct {
	client *http.Client
}

// RoundTrip sends req with net/http and reads the body up to its limit.
func (t *httpTransport) RoundTrip(ctx context.Context, req *HTTPRequest) (*HTTPResponse, error) {
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hreq, err := http.NewRequestWithContext(ctx, req.Method, req.URL, body)
	if err != nil {
		return nil, fmt.Errorf("%w: cannot make the request: %v", ErrNetwork, unwrapURLError(err))
	}
	for k, v := range req.Header {
		hreq.Header.Set(k, v)
	}

	resp, err := t.client.Do(hreq)
	if err != nil {
		return nil, transportError(ctx, hreq.URL.Host, err)
	}
	defer resp.Body.Close()

	limit := req.MaxBody
	if limit <= 0 {
		limit = DefaultMaxResponseBytes
	}
	if resp.ContentLength > limit {
		return nil, tooLarge(limit)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, transportError(ctx, hreq.URL.Host, err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(limit)
	}

	header := make(map[string]string, len(resp.Header))
	for k, v := range resp.Header {
		header[strings.ToLower(k)] = strings.Join(v, ", ")
	}
	return &HTTPResponse{Status: resp.StatusCode, Header: header, Body: data}, nil
}

// tooLarge returns the error for a body over limit bytes.
func tooLarge(limit int64) error {
	return fmt.Errorf("%w: the answer is over %d bytes", ErrResponseTooLarge, limit)
}

// transportError wraps a failure to get an answer: the context's error when
// it ended, else ErrNetwork. The URL is left out: only the host is named.
func transportError(ctx context.Context, host string, err error) error {
	err = unwrapURLError(err)
	switch ctxErr := ctx.Err(); {
	case errors.Is(ctxErr, context.DeadlineExceeded):
		return fmt.Errorf("%s did not answer in time: %w", host, ctxErr)
	case ctxErr != nil:
		return fmt.Errorf("the request to %s was canceled: %w", host, ctxErr)
	}
	return fmt.Errorf("%w: could not reach %s: %v", ErrNetwork, host, err)
}

// unwrapURLError drops the *url.Error layer, whose text repeats the whole
// URL with its query.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
