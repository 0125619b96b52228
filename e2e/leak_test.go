//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// secret is a value that may travel to the store and into files the user
// asks for, and nowhere else.
type secret struct {
	name  string // what it is, for messages: the value itself is never printed
	value string
}

// surface is a place a secret must not reach, read as text.
type surface struct {
	name string
	text string
}

// leak is one secret found on one surface.
type leak struct {
	secret  string // its name
	surface string
	at      int    // byte offset in the surface's text
	context string // the text around it, every secret masked
}

func (l leak) String() string {
	return fmt.Sprintf("%s in %s at byte %d: …%s…", l.secret, l.surface, l.at, l.context)
}

// findLeaks searches every surface for every secret, as written and in the
// escaped forms that a URL or a JSON string gives it. A secret inside one
// already found on the same surface, such as a token's signature inside the
// token, is not reported again.
func findLeaks(secrets []secret, surfaces []surface) []leak {
	var leaks []leak
	for _, sf := range surfaces {
		var found []string
		for _, sc := range secrets {
			if sc.value == "" {
				continue
			}
			inside := func(f string) bool { return strings.Contains(f, sc.value) }
			if slices.ContainsFunc(found, inside) {
				continue
			}
			for _, form := range forms(sc.value) {
				if i := strings.Index(sf.text, form); i >= 0 {
					found = append(found, sc.value)
					leaks = append(leaks, leak{secret: sc.name, surface: sf.name, at: i,
						context: around(sf.text, i, form, sc.name, secrets)})
					break
				}
			}
		}
	}
	return leaks
}

// forms returns a value as written, query-escaped, path-escaped and escaped
// for a JSON string, each once.
func forms(v string) []string {
	quoted, _ := json.Marshal(v)
	out := []string{v}
	escaped := []string{url.QueryEscape(v), url.PathEscape(v), string(quoted[1 : len(quoted)-1])}
	for _, f := range escaped {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// around returns up to 40 bytes either side of the form of the secret found
// at text[i:], with every form of every secret replaced by its name, so that
// a report never prints one, whole or in part.
func around(text string, i int, form, name string, secrets []secret) string {
	mark := "‹" + name + "›"
	s := text[:i] + mark + text[i+len(form):]
	for _, sc := range secrets {
		for _, f := range forms(sc.value) {
			s = strings.ReplaceAll(s, f, "‹"+sc.name+"›")
		}
	}
	at := strings.Index(s, mark)
	s = s[max(0, at-40):min(len(s), at+len(mark)+40)]
	return strings.ReplaceAll(s, "\n", `\n`)
}

// serverMark is how much the server had written when a test began.
type serverMark struct{ stdout, stderr int }

func markServer() serverMark {
	return serverMark{stdout: len(env.server.stdout.String()), stderr: len(env.server.stderr.String())}
}

// since returns what the server wrote after the mark, and before it.
func (m serverMark) since() (after, before []surface) {
	out, errs := env.server.stdout.String(), env.server.stderr.String()
	after = []surface{
		{name: "the server's stdout", text: out[m.stdout:]},
		{name: "the server's stderr", text: errs[m.stderr:]},
	}
	before = []surface{
		{name: "the server's stdout before the test", text: out[:m.stdout]},
		{name: "the server's stderr before the test", text: errs[:m.stderr]},
	}
	return after, before
}

// tabRecord is what a tab did after recordTab: its console calls, uncaught
// exceptions, the browser's log entries about it, and the URLs it requested.
type tabRecord struct {
	mu         sync.Mutex
	calls      []*runtime.EventConsoleAPICalled
	exceptions []string
	entries    []string
	urls       []string
}

// recordTab starts recording the tab's events. The recorder runs in the
// tab's event loop, so once a command returns it has seen every event that
// came before the reply.
func recordTab(p *page) *tabRecord {
	p.t.Helper()
	r := &tabRecord{}
	err := chromedp.Listen(p.ctx, func(ev any) {
		r.mu.Lock()
		defer r.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			r.calls = append(r.calls, ev)
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil {
				text += " " + d.Exception.Description + " " + string(d.Exception.Value)
			}
			r.exceptions = append(r.exceptions, text)
		case *cdplog.EventEntryAdded:
			r.entries = append(r.entries, ev.Entry.URL+" "+ev.Entry.Text)
		case *network.EventRequestWillBeSent:
			r.urls = append(r.urls, ev.Request.URL+ev.Request.URLFragment)
		}
	})
	if err != nil {
		p.t.Fatalf("recording the tab: %v", err)
	}
	return r
}

// requested returns the URLs the tab requested, one a line.
func (r *tabRecord) requested() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.urls, "\n")
}

// console returns every argument of every console call as text: a string as
// it is, another value as the protocol describes it, and an object also as
// JSON read back from the page, since a preview shortens long values. The
// exceptions and the browser's log entries follow.
func (r *tabRecord) console(p *page) string {
	p.t.Helper()
	r.mu.Lock()
	calls := append([]*runtime.EventConsoleAPICalled(nil), r.calls...)
	rest := append(append([]string(nil), r.exceptions...), r.entries...)
	r.mu.Unlock()

	var b strings.Builder
	for _, c := range calls {
		fmt.Fprintf(&b, "console.%s:", c.Type)
		for _, arg := range c.Args {
			b.WriteString(" " + argText(arg))
			if arg.ObjectID != "" {
				b.WriteString(" " + p.objectJSON(arg.ObjectID))
			}
		}
		b.WriteString("\n")
	}
	for _, s := range rest {
		b.WriteString(s + "\n")
	}
	return b.String()
}

// consoleSince returns the text of the messages the harness recorded since
// the tab opened, so also those written while the page loaded, before
// recordTab.
func (p *page) consoleSince() string {
	p.console.mu.Lock()
	defer p.console.mu.Unlock()
	var b strings.Builder
	for _, m := range p.console.messages {
		b.WriteString(m.URL + " " + m.Text + "\n")
	}
	return b.String()
}

// argText is what the protocol says of one console argument.
func argText(o *runtime.RemoteObject) string {
	parts := []string{o.Description, string(o.UnserializableValue)}
	if len(o.Value) > 0 {
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			parts = append(parts, s)
		} else {
			parts = append(parts, string(o.Value))
		}
	}
	if o.Preview != nil {
		for _, prop := range o.Preview.Properties {
			parts = append(parts, prop.Name+"="+prop.Value)
		}
	}
	return strings.Join(parts, " ")
}

// objectJSON reads a console argument back from the page as String(o) and
// JSON; a failure fails the test, since the argument was then not searched.
func (p *page) objectJSON(id runtime.RemoteObjectID) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, runtime.CallFunctionOn, runtime.CallFunctionOnParams{
		FunctionDeclaration: `function () {
			let json = "";
			try { json = JSON.stringify(this); } catch (e) { json = "(not JSON: " + e + ")"; }
			return String(this) + " " + json;
		}`,
		ObjectID:      id,
		ReturnByValue: new(true),
	})
	if err == nil && res.ExceptionDetails != nil {
		err = fmt.Errorf("%s", res.ExceptionDetails.Text)
	}
	if err != nil {
		p.t.Errorf("reading a console argument back from the page: %v", err)
		return ""
	}
	var s string
	if res.Result == nil || json.Unmarshal(res.Result.Value, &s) != nil {
		p.t.Errorf("reading a console argument back from the page: no string in %+v", res.Result)
	}
	return s
}

// storageJS dumps both Web Storage areas and document.cookie.
const storageJS = `(() => {
	const dump = (area) => {
		const all = {};
		for (let i = 0; i < area.length; i++) all[area.key(i)] = area.getItem(area.key(i));
		return JSON.stringify(all);
	};
	return {local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie};
})()`

// stored returns what the tab keeps in localStorage, sessionStorage and
// cookies: document.cookie, and every cookie of the tab's browser context,
// HttpOnly ones too.
func (p *page) stored() []surface {
	p.t.Helper()
	st := eval[struct{ Local, Session, Cookie string }](p, storageJS)

	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{
		BrowserContextID: chromedp.FromContext(p.ctx).BrowserContextID,
	})
	if err != nil {
		p.t.Fatalf("reading the browser context's cookies: %v", err)
	}
	var jar strings.Builder
	for _, c := range res.Cookies {
		fmt.Fprintf(&jar, "%s=%s; domain=%s; path=%s\n", c.Name, c.Value, c.Domain, c.Path)
	}
	return []surface{
		{name: "localStorage", text: st.Local},
		{name: "sessionStorage", text: st.Session},
		{name: "document.cookie", text: st.Cookie},
		{name: "the browser context's cookies", text: jar.String()},
	}
}

// settle lets what the page does right after an action reach the recorder:
// a timer the page set (the activity log notes a decoded token after 0.7 s
// at most) and a round trip to the tab.
func (p *page) settle() {
	p.t.Helper()
	time.Sleep(800 * time.Millisecond)
	eval[chromedp.Void](p, `0`)
}
