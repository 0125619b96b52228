//go:build js && !nethttp

package magento_test

import (
	"context"
	"errors"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/magetoken/magetoken/magento"
)

// withFetch replaces the global fetch with a JavaScript function made from
// body (arguments url and init) for the test's duration. Tests that use it
// must not run in parallel.
func withFetch(t *testing.T, body string) {
	t.Helper()
	saved := js.Global().Get("fetch")
	js.Global().Set("fetch", js.Global().Get("Function").New("url", "init", body))
	t.Cleanup(func() { js.Global().Set("fetch", saved) })
}

func TestFetchAbort(t *testing.T) {
	withFetch(t, `return new Promise((resolve, reject) => {
		init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
	});`)
	c := &magento.Client{Domain: "shop.example.com", Token: "tok"}

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Validate(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "did not answer in time") {
		t.Errorf("Validate() = %v, want a timeout error", err)
	}
}

func TestFetchTypeError(t *testing.T) {
	withFetch(t, `return Promise.reject(new TypeError("Failed to fetch"));`)
	c := &magento.Client{Domain: "shop.example.com", Token: "tok"}

	_, err := c.Validate(t.Context())
	if !errors.Is(err, magento.ErrNetwork) || !strings.Contains(err.Error(), "CORS") ||
		!strings.Contains(err.Error(), "shop.example.com") {
		t.Errorf("Validate() = %v, want ErrNetwork naming the host and CORS", err)
	}
}

func TestFetchHeaders(t *testing.T) {
	withFetch(t, `globalThis.lastInit = init; globalThis.lastURL = url;
		return Promise.resolve(new Response('[{"id":1,"code":"base","name":"Main","default_group_id":1}]',
			{status: 200, headers: {"Content-Type": "application/json"}}));`)
	c := &magento.Client{Domain: "shop.example.com", Token: "tok", UserAgent: "agent"}

	ws, err := c.Validate(t.Context())
	if err != nil || len(ws) != 1 || ws[0].Code != "base" {
		t.Fatalf("Validate() = %+v, %v, want one website", ws, err)
	}
	init := js.Global().Get("lastInit")
	h := init.Get("headers")
	if got := h.Get("Authorization").String(); got != "Bearer tok" {
		t.Errorf("Authorization = %q, want %q", got, "Bearer tok")
	}
	if ua := h.Get("User-Agent"); !ua.IsUndefined() {
		t.Errorf("User-Agent = %v, want none (browsers refuse it)", ua)
	}
	if got := init.Get("credentials").String(); got != "omit" {
		t.Errorf("credentials = %q, want omit", got)
	}
	if got := js.Global().Get("lastURL").String(); got != "https://shop.example.com/rest/V1/store/websites" {
		t.Errorf("URL = %q", got)
	}
}

func TestFetchBodyLimit(t *testing.T) {
	withFetch(t, `return Promise.resolve(new Response(new Uint8Array(3000), {status: 200}));`)
	c := &magento.Client{Domain: "shop.example.com", Token: "tok"}

	err := c.Do(t.Context(), &magento.Request{Endpoint: "store/websites", MaxBody: 1000}, nil)
	if !errors.Is(err, magento.ErrResponseTooLarge) {
		t.Errorf("Do() = %v, want ErrResponseTooLarge", err)
	}
}

func TestFetchRealNetworkError(t *testing.T) {
	c := &magento.Client{Domain: "http://127.0.0.1:1", Token: "tok"}
	_, err := c.Validate(t.Context())
	if !errors.Is(err, magento.ErrNetwork) {
		t.Errorf("Validate() = %v, want ErrNetwork", err)
	}
}

func TestFetchCanceledBefore(t *testing.T) {
	c := &magento.Client{Domain: "shop.example.com", Token: "tok"}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.Validate(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Validate() = %v, want context.Canceled", err)
	}
}
