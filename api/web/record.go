package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// recordKind is what the record pages and forms need to know of one kind of record (device,
// licence, warranty, vendor, budget line): its address, its form fields, how a record turns
// into form values and back, and the store's methods for it. The handlers in this file are
// the same for every kind; each kind's file builds its recordKind and its record page's data.
type recordKind[T any] struct {
	noun   string // "device", for messages
	base   string // "/devices"
	nav    string // the navigation entry
	entity string // the audit trail's entity name (the table)
	// fields lists the form's inputs, references and enums with their choices.
	fields func(ctx context.Context) ([]fieldSpec, error)
	// values is the record as form values (the names of fields).
	values func(*T) url.Values
	// apply sets the record from form values; it reports values that do not parse as a
	// *models.FieldError, so they show next to their inputs like the store's own checks.
	apply  func(url.Values, *T) error
	title  func(*T) string
	get    func(ctx context.Context, id int64) (*T, error)
	create func(ctx context.Context, r *T) error
	update func(ctx context.Context, id, version int64, change func(*T) error) (*T, error)
	delete func(ctx context.Context, id int64, version *int64) error
	id     func(*T) int64
	ver    func(*T) int64
	// show renders the record page.
	show func(c *gin.Context, r *T)
}

// fieldSpec is one input of a record form.
type fieldSpec struct {
	Name, Label, Type string
	Required          bool
	Hint              string
	Choices           []string // value, label pairs for a select
}

// recordForm is what the record form template shows.
type recordForm struct {
	Noun    string
	Heading string
	Action  string
	Cancel  string
	Version int64
	Fields  []Field
	// Stale lists, after a save that lost the race, each field the other person changed:
	// the value now stored and the value the person typed; saving again applies theirs.
	Stale []staleField
}

// staleField is one field that differs between the stored record and what the person typed.
type staleField struct{ Label, Current, Yours string }

// register adds the kind's routes: the page, the forms and the POSTs, the POSTs for editors.
func (k *recordKind[T]) register(a *App, g *gin.RouterGroup) {
	editor := a.requireRole(models.RoleEditor)
	g.GET(k.base+"/new", editor, func(c *gin.Context) { k.newForm(a, c) })
	g.POST(k.base, editor, func(c *gin.Context) { k.createPost(a, c) })
	g.GET(k.base+"/:id", func(c *gin.Context) {
		if r, ok := k.load(a, c); ok {
			k.show(c, r)
		}
	})
	g.GET(k.base+"/:id/edit", editor, func(c *gin.Context) { k.editForm(a, c) })
	g.POST(k.base+"/:id", editor, func(c *gin.Context) { k.updatePost(a, c) })
	g.POST(k.base+"/:id/delete", editor, func(c *gin.Context) { k.deletePost(a, c) })
}

// load reads the record the path names, answering 404 for a bad or unknown id.
func (k *recordKind[T]) load(a *App, c *gin.Context) (*T, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		a.renderError(c, http.StatusNotFound, "")
		return nil, false
	}
	r, err := k.get(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return nil, false
	}
	return r, true
}

func (k *recordKind[T]) newForm(a *App, c *gin.Context) {
	var zero T
	vals := k.values(&zero)
	for name := range c.Request.URL.Query() {
		vals.Set(name, c.Query(name)) // a link may preset fields (?manufacturer_id=3)
	}
	k.renderForm(a, c, http.StatusOK, NewForm(vals), 0, 0, nil)
}

func (k *recordKind[T]) editForm(a *App, c *gin.Context) {
	r, ok := k.load(a, c)
	if !ok {
		return
	}
	k.renderForm(a, c, http.StatusOK, NewForm(k.values(r)), k.id(r), k.ver(r), nil)
}

// renderForm shows the create (id 0) or edit form.
func (k *recordKind[T]) renderForm(a *App, c *gin.Context, status int, form *Form, id, version int64, stale []staleField) {
	specs, err := k.fields(c.Request.Context())
	if err != nil {
		a.fail(c, err)
		return
	}
	d := recordForm{Noun: k.noun, Heading: "New " + k.noun, Action: k.base, Cancel: k.base, Version: version, Stale: stale}
	if id != 0 {
		d.Heading = "Edit " + k.noun
		d.Action = fmt.Sprintf("%s/%d", k.base, id)
		d.Cancel = d.Action
	}
	for name, msg := range form.Errors {
		// A store message that is a statement of its own ("an asset tag or a serial number is
		// required") reads as a sentence, not after the field's label.
		if strings.HasPrefix(msg, "a ") || strings.HasPrefix(msg, "an ") || strings.HasPrefix(msg, "all ") {
			form.Errors[name] = strings.ToUpper(msg[:1]) + msg[1:] + "."
		}
	}
	for _, s := range specs {
		var f Field
		if s.Type == "select" {
			f = form.Select(s.Name, s.Label, s.Choices...)
		} else {
			f = form.Field(s.Name, s.Label, s.Type, "hint="+s.Hint)
		}
		f.Required = s.Required
		d.Fields = append(d.Fields, f)
	}
	a.render(c, Page{Name: "record-form", Title: d.Heading, Nav: k.nav, Status: status, Form: form, Data: d})
}

// shown names the form's fields, so TakeError puts any other field's error above the form.
func (k *recordKind[T]) shown(ctx context.Context) []string {
	specs, _ := k.fields(ctx)
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.Name
	}
	return names
}

func (k *recordKind[T]) createPost(a *App, c *gin.Context) {
	ctx := c.Request.Context()
	if err := c.Request.ParseForm(); err != nil {
		a.renderError(c, http.StatusBadRequest, "")
		return
	}
	form := NewForm(c.Request.PostForm)
	var r T
	err := k.apply(form.Values, &r)
	if err == nil {
		err = k.create(ctx, &r)
	}
	if err != nil {
		if form.TakeError(err, k.shown(ctx)...) {
			k.renderForm(a, c, http.StatusUnprocessableEntity, form, 0, 0, nil)
			return
		}
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", fmt.Sprintf("The %s %s was created.", k.noun, k.title(&r)))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/%d", k.base, k.id(&r)))
}

// updatePost saves the form at the version it was opened with. When someone saved first,
// the form comes back with their values beside the person's and the new version, so saving
// again is a deliberate re-apply, never a silent overwrite.
func (k *recordKind[T]) updatePost(a *App, c *gin.Context) {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		a.renderError(c, http.StatusNotFound, "")
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		a.renderError(c, http.StatusBadRequest, "")
		return
	}
	form := NewForm(c.Request.PostForm)
	version, err := strconv.ParseInt(form.Value("version"), 10, 64)
	if err != nil {
		a.renderError(c, http.StatusBadRequest, "The form carried no version. Open the record again and edit it from there.")
		return
	}
	r, err := k.update(ctx, id, version, func(r *T) error { return k.apply(form.Values, r) })
	switch {
	case errors.Is(err, models.ErrStale):
		cur, gerr := k.get(ctx, id)
		if gerr != nil {
			a.fail(c, gerr)
			return
		}
		form.Message = "Someone else saved this " + k.noun + " while you were editing it. " +
			"Their values are shown beside yours; save again to apply yours over theirs, or cancel to keep theirs."
		k.renderForm(a, c, http.StatusConflict, form, id, k.ver(cur), k.diff(ctx, k.values(cur), form.Values))
		return
	case err != nil:
		if form.TakeError(err, k.shown(ctx)...) {
			k.renderForm(a, c, http.StatusUnprocessableEntity, form, id, version, nil)
			return
		}
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", fmt.Sprintf("The %s %s was saved.", k.noun, k.title(r)))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/%d", k.base, id))
}

// diff lists the form's fields whose stored value differs from the person's.
func (k *recordKind[T]) diff(ctx context.Context, current, yours url.Values) []staleField {
	specs, _ := k.fields(ctx)
	var out []staleField
	for _, s := range specs {
		if cur, you := current.Get(s.Name), yours.Get(s.Name); cur != you {
			out = append(out, staleField{s.Label, choiceLabel(s, cur), choiceLabel(s, you)})
		}
	}
	return out
}

// choiceLabel shows a select's value as its label.
func choiceLabel(s fieldSpec, v string) string {
	for i := 0; i+1 < len(s.Choices); i += 2 {
		if s.Choices[i] == v {
			return s.Choices[i+1]
		}
	}
	return v
}

// deletePost deletes at the version shown; when the store refuses because something still
// uses the record, its message (what uses it) goes back on the record page.
func (k *recordKind[T]) deletePost(a *App, c *gin.Context) {
	r, ok := k.load(a, c)
	if !ok {
		return
	}
	var version *int64
	if v, err := strconv.ParseInt(c.PostForm("version"), 10, 64); err == nil {
		version = &v
	}
	err := k.delete(c.Request.Context(), k.id(r), version)
	var ce *models.ConflictError
	switch {
	case errors.As(err, &ce):
		a.renderError(c, http.StatusConflict, "This "+k.noun+" was not deleted: "+ce.Message+".")
		return
	case errors.Is(err, models.ErrStale):
		a.renderError(c, http.StatusConflict, "Someone else changed this "+k.noun+" since you opened it; it was not deleted. Open it again to see their change.")
		return
	case err != nil:
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", fmt.Sprintf("The %s %s was deleted.", k.noun, k.title(r)))
	c.Redirect(http.StatusSeeOther, k.base)
}

// recordLink is what the record-actions partial needs.
type recordLink struct {
	Base    string
	ID      int64
	Version int64
	Noun    string
}

func newRecordLink(base string, id, version int64, noun string) recordLink {
	return recordLink{base, id, version, noun}
}
