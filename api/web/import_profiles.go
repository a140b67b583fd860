package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/importers"
	"itreg/importers/fields"
	"itreg/models"
)

// The profiles pages: everyone signed in may see how files are read; editors and above
// change and delete profiles (the API's import-profiles routes, through the same store).

// profileRow is one profile in the list.
type profileRow struct {
	ID                       int64
	Name, Kind, Updated      string
	Columns, Mappings, Value int
}

// profileData is one profile's page: the form for editors, the same facts read-only otherwise.
type profileData struct {
	Profile                                        importers.Profile
	Updated                                        string
	Name, DateOrder, Currency, MatchBy, EmptyCells Field
	Notes                                          Field
	Mappings                                       []profileMapping
	Values                                         []profileValue
}

// profileMapping is one column of the mapping with its select.
type profileMapping struct {
	N      int
	Column string
	Select Field
}

// profileValue is one value mapping with its input.
type profileValue struct {
	N                  int
	Field, From, Label string
	Input              Field
}

func (a *App) registerProfileRoutes(g *gin.RouterGroup) {
	g.GET("/import-profiles", a.profilesPage)
	g.GET("/import-profiles/:id", a.profilePage)
	w := g.Group("", a.requireRole(models.RoleEditor))
	w.POST("/import-profiles/:id", a.profileSave)
	w.POST("/import-profiles/:id/delete", a.profileDelete)
}

func (a *App) profilesPage(c *gin.Context) {
	if a.models == nil {
		a.fail(c, errNoImporter)
		return
	}
	recs, err := a.models.ListImportProfiles(c.Request.Context())
	if err != nil {
		a.fail(c, err)
		return
	}
	var rows []profileRow
	for _, r := range recs {
		p, err := importers.ProfileOf(r)
		if err != nil {
			a.fail(c, err)
			return
		}
		n := 0
		for _, m := range p.Values {
			n += len(m)
		}
		rows = append(rows, profileRow{ID: p.ID, Name: p.Name, Kind: p.Kind, Updated: stamp(r.UpdatedAt), Columns: len(p.Columns),
			Mappings: len(p.Mapping), Value: n})
	}
	a.render(c, Page{Name: "import-profiles", Title: "Import profiles", Nav: "imports", Data: rows})
}

// loadProfile reads the :id profile, answering 404 itself when there is none.
func (a *App) loadProfile(c *gin.Context) (*models.ImportProfile, importers.Profile, bool) {
	if a.models == nil {
		a.fail(c, errNoImporter)
		return nil, importers.Profile{}, false
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		a.renderError(c, http.StatusNotFound, "")
		return nil, importers.Profile{}, false
	}
	rec, err := a.models.GetImportProfile(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return nil, importers.Profile{}, false
	}
	p, err := importers.ProfileOf(*rec)
	if err != nil {
		a.fail(c, err)
		return nil, importers.Profile{}, false
	}
	return rec, p, true
}

func (a *App) profilePage(c *gin.Context) {
	rec, p, ok := a.loadProfile(c)
	if !ok {
		return
	}
	a.renderProfile(c, http.StatusOK, rec, p, profileForm(p, rec.Version))
}

// profileForm is the edit form filled from a profile.
func profileForm(p importers.Profile, version int64) *Form {
	v := url.Values{"name": {p.Name}, "version": {strconv.FormatInt(version, 10)}, "date_order": {p.DateOrder}, "currency": {p.Currency},
		"match_by": {p.MatchBy}, "empty_cells": {"clear"}, "notes": {p.Notes}}
	if p.KeepBlank {
		v.Set("empty_cells", "keep")
	}
	if p.KeepUnknown {
		v.Set("keep_unknown", "true")
	}
	for i, col := range sortedKeys(p.Mapping) {
		v.Set("mk."+strconv.Itoa(i), col)
		v.Set("mv."+strconv.Itoa(i), p.Mapping[col])
	}
	n := 0
	for _, field := range sortedKeys(p.Values) {
		for _, from := range sortedKeys(p.Values[field]) {
			v.Set("pf."+strconv.Itoa(n), field)
			v.Set("pk."+strconv.Itoa(n), from)
			v.Set("pv."+strconv.Itoa(n), p.Values[field][from])
			n++
		}
	}
	return NewForm(v)
}

func (a *App) renderProfile(c *gin.Context, status int, rec *models.ImportProfile, p importers.Profile, form *Form) {
	d := &profileData{Profile: p, Updated: stamp(rec.UpdatedAt)}
	d.Name = form.Field("name", "Name", "text", "required", "maxlength=200")
	d.DateOrder = form.Select("date_order", "Dates such as 03/05/2024 are", "", "Ambiguous: report them", "dmy", "day/month/year",
		"mdy", "month/day/year", "ymd", "year/month/day")
	d.Currency = form.Field("currency", "Currency of amounts that name none", "text", "maxlength=3")
	d.MatchBy = form.Select("match_by", "A row updates the device with the same", "", "asset tag (else serial number)",
		importers.MatchSerial, "serial number (else asset tag)")
	d.EmptyCells = form.Select("empty_cells", "An empty cell", "clear", "clears the value a device has", "keep", "keeps the value a device has")
	d.Notes = form.Field("notes", "Notes", "textarea", "maxlength=2000")
	for i := 0; form.Value("mk."+strconv.Itoa(i)) != ""; i++ {
		name := "mv." + strconv.Itoa(i)
		col := form.Value("mk." + strconv.Itoa(i))
		opts := []string{"", "(remove from the profile)"}
		for _, o := range columnOptions(p.Kind, "") {
			opts = append(opts, o.Value, o.Label)
		}
		sel := form.Select(name, "Column “"+col+"”", opts...)
		sel.ID = "f-mv-" + strconv.Itoa(i)
		d.Mappings = append(d.Mappings, profileMapping{N: i, Column: col, Select: sel})
	}
	for i := 0; form.Value("pf."+strconv.Itoa(i)) != ""; i++ {
		field, from := form.Value("pf."+strconv.Itoa(i)), form.Value("pk."+strconv.Itoa(i))
		in := form.Field("pv."+strconv.Itoa(i), "“"+from+"” becomes", "text", "maxlength=100", "hint=Empty removes it.")
		in.ID = "f-pv-" + strconv.Itoa(i)
		f, _ := enumValueField(field)
		d.Values = append(d.Values, profileValue{N: i, Field: field, From: from, Label: f.Header, Input: in})
	}
	a.render(c, Page{Name: "import-profile", Title: "Import profile " + p.Name, Nav: "imports", Status: status, Form: form, Data: d})
}

// profileFromForm reads the edit form over the stored profile (its columns and kind stay).
func profileFromForm(p importers.Profile, form *Form) importers.Profile {
	p.Name, p.DateOrder, p.Currency, p.MatchBy = form.Value("name"), form.Value("date_order"), form.Value("currency"), form.Value("match_by")
	p.Notes, p.KeepBlank, p.KeepUnknown = form.Value("notes"), form.Value("empty_cells") == "keep", form.Value("keep_unknown") == "true"
	p.Mapping, p.Values = nil, nil
	for i := 0; i < maxValueRows && form.Value("mk."+strconv.Itoa(i)) != ""; i++ {
		if to := form.Value("mv." + strconv.Itoa(i)); to != "" {
			if p.Mapping == nil {
				p.Mapping = map[string]string{}
			}
			p.Mapping[form.Value("mk."+strconv.Itoa(i))] = to
		}
	}
	for i := 0; i < maxValueRows && form.Value("pf."+strconv.Itoa(i)) != ""; i++ {
		field, from, to := form.Value("pf."+strconv.Itoa(i)), form.Value("pk."+strconv.Itoa(i)), form.Value("pv."+strconv.Itoa(i))
		if from == "" || to == "" {
			continue
		}
		if p.Values == nil {
			p.Values = map[string]map[string]string{}
		}
		if p.Values[field] == nil {
			p.Values[field] = map[string]string{}
		}
		p.Values[field][from] = to
	}
	return p
}

func (a *App) profileSave(c *gin.Context) {
	limitForm(c)
	rec, p, ok := a.loadProfile(c)
	if !ok {
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		a.renderError(c, http.StatusRequestEntityTooLarge, "The form is too large.")
		return
	}
	form := NewForm(c.Request.PostForm)
	version, err := strconv.ParseInt(form.Value("version"), 10, 64)
	if err != nil {
		a.renderError(c, http.StatusBadRequest, "The form has no version; open the profile again.")
		return
	}
	changed, fieldErr := profileChange(profileFromForm(p, form))
	if fieldErr == nil {
		_, fieldErr = a.models.UpdateImportProfile(c.Request.Context(), rec.ID, version, func(r *models.ImportProfile) error {
			r.Name, r.Kind, r.Columns, r.Options, r.Notes = changed.Name, changed.Kind, changed.Columns, changed.Options, changed.Notes
			return nil
		})
	}
	switch {
	case fieldErr == nil:
		a.flash(c, "ok", "Saved the profile "+strings.TrimSpace(form.Value("name"))+".")
		c.Redirect(http.StatusSeeOther, "/import-profiles/"+strconv.FormatInt(rec.ID, 10))
	case errors.Is(fieldErr, models.ErrStale):
		form.Message = "Someone else changed this profile since you opened it. Open it again to see their change."
		a.renderProfile(c, http.StatusConflict, rec, p, form)
	case form.TakeError(fieldErr, "name", "date_order", "currency", "match_by", "notes"):
		a.renderProfile(c, http.StatusUnprocessableEntity, rec, p, form)
	default:
		var pe *models.ParamError
		if errors.As(fieldErr, &pe) {
			form.SetFieldError(pe.Param, pe.Message)
			form.Message = fmt.Sprintf("Please correct: %s %s.", strings.ReplaceAll(pe.Param, "_", " "), pe.Message)
			a.renderProfile(c, http.StatusUnprocessableEntity, rec, p, form)
			return
		}
		a.fail(c, fieldErr)
	}
}

// profileChange checks the edited profile as the API does and returns it as stored.
func profileChange(p importers.Profile) (*models.ImportProfile, error) {
	if p.Kind != "" {
		for col, to := range p.Mapping {
			if to != choiceIgnore && to != choiceCustom && !validChoice(p.Kind, to) {
				return nil, &models.FieldError{Fields: map[string]string{"mapping": fmt.Sprintf("column %q: %q is not a %s field", col, to, p.Kind)}}
			}
		}
	}
	if p.Kind != fields.KindDevice {
		for col, to := range p.Mapping {
			if to == choiceCustom {
				return nil, &models.FieldError{Fields: map[string]string{"mapping": fmt.Sprintf("column %q: only devices have custom fields", col)}}
			}
		}
	}
	return importers.ProfileRecord(p)
}

func (a *App) profileDelete(c *gin.Context) {
	rec, _, ok := a.loadProfile(c)
	if !ok {
		return
	}
	if err := a.models.DeleteImportProfile(c.Request.Context(), rec.ID); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "Deleted the profile "+rec.Name+".")
	c.Redirect(http.StatusSeeOther, "/import-profiles")
}
