//go:build js && wasm

package main

import (
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
	if t := v.Type(); t != js.TypeUndefined && t != js.TypeNull && t != js.TypeObject {
		o.err = fmt.Errorf("%w: %s should be an object, not a %s", errInvalidInput, name, t)
	}
	return o
}

// field returns the field, or undefined when it is absent or the object
// could not be read.
func (o *object) field(key string) js.Value {
	if o.err != nil || o.v.Type() != js.TypeObject {
		return js.Undefined()
	}
	return o.v.Get(key)
}

// absent reports whether f is undefined or null.
func absent(f js.Value) bool {
	return f.IsUndefined() || f.IsNull()
}

func (o *object) wrongType(key, want string, got js.Value) {
	if o.err == nil {
		o.err = fmt.Errorf("%w: %s.%s should be %s, not a %s", errInvalidInput, o.name, key,
			want, got.Type())
	}
}

// str returns a string field; "" when absent.
func (o *object) str(key string) string {
	f := o.field(key)
	if absent(f) {
		return ""
	}
	if f.Type() != js.TypeString {
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
	if f.Type() != js.TypeBoolean {
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
	if f.Type() != js.TypeNumber {
		o.wrongType(key, "a number", f)
		return 0, false
	}
	return f.Float(), true
}
