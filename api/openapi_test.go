package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// undocumented are the routes the OpenAPI document leaves out: probes and the document itself.
var undocumented = map[string]bool{"/healthz": true, "/readyz": true, "/api/v1/openapi.json": true}

var ginParam = regexp.MustCompile(`[:*](\w+)`)

// docPathOf turns a gin route path into the document's path: relative to the server URL
// /api/v1, with {name} parameters.
func docPathOf(route string) string {
	p := ginParam.ReplaceAllString(route, "{$1}")
	if rest, ok := strings.CutPrefix(p, "/api/v1"); ok {
		return rest
	}
	return p
}

func TestOpenAPIMatchesRouter(t *testing.T) {
	a := newTestAPI(t, models.SQLite)
	engine, ok := a.h.(*gin.Engine)
	if !ok {
		t.Fatalf("the router is a %T, not a *gin.Engine", a.h)
	}
	w := a.do(req{Method: "GET", Path: "/api/v1/openapi.json"})
	doc := mustJSON[map[string]any](t, w, http.StatusOK)
	paths, _ := doc["paths"].(map[string]any)

	t.Run("looks like OpenAPI 3", func(t *testing.T) {
		if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.") {
			t.Errorf("openapi %q", doc["openapi"])
		}
		info, _ := doc["info"].(map[string]any)
		if info["title"] == "" || info["title"] == nil || info["version"] == nil {
			t.Errorf("info %v", info)
		}
		if len(paths) == 0 {
			t.Fatal("no paths")
		}
	})

	routes := map[string]bool{}
	for _, r := range engine.Routes() {
		if undocumented[r.Path] {
			continue
		}
		routes[r.Method+" "+docPathOf(r.Path)] = true
	}
	t.Run("every route is documented", func(t *testing.T) {
		if len(routes) == 0 {
			t.Fatal("the router has no routes")
		}
		for key := range routes {
			method, path, _ := strings.Cut(key, " ")
			item, _ := paths[path].(map[string]any)
			if _, ok := item[strings.ToLower(method)]; !ok {
				t.Errorf("%s %s is routed but not documented", method, path)
			}
		}
	})
	t.Run("every documented operation is routed", func(t *testing.T) {
		for path, item := range paths {
			for method := range item.(map[string]any) {
				if !routes[strings.ToUpper(method)+" "+path] {
					t.Errorf("%s %s is documented but not routed", strings.ToUpper(method), path)
				}
			}
		}
	})
	t.Run("operations are complete", func(t *testing.T) {
		for path, item := range paths {
			declared := regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(path, -1)
			for method, raw := range item.(map[string]any) {
				operation := raw.(map[string]any)
				if s, _ := operation["summary"].(string); s == "" {
					t.Errorf("%s %s has no summary", method, path)
				}
				if r, _ := operation["responses"].(map[string]any); len(r) == 0 {
					t.Errorf("%s %s has no responses", method, path)
				}
				params, _ := operation["parameters"].([]any)
				for _, m := range declared {
					found := false
					for _, p := range params {
						pm := p.(map[string]any)
						found = found || (pm["name"] == m[1] && pm["in"] == "path" && pm["required"] == true)
					}
					if !found {
						t.Errorf("%s %s does not declare path parameter %s", method, path, m[1])
					}
				}
			}
		}
	})
	t.Run("every $ref resolves", func(t *testing.T) {
		components, _ := doc["components"].(map[string]any)
		schemas, _ := components["schemas"].(map[string]any)
		refs := 0
		var walk func(v any)
		walk = func(v any) {
			switch x := v.(type) {
			case map[string]any:
				if ref, ok := x["$ref"].(string); ok {
					refs++
					name, found := strings.CutPrefix(ref, "#/components/schemas/")
					if _, ok := schemas[name]; !found || !ok {
						t.Errorf("$ref %q does not resolve", ref)
					}
				}
				for _, e := range x {
					walk(e)
				}
			case []any:
				for _, e := range x {
					walk(e)
				}
			}
		}
		walk(doc)
		if refs == 0 {
			t.Error("the document references no schemas")
		}
		for _, name := range []string{"DeviceResponse", "DeviceRequest", "DevicePatch", "BudgetLineResponse", "AuditEventResponse", "TokenResponse", "Error"} {
			if _, ok := schemas[name]; !ok {
				t.Errorf("schema %s missing", name)
			}
		}
	})
	t.Run("the import upload is documented as a multipart form", func(t *testing.T) {
		var d struct {
			Paths map[string]map[string]struct {
				RequestBody struct {
					Content map[string]struct {
						Schema struct {
							Required   []string
							Properties map[string]struct{ Type, Format string }
						}
					}
				} `json:"requestBody"`
			}
		}
		if err := json.Unmarshal(w.Body.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		form := d.Paths["/imports"]["post"].RequestBody.Content["multipart/form-data"].Schema
		if len(form.Required) != 1 || form.Required[0] != "file" || form.Properties["file"].Format != "binary" || form.Properties["dry_run"].Type != "string" {
			t.Fatalf("multipart schema %+v", form)
		}
	})
	t.Run("the document is stable JSON", func(t *testing.T) {
		again := a.do(req{Method: "GET", Path: "/api/v1/openapi.json"})
		var first, second any
		if json.Unmarshal(w.Body.Bytes(), &first) != nil || json.Unmarshal(again.Body.Bytes(), &second) != nil || w.Body.String() != again.Body.String() {
			t.Fatal("two reads of the document differ")
		}
	})
}
