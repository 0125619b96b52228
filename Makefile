# magetoken: `make run` serves the page with the demo store, `make test` runs
# every check that CI runs. Go and, for the browser tests, Debian's chromium
# are all that is needed; `make test` installs chromium when it can.

GO       ?= go
GOROOT   := $(shell $(GO) env GOROOT)
WASMEXEC := $(GOROOT)/lib/wasm
ADDR     ?= 127.0.0.1:8080
FUZZTIME ?= 30s

# One flag set everywhere: mixing -trimpath builds with plain ones doubles
# the build cache and the compile time.
WASMFLAGS := -trimpath -ldflags=-s\ -w

JSENV := GOOS=js GOARCH=wasm

.PHONY: all run wasm test check fmt vet unit unit-js e2e chromium bench fuzz clean

all: wasm

## run: build the page and serve it with the demo store on $(ADDR)
run: wasm
	$(GO) run ./server -addr $(ADDR) -demo

## wasm: build web/main.wasm and copy the matching wasm_exec.js
wasm:
	$(JSENV) $(GO) build $(WASMFLAGS) -o web/main.wasm ./wasm
	cp "$(WASMEXEC)/wasm_exec.js" web/wasm_exec.js
	$(GO) run ./server -precompress web/main.wasm

## test: everything CI runs
test: check unit unit-js e2e

check: fmt vet

fmt:
	@out=$$(gofmt -l $$(git ls-files -co --exclude-standard '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	$(JSENV) $(GO) vet ./magento/... ./wasm/...
	@if $(JSENV) $(GO) list -deps ./magento ./wasm | grep -qx net/http; then \
		echo "the js build links net/http: keep it out of ./magento and ./wasm"; exit 1; fi

## unit: the unit tests, natively, with the race detector
unit:
	$(GO) test -race $$($(GO) list ./... | grep -v /e2e)

## unit-js: the magento and wasm tests again, compiled to WebAssembly, in Node
unit-js:
	$(JSENV) $(GO) test -exec="$(WASMEXEC)/go_js_wasm_exec" ./magento/... ./wasm/...

## e2e: the browser tests in headless Chromium, each listed (installs chromium when it may)
e2e: chromium
	$(GO) test -count=1 -v -timeout 10m ./e2e/

chromium:
	@scripts/ensure-chromium

## bench: size, load-time, decode, server and request-count figures
bench: chromium
	@out=$$(mktemp); rc=0; \
	$(GO) test -count=1 -tags bench -run '^TestFigures$$' -v -timeout 20m ./e2e/ >$$out 2>&1 || rc=$$?; \
	grep -v '^=== RUN' $$out; rm -f $$out; exit $$rc

## fuzz: each fuzz target for FUZZTIME (default 30s)
fuzz:
	@set -e; for pkg in $$($(GO) list ./... | grep -v /e2e); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$f"; \
			$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

clean:
	rm -f web/main.wasm web/main.wasm.gz web/main.wasm.br web/wasm_exec.js
