package magento

// DefaultTransport returns the Transport a Client uses when its Transport is
// nil: net/http natively, the browser's fetch in js/wasm. Wrap it to change
// requests on their way, such as to send them through a proxy.
func DefaultTransport() Transport { return defaultTransport }
