package web

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/importers"
	"itreg/importers/fields"
	"itreg/models"
)

// maxValueRows caps the value rows one form may send back.
const maxValueRows = 2000

// valuesData is the value mapping step: per enum field of the file, the values not understood
// (with their counts) and the mappings already made, each with a select of the field's values.
type valuesData struct {
	RunID   int64
	File    string
	State   wizardState
	Groups  []valueGroup
	Profile *importers.ProfileUse
	Message string
}

// valueGroup is one enum field and its values.
type valueGroup struct {
	Field, Label, Columns string
	Category              bool // a category may be a new one, by name
	Rows                  []valueRow
}

// valueRow is one value of the file and what it maps to.
type valueRow struct {
	N            int
	Value        string
	Count        int // 0 for a mapping already made (the preview counts only what it does not understand)
	Select       Field
	NewCategory  Field
	AlreadyTaken bool
}

// enumValueField finds an enum field by name in any kind (value maps are per field name).
func enumValueField(name string) (fields.Field, bool) {
	for _, k := range fields.Kinds {
		if f, ok := fields.FieldByName(k, name); ok && f.Type == fields.Enum {
			return f, true
		}
	}
	return fields.Field{}, false
}

// valuesView builds the step: the groups of the value map first kept, then the file's values
// the preview does not understand.
func valuesView(run *models.ImportRun, st wizardState, res *importers.PreviewResult) *valuesData {
	d := &valuesData{RunID: run.ID, File: run.FileName, State: st, Profile: res.Profile}
	groups := map[string]*valueGroup{}
	var order []string
	group := func(field string) *valueGroup {
		if g, ok := groups[field]; ok {
			return g
		}
		f, _ := enumValueField(field)
		g := &valueGroup{Field: field, Label: f.Header, Category: field == "category"}
		groups[field] = g
		order = append(order, field)
		return g
	}
	n := 0
	add := func(g *valueGroup, value string, count int, to string) {
		f, _ := enumValueField(g.Field)
		form := NewForm(nil)
		form.Prefix = "v" + strconv.Itoa(n) + "-"
		choices := []string{"", "Leave it (the rows fail)"}
		for _, e := range f.Enum {
			choices = append(choices, e, e)
		}
		form.Values.Set("vv."+strconv.Itoa(n), to)
		sel := form.Select("vv."+strconv.Itoa(n), "“"+value+"” becomes", choices...)
		sel.ID = "f-vv-" + strconv.Itoa(n)
		row := valueRow{N: n, Value: value, Count: count, Select: sel, AlreadyTaken: count == 0}
		if g.Category {
			newCat := ""
			if !slices.Contains(f.Enum, to) {
				newCat = to
			}
			form.Values.Set("vn."+strconv.Itoa(n), newCat)
			row.NewCategory = form.Field("vn."+strconv.Itoa(n), "or a new category named", "text", "maxlength=100")
			row.NewCategory.ID = "f-vn-" + strconv.Itoa(n)
		}
		g.Rows = append(g.Rows, row)
		n++
	}
	for _, field := range sortedKeys(st.ValueMap) {
		if _, ok := enumValueField(field); !ok {
			continue
		}
		g := group(field)
		for _, from := range sortedKeys(st.ValueMap[field]) {
			add(g, from, 0, st.ValueMap[field][from])
		}
	}
	for _, ps := range res.Sheets {
		for _, pc := range ps.Columns {
			if pc.Field == "" || len(pc.Unmatched) == 0 {
				continue
			}
			g := group(pc.Field)
			if g.Columns != "" {
				g.Columns += ", "
			}
			g.Columns += pc.Letter + " “" + pc.Header + "”"
			for _, vc := range pc.Unmatched {
				add(g, vc.Value, vc.Count, "")
			}
		}
	}
	for _, field := range order {
		d.Groups = append(d.Groups, *groups[field])
	}
	return d
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// showValues previews the file with the choices and shows the value mapping step.
func (a *App) showValues(c *gin.Context, run *models.ImportRun, file []byte, st wizardState, problem error, status int) {
	opt, err := a.wizardOptions(c, run, st)
	if err != nil {
		// The value map was checked when it was sent; the mapping step's options before.
		problem, st.ValueMap = err, nil
		if opt, err = a.wizardOptions(c, run, st); err != nil {
			a.failParam(c, err)
			return
		}
	}
	res, err := preview(c.Request.Context(), run, file, opt)
	if err != nil {
		a.renderError(c, http.StatusUnprocessableEntity, sentence("The file", err.Error()))
		return
	}
	d := valuesView(run, st, res)
	if problem != nil {
		d.Message = problemText(problem)
		status = http.StatusUnprocessableEntity
	}
	a.render(c, Page{Name: "import-values", Title: "Map the values of " + run.FileName, Nav: "imports", Status: status, Data: d})
}

// problemText is an option's or field's error in words.
func problemText(err error) string {
	if m := fieldMessage(err); m != "" {
		return m
	}
	var pe *models.ParamError
	if errors.As(err, &pe) {
		return strings.ReplaceAll(pe.Param, "_", " ") + " " + pe.Message
	}
	return err.Error()
}

// readValueMap reads the value rows: vf.N the field, vk.N the file's value, vv.N the value
// chosen and vn.N a new category's name (which wins over vv.N).
func readValueMap(form map[string][]string) (map[string]map[string]string, error) {
	get := func(k string) string {
		if v := form[k]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	out := map[string]map[string]string{}
	for n := 0; n < maxValueRows; n++ {
		field, from := get("vf."+strconv.Itoa(n)), get("vk."+strconv.Itoa(n))
		if field == "" && from == "" {
			break
		}
		to := get("vv." + strconv.Itoa(n))
		if nc := get("vn." + strconv.Itoa(n)); nc != "" {
			to = nc
		}
		if field == "" || from == "" || to == "" {
			continue
		}
		if _, ok := enumValueField(field); !ok {
			return nil, &models.ParamError{Param: "value_map", Message: "names " + field + ", which is not a field with a fixed list of values"}
		}
		if out[field] == nil {
			out[field] = map[string]string{}
		}
		out[field][from] = to
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// wizardValuesPost takes the value mapping step: back to the mapping step, or the dry run with
// every choice. A value mapped to a value its field does not have comes back as a 422 naming it.
func (a *App) wizardValuesPost(c *gin.Context) {
	limitForm(c)
	if err := c.Request.ParseForm(); err != nil {
		a.renderError(c, http.StatusRequestEntityTooLarge, "The form is too large.")
		return
	}
	run, file, ok := a.wizardRun(c)
	if !ok {
		return
	}
	st, err := readState(c)
	if err == nil && st.SHA256 != run.SHA256 {
		err = &models.ParamError{Param: "sha256", Message: "names another file than this upload's"}
	}
	if err == nil {
		st.ValueMap, err = readValueMap(c.Request.PostForm)
	}
	if err != nil {
		a.failParam(c, err)
		return
	}
	if c.PostForm("step") == "back" {
		a.showMapping(c, run, file, st)
		return
	}
	opt, err := a.wizardOptions(c, run, st)
	if err != nil {
		a.showValues(c, run, file, st, err, http.StatusUnprocessableEntity)
		return
	}
	opt.DryRun = true
	ctx := c.Request.Context()
	var res *importers.Result
	if job := a.cfg.ImportJobBytes; job > 0 && int64(len(file)) > job {
		res, err = importers.Enqueue(ctx, a.models, run.FileName, file, opt)
	} else {
		res, err = importers.Import(ctx, a.models, run.FileName, bytes.NewReader(file), int64(len(file)), opt)
		if err == nil {
			err = a.store.SaveImportRunFile(ctx, res.ID, file)
		}
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	if st.SaveAs != "" {
		if err := a.saveWizardProfile(c, run, file, st, opt); err != nil {
			a.flash(c, "error", "The dry run ran, but the profile was not saved: "+problemText(err))
		} else {
			a.flash(c, "ok", "Saved the profile "+st.SaveAs+"; a later file with the same headers is read with it.")
		}
	}
	c.Redirect(http.StatusSeeOther, "/imports/"+strconv.FormatInt(res.ID, 10))
}

// showMapping shows the mapping step again with the choices made (from the value step's Back).
func (a *App) showMapping(c *gin.Context, run *models.ImportRun, file []byte, st wizardState) {
	opt, err := a.wizardOptions(c, run, st)
	if err != nil {
		st.ValueMap = nil
		if opt, err = a.wizardOptions(c, run, st); err != nil {
			a.failParam(c, err)
			return
		}
	}
	res, err := preview(c.Request.Context(), run, file, opt)
	if err != nil {
		a.renderError(c, http.StatusUnprocessableEntity, sentence("The file", err.Error()))
		return
	}
	a.render(c, Page{Name: "import-mapping", Title: "Map the columns of " + run.FileName, Nav: "imports", Data: mappingView(run, st, res, nil, nil)})
}
