package main

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/magetoken/magetoken/magento/magentotest"
)

func TestSiteInfo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		demo   bool
		stores []string
		want   siteInfo
	}{
		{name: "nothing", want: siteInfo{Stores: []storeInfo{}}},
		{name: "demo", demo: true, want: siteInfo{
			Demo: &demoInfo{Path: "/demo", CryptKey: magentotest.DemoCryptKey, Accounts: []demoAccount{
				{Username: magentotest.DemoUser, Password: magentotest.DemoPassword},
				{Username: magentotest.Demo2FAUser, Password: magentotest.Demo2FAPassword, TwoFactor: true,
					TwoFactorSecret: magentotest.Demo2FASecret},
			}},
			Stores: []storeInfo{},
		}},
		{name: "stores", stores: []string{"https://shop.example.com/magento/", "http://127.0.0.1:8081"},
			want: siteInfo{Stores: []storeInfo{
				{URL: "https://shop.example.com/magento", Prefix: "/proxy/shop.example.com/magento"},
				{URL: "http://127.0.0.1:8081", Prefix: "/proxy/127.0.0.1:8081"},
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := config{Demo: tt.demo}
			for _, s := range tt.stores {
				cfg.Stores = append(cfg.Stores, mustStore(t, s))
			}
			srv := newTestServer(t, cfg)

			res, body := get(t, srv.URL+"/magetoken.json", nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status = %d, want 200", res.StatusCode)
			}
			if got := res.Header.Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", got)
			}
			if got := res.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
			checkSecurityHeaders(t, "/magetoken.json", res.Header)

			want, err := json.Marshal(tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(body); got != string(want)+"\n" {
				t.Errorf("/magetoken.json = %s, want %s", got, want)
			}
		})
	}
}

func TestSiteInfoShape(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, config{})

	_, body := get(t, srv.URL+"/magetoken.json", nil)
	if got, want := string(body), `{"demo":null,"stores":[]}`+"\n"; got != want {
		t.Errorf("/magetoken.json without demo or stores = %q, want %q", got, want)
	}
	res, _ := do(t, http.MethodPost, srv.URL+"/magetoken.json", nil, "{}")
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /magetoken.json: status = %d, want 405", res.StatusCode)
	}
}
