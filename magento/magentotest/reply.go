package magentotest

import (
	"fmt"
	"net/http"
	"time"
)

// Messages as Magento 2.4 sends them. Placeholders such as %fieldName stay in
// the message; their values travel in "parameters".
const (
	msgNoRoute          = "Request does not match any route."
	msgBadMethod        = "Request method is invalid."
	msgNotAuthorized    = "The consumer isn't authorized to access %resources."
	msgContentTypeEmpty = "Content-Type header is empty."
	msgContentTypeBad   = "Content-Type header is invalid."
	msgCharset          = "UTF-8 is the only supported charset."
	msgMediaType        = "Server cannot understand Content-Type HTTP header media type "
	msgDecoding         = "Decoding error."
	msgInputErrors      = "One or more input exceptions have occurred."
	msgRequired         = `"%fieldName" is required. Enter and try again.`
	msgBadType          = `The "%value" value's type is invalid. The "%type" type was expected. ` +
		"Verify and try again."
	msgSignIn = "The account sign-in was incorrect or your account is disabled temporarily. " +
		"Please wait and try again later."
	msgNoRole         = "More permissions are needed to access this."
	msgTFANoProviders = "Please ask an administrator with sufficient access to configure 2FA " +
		"first"
	msgTFAConfigure = "You are required to configure personal Two-Factor Authorization " +
		"in order to login. Please check your email."
	msgTFAUseProviders = "Please use the 2fa provider-specific endpoints to obtain a token."
	msgTFANotAllowed   = "Provider is not allowed."
	msgTFANotActive    = "Provider is not configured."
	msgInvalidCode     = "Invalid code."
	msgInternal        = "Internal Error. Details are available in Magento log file. Report ID: webapi-"
)

// reply is an answer before it is written: a status and a JSON body.
type reply struct {
	status int
	body   []byte
}

// jsonReply is a 200 answer with v encoded as Magento encodes it.
func jsonReply(v any) reply {
	return reply{status: http.StatusOK, body: encodeJSON(v)}
}

// errorReply is Magento's error envelope: message, then parameters when the
// phrase has any (an object for named placeholders).
func errorReply(status int, message string, params object) reply {
	body := object{{"message", message}}
	if params != nil {
		body = append(body, field{"parameters", params})
	}
	return reply{status: status, body: encodeJSON(body)}
}

// inputError is one entry of an InputException.
type inputError struct {
	message string
	params  object
}

// requiredError is the error for a missing or empty field.
func requiredError(name string) inputError {
	return inputError{message: msgRequired, params: object{{"fieldName", name}}}
}

// inputErrorsReply renders an InputException with its errors, as 400. The
// first error takes the exception's place; from the second on, the message
// becomes "One or more input exceptions have occurred." with the errors
// listed under "errors".
func inputErrorsReply(errs []inputError) reply {
	if len(errs) == 1 {
		return errorReply(http.StatusBadRequest, errs[0].message, errs[0].params)
	}
	list := make([]object, len(errs))
	for i, e := range errs {
		list[i] = object{{"message", e.message}, {"parameters", e.params}}
	}
	body := object{{"message", msgInputErrors}, {"errors", list}}
	return reply{status: http.StatusBadRequest, body: encodeJSON(body)}
}

// notAuthorizedReply is the 401 of a failed ACL check. Magento lists every
// resource of the route, joined with ", ".
func notAuthorizedReply(resources string) reply {
	return errorReply(http.StatusUnauthorized, msgNotAuthorized, object{{"resources", resources}})
}

// internalErrorReply is the production-mode body of an unexpected exception.
// The report ID has the shape of PHP's uniqid(): 8 hex digits of seconds and
// 5 of microseconds.
func internalErrorReply(status int, now time.Time) reply {
	id := fmt.Sprintf("%08x%05x", now.Unix(), now.Nanosecond()/1000)
	return errorReply(status, msgInternal+id, nil)
}

// write sends the reply with Magento's JSON content type.
func (r reply) write(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", jsonContentType)
	if r.status >= 200 && r.status < 300 {
		h.Set("X-Frame-Options", "SAMEORIGIN")
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body)
}

// jsonContentType is the Content-Type of every REST answer.
const jsonContentType = "application/json; charset=utf-8"
