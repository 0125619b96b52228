//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall/js"
	"time"
)

// callTimeout bounds one network call from the page, sign-in and check
// included. Magento answers in well under a second; a minute means the
// store or the network is stuck.
const callTimeout = 60 * time.Second

// inflight holds the cancel functions of the network calls in flight, so
// that magetoken.cancel can end them all.
var inflight = struct {
	sync.Mutex
	next   int
	cancel map[int]context.CancelFunc
}{cancel: map[int]context.CancelFunc{}}

// startCall returns the context of a new network call and the function that
// ends it.
func startCall() (context.Context, func()) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	inflight.Lock()
	id := inflight.next
	inflight.next++
	inflight.cancel[id] = cancel
	inflight.Unlock()
	return ctx, func() {
		cancel()
		inflight.Lock()
		delete(inflight.cancel, id)
		inflight.Unlock()
	}
}

// cancelAll cancels every call in flight and returns how many there were.
func cancelAll([]js.Value) any {
	inflight.Lock()
	defer inflight.Unlock()
	n := len(inflight.cancel)
	for id, cancel := range inflight.cancel {
		cancel()
		delete(inflight.cancel, id)
	}
	return n
}

// syncFunc wraps a synchronous entry point. A panic becomes an Error object
// as the result, so the Go program never exits under the page.
func syncFunc(fn func(args []js.Value) any) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				result = errorValue(describe(panicError(r), nil))
			}
		}()
		return fn(args)
	})
}

// work is the body of a network call: it runs in a goroutine with the
// call's context. The error is described for JavaScript with the hints of
// the call's request.
type work func(ctx context.Context) (any, *call, error)

// asyncFunc wraps a network entry point: it returns a Promise at once and
// does the work in a goroutine, since blocking inside a js.Func callback
// would deadlock the page's only thread.
func asyncFunc(prepare func(args []js.Value) (work, *call, error)) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				result = rejected(describe(panicError(r), nil))
			}
		}()

		run, c, err := prepare(args)
		if err != nil {
			return rejected(describe(err, c))
		}
		ctx, done := startCall()
		return newPromise(func(resolve, reject js.Value) {
			defer done()
			defer func() {
				if r := recover(); r != nil {
					reject.Invoke(errorValue(describe(panicError(r), c)))
				}
			}()
			v, c2, err := run(ctx)
			if c2 != nil {
				c = c2
			}
			if err != nil {
				reject.Invoke(errorValue(describe(err, c)))
				return
			}
			resolve.Invoke(v)
		})
	})
}

// newPromise returns a Promise settled by fn, which runs in a goroutine.
func newPromise(fn func(resolve, reject js.Value)) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		go func() {
			defer executor.Release()
			fn(resolve, reject)
		}()
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}

// rejected returns a Promise already rejected with the error.
func rejected(info errorInfo) js.Value {
	return js.Global().Get("Promise").Call("reject", errorValue(info))
}

// panicError turns a recovered panic into an error for the page.
// syscall/js panics with "bad type flag" when it meets a BigInt, which is
// the caller's mistake rather than a bug here.
func panicError(r any) error {
	if r == "bad type flag" {
		return fmt.Errorf("%w: an argument is a BigInt; pass numbers, strings, booleans and "+
			"plain objects", errInvalidInput)
	}
	if err, ok := r.(error); ok {
		return fmt.Errorf("%w: %w", errInternal, err)
	}
	return fmt.Errorf("%w: %v", errInternal, r)
}

// errInternal marks a bug in this module rather than a problem with the
// store or the input.
var errInternal = errors.New("internal error")
