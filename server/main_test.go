package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/magetoken/magetoken/magento/magentotest"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// started is a server that run is serving.
type started struct {
	url    string      // http://127.0.0.1:PORT
	lines  chan string // stdout after the first line
	stderr *syncBuffer
	stop   func() error
}

// startRun runs the program with args and waits for its first stdout line.
func startRun(t *testing.T, args ...string) *started {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	outR, outW := io.Pipe()
	stderr := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, outW, stderr)
		outW.Close()
	}()

	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()

	var first string
	select {
	case first = <-lines:
	case err := <-done:
		cancel()
		t.Fatalf("run returned before serving: %v; stderr:\n%s", err, stderr)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("no line on stdout within 10s")
	}
	serving := regexp.MustCompile(`^magetoken serving (http://127\.0\.0\.1:[1-9][0-9]*)/$`)
	m := serving.FindStringSubmatch(first)
	if m == nil {
		cancel()
		t.Fatalf("first stdout line = %q, want magetoken serving http://127.0.0.1:PORT/", first)
	}

	s := &started{url: m[1], lines: lines, stderr: stderr}
	var once sync.Once
	var runErr error
	s.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(10 * time.Second):
				runErr = errors.New("run did not return within 10s of the cancel")
			}
		})
		return runErr
	}
	t.Cleanup(func() { s.stop() })
	return s
}

// rest reads the stdout lines written so far after the first.
func (s *started) rest() string {
	var b strings.Builder
	for {
		select {
		case l, ok := <-s.lines:
			if !ok {
				return b.String()
			}
			b.WriteString(l + "\n")
		case <-time.After(200 * time.Millisecond):
			return b.String()
		}
	}
}

func TestRunServesAndStops(t *testing.T) {
	t.Parallel()
	s := startRun(t, "-addr", "127.0.0.1:0", "-web", newTestWeb(t))

	res, body := get(t, s.url+"/", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "<title>magetoken</title>") {
		t.Errorf("GET /: status %d, body %.60q…, want the index page", res.StatusCode, body)
	}
	if err := s.stop(); err != nil {
		t.Errorf("run after cancel = %v, want nil", err)
	}
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(s.url, "http://"), time.Second); err == nil {
		t.Errorf("the port still accepts connections after the shutdown")
	}
	log := s.stderr.String()
	if !strings.Contains(log, "msg=request method=GET path=/ status=200") {
		t.Errorf("stderr has no request log line:\n%s", log)
	}
}

func TestRunDemoAndStores(t *testing.T) {
	t.Parallel()
	s := startRun(t, "-addr", "127.0.0.1:0", "-web", newTestWeb(t), "-demo",
		"-store", "https://shop.example.com/magento/rest/V1/", "-store", "http://127.0.0.1:9/")
	host := strings.TrimPrefix(s.url, "http://")

	out := s.rest()
	for _, want := range []string{
		"type the domain " + host + "/demo and choose http",
		magentotest.DemoUser, magentotest.DemoPassword, magentotest.Demo2FAUser,
		magentotest.Demo2FAPassword, "oathtool --totp -b " + magentotest.Demo2FASecret,
		"proxy: https://shop.example.com/magento at " + s.url + "/proxy/shop.example.com/magento/",
		"proxy: http://127.0.0.1:9 at " + s.url + "/proxy/127.0.0.1:9/",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout does not contain %q:\n%s", want, out)
		}
	}

	_, body := get(t, s.url+"/magetoken.json", nil)
	if !strings.Contains(string(body), `"path":"/demo"`) ||
		!strings.Contains(string(body), `"prefix":"/proxy/shop.example.com/magento"`) {
		t.Errorf("/magetoken.json = %s, want the demo and the store", body)
	}
}

func TestRunLogsNoSecrets(t *testing.T) {
	t.Parallel()
	u := newUpstream(t, websites)
	s := startRun(t, "-addr", "127.0.0.1:0", "-web", newTestWeb(t), "-store", u.srv.URL)

	res, _ := get(t, s.url+"/proxy/"+u.host()+"/rest/V1/store/websites?searchCriteria=QUERYSECRET",
		http.Header{"Authorization": {"Bearer TOKENSECRET"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("proxied GET: status = %d, want 200", res.StatusCode)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	log := s.stderr.String()
	for _, secret := range []string{"QUERYSECRET", "TOKENSECRET", "searchCriteria"} {
		if strings.Contains(log, secret) {
			t.Errorf("stderr contains %q:\n%s", secret, log)
		}
	}
	if !strings.Contains(log, "msg=proxy method=GET store=http://"+u.host()+
		" path=/rest/V1/store/websites status=200") {
		t.Errorf("stderr has no proxy log line:\n%s", log)
	}
}

func TestRunRefusesBadArguments(t *testing.T) {
	t.Parallel()
	web := newTestWeb(t)
	tests := []struct {
		name string
		args []string
		want string // part of the error; "" means flag.ErrHelp
	}{
		{name: "help", args: []string{"-h"}},
		{name: "unknown flag", args: []string{"-nope"}, want: "not defined"},
		{name: "stray argument", args: []string{"-web", web, "https://shop.example.com"}, want: "-store URL"},
		{name: "store scheme", args: []string{"-store", "ftp://shop.example.com"}, want: "https://"},
		{name: "store user", args: []string{"-store", "https://a:b@shop.example.com"}, want: "user name"},
		{name: "store query", args: []string{"-store", "https://shop.example.com/?a=1"}, want: "query"},
		{name: "store dot dot", args: []string{"-store", "https://shop.example.com/a/../b"},
			want: "plain segments"},
		{name: "store two schemes", args: []string{"-store", "https://shop.example.com", "-store",
			"http://shop.example.com"}, want: "share the prefix"},
		{name: "no web folder", args: []string{"-web", web + "/missing"}, want: "no index.html"},
		{name: "bad address", args: []string{"-web", web, "-addr", "127.0.0.1:notaport"}, want: "notaport"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), tt.args, &stdout, &stderr)
			switch {
			case tt.want == "" && !errors.Is(err, flag.ErrHelp):
				t.Errorf("run(%q) = %v, want flag.ErrHelp", tt.args, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("run(%q) = %v, want an error about %q", tt.args, err, tt.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("run(%q) wrote to stdout: %q", tt.args, stdout.String())
			}
		})
	}
}

func TestDisplayAddr(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr     *net.TCPAddr
		want     string
		loopback bool
	}{
		{addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, want: "127.0.0.1:8080", loopback: true},
		{addr: &net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, want: "[::1]:8080", loopback: true},
		{addr: &net.TCPAddr{IP: net.IPv4zero, Port: 8080}, want: "127.0.0.1:8080"},
		{addr: &net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, want: "127.0.0.1:8080"},
		{addr: &net.TCPAddr{IP: net.IPv4(192, 168, 1, 2), Port: 80}, want: "192.168.1.2:80"},
	}
	for _, tt := range tests {
		if got := displayAddr(tt.addr); got != tt.want {
			t.Errorf("displayAddr(%v) = %q, want %q", tt.addr, got, tt.want)
		}
		if got := isLoopback(tt.addr); got != tt.loopback {
			t.Errorf("isLoopback(%v) = %v, want %v", tt.addr, got, tt.loopback)
		}
	}
}

func TestExposure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		cfg          config
		want, absent string
	}{
		{name: "demo only", cfg: config{Demo: true}, want: "demo store", absent: "proxy"},
		{name: "stores only", cfg: config{Stores: []*store{{}}}, want: "proxied stores",
			absent: "demo"},
		{name: "both", cfg: config{Demo: true, Stores: []*store{{}}}, want: "demo store and the store proxy"},
		{name: "page only", cfg: config{}, want: "load the page", absent: "demo"},
	}
	for _, tt := range tests {
		got := exposure(tt.cfg)
		if !strings.Contains(got, tt.want) || (tt.absent != "" && strings.Contains(got, tt.absent)) {
			t.Errorf("%s: exposure() = %q, want it to mention %q and not %q", tt.name, got,
				tt.want, tt.absent)
		}
	}
}
