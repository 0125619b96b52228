package main

import (
	"encoding/json"
	"net/http"

	"github.com/magetoken/magetoken/magento/magentotest"
)

// siteInfo is the body of GET /magetoken.json: what this server offers the
// page. The demo passwords are public; they belong to the fake store only.
type siteInfo struct {
	Demo   *demoInfo   `json:"demo"`
	Stores []storeInfo `json:"stores"`
}

// demoInfo says where the demo store is and which accounts it has.
type demoInfo struct {
	Path     string        `json:"path"`
	Accounts []demoAccount `json:"accounts"`
	CryptKey string        `json:"cryptKey"` // the demo store's crypt/key, public too
}

// demoAccount is one demo login; TwoFactorSecret is the Google
// Authenticator secret of an account with 2FA, public like the passwords.
type demoAccount struct {
	Username        string `json:"username"`
	Password        string `json:"password"`
	TwoFactor       bool   `json:"twoFactor"`
	TwoFactorSecret string `json:"twoFactorSecret,omitempty"`
}

// storeInfo is one proxied store and the path prefix that reaches it.
type storeInfo struct {
	URL    string `json:"url"`
	Prefix string `json:"prefix"`
}

// infoHandler answers GET /magetoken.json. The answer depends on the flags
// the server was started with, so it is never cached.
func infoHandler(demo bool, stores []*store) http.Handler {
	info := siteInfo{Stores: []storeInfo{}}
	if demo {
		info.Demo = &demoInfo{
			Path: demoPath,
			Accounts: []demoAccount{
				{Username: magentotest.DemoUser, Password: magentotest.DemoPassword},
				{Username: magentotest.Demo2FAUser, Password: magentotest.Demo2FAPassword,
					TwoFactor: true, TwoFactorSecret: magentotest.Demo2FASecret},
			},
			CryptKey: magentotest.DemoCryptKey,
		}
	}
	for _, st := range stores {
		info.Stores = append(info.Stores, storeInfo{URL: st.URL(), Prefix: st.Prefix()})
	}
	body, err := json.Marshal(info)
	if err != nil {
		panic(err) // plain structs of strings and bools always marshal
	}
	body = append(body, '\n')

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		if r.Method == http.MethodHead {
			return
		}
		w.Write(body)
	})
}
