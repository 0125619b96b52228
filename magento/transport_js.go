//go:build js && !nethttp

package magento

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"syscall/js"
)

// defaultTransport calls the browser's fetch, so that net/http is not
// linked into the WebAssembly binary.
var defaultTransport Transport = fetchTransport{}

// fetchTransport is the js/wasm Transport. It must be called from a
// goroutine that may block, never from inside a js.FuncOf callback: it
// waits for fetch's promises on channels.
//
// It does not send User-Agent, which browsers do not let a page set. It
// sends no cookies (credentials "omit") and follows redirects as the
// browser does.
type fetchTransport struct{}

// RoundTrip sends req with fetch, aborting it through an AbortController
// when ctx ends, and reads the body in chunks up to its limit.
func (fetchTransport) RoundTrip(ctx context.Context, req *HTTPRequest) (*HTTPResponse, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fetch := js.Global().Get("fetch")
	if fetch.Type() != js.TypeFunction {
		return nil, fmt.Errorf("%w: this JavaScript environment has no fetch", ErrNetwork)
	}
	host := hostOf(req.URL)

	controller := js.Global().Get("AbortController").New()
	init := js.Global().Get("Object").New()
	init.Set("method", req.Method)
	init.Set("credentials", "omit")
	init.Set("cache", "no-store")
	init.Set("signal", controller.Get("signal"))
	headers := js.Global().Get("Object").New()
	for k, v := range req.Header {
		if !strings.EqualFold(k, "User-Agent") {
			headers.Set(k, v)
		}
	}
	init.Set("headers", headers)
	if req.Body != nil {
		init.Set("body", string(req.Body))
	}

	resp, err := await(ctx, controller, fetch.Invoke(req.URL, init))
	if err != nil {
		return nil, fetchError(ctx, host, err)
	}

	limit := req.MaxBody
	if limit <= 0 {
		limit = DefaultMaxResponseBytes
	}
	header := readHeaders(resp.Get("headers"))
	if n, err := strconv.ParseInt(header["content-length"], 10, 64); err == nil && n > limit {
		controller.Call("abort")
		return nil, fmt.Errorf("%w: the answer is over %d bytes", ErrResponseTooLarge, limit)
	}
	body, err := readBody(ctx, controller, resp.Get("body"), limit)
	if err != nil {
		if errors.Is(err, ErrResponseTooLarge) {
			return nil, err
		}
		return nil, fetchError(ctx, host, err)
	}
	return &HTTPResponse{Status: resp.Get("status").Int(), Header: header, Body: body}, nil
}

// readHeaders copies a Headers object; fetch already lower-cases names.
func readHeaders(h js.Value) map[string]string {
	out := map[string]string{}
	if h.IsUndefined() || h.IsNull() {
		return out
	}
	each := js.FuncOf(func(_ js.Value, args []js.Value) any {
		out[strings.ToLower(args[1].String())] = args[0].String()
		return nil
	})
	defer each.Release()
	h.Call("forEach", each)
	return out
}

// readBody reads a ReadableStream chunk by chunk, stopping past limit.
func readBody(ctx context.Context, controller, stream js.Value, limit int64) ([]byte, error) {
	if stream.IsUndefined() || stream.IsNull() {
		return nil, nil
	}
	reader := stream.Call("getReader")
	var body []byte
	for {
		chunk, err := await(ctx, controller, reader.Call("read"))
		if err != nil {
			return nil, err
		}
		if chunk.Get("done").Bool() {
			return body, nil
		}
		value := chunk.Get("value")
		n := value.Get("length").Int()
		if int64(len(body)+n) > limit {
			reader.Call("cancel")
			return nil, fmt.Errorf("%w: the answer is over %d bytes", ErrResponseTooLarge, limit)
		}
		buf := make([]byte, n)
		js.CopyBytesToGo(buf, value)
		body = append(body, buf...)
	}
}

// jsError is a rejection from a promise.
type jsError struct {
	name, message string
}

func (e *jsError) Error() string {
	return e.name + ": " + e.message
}

// settled is how a promise ended.
type settled struct {
	value js.Value
	err   error
}

// await waits for promise on a channel. The callbacks only send on a
// buffered channel, so they never block the JavaScript event loop. When ctx
// ends first, it aborts the request and still waits for the promise to
// settle (an abort rejects it), so that the callbacks are released only
// after they ran.
func await(ctx context.Context, controller, promise js.Value) (js.Value, error) {
	ch := make(chan settled, 1)
	onResolve := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- settled{value: arg0(args)}
		return nil
	})
	defer onResolve.Release()
	onReject := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- settled{err: rejection(arg0(args))}
		return nil
	})
	defer onReject.Release()
	promise.Call("then", onResolve, onReject)

	select {
	case s := <-ch:
		return s.value, s.err
	case <-ctx.Done():
		controller.Call("abort")
		<-ch
		return js.Undefined(), ctx.Err()
	}
}

// arg0 returns the first argument, or undefined.
func arg0(args []js.Value) js.Value {
	if len(args) == 0 {
		return js.Undefined()
	}
	return args[0]
}

// rejection turns a rejected value, usually an Error, into a Go error.
func rejection(v js.Value) error {
	if v.Type() == js.TypeObject {
		name, msg := v.Get("name"), v.Get("message")
		if name.Type() == js.TypeString {
			e := &jsError{name: name.String()}
			if msg.Type() == js.TypeString {
				e.message = msg.String()
			}
			return e
		}
	}
	return &jsError{name: "Error", message: js.Global().Get("String").Invoke(v).String()}
}

// fetchError explains why fetch failed. fetch rejects with a bare TypeError
// for every network failure, cross-origin refusals included: the browser
// shows the real cause only in its console.
func fetchError(ctx context.Context, host string, err error) error {
	switch ctxErr := ctx.Err(); {
	case errors.Is(ctxErr, context.DeadlineExceeded):
		return fmt.Errorf("%s did not answer in time: %w", host, ctxErr)
	case ctxErr != nil:
		return fmt.Errorf("the request to %s was canceled: %w", host, ctxErr)
	}
	var je *jsError
	if errors.As(err, &je) && je.name == "TypeError" {
		return fmt.Errorf("%w: the browser blocked the request to %s or could not reach it (%s); "+
			"when this page is on another origin than the store, the most likely cause is "+
			"that the store does not allow cross-origin requests (CORS): use the server route, "+
			"or check the address and the network", ErrNetwork, host, je.message)
	}
	return fmt.Errorf("%w: the request to %s failed: %v", ErrNetwork, host, err)
}

// hostOf returns the host[:port] of an absolute URL, for messages.
func hostOf(rawURL string) string {
	s := rawURL
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	return s
}
