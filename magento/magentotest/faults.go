package magentotest

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io"
	"net/http"
	"strings"
	"time"
)

// Fault makes the store misbehave, for tests of a client's error handling.
// The zero Fault is no fault.
//
// The parts apply in this order: Delay, then one of Close, Size, or a body
// (HTML, Body, Status); a Fault with only Delay slows normal answers down.
type Fault struct {
	// Match limits the fault to request paths that contain it; "" matches
	// every request.
	Match string

	// Status is the status of the fault's answer. Alone, it sends
	// Magento's production-mode internal error body with that status, for
	// example 500 {"message":"Internal Error. Details are available in
	// Magento log file. Report ID: webapi-…"}. With HTML, Body, Size or
	// Close it sets their status; zero means 500 for HTML and Body, and 200
	// for Size and Close.
	Status int

	// HTML sends an HTML error page instead of JSON, as a web server or
	// proxy in front of the store does: the given Body, or a standard page.
	HTML bool

	// Body is sent as is: as JSON unless HTML is set. Use it for bodies
	// that Magento would not send, such as a message carrying markup.
	Body string

	// Delay holds the answer back this long, or until the request's
	// context ends, in which case nothing is answered.
	Delay time.Duration

	// Close sends the status line, headers and the start of a JSON body
	// that claims to be longer, then closes the connection.
	Close bool

	// Size sends a JSON string body of this many bytes.
	Size int
}

// SetFault sets the fault for every following request that matches it,
// until SetFault(Fault{}) clears it.
func (s *Store) SetFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

func (f Fault) active() bool {
	return f.Status != 0 || f.HTML || f.Body != "" || f.Delay > 0 || f.Close || f.Size > 0
}

// applyFault answers the request as the current fault says, and reports
// whether it did; false lets the store answer normally.
func (s *Store) applyFault(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	f, now := s.fault, s.nowLocked()
	s.mu.Unlock()
	if !f.active() || !strings.Contains(r.URL.Path, f.Match) {
		return false
	}

	if f.Delay > 0 {
		// Read the body first: Go's server notices that the client has
		// gone only once the body is read, and a delay must end with it.
		body, err := io.ReadAll(io.LimitReader(r.Body, maxFaultBody))
		if err != nil {
			return true
		}
		r.Body = io.NopCloser(bytes.NewReader(body))

		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return true
		}
	}

	switch {
	case f.Close:
		closeMidBody(w, statusOr(f.Status, http.StatusOK))
	case f.Size > 0:
		writeHugeBody(w, r, statusOr(f.Status, http.StatusOK), f.Size)
	case f.HTML:
		page := f.Body
		if page == "" {
			page = errorPage(statusOr(f.Status, http.StatusInternalServerError), now)
		}
		writeHTMLPage(w, statusOr(f.Status, http.StatusInternalServerError), page)
	case f.Body != "":
		status := statusOr(f.Status, http.StatusInternalServerError)
		reply{status: status, body: []byte(f.Body)}.write(w)
	case f.Status != 0:
		internalErrorReply(f.Status, now).write(w)
	default:
		return false
	}
	return true
}

// maxFaultBody bounds the request body a delayed answer reads ahead.
const maxFaultBody = 1 << 20

func statusOr(status, fallback int) int {
	if status == 0 {
		return fallback
	}
	return status
}

// partialBody is what a connection closed mid-body delivers before the end.
const partialBody = `[{"id":0,"code":"admin","name":"Admin","default_group_id":0},{"id":1,`

// closeMidBody promises a longer body than it sends, then drops the
// connection. When the connection cannot be hijacked (HTTP/2, or the
// in-process Transport), the handler aborts with http.ErrAbortHandler,
// which servers treat as a broken connection.
func closeMidBody(w http.ResponseWriter, status int) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		w.Header().Set("Content-Type", jsonContentType)
		w.Header().Set("Content-Length", fmt.Sprint(len(partialBody)*4))
		w.WriteHeader(status)
		_, _ = w.Write([]byte(partialBody))
		_ = http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	if sw, ok := w.(*statusWriter); ok {
		sw.status = status
	}
	writeRawResponse(buf, status, partialBody)
}

func writeRawResponse(buf *bufio.ReadWriter, status int, body string) {
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	fmt.Fprintf(buf, "Content-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
		jsonContentType, len(body)*4)
	buf.WriteString(body)
	_ = buf.Flush()
}

// writeHugeBody sends a JSON string of size bytes, in chunks, until the
// client stops reading.
func writeHugeBody(w http.ResponseWriter, r *http.Request, status, size int) {
	w.Header().Set("Content-Type", jsonContentType)
	w.Header().Set("Content-Length", fmt.Sprint(max(size, 2)))
	w.WriteHeader(status)

	chunk := []byte(strings.Repeat("x", 32<<10))
	if _, err := w.Write([]byte(`"`)); err != nil {
		return
	}
	for left := max(size, 2) - 2; left > 0; left -= len(chunk) {
		if r.Context().Err() != nil {
			return
		}
		if _, err := w.Write(chunk[:min(left, len(chunk))]); err != nil {
			return
		}
	}
	_, _ = w.Write([]byte(`"`))
}

// writeHTMLPage sends an HTML page.
func writeHTMLPage(w http.ResponseWriter, status int, page string) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(page))
}

// notFoundPage is the storefront's answer for a path outside the REST API.
const notFoundPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>404 Not Found</title></head>
<body>
<h1>Whoops, our bad...</h1>
<p>The page you requested was not found.</p>
</body>
</html>
`

// errorPage is an HTML error page for status, in the style of the pages a
// store or its web server shows when PHP fails or the store is in
// maintenance mode.
func errorPage(status int, now time.Time) string {
	title := fmt.Sprintf("%d %s", status, http.StatusText(status))
	text := "There has been an error processing your request. " +
		"Exception printing is disabled by default for security reasons."
	if status == http.StatusServiceUnavailable {
		text = "Service temporarily unavailable: the store is down for maintenance " +
			"or over capacity. Please try again later."
	}
	return fmt.Sprintf(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>%s</title></head>
<body>
<h1>%s</h1>
<p>%s</p>
<p>Error log record number: %08x</p>
</body>
</html>
`, html.EscapeString(title), html.EscapeString(title), html.EscapeString(text), now.Unix())
}
