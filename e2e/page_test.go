//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// actionTimeout bounds one user action or one read.
const actionTimeout = 15 * time.Second

// waitTimeout bounds a wait for the page to show something.
const waitTimeout = 15 * time.Second

// do runs user actions with a timeout; an error ends the test.
func (p *page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a script that reads the page; an error ends the test.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// js quotes a string as a JavaScript literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// click clicks an element with the mouse, once it is shown and enabled.
func (p *page) click(sel string) {
	p.t.Helper()
	p.do("clicking "+sel,
		chromedp.WaitEnabled(chromedp.CSS(sel)),
		chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// selectAll focuses a text field and selects its whole content, as Ctrl+A
// does, so that what comes next replaces it.
func (p *page) selectAll(sel string) {
	p.t.Helper()
	p.do("focusing "+sel, chromedp.Focus(chromedp.CSS(sel), chromedp.NodeVisible))
	eval[chromedp.Void](p, `(() => {
		const e = document.querySelector(`+js(sel)+`);
		e.focus();
		e.select();
	})()`)
}

// typeText replaces a field's content by typing text key by key.
func (p *page) typeText(sel, text string) {
	p.t.Helper()
	p.selectAll(sel)
	steps := []chromedp.Action[chromedp.Void]{chromedp.KeyEvent(kb.Delete)}
	if text != "" {
		steps = append(steps, chromedp.KeyEvent(text))
	}
	p.do("typing into "+sel, steps...)
}

// paste replaces a field's content with text at once, as a paste from the
// clipboard does: one insertion that fires the input event.
func (p *page) paste(sel, text string) {
	p.t.Helper()
	p.selectAll(sel)
	if text == "" {
		p.do("clearing "+sel, chromedp.KeyEvent(kb.Delete))
		return
	}
	p.do("pasting into "+sel, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: text})
		return err
	}))
}

// choose picks an option of a select element, firing the events a user's
// choice fires.
func (p *page) choose(sel, value string) {
	p.t.Helper()
	ok := eval[bool](p, `(() => {
		const e = document.querySelector(`+js(sel)+`);
		if (!e || ![...e.options].some(o => o.value === `+js(value)+`)) return false;
		e.focus();
		e.value = `+js(value)+`;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		e.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)
	if !ok {
		p.t.Fatalf("%s has no option %q", sel, value)
	}
}

// text returns an element's text as shown (innerText).
func (p *page) text(sel string) string {
	p.t.Helper()
	s := p.read(sel)
	if !s.Present {
		p.t.Fatalf("the page has no %s", sel)
	}
	return s.Text
}

// value returns a form field's value.
func (p *page) value(sel string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("reading the value of %s: %v", sel, err)
	}
	return s
}

// attr returns an element's attribute, "" when it has none.
func (p *page) attr(sel, name string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil {
		p.t.Fatalf("reading %s[%s]: %v", sel, name, err)
	}
	return res.Value
}

// visible reports whether an element is shown: present, not hidden, with a
// box on the page.
func (p *page) visible(sel string) bool {
	p.t.Helper()
	return eval[bool](p, `(() => {
		const e = document.querySelector(`+js(sel)+`);
		if (!e || e.hidden || e.closest("[hidden]")) return false;
		const s = getComputedStyle(e);
		return s.display !== "none" && s.visibility !== "hidden" && e.getClientRects().length > 0;
	})()`)
}

// shown is what a status element shows.
type shown struct {
	Present bool   `json:"present"`
	State   string `json:"state"`   // data-state
	Kind    string `json:"kind"`    // data-kind
	Status  string `json:"status"`  // data-status
	Text    string `json:"text"`    // innerText
	Changes int    `json:"changes"` // changes since watch; -1 when not watched
}

func (s shown) String() string {
	if !s.Present {
		return "(no such element)"
	}
	return fmt.Sprintf("state=%q kind=%q status=%q text=%q", s.State, s.Kind, s.Status, s.Text)
}

// read returns what an element shows, in one look.
func (p *page) read(sel string) shown {
	p.t.Helper()
	return eval[shown](p, `(() => {
		const e = document.querySelector(`+js(sel)+`);
		if (!e) return {present: false, state: "", kind: "", status: "", text: "", changes: -1};
		const w = window.magetokenE2E && window.magetokenE2E[`+js(sel)+`];
		return {
			present: true,
			state: e.dataset.state || "",
			kind: e.dataset.kind || "",
			status: e.dataset.status || "",
			text: (e.innerText || e.textContent || "").trim(),
			changes: w ? w.changes : -1,
		};
	})()`)
}

// watch counts the changes of what sel shows from now on, so that the next
// wait on it sees the outcome of the next action and not an earlier one that
// looked the same.
func (p *page) watch(sel string) {
	p.t.Helper()
	ok := eval[bool](p, `(() => {
		const e = document.querySelector(`+js(sel)+`);
		if (!e) return false;
		const all = window.magetokenE2E = window.magetokenE2E || {};
		if (all[`+js(sel)+`]) all[`+js(sel)+`].observer.disconnect();
		const w = {changes: 0};
		w.observer = new MutationObserver((records) => { w.changes += records.length; });
		w.observer.observe(e, {attributes: true, childList: true, characterData: true, subtree: true});
		all[`+js(sel)+`] = w;
		return true;
	})()`)
	if !ok {
		p.t.Fatalf("the page has no %s", sel)
	}
}

// submit presses a button and lets the next wait on status see only what
// the press brought.
func (p *page) submit(button, status string) {
	p.t.Helper()
	p.watch(status)
	p.click(button)
}

// waitFor waits until what sel shows satisfies done and returns it; on
// timeout it ends the test with what was shown last.
func (p *page) waitFor(sel, want string, done func(shown) bool) shown {
	p.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		s := p.read(sel)
		if s.Changes != 0 && done(s) {
			return s
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("%s after %v: %v; want %s", sel, waitTimeout, s, want)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// waitState waits until a status element settles in state ("ok" or "error").
func (p *page) waitState(sel, state string) shown {
	p.t.Helper()
	return p.waitFor(sel, "data-state="+state, func(s shown) bool { return s.State == state })
}

// waitVisible waits until an element is shown.
func (p *page) waitVisible(sel string) {
	p.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !p.visible(sel) {
		if time.Now().After(deadline) {
			p.t.Fatalf("%s is not shown after %v", sel, waitTimeout)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// store fills in the store's settings as an administrator does.
func (p *page) store(domain string, http bool, route string) {
	p.t.Helper()
	p.typeText("#domain", domain)
	protocol := "https"
	if http {
		protocol = "http"
	}
	p.choose("#protocol", protocol)
	p.choose("#route", route)
}

// login fills in the account and presses the login button.
func (p *page) login(username, password string) {
	p.t.Helper()
	p.typeText("#username", username)
	p.typeText("#password", password)
	p.submit("#login", "#login-status")
}
