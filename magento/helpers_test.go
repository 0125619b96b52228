package magento_test

import (
	"context"
	"sync"
	"testing"

	"github.com/magetoken/magetoken/magento"
)

// stub is a Transport that gives one canned answer and records requests.
type stub struct {
	status int
	header map[string]string
	body   string

	mu   sync.Mutex
	reqs []*magento.HTTPRequest
}

func (s *stub) RoundTrip(_ context.Context, req *magento.HTTPRequest) (*magento.HTTPResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, req)
	return &magento.HTTPResponse{Status: s.status, Header: s.header, Body: []byte(s.body)}, nil
}

// requests returns the requests the stub saw.
func (s *stub) requests() []*magento.HTTPRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*magento.HTTPRequest(nil), s.reqs...)
}

// stubClient returns a client with a token whose transport always answers
// status with a body of the given content type.
func stubClient(t *testing.T, status int, contentType, body string) (*magento.Client, *stub) {
	t.Helper()
	s := &stub{status: status, body: body, header: map[string]string{}}
	if contentType != "" {
		s.header["content-type"] = contentType
	}
	return &magento.Client{Domain: "shop.example.com", Token: "tok", Transport: s}, s
}

const jsonType = "application/json; charset=utf-8"
