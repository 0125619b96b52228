package magento_test

import (
	"testing"

	"github.com/magetoken/magetoken/magento"
)

func TestURLForScopes(t *testing.T) {
	t.Parallel()
	const root = "https://shop.example.com"
	none := []string(nil)
	tests := []struct {
		clientScope string
		arg         []string
		want        string
	}{
		{clientScope: "", arg: none, want: root + "/rest/V1/store/websites"},
		{clientScope: "", arg: []string{""}, want: root + "/rest/V1/store/websites"},
		{clientScope: "", arg: []string{"en"}, want: root + "/rest/en/V1/store/websites"},
		{clientScope: "default", arg: none, want: root + "/rest/default/V1/store/websites"},
		{clientScope: "default", arg: []string{""}, want: root + "/rest/V1/store/websites"},
		{clientScope: "default", arg: []string{"en"}, want: root + "/rest/en/V1/store/websites"},
		{clientScope: "all", arg: none, want: root + "/rest/all/V1/store/websites"},
		{clientScope: "all", arg: []string{""}, want: root + "/rest/V1/store/websites"},
		{clientScope: "all", arg: []string{"en"}, want: root + "/rest/en/V1/store/websites"},
	}
	for _, tt := range tests {
		c := &magento.Client{Domain: "shop.example.com", Scope: tt.clientScope}
		if got := c.URLFor("store/websites", tt.arg...); got != tt.want {
			t.Errorf("Client{Scope: %q}.URLFor(%q, %q) = %q, want %q",
				tt.clientScope, "store/websites", tt.arg, got, tt.want)
		}
	}
}

func TestURLFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		client   *magento.Client
		endpoint string
		want     string
	}{
		{
			name:     "query kept",
			client:   &magento.Client{Domain: "shop.example.com"},
			endpoint: "store/storeConfigs?storeCodes[]=default",
			want:     "https://shop.example.com/rest/V1/store/storeConfigs?storeCodes[]=default",
		},
		{
			name:     "leading slash",
			client:   &magento.Client{Domain: "shop.example.com"},
			endpoint: "/store/websites",
			want:     "https://shop.example.com/rest/V1/store/websites",
		},
		{
			name:     "V1 in the path is not replaced",
			client:   &magento.Client{Domain: "shop.example.com/V1shop", Scope: "en"},
			endpoint: "products/V1/x",
			want:     "https://shop.example.com/V1shop/rest/en/V1/products/V1/x",
		},
		{
			name:     "scope from a pasted URL",
			client:   &magento.Client{Domain: "https://shop.example.com/rest/fr/V1/"},
			endpoint: "store/websites",
			want:     "https://shop.example.com/rest/fr/V1/store/websites",
		},
		{
			name:     "client scope beats the pasted one",
			client:   &magento.Client{Domain: "https://shop.example.com/rest/fr/V1/", Scope: "en"},
			endpoint: "store/websites",
			want:     "https://shop.example.com/rest/en/V1/store/websites",
		},
		{
			name:     "local with port and path",
			client:   &magento.Client{Domain: "127.0.0.1:8080/magento", Local: true},
			endpoint: "store/websites",
			want:     "http://127.0.0.1:8080/magento/rest/V1/store/websites",
		},
		{
			name:     "invalid domain",
			client:   &magento.Client{Domain: "ftp://shop.example.com"},
			endpoint: "store/websites",
			want:     "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.client.URLFor(tt.endpoint); got != tt.want {
				t.Errorf("URLFor(%q) = %q, want %q", tt.endpoint, got, tt.want)
			}
		})
	}
}

func TestBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		domain string
		local  bool
		scope  string
		want   string
	}{
		{domain: "shop.example.com", want: "https://shop.example.com/rest/V1/"},
		{domain: "shop.example.com", scope: "default", want: "https://shop.example.com/rest/V1/"},
		{domain: "shop.example.com", local: true, want: "http://shop.example.com/rest/V1/"},
		{domain: "http://shop.example.com", want: "http://shop.example.com/rest/V1/"},
		{domain: "www.shop.example.com:8443/m/", want: "https://www.shop.example.com:8443/m/rest/V1/"},
		{domain: "shop.example.com/index.php/rest/V1", want: "https://shop.example.com/index.php/rest/V1/"},
		{domain: "https://shop.example.com/rest/default/V1/", want: "https://shop.example.com/rest/V1/"},
		{domain: "", want: ""},
	}
	for _, tt := range tests {
		c := &magento.Client{Domain: tt.domain, Local: tt.local, Scope: tt.scope}
		if got := c.BaseURL(); got != tt.want {
			t.Errorf("Client{Domain: %q, Local: %v, Scope: %q}.BaseURL() = %q, want %q",
				tt.domain, tt.local, tt.scope, got, tt.want)
		}
	}
}
