package web

import (
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
)

// templates holds one template set per page: the layout and the partials, cloned, plus the
// page's own file, which defines "title" and "content" (as miniflux does). A page may define
// its own partials without clashing with another page's.
type templates struct {
	pages map[string]*template.Template
}

// parseTemplates parses layout.html and partials/*.html once, then clones that base for each
// pages/<name>.html.
func parseTemplates(fsys fs.FS, funcs template.FuncMap) (*templates, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(fsys, "layout.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	names, err := fs.Glob(fsys, "pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	ts := &templates{pages: map[string]*template.Template{}}
	for _, p := range names {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		if _, err := t.ParseFS(fsys, p); err != nil {
			return nil, fmt.Errorf("templates: %s: %w", p, err)
		}
		ts.pages[strings.TrimSuffix(path.Base(p), ".html")] = t
	}
	return ts, nil
}

// lookup returns the set for a page name (the file name under pages/ without .html).
func (ts *templates) lookup(name string) (*template.Template, bool) {
	t, ok := ts.pages[name]
	return t, ok
}
