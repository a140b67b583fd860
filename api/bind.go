package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"

	"itreg/models"
)

var errEmptyBody = errors.New("empty body")

// validate checks request shapes; field names in its errors are the JSON names.
var validate = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	// nocontrol rejects control characters (tabs and newlines included) in one-line fields.
	v.RegisterValidation("nocontrol", func(fl validator.FieldLevel) bool {
		return strings.IndexFunc(fl.Field().String(), unicode.IsControl) < 0
	})
	models.RegisterValidations(v)
	return v
}()

// bindJSON decodes a JSON object body strictly (unknown fields rejected) into dst and validates
// it. Errors name the field: 400 for malformed JSON, 413 too large, 415 wrong type, 422 invalid.
func bindJSON(c *gin.Context, dst any) error {
	if err := requireJSON(c); err != nil {
		return err
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return jsonFieldError(err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		if len(bytes.TrimSpace(body)) == 0 {
			return errBadRequest("the body is empty; send a JSON object")
		}
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return errBadRequest("the body must be a JSON object")
		}
		return errBadRequest("the body is not valid JSON")
	}
	if err := decodeStrict(body, dst); err != nil {
		return fieldOf(err, fields, dst)
	}
	return validate.Struct(dst)
}

func decodeStrict(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	return dec.Decode(dst)
}

// fieldOf finds which field made decoding fail, by decoding the fields one at a time.
func fieldOf(err error, fields map[string]json.RawMessage, dst any) error {
	mapped := jsonFieldError(err)
	var he *httpError
	if errors.As(mapped, &he) && he.fields != nil {
		return mapped
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		one, _ := json.Marshal(map[string]json.RawMessage{k: fields[k]})
		fresh := reflect.New(reflect.TypeOf(dst).Elem()).Interface()
		if ferr := decodeStrict(one, fresh); ferr != nil {
			msg := ferr.Error()
			if fe := jsonFieldError(ferr); errors.As(fe, &he) && he.fields != nil {
				return fe
			}
			return errInvalidField(k, strings.TrimPrefix(msg, "json: "))
		}
	}
	return mapped
}

// requireJSON answers 415 unless the body is declared as JSON.
func requireJSON(c *gin.Context) error {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return errMediaType("application/json")
	}
	return nil
}

// idParam reads a positive integer path parameter.
func idParam(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound("no such record: " + name + " must be a positive number")
	}
	return id, nil
}

// versionOf returns the version the client last read: If-Match wins over the body's version.
func versionOf(c *gin.Context, body *int64) (int64, error) {
	if h := c.GetHeader("If-Match"); h != "" {
		v, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(strings.TrimSpace(h), "W/"), `"`), 10, 64)
		if err != nil {
			return 0, errBadRequest(`If-Match must be "<version>", the version you last read`)
		}
		return v, nil
	}
	if body != nil {
		return *body, nil
	}
	return 0, errVersionRequired()
}

// optionalVersion is versionOf for deletes, where the version may be left out.
func optionalVersion(c *gin.Context) (*int64, error) {
	if c.GetHeader("If-Match") == "" {
		return nil, nil
	}
	v, err := versionOf(c, nil)
	return &v, err
}

// setETag tells the client the version to send back with its next change.
func setETag(c *gin.Context, version int64) {
	c.Header("ETag", `"`+strconv.FormatInt(version, 10)+`"`)
}

// pageOf reads limit, cursor and sort from the query string.
func pageOf(c *gin.Context) (models.Page, error) {
	p := models.Page{Cursor: c.Query("cursor"), Sort: c.Query("sort")}
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return p, &models.ParamError{Param: "limit", Message: "must be a number between 1 and 1000"}
		}
		if _, err := models.ClampLimit(n); err != nil {
			return p, err
		}
		p.Limit = n
	}
	return p, nil
}

// ListResponse is every list's shape.
type ListResponse[T any] struct {
	Items []T    `json:"items"`
	Total int64  `json:"total"`
	Next  string `json:"next,omitempty"`
}

// listOf converts one page of records into the list response.
func listOf[M any, R any](res models.ListResult[M], conv func(*M) R) ListResponse[R] {
	out := ListResponse[R]{Items: make([]R, len(res.Items)), Total: res.Total, Next: res.Next}
	for i := range res.Items {
		out.Items[i] = conv(&res.Items[i])
	}
	return out
}

// queryInt64 reads an optional positive integer filter.
func queryInt64(c *gin.Context, name string) (int64, error) {
	s := c.Query(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, &models.ParamError{Param: name, Message: "must be a positive number"}
	}
	return n, nil
}

// queryEnum reads an optional filter that must be one of allowed.
func queryEnum(c *gin.Context, name string, allowed []string) (string, error) {
	s := c.Query(name)
	if s == "" {
		return "", nil
	}
	for _, a := range allowed {
		if s == a {
			return s, nil
		}
	}
	return "", &models.ParamError{Param: name, Message: "must be one of " + strings.Join(allowed, ", ")}
}

// attachment is the Content-Disposition of a download: a plain quoted name when it is safe
// ASCII, else the RFC 6266 / RFC 2231 encoded form (filename*=...) for names from uploads.
func attachment(name string) string {
	safe := name != ""
	for _, r := range name {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			safe = false
		}
	}
	if safe {
		return `attachment; filename="` + name + `"`
	}
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return `attachment; filename="download"`
}

// created answers 201 with the new record's location and version.
func created(c *gin.Context, path string, id, version int64, body any) {
	c.Header("Location", path+"/"+strconv.FormatInt(id, 10))
	setETag(c, version)
	c.JSON(http.StatusCreated, body)
}

// queryDate reads an optional YYYY-MM-DD filter.
func queryDate(c *gin.Context, name string) (models.Date, error) {
	s := c.Query(name)
	if s == "" {
		return models.Date{}, nil
	}
	d, err := models.ParseDate(s)
	if err != nil {
		return d, &models.ParamError{Param: name, Message: "must be a date YYYY-MM-DD"}
	}
	return d, nil
}
