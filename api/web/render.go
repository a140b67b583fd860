package web

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// Page is what a handler hands to render: which template, the title, the navigation entry to
// highlight, the status (0 means 200), the form being shown (with its errors) and the page's
// own data, which the template reads as .Data.
type Page struct {
	Name   string
	Title  string
	Nav    string
	Status int
	Form   *Form
	Data   any
}

// view is what every template receives: the page plus what the layout needs.
type view struct {
	Page
	Me      *Me
	Nonce   string
	Flash   *Flash
	Nav     []navItem
	Query   string // the search box's current text
	Version string
	HTMX    bool // the request came from htmx (a template may render a fragment)
}

// render executes the page's template set into a buffer, then writes it, so a template error
// answers a clean 500 page instead of half a page.
func (a *App) render(c *gin.Context, p Page) {
	if p.Status == 0 {
		p.Status = http.StatusOK
	}
	if p.Form == nil {
		p.Form = NewForm(nil)
	}
	t, ok := a.pages.lookup(p.Name)
	if !ok {
		a.log.Error("web: no template", "page", p.Name)
		a.renderError(c, http.StatusInternalServerError, "")
		return
	}
	me := meFrom(c)
	v := view{
		Page:    p,
		Me:      me,
		Nonce:   nonce(c),
		Flash:   a.takeFlash(c),
		Nav:     navFor(me),
		Query:   c.Query("q"),
		Version: a.cfg.Version,
		HTMX:    c.GetHeader("HX-Request") == "true",
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		a.log.Error("web: render", "page", p.Name, "err", err)
		if p.Name != "error" {
			a.renderError(c, http.StatusInternalServerError, "")
		}
		return
	}
	c.Data(p.Status, "text/html; charset=utf-8", buf.Bytes())
}

// funcs are the functions templates may call.
func (a *App) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":    a.assets.URL,
		"roleName": roleName,
		"viewName": landingViewName,
		// Record pages.
		"enumLabel": enumLabel,
		"day":       day,
		"recordRef": newRecordLink,
		"str":       models.Str,
		"overBy":    overBy,
	}
}
