//go:build !js

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// wasmBudget is the most main.wasm may weigh as the server sends it to a
// browser, brotli-compressed (quality 11, written by the build).
//
// About 1.04 MB of it comes from importing golang-jwt/jwt/v5 with
// encoding/json: jwt registers its RSA, ECDSA and EdDSA methods, whose
// crypto packages (and crypto/x509) stay in the binary although only HMAC
// is used. The same page over net/http instead of fetch weighs about
// 2.2 MB. The budget leaves about 2% above the current size, so that
// growth is a decision, not an accident.
const wasmBudget = 1_225_000

// served is one file as the server sent it.
type served struct {
	body     []byte // as sent, still encoded
	encoding string // Content-Encoding, "" for none
	mime     string // Content-Type
}

// fetchServed gets url asking for the given content coding ("identity" for
// none), and returns the body as it came over the wire, not decoded.
func fetchServed(ctx context.Context, url, coding string) (served, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return served{}, err
	}
	req.Header.Set("Accept-Encoding", coding)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		return served{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return served{}, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return served{}, fmt.Errorf("GET %s: %w", url, err)
	}
	return served{body: body, encoding: resp.Header.Get("Content-Encoding"),
		mime: resp.Header.Get("Content-Type")}, nil
}

// TestWasmSizeBudget checks the weight of main.wasm as the server sends it
// to a browser that accepts brotli, which is what an administrator waits
// for.
func TestWasmSizeBudget(t *testing.T) {
	t.Parallel()
	url := env.pageURL + "main.wasm"
	raw, err := fetchServed(t.Context(), url, "identity")
	if err != nil {
		t.Fatal(err)
	}
	br, err := fetchServed(t.Context(), url, "br")
	if err != nil {
		t.Fatal(err)
	}

	if br.encoding != "br" || br.mime != "application/wasm" {
		t.Fatalf("GET main.wasm with Accept-Encoding: br = Content-Encoding %q, Content-Type %q, "+
			"want br and application/wasm", br.encoding, br.mime)
	}
	decoded, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br.body)))
	if err != nil || !bytes.Equal(decoded, raw.body) {
		t.Fatalf("the brotli main.wasm decodes to %d bytes (%v), want the %d bytes of main.wasm",
			len(decoded), err, len(raw.body))
	}
	if n := len(br.body); n > wasmBudget {
		t.Errorf("main.wasm is sent as %d bytes of brotli (%d raw), over the budget of %d",
			n, len(raw.body), wasmBudget)
	}
	t.Logf("main.wasm: %d bytes raw, %d bytes as sent with brotli (budget %d)",
		len(raw.body), len(br.body), wasmBudget)
}
