package magento_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/magetoken/magetoken/magento"
)

func TestParseDomain(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want magento.Domain
	}{
		{in: "shop.example.com", want: magento.Domain{Host: "shop.example.com"}},
		{in: "  Shop.Example.COM \n", want: magento.Domain{Host: "shop.example.com"}},
		{in: "https://shop.example.com/", want: magento.Domain{Host: "shop.example.com"}},
		{in: "HTTPS://shop.example.com", want: magento.Domain{Host: "shop.example.com"}},
		{in: "http://shop.example.com", want: magento.Domain{Host: "shop.example.com", HTTP: true}},
		{in: "www.shop.example.com", want: magento.Domain{Host: "www.shop.example.com"}},
		{in: "shop.example.com:8080", want: magento.Domain{Host: "shop.example.com:8080"}},
		{in: "127.0.0.1:8080/magento", want: magento.Domain{Host: "127.0.0.1:8080", Path: "/magento"}},
		{in: "shop.example.com/Magento/Store/", want: magento.Domain{Host: "shop.example.com", Path: "/Magento/Store"}},
		{in: "https://admin:s3cret@shop.example.com/", want: magento.Domain{Host: "shop.example.com"}},
		{in: "shop.example.com/?a=b#top", want: magento.Domain{Host: "shop.example.com"}},
		{in: "shop.example.com/m#frag?x", want: magento.Domain{Host: "shop.example.com", Path: "/m"}},
		{in: "shop.example.com/rest", want: magento.Domain{Host: "shop.example.com"}},
		{in: "shop.example.com/rest/V1", want: magento.Domain{Host: "shop.example.com"}},
		{in: "https://shop.example.com/rest/V1/", want: magento.Domain{Host: "shop.example.com"}},
		{in: "https://shop.example.com/rest/V1/store/websites?x=1", want: magento.Domain{Host: "shop.example.com"}},
		{in: "https://shop.example.com/rest/default/V1/", want: magento.Domain{Host: "shop.example.com", Scope: "default"}},
		{in: "shop.example.com/m/rest/en/V1/products", want: magento.Domain{Host: "shop.example.com", Path: "/m", Scope: "en"}},
		{in: "shop.example.com/index.php/rest/V1", want: magento.Domain{Host: "shop.example.com", Path: "/index.php"}},
		{in: "http://[::1]:8080/magento", want: magento.Domain{Host: "[::1]:8080", Path: "/magento", HTTP: true}},
		{in: "[::1]:8080", want: magento.Domain{Host: "[::1]:8080"}},
		{in: "[2001:DB8::1]", want: magento.Domain{Host: "[2001:db8::1]"}},
		{in: "localhost:80", want: magento.Domain{Host: "localhost:80"}},
		{in: "bücher.example", want: magento.Domain{Host: "bücher.example"}},
		{
			in:   "shop.example.com" + strings.Repeat("/m", 1016),
			want: magento.Domain{Host: "shop.example.com", Path: strings.Repeat("/m", 1016)},
		},
	}
	for _, tt := range tests {
		got, err := magento.ParseDomain(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDomain(%q) = %+v, %v, want %+v, nil", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDomainInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		wantText string // part of the message
	}{
		{in: "", wantText: "empty"},
		{in: "   ", wantText: "empty"},
		{in: "ftp://shop.example.com", wantText: `scheme "ftp"`},
		{in: "shop example.com", wantText: "space"},
		{in: "shop.example.com/my store", wantText: "space"},
		{in: "shop.example.com:http", wantText: "port"},
		{in: "shop.example.com:0", wantText: "port"},
		{in: "shop.example.com:65536", wantText: "port"},
		{in: "shop.example.com:", wantText: "port"},
		{in: "https://", wantText: "no host"},
		{in: "/magento", wantText: "no host"},
		{in: ":8080", wantText: "no host"},
		{in: "::1", wantText: "brackets"},
		{in: "[::1", wantText: "closing ]"},
		{in: "[nonsense]:80", wantText: "IPv6"},
		{in: "shop..example.com", wantText: "not a host name"},
		{in: "shop<b>.com", wantText: "contains"},
		{in: `shop.example.com\magento`, wantText: "backslash"},
		{in: "https://admin:s3cret@shop example.com", wantText: "space"},
		{in: "shop.example.com" + strings.Repeat("/m", 1017), wantText: "at most 2048 bytes"},
		{in: strings.Repeat("a", 10<<20) + ".example.com", wantText: "at most 2048 bytes"},
		{in: strings.Repeat("Ⱥ", 1000) + ".example", wantText: "at most 2048 bytes"},
		{in: "shop\u200b.example.com", wantText: "invisible character U+200B"},
		{in: "\ufeffshop.example.com", wantText: "invisible character U+FEFF"},
		{in: "shop.example.com/mag\u00adento", wantText: "invisible character U+00AD"},
		{in: "shop.example.com/?q=\u200d", wantText: "invisible character U+200D"},
		{in: "https://admin:s3cret\u2060@shop.example.com", wantText: "invisible character U+2060"},
	}
	for _, tt := range tests {
		got, err := magento.ParseDomain(tt.in)
		if !errors.Is(err, magento.ErrInvalidDomain) {
			t.Errorf("ParseDomain(%q) = %+v, %v, want error wrapping ErrInvalidDomain", tt.in, got, err)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tt.wantText) || !strings.HasPrefix(msg, "magento: ") {
			t.Errorf("ParseDomain(%q) error = %q, want it to start with \"magento: \" and contain %q",
				tt.in, msg, tt.wantText)
		}
		if strings.Contains(msg, "s3cret") {
			t.Errorf("ParseDomain(%q) error = %q, repeats the password", tt.in, msg)
		}
	}
}

func TestDomainString(t *testing.T) {
	t.Parallel()
	d := magento.Domain{Host: "shop.example.com:8080", Path: "/magento", HTTP: true, Scope: "en"}
	if got, want := d.String(), "shop.example.com:8080/magento"; got != want {
		t.Errorf("Domain.String() = %q, want %q", got, want)
	}
}
