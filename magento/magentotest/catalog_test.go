package magentotest

import (
	"net/http"
	"testing"
)

const (
	configDefault = `{"id":1,"code":"default","website_id":1,"locale":"en_US",` +
		`"base_currency_code":"USD","default_display_currency_code":"USD",` +
		`"timezone":"America\/Chicago","weight_unit":"lbs",` +
		`"base_url":"https:\/\/shop.example.com\/","base_link_url":"https:\/\/shop.example.com\/",` +
		`"base_static_url":"https:\/\/shop.example.com\/static\/version1700000000\/",` +
		`"base_media_url":"https:\/\/shop.example.com\/media\/",` +
		`"secure_base_url":"https:\/\/shop.example.com\/",` +
		`"secure_base_link_url":"https:\/\/shop.example.com\/",` +
		`"secure_base_static_url":"https:\/\/shop.example.com\/static\/version1700000000\/",` +
		`"secure_base_media_url":"https:\/\/shop.example.com\/media\/"}`
	configFR = `{"id":2,"code":"fr","website_id":1,"locale":"fr_FR",` +
		`"base_currency_code":"USD","default_display_currency_code":"EUR",` +
		`"timezone":"Europe\/Paris","weight_unit":"lbs",` +
		`"base_url":"https:\/\/fr.shop.example.com\/","base_link_url":"https:\/\/fr.shop.example.com\/",` +
		`"base_static_url":"https:\/\/fr.shop.example.com\/static\/version1700000000\/",` +
		`"base_media_url":"https:\/\/fr.shop.example.com\/media\/",` +
		`"secure_base_url":"https:\/\/fr.shop.example.com\/",` +
		`"secure_base_link_url":"https:\/\/fr.shop.example.com\/",` +
		`"secure_base_static_url":"https:\/\/fr.shop.example.com\/static\/version1700000000\/",` +
		`"secure_base_media_url":"https:\/\/fr.shop.example.com\/media\/"}`
)

func TestStoreEndpoints(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	token := login(t, s, "admin", "secret-1")

	tests := []struct {
		path string
		want string
	}{
		{path: "/rest/V1/store/websites", want: bodyWebsites},
		{path: "/rest/V1/store/storeViews", want: `[` +
			`{"id":0,"code":"admin","name":"Admin","website_id":0,"store_group_id":0,"is_active":1},` +
			`{"id":1,"code":"default","name":"Default Store View","website_id":1,` +
			`"store_group_id":1,"is_active":1},` +
			`{"id":2,"code":"fr","name":"French Store View","website_id":1,` +
			`"store_group_id":1,"is_active":1}]`},
		{path: "/rest/V1/store/storeConfigs", want: `[` + configDefault + `,` + configFR + `]`},
		{path: "/rest/V1/store/storeConfigs?storeCodes[]=default", want: `[` + configDefault + `]`},
		{path: "/rest/V1/store/storeConfigs?storeCodes%5B%5D=fr", want: `[` + configFR + `]`},
		{path: "/rest/V1/store/storeConfigs?storeCodes[]=fr&storeCodes[]=nosuch&storeCodes[]=default",
			want: `[` + configDefault + `,` + configFR + `]`},
		{path: "/rest/V1/store/storeConfigs?storeCodes[0]=fr", want: `[` + configFR + `]`},
		{path: "/rest/V1/store/storeConfigs?store_codes[]=fr", want: `[` + configFR + `]`},
		{path: "/rest/V1/store/storeConfigs?storeCodes=default", want: `[` + configDefault + `]`},
		{path: "/rest/V1/store/storeConfigs?storeCodes[]=admin", want: `[]`},
		{path: "/rest/V1/store/storeConfigs?storeCodes[]=nosuch", want: `[]`},
		{path: "/rest/fr/V1/store/storeConfigs?storeCodes[]=default", want: `[` + configDefault + `]`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			w := serve(t, s, http.MethodGet, tt.path, "", "Authorization", "Bearer "+token)
			checkAnswer(t, w, http.StatusOK, tt.want)
			if got := w.Header().Get("X-Frame-Options"); got != "SAMEORIGIN" {
				t.Errorf("X-Frame-Options = %q, want SAMEORIGIN", got)
			}
		})
	}
}

func TestAddWebsiteAndStoreView(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	s.AddWebsite(Website{ID: 2, Code: "second", Name: "Second", DefaultGroupID: 2})
	s.AddWebsite(Website{ID: 1, Code: "base", Name: "Renamed", DefaultGroupID: 1})
	s.AddStoreView(StoreView{Code: "old", Name: "Old", WebsiteID: 2, StoreGroupID: 2, Inactive: true})
	token := login(t, s, "admin", "secret-1")

	w := serve(t, s, http.MethodGet, "/rest/V1/store/websites", "", "Authorization", "Bearer "+token)
	checkAnswer(t, w, http.StatusOK, `[{"id":0,"code":"admin","name":"Admin","default_group_id":0},`+
		`{"id":1,"code":"base","name":"Renamed","default_group_id":1},`+
		`{"id":2,"code":"second","name":"Second","default_group_id":2}]`)

	w = serve(t, s, http.MethodGet, "/rest/old/V1/store/storeViews", "", "Authorization", "Bearer "+token)
	want := `{"id":3,"code":"old","name":"Old","website_id":2,"store_group_id":2,"is_active":0}]`
	if w.Code != http.StatusOK || w.Body.String()[w.Body.Len()-len(want):] != want {
		t.Errorf("storeViews through an inactive view's code = %d %s, want it to end with %s",
			w.Code, w.Body, want)
	}
}
