package magento

import "context"

// DefaultMaxResponseBytes bounds how much of a response body a Transport
// reads when HTTPRequest.MaxBody is zero. Magento's admin answers are small;
// a body past this size is a misconfigured store or proxy, not data.
const DefaultMaxResponseBytes = 4 << 20

// HTTPRequest is one request as the Client hands it to a Transport.
type HTTPRequest struct {
	// Method is GET, POST, PUT or DELETE.
	Method string

	// URL is absolute.
	URL string

	// Header holds canonical header names, such as "Authorization".
	Header map[string]string

	// Body is sent as is; nil sends no body.
	Body []byte

	// MaxBody bounds the response body; zero means DefaultMaxResponseBytes.
	MaxBody int64
}

// HTTPResponse is a response as a Transport returns it, body read whole.
type HTTPResponse struct {
	// Status is the HTTP status code.
	Status int

	// Header holds the response headers with lower-case names.
	Header map[string]string

	// Body is the response body, at most MaxBody bytes.
	Body []byte
}

// Transport sends one request and reads its whole response.
//
// A Transport reports a failure to reach the store as an error that wraps
// ErrNetwork, a body over the limit as one that wraps ErrResponseTooLarge,
// and a context that ends as one that wraps ctx.Err(). Any HTTP status,
// 4xx and 5xx included, is a response, not an error.
//
// The native build's default sends with net/http; the js/wasm build's
// default calls the browser's fetch, so that net/http is not linked into
// the WebAssembly binary.
type Transport interface {
	RoundTrip(ctx context.Context, req *HTTPRequest) (*HTTPResponse, error)
}

// TransportFunc adapts a function to the Transport interface.
type TransportFunc func(ctx context.Context, req *HTTPRequest) (*HTTPResponse, error)

// RoundTrip calls f(ctx, req).
func (f TransportFunc) RoundTrip(ctx context.Context, req *HTTPRequest) (*HTTPResponse, error) {
	return f(ctx, req)
}
