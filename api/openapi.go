package api

import (
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// op documents one route for the OpenAPI document.
type op struct {
	Method, Path, Summary string
	Role                  string   // the least role that may call it; "" = no token
	Query                 []string // query parameters
	Request, Response     any      // example values of the request and response types
	Status                int      // success status (default 200)
	Produces              string   // non-JSON success media type
	// Form names the fields of a multipart/form-data upload; the first is the file.
	Form []string
}

// handle registers a route on g and documents it on s, so the document and the router are one
// list.
func (s *Server) handle(g *gin.RouterGroup, o op, h ...gin.HandlerFunc) {
	g.Handle(o.Method, o.Path, h...)
	o.Path = strings.TrimSuffix(g.BasePath(), "/") + o.Path
	s.ops = append(s.ops, o)
}

var pathParam = regexp.MustCompile(`:(\w+)`)

// openAPIPath turns gin's /devices/:id into OpenAPI's /devices/{id}.
func openAPIPath(p string) string { return pathParam.ReplaceAllString(p, "{$1}") }

func (s *Server) openAPI(c *gin.Context) { c.JSON(http.StatusOK, s.OpenAPIDocument()) }

// OpenAPIDocument builds the OpenAPI 3 document of every route Router registered.
func (s *Server) OpenAPIDocument() map[string]any {
	paths := map[string]map[string]any{}
	schemas := map[string]any{"Error": schemaOf(reflect.TypeOf(ErrorBody{}), nil)}
	sorted := append([]op(nil), s.ops...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path+sorted[i].Method < sorted[j].Path+sorted[j].Method })
	for _, o := range sorted {
		p := openAPIPath(strings.TrimPrefix(o.Path, "/api/v1"))
		if !strings.HasPrefix(o.Path, "/api/v1") {
			p = o.Path
		}
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		params := []any{}
		for _, m := range pathParam.FindAllStringSubmatch(o.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range o.Query {
			params = append(params, map[string]any{"name": q, "in": "query", "schema": map[string]any{"type": "string"}})
		}
		status := o.Status
		if status == 0 {
			status = http.StatusOK
		}
		okResp := map[string]any{"description": http.StatusText(status)}
		switch {
		case o.Produces != "":
			okResp["content"] = content(o.Produces, map[string]any{"type": "string", "format": "binary"})
		case o.Response != nil:
			okResp["content"] = content("application/json", schemaOf(reflect.TypeOf(o.Response), schemas))
		}
		errResp := map[string]any{"description": "error", "content": content("application/json", map[string]any{"$ref": "#/components/schemas/Error"})}
		operation := map[string]any{
			"summary":    o.Summary,
			"parameters": params,
			"responses":  map[string]any{itoa(status): okResp, "default": errResp},
		}
		if o.Role != "" {
			operation["security"] = []any{map[string]any{"bearer": []any{}}}
			operation["x-min-role"] = o.Role
		} else {
			operation["security"] = []any{}
		}
		if len(o.Form) > 0 {
			props := map[string]any{o.Form[0]: map[string]any{"type": "string", "format": "binary"}}
			for _, f := range o.Form[1:] {
				props[f] = map[string]any{"type": "string"}
			}
			form := map[string]any{"type": "object", "required": []any{o.Form[0]}, "properties": props}
			operation["requestBody"] = map[string]any{"required": true, "content": content("multipart/form-data", form)}
		}
		if o.Request != nil {
			operation["requestBody"] = map[string]any{"required": true, "content": content("application/json", schemaOf(reflect.TypeOf(o.Request), schemas))}
		}
		paths[p][strings.ToLower(o.Method)] = operation
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "itreg", "version": s.Version, "description": "IT asset, licence and warranty register"},
		"servers": []any{map[string]any{"url": "/api/v1"}},
		"paths":   paths,
		"components": map[string]any{
			"schemas":         schemas,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
		},
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// content is an OpenAPI content map: one media type and its schema.
func content(mediaType string, schema any) map[string]any {
	return map[string]any{mediaType: map[string]any{"schema": schema}}
}

var (
	timeType  = reflect.TypeOf(time.Time{})
	dateType  = reflect.TypeOf(models.Date{})
	moneyType = reflect.TypeOf(models.Money{})
)

// schemaOf describes a Go type as an OpenAPI schema from its json tags. Named structs go into
// schemas (when given) and are referenced.
func schemaOf(t reflect.Type, schemas map[string]any) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case dateType:
		return map[string]any{"type": "string", "format": "date", "nullable": true}
	case moneyType:
		return map[string]any{"type": "object", "nullable": true, "properties": map[string]any{
			"amount": map[string]any{"type": "string", "example": "1234.50"}, "currency": map[string]any{"type": "string", "example": "GBP"}}}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), schemas)}
	case reflect.Struct:
		name := t.Name()
		if i := strings.IndexByte(name, '['); i >= 0 {
			name = "" // generic instances are inlined
		}
		if name != "" && schemas != nil {
			if _, ok := schemas[name]; !ok {
				schemas[name] = map[string]any{} // break cycles
				schemas[name] = structSchema(t, schemas)
			}
			return map[string]any{"$ref": "#/components/schemas/" + name}
		}
		return structSchema(t, schemas)
	}
	return map[string]any{}
}

func structSchema(t reflect.Type, schemas map[string]any) map[string]any {
	props := map[string]any{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			if sub, ok := structSchema(f.Type, schemas)["properties"].(map[string]any); ok {
				for k, v := range sub {
					props[k] = v
				}
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, schemas)
		if strings.Contains(f.Tag.Get("validate"), "required") && !strings.Contains(opts, "omitempty") {
			required = append(required, name)
		}
	}
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		sort.Strings(required)
		s["required"] = required
	}
	return s
}
