// Command server serves the magetoken page on the local machine.
//
//	go run ./server [-addr 127.0.0.1:8080] [-web web] [-demo] [-store URL]...
//	go run ./server -precompress web/main.wasm
//
// It serves the web folder with the right MIME types, a compressed
// main.wasm, revalidating caches and strict security headers. With -demo it
// mounts a fake Magento store at /demo/ and prints its accounts. Each -store
// URL adds a same-origin proxy for that one store at /proxy/<host><path>/,
// so the page can reach a store that sends no CORS headers.
//
// The first line on stdout is "magetoken serving http://ADDR/"; logs go to
// stderr. SIGINT or SIGTERM shuts the server down cleanly.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// shutdownTimeout bounds how long open requests may finish after a signal.
const shutdownTimeout = 5 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "magetoken:", err)
		os.Exit(1)
	}
}

// run parses args, listens, prints where it serves and serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if flags.precompress != "" {
		return precompress(flags.precompress)
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))

	cfg := config{Web: flags.web, Demo: flags.demo, Stores: flags.stores, Logger: logger}
	h, err := newHandler(cfg)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", flags.addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	addr := displayAddr(ln.Addr())
	if !isLoopback(ln.Addr()) {
		logger.Warn("listening on a non-loopback address: "+exposure(cfg),
			"addr", ln.Addr().String())
	}

	fmt.Fprintf(stdout, "magetoken serving http://%s/\n", addr)
	if cfg.Demo {
		printDemo(stdout, addr)
	}
	printStores(stdout, addr, cfg.Stores)
	h.warm()

	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	return serve(ctx, srv, ln, logger)
}

// serve runs srv on ln until ctx ends, then shuts it down gracefully.
func serve(ctx context.Context, srv *http.Server, ln net.Listener, logger *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}

	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// flagValues holds the parsed command line.
type flagValues struct {
	addr        string
	web         string
	demo        bool
	stores      []*store
	precompress string
}

// parseFlags parses the command line; usage and flag errors go to stderr.
func parseFlags(args []string, stderr io.Writer) (flagValues, error) {
	var v flagValues
	fs := flag.NewFlagSet("magetoken-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&v.addr, "addr", "127.0.0.1:8080",
		"`address` to listen on (port 0 picks a free port)")
	fs.StringVar(&v.web, "web", "web", "`folder` holding index.html and main.wasm")
	fs.BoolVar(&v.demo, "demo", false, "mount a fake Magento store with demo accounts at /demo/")
	fs.StringVar(&v.precompress, "precompress", "", "write `file`.br and file.gz at the best "+
		"compression, then exit instead of serving (the build runs it on main.wasm)")
	fs.Func("store", "proxy the store at `URL` (such as https://shop.example.com) at "+
		"/proxy/<host><path>/rest/...; repeat for more stores", func(s string) error {
		st, err := parseStore(s)
		if err != nil {
			return err
		}
		v.stores, err = addStore(v.stores, st)
		return err
	})
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: go run ./server [flags]\n\nflags:\n")
		fs.PrintDefaults()
	}

	if err := fs.Parse(args); err != nil {
		return v, err
	}
	if fs.NArg() > 0 {
		return v, fmt.Errorf("unexpected argument %q; stores are given with -store URL", fs.Arg(0))
	}
	return v, nil
}

// displayAddr is the host:port to print for a listener: a wildcard
// address is shown as 127.0.0.1 so that the printed URL can be opened.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if tcp.IP == nil || tcp.IP.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", fmt.Sprint(tcp.Port))
	}
	return tcp.String()
}

// exposure says what other machines can use when the server listens on a
// non-loopback address.
func exposure(cfg config) string {
	switch {
	case cfg.Demo && len(cfg.Stores) > 0:
		return "anyone who can reach it can use the demo store and the store proxy, " +
			"which are meant for one person on their own machine"
	case cfg.Demo:
		return "anyone who can reach it can use the demo store, which is meant for one " +
			"person on their own machine"
	case len(cfg.Stores) > 0:
		return "anyone who can reach it can send requests to the proxied stores, which is " +
			"meant for one person on their own machine"
	}
	return "anyone who can reach it can load the page"
}

// isLoopback reports whether the listener is reachable from this machine only.
func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP != nil && tcp.IP.IsLoopback()
}

// printStores tells which stores the proxy serves and at what prefix.
func printStores(w io.Writer, addr string, stores []*store) {
	for _, st := range stores {
		fmt.Fprintf(w, "proxy: %s at http://%s%s/ (choose the route through this server)\n",
			st.URL(), addr, st.Prefix())
	}
}
