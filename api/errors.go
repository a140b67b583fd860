package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"

	"itreg/models"
)

// ErrorBody is the one error shape every endpoint answers with.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong: a stable code, a sentence, and per-field messages.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// httpError is an error the API raises itself, with its status and code.
type httpError struct {
	status  int
	code    string
	message string
	fields  map[string]string
}

func (e *httpError) Error() string { return e.message }

// Errors the handlers and middleware raise.
func errBadRequest(msg string) error {
	return &httpError{http.StatusBadRequest, "bad_request", msg, nil}
}
func errUnauthorized(msg string) error {
	return &httpError{http.StatusUnauthorized, "unauthorized", msg, nil}
}
func errForbidden(msg string) error { return &httpError{http.StatusForbidden, "forbidden", msg, nil} }
func errNotFound(msg string) error  { return &httpError{http.StatusNotFound, "not_found", msg, nil} }
func errTooLarge(limit int64) error {
	return &httpError{http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("the request body is larger than %d bytes", limit), nil}
}
func errMediaType(want string) error {
	return &httpError{http.StatusUnsupportedMediaType, "unsupported_media_type", "send the body as " + want, nil}
}
func errInvalidField(field, msg string) error {
	return &httpError{http.StatusUnprocessableEntity, "validation_failed", "some fields are invalid", map[string]string{field: msg}}
}
func errVersionRequired() error {
	return &httpError{http.StatusPreconditionRequired, "version_required",
		`send the version you last read, as an If-Match: "<version>" header or "version" in the body`, nil}
}

// writeError answers err with the right status and the one error shape. Unknown errors are
// logged and answered with a generic 500, never with their text.
func writeError(c *gin.Context, err error) {
	status, detail := Describe(err)
	var te *models.ThrottleError
	if errors.As(err, &te) {
		c.Header("Retry-After", strconv.Itoa(int(max(te.RetryAfter, time.Second)/time.Second)))
	}
	// A 503 is the server saying it is busy (uploads, queue), not a fault.
	if status >= 500 && status != http.StatusServiceUnavailable {
		slog.ErrorContext(c.Request.Context(), "internal error", "err", err.Error(), "request_id", c.GetString(ctxRequestID))
	}
	c.AbortWithStatusJSON(status, ErrorBody{detail})
}

// Describe maps any error to its HTTP status and the error shape: the one place where the
// error vocabulary (the models sentinels and the typed errors that unwrap to them) meets
// statuses. Anything it does not know is a 500 "internal error", without the error's text;
// the CLI derives its exit codes from the status too.
func Describe(err error) (status int, detail ErrorDetail) {
	var he *httpError
	var fe *models.FieldError
	var ce *models.ConflictError
	var pe *models.ParamError
	var ve validator.ValidationErrors
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &he):
		return he.status, ErrorDetail{he.code, he.message, he.fields}
	case errors.As(err, &mbe):
		return Describe(errTooLarge(mbe.Limit))
	// A file's own problems come first: they are what the client must fix, whatever wraps them.
	case errors.Is(err, models.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, ErrorDetail{"too_large", err.Error(), nil}
	case errors.Is(err, models.ErrUnreadable):
		return http.StatusUnprocessableEntity, ErrorDetail{"unreadable_file", err.Error(), nil}
	case errors.As(err, &ve):
		return http.StatusUnprocessableEntity, ErrorDetail{"validation_failed", "some fields are invalid", validationFields(ve)}
	case errors.As(err, &fe):
		return http.StatusUnprocessableEntity, ErrorDetail{"validation_failed", "some fields are invalid", fe.Fields}
	case errors.As(err, &pe):
		return http.StatusBadRequest, ErrorDetail{"bad_parameter", pe.Error(), map[string]string{pe.Param: pe.Message}}
	case errors.As(err, &ce):
		return http.StatusConflict, ErrorDetail{"conflict", ce.Message, ce.Fields}
	case errors.Is(err, models.ErrUnauthorized), errors.Is(err, models.ErrForbidden), errors.Is(err, models.ErrGone),
		errors.Is(err, models.ErrThrottled):
		return describeAuth(err)
	case errors.Is(err, models.ErrNotFound):
		return http.StatusNotFound, ErrorDetail{"not_found", "no such record", nil}
	case errors.Is(err, models.ErrStale):
		return http.StatusPreconditionFailed, ErrorDetail{"stale_version",
			"the record changed since you read it; fetch it again and reapply your change", nil}
	case errors.Is(err, models.ErrConflict):
		return http.StatusConflict, ErrorDetail{"conflict", "the change conflicts with existing records", nil}
	case errors.Is(err, models.ErrInvalid):
		return http.StatusUnprocessableEntity, ErrorDetail{"validation_failed", "some fields are invalid", nil}
	case errors.Is(err, models.ErrBadParam):
		return http.StatusBadRequest, ErrorDetail{"bad_parameter", err.Error(), nil}
	}
	return http.StatusInternalServerError, ErrorDetail{"internal", "internal error", nil}
}

// validationFields turns validator errors into {"json_field": "what is wrong"}.
func validationFields(ve validator.ValidationErrors) map[string]string {
	out := map[string]string{}
	for _, fe := range ve {
		field := fe.Field()
		switch fe.ActualTag() {
		case "required":
			out[field] = "required"
		case "max":
			out[field] = "longer than " + fe.Param() + " characters"
		case "min":
			out[field] = "must be at least " + fe.Param()
		case "oneof":
			out[field] = "must be one of " + strings.ReplaceAll(fe.Param(), " ", ", ")
		case "email":
			out[field] = "is not an e-mail address"
		case "gte":
			out[field] = "must be at least " + fe.Param()
		case "lte":
			out[field] = "must be at most " + fe.Param()
		case "printascii", "excludesall", "nocontrol":
			out[field] = "contains characters that are not allowed"
		default:
			out[field] = "is invalid (" + fe.Tag() + ")"
		}
	}
	return out
}

// jsonFieldError explains a JSON decoding error about one field as a 422, else a 400.
func jsonFieldError(err error) error {
	var ute *json.UnmarshalTypeError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return errTooLarge(mbe.Limit)
	case errors.As(err, &ute):
		field := ute.Field
		if field == "" {
			return errBadRequest("the body must be a JSON object")
		}
		return errInvalidField(field, "must be "+jsonTypeName(ute.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return errInvalidField(name, "unknown field")
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) || errors.Is(err, errEmptyBody) || strings.Contains(err.Error(), "unexpected EOF") {
		return errBadRequest("the body is not valid JSON")
	}
	// Errors our own types raise while decoding (a bad date, money, currency) name no field
	// through encoding/json; they are still the client's fault.
	return &httpError{http.StatusUnprocessableEntity, "validation_failed", err.Error(), nil}
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "a list"
	case "struct", "map", "ptr":
		return "an object"
	}
	return "a number"
}
