package magento

import (
	"context"
	"net/url"
	"strings"
)

// Website is an entry of GET store/websites. The list includes the admin
// website, ID 0.
type Website struct {
	ID             int    `json:"id"`
	Code           string `json:"code"`
	Name           string `json:"name"`
	DefaultGroupID int    `json:"default_group_id"`
}

// StoreView is an entry of GET store/storeViews. The list includes the
// admin store view, ID 0.
type StoreView struct {
	ID           int    `json:"id"`
	Code         string `json:"code"`
	Name         string `json:"name"`
	WebsiteID    int    `json:"website_id"`
	StoreGroupID int    `json:"store_group_id"`
	IsActive     int    `json:"is_active"`
}

// StoreConfig is an entry of GET store/storeConfigs: a store view's locale,
// currencies and base URLs.
type StoreConfig struct {
	ID                         int    `json:"id"`
	Code                       string `json:"code"`
	WebsiteID                  int    `json:"website_id"`
	Locale                     string `json:"locale"`
	BaseCurrencyCode           string `json:"base_currency_code"`
	DefaultDisplayCurrencyCode string `json:"default_display_currency_code"`
	Timezone                   string `json:"timezone"`
	WeightUnit                 string `json:"weight_unit"`
	BaseURL                    string `json:"base_url"`
	BaseLinkURL                string `json:"base_link_url"`
	BaseStaticURL              string `json:"base_static_url"`
	BaseMediaURL               string `json:"base_media_url"`
	SecureBaseURL              string `json:"secure_base_url"`
	SecureBaseLinkURL          string `json:"secure_base_link_url"`
	SecureBaseStaticURL        string `json:"secure_base_static_url"`
	SecureBaseMediaURL         string `json:"secure_base_media_url"`
}

// StoreViews returns the store views (GET store/storeViews).
func (c *Client) StoreViews(ctx context.Context) ([]StoreView, error) {
	var views []StoreView
	if err := c.Get(ctx, "store/storeViews", &views); err != nil {
		return nil, err
	}
	return views, nil
}

// StoreConfigs returns the configuration of the store views with the given
// codes, or of every store view but admin when none is given
// (GET store/storeConfigs?storeCodes[]=...).
func (c *Client) StoreConfigs(ctx context.Context, codes ...string) ([]StoreConfig, error) {
	endpoint := "store/storeConfigs"
	if len(codes) > 0 {
		q := make([]string, len(codes))
		for i, code := range codes {
			q[i] = "storeCodes[]=" + url.QueryEscape(code)
		}
		endpoint += "?" + strings.Join(q, "&")
	}

	var configs []StoreConfig
	if err := c.Get(ctx, endpoint, &configs); err != nil {
		return nil, err
	}
	return configs, nil
}
