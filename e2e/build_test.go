//go:build !js

package e2e

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// servingPrefix starts the first line the server prints on stdout.
const servingPrefix = "magetoken serving "

// buildOutputs are the files of web/ that a build makes; the copy of the page
// gets fresh ones.
var buildOutputs = map[string]bool{
	"main.wasm": true, "main.wasm.gz": true, "main.wasm.br": true, "wasm_exec.js": true,
}

// buildAll copies the page into dir/web, builds main.wasm into it with the
// matching wasm_exec.js, and builds the server as dir/server. The two builds
// run at the same time.
func buildAll(ctx context.Context, root, dir string) (web, serverBin string, err error) {
	src := os.Getenv("MAGETOKEN_E2E_WEB")
	if src == "" {
		src = filepath.Join(root, "web")
	}
	web = filepath.Join(dir, "web")
	if err := copyPage(src, web); err != nil {
		return "", "", err
	}

	serverBin = filepath.Join(dir, "server")
	wasmErr := make(chan error, 1)
	go func() {
		wasmErr <- goCommand(ctx, root, []string{"GOOS=js", "GOARCH=wasm"},
			"build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(web, "main.wasm"), "./wasm")
	}()
	serverErr := goCommand(ctx, root, nil, "build", "-o", serverBin, "./server")
	if err := errors.Join(<-wasmErr, serverErr); err != nil {
		return "", "", err
	}

	goroot, err := goEnv(ctx, root, "GOROOT")
	if err != nil {
		return "", "", err
	}
	wasmExec := filepath.Join(goroot, "lib", "wasm", "wasm_exec.js")
	if err := copyFile(wasmExec, filepath.Join(web, "wasm_exec.js")); err != nil {
		return "", "", err
	}

	// As make wasm does, so that the tests get main.wasm as a user does.
	cmd := exec.CommandContext(ctx, serverBin, "-precompress", filepath.Join(web, "main.wasm"))
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("server -precompress: %w\n%s", err, out)
	}
	return web, serverBin, nil
}

// goCommand runs the go command in dir with extra environment variables.
func goCommand(ctx context.Context, dir string, extraEnv []string, args ...string) error {
	cmd := exec.CommandContext(ctx, goTool(), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), extraEnv...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s go %s: %w\n%s", strings.Join(extraEnv, " "), strings.Join(args, " "), err, out)
	}
	return nil
}

// goEnv returns one variable of go env.
func goEnv(ctx context.Context, dir, name string) (string, error) {
	cmd := exec.CommandContext(ctx, goTool(), "env", name)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// goTool returns the go command that runs this test, or the one on PATH.
func goTool() string {
	if goroot := os.Getenv("GOROOT"); goroot != "" {
		if path := filepath.Join(goroot, "bin", "go"); fileExists(path) {
			return path
		}
	}
	return "go"
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// copyPage copies the page's folder without its build outputs.
func copyPage(src, dst string) error {
	if _, err := os.Stat(filepath.Join(src, "index.html")); err != nil {
		return fmt.Errorf("the page folder %s has no index.html: %w", src, err)
	}
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case rel == d.Name() && buildOutputs[rel]:
			return nil
		case !d.Type().IsRegular():
			return nil
		}
		return copyFile(path, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// serverProcess is the server running as a child process.
type serverProcess struct {
	cmd    *exec.Cmd
	url    string // "http://127.0.0.1:PORT/"
	stdout syncBuffer
	stderr syncBuffer
	done   chan error
}

// startServer starts the server binary and reads the address it serves on
// from the first line of its standard output.
func startServer(ctx context.Context, bin string, args ...string) (*serverProcess, error) {
	s := &serverProcess{cmd: exec.Command(bin, args...), done: make(chan error, 1)}
	s.cmd.Stderr = &s.stderr
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the server: %w", err)
	}

	first := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		line, _ := r.ReadString('\n')
		s.stdout.Write([]byte(line))
		first <- line
		io.Copy(&s.stdout, r)
		s.done <- s.cmd.Wait()
	}()

	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var line string
	select {
	case line = <-first:
	case <-ctx.Done():
		s.cmd.Process.Kill()
		return nil, fmt.Errorf("the server printed no line within 30 s; its log:\n%s", s.stderr.String())
	}

	rest, ok := strings.CutPrefix(strings.TrimSpace(line), servingPrefix)
	u, err := url.Parse(rest)
	if !ok || err != nil || u.Scheme != "http" || u.Host == "" {
		s.cmd.Process.Kill()
		return nil, fmt.Errorf("the server's first line is %q, want %q followed by its URL; its log:\n%s",
			line, servingPrefix, s.stderr.String())
	}
	s.url = strings.TrimSuffix(rest, "/") + "/"
	return s, nil
}

// stop interrupts the server, as Ctrl-C does, and waits for it to exit.
func (s *serverProcess) stop() error {
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		return err
	}
	select {
	case err := <-s.done:
		return err
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		return errors.New("still running 10 s after an interrupt; killed")
	}
}
