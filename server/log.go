package main

import (
	"log/slog"
	"net/http"
	"time"
)

// accessLog logs one line per request: method, path, status, duration and
// bytes written. It never logs query strings, headers or bodies, where
// tokens and passwords travel.
func accessLog(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		defer func() {
			logger.Info("request",
				"method", r.Method,
				"path", r.URL.Path,
				"status", rec.statusCode(),
				"duration", time.Since(start).Round(time.Microsecond),
				"bytes", rec.bytes)
		}()
		next.ServeHTTP(rec, r)
	})
}

// recorder remembers the status and counts the bytes of an answer.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// WriteHeader records the status.
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 && code >= 200 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Write counts the bytes written.
func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter {
	return r.ResponseWriter
}

// statusCode is the status sent, or 200 when the handler wrote nothing.
func (r *recorder) statusCode() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}
