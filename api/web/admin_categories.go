package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// categoriesData is the categories page: every category with its device count, and the
// form of a new category or of the one being changed.
type categoriesData struct {
	Categories []categoryRow
	Form       *Form
	Editing    *categoryRow // nil: the form creates a category
	Class      Field
}

type categoryRow struct {
	ID                int64
	Name, Class       string
	LifetimeMonths    int
	Lifetime          int // in force: differs from LifetimeMonths when configuration overrides it
	Devices           int64
	DevicesHref       string
	Version           int64
	Overridden, InUse bool
	ClassLabel        string
}

// registerCategoryRoutes serves Administration > Categories: editors and admins keep the
// categories, as they keep vendors.
func (a *App) registerCategoryRoutes(g *gin.RouterGroup) {
	g = g.Group("/admin/categories", a.requireRole(models.RoleEditor))
	g.GET("", a.categoriesPage)
	g.POST("", a.createCategory)
	g.GET("/:id", a.categoryPage)
	g.POST("/:id", a.updateCategory)
	g.POST("/:id/delete", a.deleteCategory)
}

var categoryFields = []string{"name", "class", "lifetime_months", "notes"}

// categoryClasses are the classes a category may have, value and label, for the select.
func categoryClasses() []string { return enumChoices(models.DeviceCategories, "") }

// categoryLabel shows a category's name: a built-in one in words ("AV", "Laptop").
func categoryLabel(name string) string {
	if slices.Contains(models.DeviceCategories, name) {
		return enumLabel(name)
	}
	return name
}

// categoryChoices lists the register's categories as select choices, blank (when given) first.
func (a *App) categoryChoices(ctx context.Context, blank string) ([]string, error) {
	set, err := a.store.Categories(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	if blank != "" {
		out = append(out, "", blank)
	}
	for _, name := range set.Names() {
		out = append(out, name, categoryLabel(name))
	}
	return out, nil
}

// categoryNames lists the categories' names for the device list's filter, "any" first; the
// eleven built-in ones when the categories cannot be read.
func (a *App) categoryNames() []string {
	set, err := a.store.Categories(context.Background())
	if err != nil {
		return anyOf(models.DeviceCategories)
	}
	return anyOf(set.Names())
}

func categoryValues(c *models.Category) url.Values {
	return url.Values{"name": {c.Name}, "class": {c.Class}, "lifetime_months": {strconv.Itoa(c.LifetimeMonths)}, "notes": {c.Notes}}
}

// categoryFromForm reads the form into c; a lifetime that is not a number is a field error.
func categoryFromForm(c *gin.Context, form *Form, cat *models.Category) {
	cat.Name, cat.Class, cat.Notes = strings.TrimSpace(c.PostForm("name")), c.PostForm("class"), c.PostForm("notes")
	n, err := strconv.Atoi(strings.TrimSpace(c.PostForm("lifetime_months")))
	if err != nil {
		form.SetFieldError("lifetime_months", "must be a whole number of months, from 1 to 600")
	}
	cat.LifetimeMonths = n
}

func (a *App) renderCategories(c *gin.Context, status int, d *categoriesData) {
	uses, err := a.store.ListCategories(c.Request.Context())
	if err != nil {
		a.fail(c, err)
		return
	}
	for _, u := range uses {
		row := categoryRow{ID: u.ID, Name: u.Name, Class: u.Class, ClassLabel: enumLabel(u.Class), LifetimeMonths: u.LifetimeMonths,
			Lifetime: u.Lifetime, Devices: u.Devices, Version: u.Version, Overridden: u.Lifetime != u.LifetimeMonths, InUse: u.Devices > 0,
			DevicesHref: "/devices?" + url.Values{"category": {u.Name}}.Encode()}
		if d.Editing != nil && d.Editing.ID == u.ID {
			version := d.Editing.Version
			*d.Editing = row
			d.Editing.Version = version // the version the form was opened at
		}
		d.Categories = append(d.Categories, row)
	}
	if d.Form == nil {
		d.Form = NewForm(url.Values{"class": {models.CategoryOther}, "lifetime_months": {"60"}})
	}
	d.Class = d.Form.Select("class", "Class", categoryClasses()...)
	title := "Categories"
	if d.Editing != nil {
		title = "Category: " + d.Editing.Name
	}
	a.render(c, Page{Name: "categories", Title: title, Nav: "admin", Status: status, Data: d})
}

func (a *App) categoriesPage(c *gin.Context) { a.renderCategories(c, http.StatusOK, &categoriesData{}) }

func (a *App) categoryPage(c *gin.Context) {
	id, ok := a.pathInt64(c)
	if !ok {
		return
	}
	cat, err := a.store.GetCategory(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return
	}
	a.renderCategories(c, http.StatusOK, &categoriesData{Editing: &categoryRow{ID: cat.ID, Version: cat.Version}, Form: NewForm(categoryValues(cat))})
}

func (a *App) createCategory(c *gin.Context) {
	_ = c.Request.ParseForm()
	form := NewForm(c.Request.PostForm)
	var cat models.Category
	categoryFromForm(c, form, &cat)
	if form.Invalid() {
		form.Message = "Please correct the fields marked below."
		a.renderCategories(c, http.StatusUnprocessableEntity, &categoriesData{Form: form})
		return
	}
	if err := a.store.CreateCategory(c.Request.Context(), &cat); err != nil {
		if form.TakeError(err, categoryFields...) {
			a.renderCategories(c, http.StatusUnprocessableEntity, &categoriesData{Form: form})
			return
		}
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The category “"+cat.Name+"” is added; devices can use it now.")
	c.Redirect(http.StatusSeeOther, "/admin/categories")
}

func (a *App) updateCategory(c *gin.Context) {
	id, ok := a.pathInt64(c)
	if !ok {
		return
	}
	_ = c.Request.ParseForm()
	form := NewForm(c.Request.PostForm)
	version, err := strconv.ParseInt(c.PostForm("version"), 10, 64)
	if err != nil {
		a.renderError(c, http.StatusBadRequest, "The form lost the category's version. Open the category again.")
		return
	}
	editing := &categoryRow{ID: id, Version: version}
	var probe models.Category
	categoryFromForm(c, form, &probe)
	if form.Invalid() {
		form.Message = "Please correct the fields marked below."
		a.renderCategories(c, http.StatusUnprocessableEntity, &categoriesData{Editing: editing, Form: form})
		return
	}
	cat, err := a.store.UpdateCategory(c.Request.Context(), id, version, func(m *models.Category) error {
		categoryFromForm(c, NewForm(nil), m)
		return nil
	})
	if err != nil {
		if form.TakeError(err, categoryFields...) {
			a.renderCategories(c, http.StatusUnprocessableEntity, &categoriesData{Editing: editing, Form: form})
			return
		}
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The category “"+cat.Name+"” is saved.")
	c.Redirect(http.StatusSeeOther, "/admin/categories")
}

// deleteCategory deletes an unused category; one in use stays, and the page says why.
func (a *App) deleteCategory(c *gin.Context) {
	id, ok := a.pathInt64(c)
	if !ok {
		return
	}
	var version *int64
	if v, err := strconv.ParseInt(c.PostForm("version"), 10, 64); err == nil {
		version = &v
	}
	ctx := c.Request.Context()
	if err := a.store.DeleteCategory(ctx, id, version); err != nil {
		cat, gerr := a.store.GetCategory(ctx, id)
		form := NewForm(nil)
		if gerr == nil && form.TakeError(err) {
			form.Values = categoryValues(cat)
			a.renderCategories(c, http.StatusConflict, &categoriesData{Editing: &categoryRow{ID: cat.ID, Version: cat.Version}, Form: form})
			return
		}
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The category is deleted.")
	c.Redirect(http.StatusSeeOther, "/admin/categories")
}
