package magentotest

import (
	"net/http/httptest"
	"testing"
)

// NewServer starts an HTTP server for the store, closed when the test ends.
// The store's domain is the server's host:port, over http.
func NewServer(tb testing.TB, s *Store) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(s.Handler())
	tb.Cleanup(srv.Close)
	return srv
}
