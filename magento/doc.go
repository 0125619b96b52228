// Package magento is a client for the admin REST API of Magento 2 and Adobe
// Commerce stores, built to match the Python library MyMagento's Client and
// to run in a browser as WebAssembly.
//
// A Client holds the settings MyMagento's Client takes: domain, username,
// password, store view scope, http instead of https, user agent, token.
// Login signs in with the username and password and checks the token;
// when the store asks for two-factor authentication, LoginWithCode signs in
// with a Google Authenticator code. Requests go through one funnel, Do,
// that sends the bearer token and logs in again at most once when the
// store refuses it.
//
//	c := &magento.Client{
//		Domain:   "shop.example.com",
//		Username: "admin",
//		Password: password,
//	}
//	_, err := c.Login(ctx)
//	if errors.Is(err, magento.ErrTwoFactorRequired) {
//		_, err = c.LoginWithCode(ctx, code)
//	}
//	if err != nil {
//		return err
//	}
//	views, err := c.StoreViews(ctx)
//
// Errors from the store are an *Error carrying the status and Magento's
// message with its parameters filled in; errors.Is matches them against
// the package's sentinels, such as ErrBadCredentials or ErrUnauthorized.
//
// The package reaches the network only through a Transport. Natively the
// default uses net/http; built with GOOS=js GOARCH=wasm it calls the
// browser's fetch through syscall/js, so net/http is not linked into the
// WebAssembly binary. There, calls block until fetch answers: make them
// from a goroutine, never from inside a js.FuncOf callback. A page on
// another origin than the store can reach it only if the store allows
// cross-origin requests (core Magento does not).
package magento
