package magento

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Request is one call to the REST API, for Client.Do.
type Request struct {
	// Method is GET, POST, PUT or DELETE; empty means GET.
	Method string

	// Endpoint is the path after /V1/, such as "store/websites", and may
	// carry a query. It is used with the client's scope, as URLFor does,
	// and ignored when URL is set.
	Endpoint string

	// URL is an absolute URL, such as one from URLFor with another scope;
	// optional.
	URL string

	// Body is sent JSON-encoded when not nil; a json.RawMessage is sent as
	// it is.
	Body any

	// NoAuth sends no token and never logs in, for the sign-in endpoints:
	// a 401 answer is then read as refused credentials, not a refused
	// token.
	NoAuth bool

	// NoRelogin sends the token but does not log in again when the store
	// refuses it.
	NoRelogin bool

	// MaxBody bounds the response body; zero means
	// DefaultMaxResponseBytes.
	MaxBody int64
}

// Do sends req and decodes a 2xx JSON answer into out, unless out is nil.
//
// An authorised request (NoAuth unset) sends the client's Token as a bearer
// token. Without a token, it first logs in when Username and Password are
// both set. When the store refuses the token with a 401, Do logs in again
// and repeats the request, at most once per call and only with a username
// and password: a failed login is never repeated, since Magento locks the
// account after six failures
// (https://developer.adobe.com/commerce/webapi/get-started/authentication/gs-authentication-token/).
// Credentials the store refused are not tried again automatically until
// Login succeeds with them.
//
// A non-2xx answer is an *Error, or a *TwoFactorError when a re-login meets
// two-factor authentication. Failures to reach the store wrap ErrNetwork;
// an answer over the size limit wraps ErrResponseTooLarge; a context that
// ends wraps its error.
func (c *Client) Do(ctx context.Context, req *Request, out any) error {
	method := strings.ToUpper(strings.TrimSpace(req.Method))
	if method == "" {
		method = "GET"
	}
	d, err := ParseDomain(c.Domain)
	if err != nil {
		return err
	}
	rawURL, endpoint := req.URL, endpointOf(req.URL)
	if rawURL == "" {
		rawURL = c.urlFor(d, req.Endpoint)
		endpoint = endpointOf(rawURL)
	}

	hreq := &HTTPRequest{
		Method:  method,
		URL:     rawURL,
		Header:  map[string]string{"Accept": "application/json", "User-Agent": c.userAgent()},
		MaxBody: req.MaxBody,
	}
	if req.Body != nil {
		body, err := json.Marshal(req.Body)
		if err != nil {
			return &requestError{method, endpoint, fmt.Errorf("cannot encode the body: %w", err)}
		}
		hreq.Body = body
		hreq.Header["Content-Type"] = "application/json"
	}
	if req.NoAuth {
		return c.send(ctx, hreq, endpoint, true, out)
	}
	return c.sendAuthorized(ctx, hreq, endpoint, req.NoRelogin, out)
}

// sendAuthorized sends hreq with the bearer token, logging in first or
// again as Do describes.
func (c *Client) sendAuthorized(ctx context.Context, hreq *HTTPRequest, endpoint string,
	noRelogin bool, out any) error {
	mayLogin := !noRelogin && c.hasCredentials()
	token := c.CurrentToken()
	loggedIn := false
	if token == "" {
		if !mayLogin {
			return &requestError{hreq.Method, endpoint, fmt.Errorf("%w: log in, or paste a token",
				ErrNoToken)}
		}
		var err error
		if token, err = c.relogin(ctx, ""); err != nil {
			return err
		}
		loggedIn = true
	}

	if err := setBearer(hreq, token); err != nil {
		return &requestError{hreq.Method, endpoint, err}
	}
	err := c.send(ctx, hreq, endpoint, false, out)
	var apiErr *Error
	if loggedIn || !mayLogin || !errors.As(err, &apiErr) || apiErr.Status != 401 {
		return err
	}

	fresh, lerr := c.relogin(ctx, token)
	if errors.Is(lerr, errLoginRefusedBefore) {
		return fmt.Errorf("%w; not logging in again: the store refused this username and "+
			"password before", err)
	}
	if lerr != nil {
		return lerr
	}
	if err := setBearer(hreq, fresh); err != nil {
		return &requestError{hreq.Method, endpoint, err}
	}
	return c.send(ctx, hreq, endpoint, false, out)
}

// setBearer sets the Authorization header, refusing a token that cannot be
// sent in a header (some browsers repeat a refused header value in their
// error message).
func setBearer(hreq *HTTPRequest, token string) error {
	for i := 0; i < len(token); i++ {
		if token[i] <= ' ' || token[i] >= 0x7f {
			return fmt.Errorf("%w: the token contains a space or a character that cannot be "+
				"sent; paste it again", ErrMalformedToken)
		}
	}
	hreq.Header["Authorization"] = "Bearer " + token
	return nil
}

// send makes one round trip and reads the answer into out.
func (c *Client) send(ctx context.Context, hreq *HTTPRequest, endpoint string, login bool,
	out any) error {
	resp, err := c.transport().RoundTrip(ctx, hreq)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			err = fmt.Errorf("%w: %w", ctxErr, err)
		}
		return &requestError{hreq.Method, endpoint, err}
	}
	if resp == nil {
		return &requestError{hreq.Method, endpoint, fmt.Errorf("%w: the transport gave no answer",
			ErrNetwork)}
	}
	if resp.Header == nil {
		resp.Header = map[string]string{}
	}
	if resp.Status/100 != 2 {
		return newError(resp, hreq.Method, endpoint, login)
	}
	if out == nil {
		return nil
	}

	if err := json.Unmarshal(resp.Body, out); err != nil {
		e := &Error{
			Status:      resp.Status,
			Method:      hreq.Method,
			Endpoint:    endpoint,
			ContentType: resp.Header["content-type"],
			note:        "the answer is not the JSON expected",
		}
		switch {
		case len(strings.TrimSpace(string(resp.Body))) == 0:
			e.note = "the answer is empty"
		case login && json.Valid(resp.Body):
			// Never echo what a sign-in endpoint sent: it may hold a token.
			e.note = "the answer is JSON but not a token"
		default:
			e.Body = excerpt(resp.Body)
		}
		return e
	}
	return nil
}

// requestError is a failure to get an answer: it names the request and
// wraps the cause.
type requestError struct {
	method, endpoint string
	err              error
}

func (e *requestError) Error() string {
	return "magento: " + e.method + " " + e.endpoint + ": " +
		strings.TrimPrefix(e.err.Error(), "magento: ")
}

func (e *requestError) Unwrap() error { return e.err }

// Get sends a GET request for endpoint and decodes the answer into out.
func (c *Client) Get(ctx context.Context, endpoint string, out any) error {
	return c.Do(ctx, &Request{Method: "GET", Endpoint: endpoint}, out)
}

// Post sends body to endpoint with POST and decodes the answer into out.
func (c *Client) Post(ctx context.Context, endpoint string, body, out any) error {
	return c.Do(ctx, &Request{Method: "POST", Endpoint: endpoint, Body: body}, out)
}

// Put sends body to endpoint with PUT and decodes the answer into out.
func (c *Client) Put(ctx context.Context, endpoint string, body, out any) error {
	return c.Do(ctx, &Request{Method: "PUT", Endpoint: endpoint, Body: body}, out)
}

// Delete sends a DELETE request for endpoint and decodes the answer into
// out.
func (c *Client) Delete(ctx context.Context, endpoint string, out any) error {
	return c.Do(ctx, &Request{Method: "DELETE", Endpoint: endpoint}, out)
}
