// Package magentotest is a fake Magento 2.4.4+ REST store for tests and
// demos, in the spirit of net/http/httptest.
//
// A Store answers the admin REST API the way a real store does on the wire:
// the same routing order, status codes and JSON error bodies, key order
// included, and the same JSON escaping as PHP's json_encode. It covers:
//
//   - store-code routing: /rest/V1/..., /rest/<code>/V1/..., /rest/all/V1/...
//     and the same under /index.php/rest/; an unknown code stays in the path
//     and ends in 404 "Request does not match any route.";
//   - the method check (only GET, POST, PUT and DELETE; anything else, a CORS
//     preflight included, is 400 "Request method is invalid.") unless
//     SetCORS models a CORS module;
//   - POST /V1/integration/admin/token with every refusal Magento gives, and
//     the token-request throttle: six failures for a username lock it until
//     30 minutes after the last failure;
//   - two-factor authentication (SetTwoFactor) with its refusals and
//     POST /V1/tfa/provider/google/authenticate with real TOTP codes;
//   - HS256 JWTs exactly as Magento issues them (header, claim order, key
//     derivation from the crypt key), expiry, per-user revocation, and the
//     opaque 32-character tokens of stores before 2.4.4 (SetOpaqueTokens);
//   - per-user ACL, where a missing, bad, expired or revoked token and a role
//     without the resource all get the same 401;
//   - GET /V1/store/websites, /V1/store/storeViews and /V1/store/storeConfigs;
//   - faults on demand (SetFault): 500 bodies, HTML error pages, slow answers,
//     connections closed mid-body, huge and raw bodies.
//
// Every answer is logged (method, path without query, status) for tests to
// count calls; passwords and tokens never appear in the log.
//
// Handler serves paths that begin with /rest/ or /index.php/rest/; mount it
// under a base path with http.StripPrefix. Transport runs the handler in
// process, without sockets, so the magento package's tests also run under
// GOOS=js. NewDemoStore builds the store that the local server mounts, with
// the accounts documented at DemoUser.
package magentotest
