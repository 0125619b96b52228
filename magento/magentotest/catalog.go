package magentotest

import (
	"net/url"
	"slices"
	"strings"
)

// Website is a website of the store, as GET /V1/store/websites lists it.
type Website struct {
	ID             int
	Code, Name     string
	DefaultGroupID int
}

// StoreView is a store view of the store. It gives both its entry in
// GET /V1/store/storeViews and its entry in GET /V1/store/storeConfigs.
type StoreView struct {
	ID           int
	Code, Name   string
	WebsiteID    int
	StoreGroupID int
	Inactive     bool // is_active = 0

	// The store view's configuration.
	Locale          string // such as "en_US"
	BaseCurrency    string // such as "USD"
	DisplayCurrency string // such as "USD"
	Timezone        string // such as "America/Chicago"
	WeightUnit      string // "lbs" or "kgs"

	// BaseURL is the storefront's URL with a trailing slash, such as
	// "https://shop.example.com/"; the link, static and media URLs derive
	// from it.
	BaseURL string
}

// staticVersion is the static file signing segment of static URLs.
const staticVersion = "version1700000000/"

func defaultWebsites() []Website {
	return []Website{
		{ID: 0, Code: "admin", Name: "Admin", DefaultGroupID: 0},
		{ID: 1, Code: "base", Name: "Main Website", DefaultGroupID: 1},
	}
}

func defaultStoreViews() []StoreView {
	return []StoreView{
		{ID: 0, Code: "admin", Name: "Admin", Locale: "en_US", BaseCurrency: "USD",
			DisplayCurrency: "USD", Timezone: "America/Chicago", WeightUnit: "lbs",
			BaseURL: "https://shop.example.com/"},
		{ID: 1, Code: "default", Name: "Default Store View", WebsiteID: 1, StoreGroupID: 1,
			Locale: "en_US", BaseCurrency: "USD", DisplayCurrency: "USD",
			Timezone: "America/Chicago", WeightUnit: "lbs", BaseURL: "https://shop.example.com/"},
		{ID: 2, Code: "fr", Name: "French Store View", WebsiteID: 1, StoreGroupID: 1,
			Locale: "fr_FR", BaseCurrency: "USD", DisplayCurrency: "EUR",
			Timezone: "Europe/Paris", WeightUnit: "lbs", BaseURL: "https://fr.shop.example.com/"},
	}
}

// AddWebsite adds a website, or replaces the one with the same ID.
func (s *Store) AddWebsite(w Website) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.websites = slices.DeleteFunc(s.websites, func(o Website) bool { return o.ID == w.ID })
	s.websites = append(s.websites, w)
	slices.SortFunc(s.websites, func(a, b Website) int { return a.ID - b.ID })
}

// AddStoreView adds a store view, or replaces the one with the same code.
// A zero ID picks the next free ID. Its code becomes a valid store code in
// REST paths.
func (s *Store) AddStoreView(v StoreView) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v.ID == 0 && v.Code != "admin" {
		for _, o := range s.views {
			v.ID = max(v.ID, o.ID+1)
		}
	}
	s.views = slices.DeleteFunc(s.views, func(o StoreView) bool { return o.Code == v.Code })
	s.views = append(s.views, v)
	slices.SortFunc(s.views, func(a, b StoreView) int { return a.ID - b.ID })
}

// isStoreCode reports whether code is the code of a store view other than
// admin, active or not.
func (s *Store) isStoreCode(code string) bool {
	if code == "admin" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.ContainsFunc(s.views, func(v StoreView) bool { return v.Code == code })
}

// serveWebsites is GET /V1/store/websites, the admin website included.
func (s *Store) serveWebsites(*call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := make([]object, 0, len(s.websites))
	for _, w := range s.websites {
		list = append(list, object{
			{"id", w.ID}, {"code", w.Code}, {"name", w.Name}, {"default_group_id", w.DefaultGroupID},
		})
	}
	return jsonReply(list)
}

// serveStoreViews is GET /V1/store/storeViews, the admin store view
// included.
func (s *Store) serveStoreViews(*call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := make([]object, 0, len(s.views))
	for _, v := range s.views {
		active := 1
		if v.Inactive {
			active = 0
		}
		list = append(list, object{
			{"id", v.ID}, {"code", v.Code}, {"name", v.Name}, {"website_id", v.WebsiteID},
			{"store_group_id", v.StoreGroupID}, {"is_active", active},
		})
	}
	return jsonReply(list)
}

// serveStoreConfigs is GET /V1/store/storeConfigs with its optional filter
// storeCodes[]=code (repeatable). Without the filter it lists every store
// view but admin; unknown codes are left out.
func (s *Store) serveStoreConfigs(c *call) reply {
	codes, filtered := storeCodesFilter(c.r.URL.Query())

	s.mu.Lock()
	defer s.mu.Unlock()
	list := []object{}
	for _, v := range s.views {
		if v.ID == 0 || (filtered && !slices.Contains(codes, v.Code)) {
			continue
		}
		list = append(list, storeConfig(v))
	}
	return jsonReply(list)
}

// storeCodesFilter reads storeCodes[]=a&storeCodes[]=b, PHP's indexed form
// storeCodes[0]=a, a plain storeCodes=a, and the snake_case store_codes.
func storeCodesFilter(q url.Values) ([]string, bool) {
	var codes []string
	found := false
	for key, values := range q {
		name, _, _ := strings.Cut(key, "[")
		if name != "storeCodes" && name != "store_codes" {
			continue
		}
		found = true
		codes = append(codes, values...)
	}
	return codes, found
}

// storeConfig is a store view's entry in storeConfigs, with the 16 keys in
// Magento's order.
func storeConfig(v StoreView) object {
	static, media := v.BaseURL+"static/"+staticVersion, v.BaseURL+"media/"
	return object{
		{"id", v.ID}, {"code", v.Code}, {"website_id", v.WebsiteID}, {"locale", v.Locale},
		{"base_currency_code", v.BaseCurrency},
		{"default_display_currency_code", v.DisplayCurrency},
		{"timezone", v.Timezone}, {"weight_unit", v.WeightUnit},
		{"base_url", v.BaseURL}, {"base_link_url", v.BaseURL},
		{"base_static_url", static}, {"base_media_url", media},
		{"secure_base_url", v.BaseURL}, {"secure_base_link_url", v.BaseURL},
		{"secure_base_static_url", static}, {"secure_base_media_url", media},
	}
}
