package magentotest

// The demo store's accounts. They are fixed and public: the demo runs on the
// developer's own machine and holds nothing.
const (
	// DemoUser logs in with DemoPassword alone: the demo exempts it from
	// two-factor authentication (see User.SkipTwoFactor).
	DemoUser     = "demo"
	DemoPassword = "demo-password-1"

	// Demo2FAUser logs in with Demo2FAPassword and a Google Authenticator
	// code for Demo2FASecret, through google/authenticate. Any TOTP app
	// takes the secret, or: oathtool --totp -b <secret>.
	Demo2FAUser     = "demo2fa"
	Demo2FAPassword = "demo-password-2"
	Demo2FASecret   = "MAGETOKENDEMOTWOFACTORSECRETKEY7"

	// DemoCryptKey is the demo store's crypt/key, so that the signature of
	// its tokens can be checked.
	DemoCryptKey = "4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a99"
)

// NewDemoStore returns the store that the local server mounts: two-factor
// authentication with Google forced, DemoUser exempt from it and
// Demo2FAUser enrolled, signed with DemoCryptKey, and a catalogue with two
// websites and four store views.
func NewDemoStore() *Store {
	s := NewStore()
	s.SetCryptKey(DemoCryptKey)
	s.SetTwoFactor(TwoFactorGoogle)
	s.AddUser(User{Username: DemoUser, Password: DemoPassword, ID: 1, SkipTwoFactor: true})
	s.AddUser(User{Username: Demo2FAUser, Password: Demo2FAPassword, ID: 2, TOTPSecret: Demo2FASecret})

	s.AddWebsite(Website{ID: 2, Code: "europe", Name: "Europe Website", DefaultGroupID: 2})
	s.AddStoreView(StoreView{ID: 3, Code: "de", Name: "Deutsch", WebsiteID: 2, StoreGroupID: 2,
		Locale: "de_DE", BaseCurrency: "EUR", DisplayCurrency: "EUR", Timezone: "Europe/Berlin",
		WeightUnit: "kgs", BaseURL: "https://de.shop.example.com/"})
	s.AddStoreView(StoreView{ID: 4, Code: "nl", Name: "Nederlands", WebsiteID: 2, StoreGroupID: 2,
		Inactive: true, Locale: "nl_NL", BaseCurrency: "EUR", DisplayCurrency: "EUR",
		Timezone: "Europe/Amsterdam", WeightUnit: "kgs", BaseURL: "https://nl.shop.example.com/"})
	return s
}
