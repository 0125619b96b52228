//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"syscall/js"
)

// object reads the fields of a JavaScript object argument, remembering the
// first field of the wrong type. Inputs are read by hand rather than with
// vert's AssignTo, which links enough of reflect to cost the page about
// 20 KB compressed.
type object struct {
	name string // the argument's name, for errors
	v    js.Value
	err  error
}

// newObject starts reading v; undefined and null read as an empty object.
func newObject(name string, v js.Value) *object {
	o := &object{name: name, v: v}
	if t := typeOf(v); t != js.TypeUndefined && t != js.TypeNull && t != js.TypeObject {
		o.err = fmt.Errorf("%w: %s should be an object, not a %s", errInvalidInput, name,
			typeName(v))
	}
	return o
}

// field returns the field, or undefined when it is absent or the object
// could not be read.
func (o *object) field(key string) js.Value {
	if o.err != nil || typeOf(o.v) != js.TypeObject {
		return js.Undefined()
	}
	f, err := get(o.v, key)
	if err != nil {
		o.err = fmt.Errorf("%w: reading %s.%s threw an exception", errInvalidInput, o.name, key)
		return js.Undefined()
	}
	return f
}

// reflectGet is JavaScript's Reflect.get.
var reflectGet = js.Global().Get("Reflect").Get("get")

// get returns v[key]. Value.Get cannot be used on an argument: a getter or a
// Proxy trap that throws would unwind through the Go program, and the entry
// point would throw instead of returning an Error. Value.Call catches what
// the callee throws (see valueCall in wasm_exec.js) and panics with a
// js.Error, which get recovers.
func get(v js.Value, key string) (f js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(js.Error); !ok {
				panic(r)
			}
			err = errThrew
		}
	}()
	return reflectGet.Invoke(v, key), nil
}

// errThrew is an argument whose reading threw a JavaScript exception. Its
// message is not kept: it may hold anything, secrets included.
var errThrew = errors.New("reading an argument threw an exception")

// typeBigInt stands for a BigInt, a type syscall/js does not know.
const typeBigInt = js.Type(-1)

// typeOf returns v's type. Value.Type panics with "bad type flag" for a
// BigInt, the one typeof that wasm_exec.js does not flag; typeOf returns
// typeBigInt instead.
func typeOf(v js.Value) (t js.Type) {
	defer func() {
		if recover() != nil {
			t = typeBigInt
		}
	}()
	return v.Type()
}

// typeName names v's type for a message.
func typeName(v js.Value) string {
	if t := typeOf(v); t != typeBigInt {
		return t.String()
	}
	return "bigint"
}

// absent reports whether f is undefined or null.
func absent(f js.Value) bool {
	return f.IsUndefined() || f.IsNull()
}

func (o *object) wrongType(key, want string, got js.Value) {
	if o.err == nil {
		o.err = fmt.Errorf("%w: %s.%s should be %s, not a %s", errInvalidInput, o.name, key,
			want, typeName(got))
	}
}

// str returns a string field; "" when absent.
func (o *object) str(key string) string {
	f := o.field(key)
	if absent(f) {
		return ""
	}
	if typeOf(f) != js.TypeString {
		o.wrongType(key, "a string", f)
		return ""
	}
	return f.String()
}

// optStr returns a string field, or nil when absent.
func (o *object) optStr(key string) *string {
	if absent(o.field(key)) {
		return nil
	}
	s := o.str(key)
	return &s
}

// boolean returns a boolean field; false when absent.
func (o *object) boolean(key string) bool {
	f := o.field(key)
	if absent(f) {
		return false
	}
	if typeOf(f) != js.TypeBoolean {
		o.wrongType(key, "true or false", f)
		return false
	}
	return f.Bool()
}

// number returns a number field, and whether it is present.
func (o *object) number(key string) (float64, bool) {
	f := o.field(key)
	if absent(f) {
		return 0, false
	}
	if typeOf(f) != js.TypeNumber {
		o.wrongType(key, "a number", f)
		return 0, false
	}
	return f.Float(), true
}
