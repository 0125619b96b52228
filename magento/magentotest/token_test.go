package magentotest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestTokenIsGuestWhenUnusable(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	good := login(t, s, "admin", "secret-1")
	other := NewStore()
	other.SetClock(newClock(1700000000).Now)
	other.SetCryptKey("another key")
	other.AddUser(User{Username: "admin", Password: "x", ID: 1})
	otherKey, _ := other.IssueToken("admin")

	tests := []struct {
		name          string
		authorization string
		status        int
	}{
		{name: "valid", authorization: "Bearer " + good, status: 200},
		{name: "scheme in any case", authorization: "bEaReR " + good, status: 200},
		{name: "no header", authorization: "", status: 401},
		{name: "two spaces", authorization: "Bearer  " + good, status: 401},
		{name: "no scheme", authorization: good, status: 401},
		{name: "other scheme", authorization: "Basic " + good, status: 401},
		{name: "trailing part", authorization: "Bearer " + good + " x", status: 401},
		{name: "garbage", authorization: "Bearer invalid", status: 401},
		{name: "other crypt key", authorization: "Bearer " + otherKey, status: 401},
		{name: "altered payload", authorization: "Bearer " + alterPayload(good), status: 401},
		{name: "customer token", authorization: "Bearer " + signJWT(DefaultCryptKey,
			[]byte(jwtHeader),
			[]byte(`{"uid":1,"utypid":3,"iat":1700000000,"exp":1700003600}`)), status: 401},
		{name: "missing iat", authorization: "Bearer " + signJWT(DefaultCryptKey,
			[]byte(jwtHeader), []byte(`{"uid":1,"utypid":2,"exp":1700003600}`)), status: 401},
		{name: "unknown user", authorization: "Bearer " + signJWT(DefaultCryptKey,
			[]byte(jwtHeader), []byte(`{"uid":9,"utypid":2,"iat":1700000000,"exp":1700003600}`)),
			status: 401},
		{name: "alg none", authorization: "Bearer " +
			base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." +
			strings.Split(good, ".")[1] + ".", status: 401},
		{name: "resigned with other alg claim", authorization: "Bearer " + signJWT(DefaultCryptKey,
			[]byte(`{"kid":"1","alg":"HS512"}`),
			[]byte(`{"uid":1,"utypid":2,"iat":1700000000,"exp":1700003600}`)), status: 401},
		{name: "no kid is fine", authorization: "Bearer " + signJWT(DefaultCryptKey,
			[]byte(`{"alg":"HS256"}`),
			[]byte(`{"uid":1,"utypid":2,"iat":1700000000,"exp":1700003600}`)), status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := serve(t, s, http.MethodGet, "/rest/V1/store/websites", "",
				"Authorization", tt.authorization)
			if tt.status == 401 {
				checkAnswer(t, w, 401, bodyNotAllowedTo)
			} else if w.Code != tt.status {
				t.Errorf("status = %d, want %d", w.Code, tt.status)
			}
		})
	}
}

// alterPayload changes the uid of a token without signing it again.
func alterPayload(token string) string {
	parts := strings.Split(token, ".")
	parts[1] = base64.RawURLEncoding.EncodeToString(
		[]byte(`{"uid":2,"utypid":2,"iat":1700000000,"exp":1700003600}`))
	return strings.Join(parts, ".")
}

func TestTokenClaims(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		lifetime time.Duration
		set      bool // call SetTokenLifetime(lifetime)
		wantTTL  int64
	}{
		{name: "default 60 minutes", wantTTL: 3600},
		{name: "one day", lifetime: 24 * time.Hour, set: true, wantTTL: 86400},
		{name: "zero means 30 minutes", lifetime: 0, set: true, wantTTL: 1800},
		{name: "negative means 30 minutes", lifetime: -time.Minute, set: true, wantTTL: 1800},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := testStore(t)
			s.AddUser(User{Username: "second", Password: "secret-2", ID: 42})
			if tt.set {
				s.SetTokenLifetime(tt.lifetime)
			}
			tok := login(t, s, "second", "secret-2")
			parts := strings.Split(tok, ".")
			if len(parts) != 3 {
				t.Fatalf("token has %d parts, want 3", len(parts))
			}
			header, _ := base64.RawURLEncoding.DecodeString(parts[0])
			payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
			if string(header) != `{"kid":"1","alg":"HS256"}` {
				t.Errorf("header = %s, want {\"kid\":\"1\",\"alg\":\"HS256\"}", header)
			}
			want := `{"uid":42,"utypid":2,"iat":1700000000,"exp":` +
				jsonInt(1700000000+tt.wantTTL) + `}`
			if string(payload) != want {
				t.Errorf("payload = %s, want %s", payload, want)
			}
		})
	}
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestTokenExpiry(t *testing.T) {
	t.Parallel()
	s, clock := testStore(t)
	tok := login(t, s, "admin", "secret-1")

	clock.Add(3599 * time.Second)
	if got := getWebsites(t, s, tok); got != http.StatusOK {
		t.Errorf("GET websites at exp-1 = %d, want 200", got)
	}
	clock.Add(time.Second)
	if got := getWebsites(t, s, tok); got != http.StatusUnauthorized {
		t.Errorf("GET websites at exp = %d, want 401", got)
	}
}

func TestCryptKeyChange(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	tok := login(t, s, "admin", "secret-1")
	s.SetCryptKey("a new key after rotation")
	if got := getWebsites(t, s, tok); got != http.StatusUnauthorized {
		t.Errorf("GET websites with a token of the old key = %d, want 401", got)
	}
	if got := getWebsites(t, s, login(t, s, "admin", "secret-1")); got != http.StatusOK {
		t.Errorf("GET websites with a token of the new key = %d, want 200", got)
	}
}

func TestRevoke(t *testing.T) {
	t.Parallel()
	s, clock := testStore(t)
	s.AddUser(User{Username: "other", Password: "secret-2"})
	old := login(t, s, "admin", "secret-1")
	otherTok := login(t, s, "other", "secret-2")

	clock.Add(10 * time.Second)
	sameSecond := login(t, s, "admin", "secret-1")
	s.Revoke("admin")
	s.Revoke("nobody")

	tests := []struct {
		name  string
		token string
		want  int
	}{
		{name: "issued before", token: old, want: http.StatusUnauthorized},
		{name: "issued in the second of the revocation", token: sameSecond, want: http.StatusOK},
		{name: "other user", token: otherTok, want: http.StatusOK},
	}
	for _, tt := range tests {
		if got := getWebsites(t, s, tt.token); got != tt.want {
			t.Errorf("%s: GET websites = %d, want %d", tt.name, got, tt.want)
		}
	}

	clock.Add(time.Second)
	if got := getWebsites(t, s, login(t, s, "admin", "secret-1")); got != http.StatusOK {
		t.Errorf("new token after revocation: GET websites = %d, want 200", got)
	}
}

func TestDeactivationRevokes(t *testing.T) {
	t.Parallel()
	s, clock := testStore(t)
	tok := login(t, s, "admin", "secret-1")
	clock.Add(time.Minute)
	s.AddUser(User{Username: "admin", Password: "secret-1", Inactive: true})
	s.AddUser(User{Username: "admin", Password: "secret-1"})
	if got := getWebsites(t, s, tok); got != http.StatusUnauthorized {
		t.Errorf("GET websites after deactivation and reactivation = %d, want 401", got)
	}
}

func TestOpaqueRevokeAndUpgrade(t *testing.T) {
	t.Parallel()
	s, clock := testStore(t)
	s.SetOpaqueTokens(true)
	first := login(t, s, "admin", "secret-1")
	second := login(t, s, "admin", "secret-1")
	if first == second {
		t.Fatalf("two logins gave the same opaque token")
	}

	s.SetOpaqueTokens(false)
	if got := getWebsites(t, s, first); got != http.StatusOK {
		t.Errorf("opaque token after the upgrade to JWT: GET websites = %d, want 200", got)
	}
	s.Revoke("admin")
	if got := getWebsites(t, s, second); got != http.StatusUnauthorized {
		t.Errorf("opaque token after Revoke: GET websites = %d, want 401", got)
	}

	s.SetOpaqueTokens(true)
	s.SetTokenLifetime(0)
	never := login(t, s, "admin", "secret-1")
	clock.Add(1000 * time.Hour)
	if got := getWebsites(t, s, never); got != http.StatusOK {
		t.Errorf("opaque token with no lifetime after 1000 h: GET websites = %d, want 200", got)
	}
}

func TestIssueTokenUnknownUser(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	if tok, err := s.IssueToken("nobody"); err == nil {
		t.Errorf("IssueToken(nobody) = %q, nil, want an error", tok)
	}
}

func TestACLPerUser(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		user   User
		status int
	}{
		{name: "all", user: User{}, status: 200},
		{name: "Magento_Backend::all", user: User{Resources: []string{"Magento_Backend::all"}},
			status: 200},
		{name: "store", user: User{Resources: []string{"Magento_Catalog::products",
			"Magento_Backend::store"}}, status: 200},
		{name: "other resources only", user: User{Resources: []string{"Magento_Catalog::products"}},
			status: 401},
		{name: "empty role", user: User{Resources: []string{}}, status: 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := testStore(t)
			u := tt.user
			u.Username, u.Password = "limited", "secret-3"
			s.AddUser(u)
			tok := login(t, s, "limited", "secret-3")
			for _, path := range []string{"/rest/V1/store/websites", "/rest/V1/store/storeViews",
				"/rest/V1/store/storeConfigs"} {
				w := serve(t, s, http.MethodGet, path, "", "Authorization", "Bearer "+tok)
				if w.Code != tt.status {
					t.Errorf("GET %s = %d, want %d", path, w.Code, tt.status)
				}
				if tt.status == 401 {
					checkAnswer(t, w, 401, bodyNotAllowedTo)
				}
			}
		})
	}
}

func TestNoRoleTokenIsRefused(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	tok, _ := s.IssueToken("admin")
	s.AddUser(User{Username: "admin", Password: "secret-1", NoRole: true})
	if got := getWebsites(t, s, tok); got != http.StatusUnauthorized {
		t.Errorf("GET websites with a token of a user without role = %d, want 401", got)
	}
}
