package magento_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/magetoken/magetoken/magento"
	"github.com/magetoken/magetoken/magento/magentotest"
)

func ExampleParseDomain() {
	d, err := magento.ParseDomain(" https://admin@www.shop.example.com:8443/magento/rest/default/V1/store/websites?x=1 ")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s scope=%q http=%v\n", d, d.Scope, d.HTTP)

	_, err = magento.ParseDomain("ftp://shop.example.com")
	fmt.Println(err)
	// Output:
	// www.shop.example.com:8443/magento scope="default" http=false
	// magento: invalid domain: the scheme "ftp" is not supported; type the address without it, such as shop.example.com, shop.example.com:8080/magento or https://shop.example.com
}

func ExampleClient_Login() {
	store := magentotest.NewStore()
	store.AddUser(magentotest.User{Username: "admin", Password: "admin-password-1"})

	c := &magento.Client{
		Domain:    "shop.example.com",
		Username:  "admin",
		Password:  "admin-password-1",
		Transport: store.Transport(), // nil sends to the real store
	}
	ctx := context.Background()
	if _, err := c.Login(ctx); errors.Is(err, magento.ErrTwoFactorRequired) {
		fmt.Println("ask for a code, then call LoginWithCode")
		return
	} else if err != nil {
		fmt.Println(err)
		return
	}

	websites, err := c.Validate(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range websites {
		fmt.Println(w.ID, w.Code, w.Name)
	}
	// Output:
	// 0 admin Admin
	// 1 base Main Website
}
