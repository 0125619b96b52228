package main

import "testing"

func TestParseStore(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw        string
		wantURL    string
		wantPrefix string
	}{
		{raw: "https://shop.example.com", wantURL: "https://shop.example.com",
			wantPrefix: "/proxy/shop.example.com"},
		{raw: "shop.example.com", wantURL: "https://shop.example.com", wantPrefix: "/proxy/shop.example.com"},
		{raw: " HTTPS://Shop.Example.COM:443/ ", wantURL: "https://shop.example.com",
			wantPrefix: "/proxy/shop.example.com"},
		{raw: "http://127.0.0.1:8081/magento", wantURL: "http://127.0.0.1:8081/magento",
			wantPrefix: "/proxy/127.0.0.1:8081/magento"},
		{raw: "http://localhost:80/", wantURL: "http://localhost", wantPrefix: "/proxy/localhost"},
		{raw: "https://www.shop.example.com/magento/rest/V1/", wantURL: "https://www.shop.example.com/magento",
			wantPrefix: "/proxy/www.shop.example.com/magento"},
		{raw: "https://shop.example.com/rest/default/V1", wantURL: "https://shop.example.com",
			wantPrefix: "/proxy/shop.example.com"},
		{raw: "https://shop.example.com/rest", wantURL: "https://shop.example.com",
			wantPrefix: "/proxy/shop.example.com"},
		{raw: "https://shop.example.com/index.php/rest/V1", wantURL: "https://shop.example.com",
			wantPrefix: "/proxy/shop.example.com"},
		{raw: "https://shop.example.com/restaurant", wantURL: "https://shop.example.com/restaurant",
			wantPrefix: "/proxy/shop.example.com/restaurant"},
		{raw: "http://[::1]:8080/m", wantURL: "http://[::1]:8080/m", wantPrefix: "/proxy/[::1]:8080/m"},
	}
	for _, tt := range tests {
		st, err := parseStore(tt.raw)
		if err != nil {
			t.Errorf("parseStore(%q) = %v", tt.raw, err)
			continue
		}
		if got := st.URL(); got != tt.wantURL {
			t.Errorf("parseStore(%q).URL() = %q, want %q", tt.raw, got, tt.wantURL)
		}
		if got := st.Prefix(); got != tt.wantPrefix {
			t.Errorf("parseStore(%q).Prefix() = %q, want %q", tt.raw, got, tt.wantPrefix)
		}
	}
}

func TestParseStoreRefuses(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		"", "https://", "ftp://shop.example.com", "https://user:pw@shop.example.com",
		"https://shop.example.com/?a=1", "https://shop.example.com/#top", "https://shop.example.com/a/../b",
		"https://shop.example.com/a//b", "https://shop.example.com/a%2fb", `https://shop.example.com/a\b`,
	} {
		if st, err := parseStore(raw); err == nil {
			t.Errorf("parseStore(%q) = %s, want an error", raw, st.URL())
		}
	}
}

func TestAddStore(t *testing.T) {
	t.Parallel()
	a := mustStore(t, "https://shop.example.com")
	stores, err := addStore(nil, a)
	if err != nil {
		t.Fatal(err)
	}
	stores, err = addStore(stores, mustStore(t, "https://shop.example.com/"))
	if err != nil || len(stores) != 1 {
		t.Errorf("adding the same store twice: %d stores, %v; want 1, nil", len(stores), err)
	}
	if _, err := addStore(stores, mustStore(t, "http://shop.example.com")); err == nil {
		t.Errorf("adding http:// beside https:// for one host: no error, want one")
	}
}
