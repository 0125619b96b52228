package main

import "net/http"

// contentSecurityPolicy allows the page's own files, the WebAssembly
// compiler (wasm-unsafe-eval, not unsafe-eval) and requests to any store:
// in the direct route the page calls the store's REST API itself, so
// connect-src cannot be narrowed to 'self'. Nothing inline, no framing, no
// plugins, no forms posting elsewhere.
const contentSecurityPolicy = "default-src 'self'; " +
	"script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; " +
	"img-src 'self' data:; " +
	"connect-src 'self' https: http:; " +
	"frame-ancestors 'none'; " +
	"base-uri 'none'; " +
	"form-action 'none'; " +
	"object-src 'none'"

// securityHeaderValues are set on every answer: pages, files, errors, the
// demo store and the proxy.
var securityHeaderValues = map[string]string{
	"Content-Security-Policy":    contentSecurityPolicy,
	"X-Content-Type-Options":     "nosniff",
	"Referrer-Policy":            "no-referrer",
	"X-Frame-Options":            "DENY",
	"Cross-Origin-Opener-Policy": "same-origin",
}

// securityHeaders makes every answer carry securityHeaderValues. They are
// set before next runs and set again when the status is written, so that a
// handler cannot weaken them: the fake store, like Magento, sends
// X-Frame-Options: SAMEORIGIN of its own.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w.Header())
		next.ServeHTTP(&secureWriter{ResponseWriter: w}, r)
	})
}

func setSecurityHeaders(h http.Header) {
	for k, v := range securityHeaderValues {
		h.Set(k, v)
	}
}

// secureWriter sets the security headers again whenever a status is
// written, informational ones included.
type secureWriter struct {
	http.ResponseWriter
	sent bool
}

// WriteHeader sets the security headers, then writes the status.
func (w *secureWriter) WriteHeader(code int) {
	if !w.sent {
		setSecurityHeaders(w.Header())
		w.sent = code >= 200
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write writes the status first if the handler has not.
func (w *secureWriter) Write(p []byte) (int, error) {
	if !w.sent {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *secureWriter) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
}
