//go:build js && wasm

package main

import (
	"syscall/js"
)

func main() {
	js.Global().Set("magetoken", namespace())
	signalReady()

	// The functions run as long as the page lives.
	select {}
}

// namespace builds the magetoken object. The js.Funcs are never released:
// they live as long as the page.
func namespace() js.Value {
	ns := js.Global().Get("Object").New()
	ns.Set("version", version())
	ns.Set("parseDomain", syncFunc(parseDomain))
	ns.Set("decodeToken", syncFunc(decodeToken))
	ns.Set("verifySignature", syncFunc(verifySignature))
	ns.Set("login", asyncFunc(login))
	ns.Set("loginWithCode", asyncFunc(loginWithCode))
	ns.Set("validate", asyncFunc(validate))
	ns.Set("cancel", syncFunc(cancelAll))
	ns.Set("exportConfig", syncFunc(exportConfig))
	ns.Set("importConfig", syncFunc(importConfig))
	return ns
}

// signalReady tells the page that the namespace is there.
func signalReady() {
	global := js.Global()
	global.Set("magetokenReady", true)
	doc := global.Get("document")
	if doc.Truthy() {
		doc.Call("dispatchEvent", global.Get("CustomEvent").New("magetoken:ready"))
	}
}

// buildVersion is the module's version; the build sets it with
// -ldflags='-X main.buildVersion=v1.2.3'. Reading it from
// runtime/debug.ReadBuildInfo instead would cost the page about 5 KB.
var buildVersion = "devel"

// version reports the module's version.
func version() string {
	return buildVersion
}
