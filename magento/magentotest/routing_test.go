package magentotest

import (
	"net/http"
	"strings"
	"testing"
)

func TestRouting(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	token := login(t, s, "admin", "secret-1")
	auth := []string{"Authorization", "Bearer " + token}

	tests := []struct {
		name   string
		method string
		path   string
		header []string
		status int
		body   string
	}{
		{name: "no token", method: "GET", path: "/rest/V1/store/websites",
			status: 401, body: bodyNotAllowedTo},
		{name: "token", method: "GET", path: "/rest/V1/store/websites", header: auth,
			status: 200, body: bodyWebsites},
		{name: "query ignored", method: "GET", path: "/rest/V1/store/websites?x=1", header: auth,
			status: 200, body: bodyWebsites},
		{name: "trailing slash", method: "GET", path: "/rest/V1/store/websites/", header: auth,
			status: 200, body: bodyWebsites},
		{name: "default store code", method: "GET", path: "/rest/default/V1/store/websites",
			header: auth, status: 200, body: bodyWebsites},
		{name: "second store code", method: "GET", path: "/rest/fr/V1/store/websites",
			header: auth, status: 200, body: bodyWebsites},
		{name: "all", method: "GET", path: "/rest/all/V1/store/websites",
			header: auth, status: 200, body: bodyWebsites},
		{name: "index.php", method: "GET", path: "/index.php/rest/V1/store/websites",
			header: auth, status: 200, body: bodyWebsites},
		{name: "index.php with store code", method: "GET",
			path: "/index.php/rest/fr/V1/store/websites", header: auth, status: 200, body: bodyWebsites},
		{name: "unknown store code", method: "GET", path: "/rest/nosuch/V1/store/websites",
			header: auth, status: 404, body: bodyNoRoute},
		{name: "unknown store code without token", method: "GET",
			path: "/rest/nosuch/V1/store/websites", status: 404, body: bodyNoRoute},
		{name: "admin is no store code", method: "GET", path: "/rest/admin/V1/store/websites",
			header: auth, status: 404, body: bodyNoRoute},
		{name: "two store codes", method: "GET", path: "/rest/fr/default/V1/store/websites",
			header: auth, status: 404, body: bodyNoRoute},
		{name: "unknown route", method: "GET", path: "/rest/V1/nosuch", status: 404, body: bodyNoRoute},
		{name: "no version", method: "GET", path: "/rest/store/websites", header: auth,
			status: 404, body: bodyNoRoute},
		{name: "bare rest", method: "GET", path: "/rest/", status: 404, body: bodyNoRoute},
		{name: "GET on token route", method: "GET", path: "/rest/V1/integration/admin/token",
			status: 404, body: bodyNoRoute},
		{name: "POST on websites", method: "POST", path: "/rest/V1/store/websites", header: auth,
			status: 404, body: bodyNoRoute},
		{name: "PUT on token route", method: "PUT", path: "/rest/V1/integration/admin/token",
			status: 404, body: bodyNoRoute},
		{name: "2FA route with 2FA off", method: "POST",
			path: "/rest/V1/tfa/provider/google/authenticate", status: 404, body: bodyNoRoute},
		{name: "OPTIONS", method: "OPTIONS", path: "/rest/V1/integration/admin/token",
			header: []string{"Origin", "https://page.example"}, status: 400, body: bodyBadMethod},
		{name: "PATCH", method: "PATCH", path: "/rest/V1/store/websites", header: auth,
			status: 400, body: bodyBadMethod},
		{name: "method check before route", method: "PATCH", path: "/rest/V1/nosuch",
			status: 400, body: bodyBadMethod},
		{name: "method check after store code", method: "OPTIONS", path: "/rest/nosuch/V1/x",
			status: 400, body: bodyBadMethod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := serve(t, s, tt.method, tt.path, "", tt.header...)
			checkAnswer(t, w, tt.status, tt.body)
			if got := w.Header().Get("Access-Control-Allow-Origin"); got != "" {
				t.Errorf("Access-Control-Allow-Origin = %q without CORS mode, want none", got)
			}
		})
	}
}

func TestHEADIsRefused(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	w := serve(t, s, http.MethodHead, "/rest/V1/store/websites", "")
	if w.Code != http.StatusBadRequest {
		t.Errorf("HEAD status = %d, want 400", w.Code)
	}
}

func TestNonRESTPathIsHTML(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	for _, path := range []string{"/", "/admin", "/restful/V1/store/websites", "/V1/store/websites"} {
		w := serve(t, s, http.MethodGet, path, "")
		if w.Code != http.StatusNotFound || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			t.Errorf("GET %s = %d %q, want 404 text/html", path, w.Code, w.Header().Get("Content-Type"))
		}
	}
}

func TestCORS(t *testing.T) {
	t.Parallel()
	const origin = "https://page.example"

	tests := []struct {
		name      string
		cors      bool
		method    string
		status    int
		allowed   string
		preflight bool
	}{
		{name: "preflight without CORS", cors: false, method: "OPTIONS", status: 400},
		{name: "preflight with CORS", cors: true, method: "OPTIONS", status: 204,
			allowed: origin, preflight: true},
		{name: "POST without CORS", cors: false, method: "POST", status: 200},
		{name: "POST with CORS", cors: true, method: "POST", status: 200, allowed: origin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := testStore(t)
			s.SetCORS(tt.cors)
			body := ""
			if tt.method == "POST" {
				body = `{"username":"admin","password":"secret-1"}`
			}
			w := serve(t, s, tt.method, "/rest/V1/integration/admin/token", body,
				"Origin", origin, "Access-Control-Request-Method", "POST")
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d (%s)", w.Code, tt.status, w.Body)
			}
			h := w.Header()
			if got := h.Get("Access-Control-Allow-Origin"); got != tt.allowed {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tt.allowed)
			}
			if tt.cors && h.Get("Vary") != "Origin" {
				t.Errorf("Vary = %q, want Origin", h.Get("Vary"))
			}
			gotPreflight := h.Get("Access-Control-Allow-Methods") != "" &&
				strings.Contains(h.Get("Access-Control-Allow-Headers"), "Authorization") &&
				h.Get("Access-Control-Max-Age") != ""
			if gotPreflight != tt.preflight {
				t.Errorf("preflight headers present = %v, want %v (%v)", gotPreflight, tt.preflight, h)
			}
		})
	}
}

func TestSplitStoreCode(t *testing.T) {
	t.Parallel()
	s := NewStore()
	tests := []struct {
		path, store, rest string
	}{
		{path: "/V1/store/websites", store: "", rest: "/V1/store/websites"},
		{path: "/default/V1/x", store: "default", rest: "/V1/x"},
		{path: "/fr/V1/x", store: "fr", rest: "/V1/x"},
		{path: "/all/V1/x", store: "all", rest: "/V1/x"},
		{path: "/admin/V1/x", store: "", rest: "/admin/V1/x"},
		{path: "/FR/V1/x", store: "", rest: "/FR/V1/x"},
		{path: "/fr", store: "", rest: "/fr"},
	}
	for _, tt := range tests {
		store, rest := s.splitStoreCode(tt.path)
		if store != tt.store || rest != tt.rest {
			t.Errorf("splitStoreCode(%q) = %q, %q, want %q, %q", tt.path, store, rest, tt.store, tt.rest)
		}
	}
}

func TestAddedStoreViewIsAStoreCode(t *testing.T) {
	t.Parallel()
	s, _ := testStore(t)
	token := login(t, s, "admin", "secret-1")
	path := "/rest/en/V1/store/websites"
	if w := serve(t, s, "GET", path, "", "Authorization", "Bearer "+token); w.Code != 404 {
		t.Fatalf("GET %s before AddStoreView = %d, want 404", path, w.Code)
	}
	s.AddStoreView(StoreView{Code: "en", Name: "English", WebsiteID: 1, StoreGroupID: 1})
	if w := serve(t, s, "GET", path, "", "Authorization", "Bearer "+token); w.Code != 200 {
		t.Errorf("GET %s after AddStoreView = %d, want 200", path, w.Code)
	}
}
