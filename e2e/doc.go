//go:build !js

// Package e2e drives the magetoken page in headless Chromium.
//
// The tests build the WebAssembly module and the server once, start the
// server as a real process with its demo store and a same-origin proxy to
// three fake stores on other origins, start one browser, and open a new tab
// for every test. Each test acts as a store administrator would: it types,
// pastes, clicks and chooses files, and checks what the page shows.
//
// Run them with
//
//	go test -count=1 ./e2e/
//
// They need Chromium or Google Chrome on PATH, or its path in the CHROMIUM
// environment variable; scripts/ensure-chromium installs Debian's chromium
// when it may. A missing browser fails the run: it is never a skip. After a
// failure, a screenshot, the page's activity log and its console are saved
// under e2e/testdata/artifacts/<test>/ (or under the -artifacts directory of
// go test), and the server's log as e2e/testdata/artifacts/server.log.
//
// MAGETOKEN_E2E_WEB names another folder to serve as the page instead of
// ../web, for example a changed copy; the built main.wasm and wasm_exec.js are
// added to a copy of it, so the folder itself is never written.
package e2e
