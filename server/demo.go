package main

import (
	"fmt"
	"io"
	"net/http"

	"github.com/magetoken/magetoken/magento/magentotest"
)

// demoPath is where the demo store is mounted. The page's domain for it is
// host:port/demo over http, so the store's REST API is at /demo/rest/....
const demoPath = "/demo"

// demoMaxBody bounds a request body to the demo store.
const demoMaxBody = 1 << 20

// demoHandler serves a fresh fake Magento store with the demo accounts
// below /demo/. The store lives as long as the server; its tokens and
// lockouts are in memory only.
func demoHandler() http.Handler {
	store := magentotest.NewDemoStore()
	return http.MaxBytesHandler(http.StripPrefix(demoPath, store.Handler()), demoMaxBody)
}

// printDemo tells on stdout how to log in to the demo store served at addr.
func printDemo(w io.Writer, addr string) {
	secret := magentotest.Demo2FASecret
	fmt.Fprintf(w, "demo store: type the domain %s%s and choose http\n", addr, demoPath)
	fmt.Fprintf(w, "  admin without 2FA: username %s, password %s\n",
		magentotest.DemoUser, magentotest.DemoPassword)
	fmt.Fprintf(w, "  admin with 2FA:    username %s, password %s\n",
		magentotest.Demo2FAUser, magentotest.Demo2FAPassword)
	fmt.Fprintf(w, "  2FA secret:        %s\n", secret)
	fmt.Fprintf(w, "  get a code: add the secret to any authenticator app, "+
		"or run: oathtool --totp -b %s\n", secret)
	fmt.Fprintf(w, "  crypt key to check token signatures: %s\n", magentotest.DemoCryptKey)
}
