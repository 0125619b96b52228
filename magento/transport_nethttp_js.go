//go:build js && nethttp

package magento

// With the nethttp build tag, the js/wasm build sends with net/http, through
// the same httpTransport as the native build (transport_native.go), instead
// of calling the browser's fetch itself (transport_js.go). net/http then
// calls fetch on its own, with the same bounded read and the same errors.
//
// The tag exists to measure what net/http costs in main.wasm:
//
//	GOOS=js GOARCH=wasm go build -tags nethttp ./wasm
//
// Without it, the js build links no net/http.
var _ Transport = (*httpTransport)(nil)
