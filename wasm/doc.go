//go:build js && wasm

// Command wasm is the magetoken page's WebAssembly module: a thin adapter
// that exposes package magento to JavaScript as one global namespace,
// magetoken. Build it with
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o web/main.wasm ./wasm
//
// and load it with the wasm_exec.js of the same Go release.
//
// # Readiness
//
// When the namespace is registered the module sets window.magetokenReady to
// true and dispatches the event "magetoken:ready" on document. The module
// never exits: every entry point recovers its panics.
//
// # JavaScript API
//
// Synchronous functions never throw. Network functions return a Promise; the
// work runs in a goroutine, never inside the JavaScript callback.
//
// The fields of object arguments are read with Reflect.get through
// syscall/js's Value.Call, which catches what JavaScript throws: a getter or
// a Proxy trap that throws makes the call fail with kind invalidInput (an
// Error result, or a rejected Promise) instead of throwing, and the thrown
// value is dropped unread. Options of decodeToken that cannot be read fall
// back to their defaults. A BigInt where a string, number, boolean or object
// is expected is invalidInput too; syscall/js cannot tell its type.
//
//	magetoken.version
//	    The module's version: "devel", or what the build set with
//	    -ldflags='-X main.buildVersion=...'.
//
//	magetoken.parseDomain(text) -> {domain, local, scope, error}
//	    Cleans a pasted store address: domain is host[:port][/path], local
//	    is true for an explicit http://, scope is a store code found in a
//	    pasted /rest/<code>/V1 URL. error is "" or why the text is not a
//	    store address.
//
//	magetoken.decodeToken(text, {nowMs?, leewaySeconds?}) -> TokenView
//	    Normalises and decodes a token, and checks its time claims at nowMs
//	    (default: now) with the leeway (default 0). TokenView:
//	      status          "valid", "expired", "notyet", "nonadmin",
//	                      "encrypted", "opaque", "broken" or "empty"
//	      statusText      the status in a sentence
//	      kind            "jwt", "jwe", "opaque" or "unknown"
//	      token           the normalised token, to send; "" when unusable
//	      cleaned[]       what normalising removed, in words
//	      headerJSON, claimsJSON              the decoded parts, indented
//	      headerError, claimsError, signatureError   "" or the part's problem
//	      userId, userType, userTypeName      uid and utypid ("admin", ...)
//	      issuedAtMs, expiresAtMs, notBeforeMs   milliseconds, or null
//	      warnings[]      things an administrator should know
//
//	magetoken.verifySignature(token, cryptKey) -> {ok, error, kind, title, hint}
//	    Checks an HS256 signature with the store's crypt/key. The key is
//	    not kept. kind is "" when ok, else "badSignature", "missingKey" or
//	    "malformedToken"; title and hint say why in plain words, and error
//	    is the technical message.
//
//	magetoken.login(settings, username, password)
//	    -> Promise<{token, websites[]}>
//	magetoken.loginWithCode(settings, username, password, otp)
//	    -> Promise<{token, websites[]}>
//	    Sign in (with a Google Authenticator code), validate the new token
//	    and list the websites. A website is {id, code, name,
//	    defaultGroupId}.
//
//	magetoken.validate(settings, token)
//	    -> Promise<{websites[], storeViews[], storeViewsError}>
//	    Checks the token against the store. A store view is {id, code,
//	    name, websiteId, storeGroupId, isActive}; storeViewsError is "" or
//	    why the store views could not be listed.
//
//	magetoken.cancel() -> number
//	    Cancels every network call in flight; returns how many. Their
//	    Promises reject with kind "canceled".
//
//	magetoken.exportConfig(config, includePassword) -> string | Error
//	    Writes MyMagento's configuration JSON. config: {domain, username,
//	    password, scope, userAgent, local, token, logLevel, logFile}; the
//	    password is written only when includePassword is true. On failure
//	    the result is an Error as below, not a string.
//
//	magetoken.importConfig(text) -> {config, warnings[], errors[]}
//	    Reads MyMagento's configuration JSON. config has the keys of
//	    exportConfig plus login, and is null when errors is not empty; each
//	    error and warning is a sentence that names its key.
//
// settings is {domain, local, scope, userAgent, route, proxyPrefix}. route
// "direct" (the default) sends requests from the browser to the store;
// "server" sends them to this page's server, which forwards them:
// https://shop.example.com/magento/rest/V1/x goes to
// <proxyPrefix>/shop.example.com/magento/rest/V1/x. proxyPrefix defaults to
// <location.origin>/proxy; one starting with "/" is taken on this origin.
//
// # Errors
//
// Rejected Promises, and the Error objects sync functions return, are
// JavaScript Errors with these properties:
//
//	kind             badCredentials, twoFactorRequired, twoFactorNotConfigured,
//	                 invalidCode, unauthorized, tokenDisabled, noRoute,
//	                 network, timeout, canceled, tooLarge, invalidDomain,
//	                 malformedToken, noCredentials, noToken, invalidInput,
//	                 server or internal
//	title            what happened, in a sentence
//	hint             what to do next, in an administrator's words
//	status           the HTTP status, or 0
//	activeProviders  the 2FA providers the account has set up, or []
//	providers        the 2FA providers the store requires, or []
//	token            a token the store issued even though the call failed
//	                 (login only: the new token failed the check), or ""
//	storeMessage     what the store (or this page's server, forwarding)
//	                 said in Magento's error envelope, or ""; "" as well
//	                 for twoFactorRequired, whose hint says what to do
//	details          the technical message for a collapsed box, or "" when
//	                 it would only repeat the title and the hint
//
// The message is the whole technical error chain. It never contains a
// password, a crypt key or a token; nor do the other fields, but token.
package main
