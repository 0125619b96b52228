package magentotest

import (
	"net/http"
	"slices"
)

// LoggedRequest is one request the store answered.
type LoggedRequest struct {
	Method string

	// Path is the request path as the handler saw it, without the query
	// (which may carry secrets): "/rest/fr/V1/store/websites".
	Path string

	// Status is the status answered; 0 when the client went away before
	// the answer.
	Status int
}

// Requests returns the requests answered so far, oldest first.
func (s *Store) Requests() []LoggedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// ResetRequests empties the request log.
func (s *Store) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

func (s *Store) logRequest(r *http.Request, w *statusWriter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests,
		LoggedRequest{Method: r.Method, Path: r.URL.Path, Status: w.status})
}

// statusWriter remembers the status written through it.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
}
