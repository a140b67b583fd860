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

// Choices of a column's select besides its kind's fields.
const (
	choiceIgnore = "ignore"
	choiceCustom = importers.MapCustom
)

// mappingData is the mapping step: one section per sheet.
type mappingData struct {
	RunID   int64
	File    string
	State   wizardState
	Profile *importers.ProfileUse
	// NearProfiles are profiles most of whose columns the file has, but not all: reported,
	// never applied.
	NearProfiles                                     []string
	Sheets                                           []mappingSheet
	DateOrder, Currency, MatchBy, EmptyCells, SaveAs Field
	Invalid                                          bool
}

// mappingSheet is one sheet of the mapping step.
type mappingSheet struct {
	importers.PreviewSheet
	Index   int
	Columns []mappingColumn
	Missing []missingField // the kind's required fields no column holds
}

// mappingColumn is one column with its select and, when it fills a date or an amount, how to
// read this column's values (nil otherwise).
type mappingColumn struct {
	importers.PreviewColumn
	Select          Field
	Order, Currency *Field
}

// columnReading is how one column's values are read, overriding the file's options: the date
// order of a date column, the currency of an amount column. Empty means the file's.
type columnReading struct{ order, currency string }

// orderName and currencyName are the form names of a column's reading controls:
// order.<sheet>.<letter> and currency.<sheet>.<letter>.
func orderName(sheet int, letter string) string {
	return "order." + strconv.Itoa(sheet) + "." + letter
}

func currencyName(sheet int, letter string) string {
	return "currency." + strconv.Itoa(sheet) + "." + letter
}

// dateLayouts are the layouts a mapping target spells a date order with ("purchase_date
// (MM/DD/YYYY)"), which the importer reads back as the column's unit.
var dateLayouts = map[string]string{"dmy": "DD/MM/YYYY", "mdy": "MM/DD/YYYY", "ymd": "YYYY-MM-DD"}

// target is a column's mapping target: the field, with the reading in brackets when it has one.
func (r columnReading) target(field string) string {
	switch {
	case r.order != "":
		return field + " (" + dateLayouts[r.order] + ")"
	case r.currency != "":
		return field + " (" + r.currency + ")"
	}
	return field
}

// readingOf returns the reading chosen for a column on the form, kept only when the chosen
// field is a date (the order) or an amount (the currency).
func readingOf(kind, field string, form url.Values, sheet int, letter string) columnReading {
	f, _ := fields.FieldByName(kind, field)
	switch f.Type {
	case fields.Date:
		return columnReading{order: form.Get(orderName(sheet, letter))}
	case fields.Money:
		return columnReading{currency: strings.ToUpper(strings.TrimSpace(form.Get(currencyName(sheet, letter))))}
	}
	return columnReading{}
}

// readingFields are a column's reading controls for its chosen field, with values, when form
// is nil, from what the preview says the column declares.
func readingFields(kind, field string, pc importers.PreviewColumn, form url.Values, sheet int, errs map[string]string) (order, cur *Field) {
	f, _ := fields.FieldByName(kind, field)
	if f.Type != fields.Date && f.Type != fields.Money {
		return nil, nil
	}
	values := url.Values{orderName(sheet, pc.Letter): {pc.DateOrder}, currencyName(sheet, pc.Letter): {pc.Currency}}
	if form != nil {
		values = form
	}
	fm := NewForm(values)
	for k, v := range errs {
		fm.SetFieldError(k, v)
	}
	if f.Type == fields.Date {
		fd := fm.Select(orderName(sheet, pc.Letter), "Dates of column "+pc.Letter, "", "same as the file", "dmy", "day/month/year",
			"mdy", "month/day/year", "ymd", "year/month/day")
		fd.ID = "f-" + strings.ReplaceAll(fd.Name, ".", "-")
		return &fd, nil
	}
	fd := fm.Field(currencyName(sheet, pc.Letter), "Currency of column "+pc.Letter, "text", "maxlength=3",
		"hint=Empty: the file's currency.")
	fd.ID = "f-" + strings.ReplaceAll(fd.Name, ".", "-")
	return nil, &fd
}

// missingField is a required field without a column.
type missingField struct{ Name, Label, Error string }

// selectName is the form name of a column's select: col.<sheet>.<letter>.
func selectName(sheet int, letter string) string { return "col." + strconv.Itoa(sheet) + "." + letter }

// columnChoice is the select's value for a column as the preview reads it: its field, custom,
// or ignore. A column that lost a conflict shows the field it means, so the person must choose.
func columnChoice(c importers.PreviewColumn, conflicted map[string]bool) string {
	switch {
	case c.Field != "":
		return c.Field
	case c.Custom:
		return choiceCustom
	case c.Suggested != "" && conflicted[c.Suggested]:
		return c.Suggested
	}
	return choiceIgnore
}

// columnOptions are a column's choices: not imported, a custom field (devices), every field.
func columnOptions(kind, chosen string) []Option {
	opts := []Option{{Value: choiceIgnore, Label: "Not imported"}}
	if kind == fields.KindDevice {
		opts = append(opts, Option{Value: choiceCustom, Label: "Keep as a custom field"})
	}
	for _, f := range fields.Fields(kind) {
		label := f.Header
		if f.Required {
			label += " (required)"
		}
		opts = append(opts, Option{Value: f.Name, Label: label})
	}
	for i := range opts {
		opts[i].Selected = opts[i].Value == chosen
	}
	return opts
}

// fieldLabel is a field's header ("Serial Number"), or its name for one the kind lacks.
func fieldLabel(kind, name string) string {
	if f, ok := fields.FieldByName(kind, name); ok {
		return f.Header
	}
	return name
}

// mappingView builds the step from a preview. chosen (select name -> value) overrides the
// preview's reading when the form comes back with errors (select name -> message).
func mappingView(run *models.ImportRun, st wizardState, res *importers.PreviewResult, chosen url.Values, errs map[string]string) *mappingData {
	d := &mappingData{RunID: run.ID, File: run.FileName, State: st, Profile: res.Profile, Invalid: len(errs) > 0}
	for si, ps := range res.Sheets {
		ms := mappingSheet{PreviewSheet: ps, Index: si}
		conflicted := map[string]bool{}
		for _, cf := range ps.Conflicts {
			conflicted[cf.Field] = true
		}
		have := map[string]bool{}
		for _, pc := range ps.Columns {
			name := selectName(si, pc.Letter)
			v := columnChoice(pc, conflicted)
			if chosen != nil {
				v = chosen.Get(name)
			}
			have[v] = true
			label := pc.Header
			if label == "" {
				label = "Column " + pc.Letter
			}
			sel := Field{ID: "f-" + strings.ReplaceAll(name, ".", "-"), Name: name, Label: label, Type: "select", Value: v,
				Options: columnOptions(ps.Kind, v), Error: errs[name]}
			order, cur := readingFields(ps.Kind, v, pc, chosen, si, errs)
			ms.Columns = append(ms.Columns, mappingColumn{PreviewColumn: pc, Select: sel, Order: order, Currency: cur})
		}
		if ps.Kind != "" {
			for _, f := range fields.Fields(ps.Kind) {
				if f.Required && !have[f.Name] {
					key := "required." + strconv.Itoa(si) + "." + f.Name
					ms.Missing = append(ms.Missing, missingField{Name: f.Name, Label: f.Header, Error: errs[key]})
				}
			}
		}
		d.Sheets = append(d.Sheets, ms)
	}
	form := NewForm(url.Values{"date_order": {st.DateOrder}, "currency": {st.Currency}, "match_by": {st.MatchBy},
		"empty_cells": {st.EmptyCells}, "save_as": {st.SaveAs}})
	for k, v := range errs {
		form.SetFieldError(k, v)
	}
	d.DateOrder = form.Select("date_order", "Dates such as 03/05/2024 are", "", "Ambiguous: report them", "dmy", "day/month/year",
		"mdy", "month/day/year", "ymd", "year/month/day")
	d.Currency = form.Field("currency", "Currency of amounts that name none", "text", "maxlength=3", "hint=An ISO 4217 code such as GBP.")
	d.MatchBy = form.Select("match_by", "A row updates the device with the same", importers.MatchAssetTag, "asset tag (else serial number)",
		importers.MatchSerial, "serial number (else asset tag)")
	d.EmptyCells = form.Select("empty_cells", "An empty cell", "clear", "clears the value a device has", "keep", "keeps the value a device has")
	d.SaveAs = form.Field("save_as", "Save these choices as a profile named", "text", "maxlength=200",
		"hint=Optional. A later file with the same headers is then read the same way.")
	return d
}

// checkChoices validates the mapping step before any dry run: every select holds one of its
// column's choices, no field is chosen for two columns of a sheet, and every required field
// has a column. Errors are keyed by select name (or required.<sheet>.<field>).
func checkChoices(sheets []importers.PreviewSheet, chosen url.Values) map[string]string {
	errs := map[string]string{}
	for si, ps := range sheets {
		if ps.Kind == "" {
			continue
		}
		byField := map[string][]importers.PreviewColumn{}
		for _, pc := range ps.Columns {
			name := selectName(si, pc.Letter)
			v := chosen.Get(name)
			if !validChoice(ps.Kind, v) {
				errs[name] = fmt.Sprintf("Choose what column %s holds.", pc.Letter)
				continue
			}
			if v != choiceIgnore && v != choiceCustom {
				byField[v] = append(byField[v], pc)
			}
			r := readingOf(ps.Kind, v, chosen, si, pc.Letter)
			if _, ok := dateLayouts[r.order]; r.order != "" && !ok {
				errs[orderName(si, pc.Letter)] = "Choose day/month/year, month/day/year or year/month/day."
			}
			if r.currency != "" && !models.ValidCurrency(r.currency) {
				errs[currencyName(si, pc.Letter)] = "Give an ISO 4217 code such as GBP, or leave it empty."
			}
		}
		for field, cols := range byField {
			if len(cols) < 2 {
				continue
			}
			for _, pc := range cols {
				var others []string
				for _, o := range cols {
					if o.Letter != pc.Letter {
						others = append(others, o.Letter)
					}
				}
				errs[selectName(si, pc.Letter)] = fmt.Sprintf("%s is chosen for column %s too: keep it for one column only.",
					fieldLabel(ps.Kind, field), strings.Join(others, " and "))
			}
		}
		for _, f := range fields.Fields(ps.Kind) {
			if f.Required && len(byField[f.Name]) == 0 {
				errs["required."+strconv.Itoa(si)+"."+f.Name] = f.Header + " is required: choose the column that holds it."
			}
		}
	}
	return errs
}

func validChoice(kind, v string) bool {
	if v == choiceIgnore || v == choiceCustom && kind == fields.KindDevice {
		return true
	}
	_, ok := fields.FieldByName(kind, v)
	return ok && !fields.IsSystemField(v)
}

// explicitMapping turns the selects into the options' mapping: only the columns chosen
// otherwise than the importer reads them by itself (auto), or read with a date order or
// currency of their own (the target then carries it: "purchase_date (MM/DD/YYYY)"), keyed by
// header (by letter when the header is empty or repeated in its sheet). A file of one sheet
// gets a mapping that suits the next month's file whatever its name; a workbook of several,
// one mapping per sheet.
func explicitMapping(auto []importers.PreviewSheet, chosen url.Values) (map[string]string, map[string]map[string]string) {
	bySheet := map[string]map[string]string{}
	for si, ps := range auto {
		out := map[string]string{}
		seen := map[string]int{}
		for _, pc := range ps.Columns {
			k, _ := fields.NormalizeHeader(pc.Header)
			seen[k]++
		}
		for _, pc := range ps.Columns {
			v := chosen.Get(selectName(si, pc.Letter))
			r := readingOf(ps.Kind, v, chosen, si, pc.Letter)
			if own := (columnReading{order: pc.DateOrder, currency: pc.Currency}); r == own {
				r = columnReading{} // the header says it already
			}
			if v == "" || v == columnChoice(pc, nil) && r == (columnReading{}) {
				continue
			}
			key := pc.Header
			if k, _ := fields.NormalizeHeader(pc.Header); k == "" || seen[k] > 1 {
				key = pc.Letter
			}
			out[key] = r.target(v)
		}
		if len(out) > 0 {
			bySheet[ps.Name] = out
		}
	}
	switch {
	case len(bySheet) == 0:
		return nil, nil
	case len(auto) == 1:
		return bySheet[auto[0].Name], nil
	}
	return nil, bySheet
}

// wizardMapping shows the mapping step of an upload: the file as the importer reads it, with
// the profile whose columns it has applied (or the choices the upload was checked with).
func (a *App) wizardMapping(c *gin.Context) {
	run, file, ok := a.wizardRun(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	first, err := importers.OptionsOf(run)
	if err != nil {
		a.fail(c, err)
		return
	}
	st := stateOfRun(run, first)
	checked, err := importers.RunResult(run)
	if err != nil {
		a.fail(c, err)
		return
	}
	// A run read with a profile starts from the profile (so the page says so), one read with
	// choices of its own from those choices; a plain one looks for a profile.
	byProfile := checked.Profile != nil && checked.Profile.Applied
	if byProfile {
		st.Mapping, st.SheetMapping, st.ValueMap = nil, nil, nil
	}
	opt, err := a.wizardOptions(c, run, st)
	if err != nil {
		a.fail(c, err)
		return
	}
	var profiles []importers.Profile
	if !st.hasChoices() {
		if profiles, err = importers.LoadProfiles(ctx, a.models); err != nil {
			a.fail(c, err)
			return
		}
		opt.Profiles = profiles
	}
	res, err := preview(ctx, run, file, opt)
	if err != nil {
		a.renderError(c, http.StatusUnprocessableEntity, sentence("The file", err.Error()))
		return
	}
	if res.Profile != nil && res.Profile.Applied {
		for _, p := range profiles {
			if p.Name == res.Profile.Name {
				st.withProfile(p)
			}
		}
	}
	d := mappingView(run, st, res, nil, nil)
	if res.Profile == nil {
		d.NearProfiles = nearProfiles(profiles, res)
	}
	a.render(c, Page{Name: "import-mapping", Title: "Map the columns of " + run.FileName, Nav: "imports", Data: d})
}

// nearProfiles reports the profiles at least half of whose columns the file has, but not all,
// with the columns it lacks: a changed export that no profile was applied to.
func nearProfiles(profiles []importers.Profile, res *importers.PreviewResult) []string {
	headers := map[string]bool{}
	for _, ps := range res.Sheets {
		for _, pc := range ps.Columns {
			if k, _ := fields.NormalizeHeader(pc.Header); k != "" {
				headers[k] = true
			}
		}
	}
	var out []string
	for _, p := range profiles {
		var missing []string
		for _, col := range p.Columns {
			if k, _ := fields.NormalizeHeader(col); k != "" && !headers[k] {
				missing = append(missing, "“"+col+"”")
			}
		}
		if len(missing) > 0 && len(missing)*2 <= len(p.Columns) {
			out = append(out, fmt.Sprintf("Profile %s was not applied: the file has no column %s.", p.Name, strings.Join(missing, ", ")))
		}
	}
	return out
}

// wizardMappingPost checks the mapping step. With errors it shows the step again, each error
// next to its select; otherwise it shows the value mapping step with these choices.
func (a *App) wizardMappingPost(c *gin.Context) {
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
	if err != nil {
		a.failParam(c, err)
		return
	}
	ctx := c.Request.Context()
	// The importer's own reading, without mapping or profile: the selects are compared with it.
	plain := st
	plain.Mapping, plain.SheetMapping, plain.ValueMap = nil, nil, nil
	opt, err := a.wizardOptions(c, run, plain)
	errs := map[string]string{}
	if err != nil {
		takeOptionError(errs, err)
		// Read the file with the upload's options, to show the form again.
		plain.DateOrder, plain.Currency, plain.MatchBy, plain.EmptyCells = "", "", "", ""
		if opt, err = a.wizardOptions(c, run, plain); err != nil {
			a.fail(c, err)
			return
		}
	}
	auto, err := preview(ctx, run, file, opt)
	if err != nil {
		a.renderError(c, http.StatusUnprocessableEntity, sentence("The file", err.Error()))
		return
	}
	for k, v := range checkChoices(auto.Sheets, c.Request.PostForm) {
		errs[k] = v
	}
	if msg := a.checkProfileName(c, st); msg != "" {
		errs["save_as"] = msg
	}
	if len(errs) > 0 {
		d := mappingView(run, st, auto, c.Request.PostForm, errs)
		a.render(c, Page{Name: "import-mapping", Title: "Map the columns of " + run.FileName, Nav: "imports",
			Status: http.StatusUnprocessableEntity, Data: d})
		return
	}
	st.Mapping, st.SheetMapping = explicitMapping(auto.Sheets, c.Request.PostForm)
	a.showValues(c, run, file, st, nil, http.StatusOK)
}

// takeOptionError puts an option's error next to its field.
func takeOptionError(errs map[string]string, err error) {
	var pe *models.ParamError
	var fe *models.FieldError
	switch {
	case errors.As(err, &pe):
		errs[pe.Param] = pe.Message
	case errors.As(err, &fe):
		for k, v := range fe.Fields {
			errs[k] = v
		}
	default:
		errs["form"] = err.Error()
	}
}

// checkProfileName refuses a profile name another profile has, unless it is the profile the
// wizard started from (whose choices are then saved again).
func (a *App) checkProfileName(c *gin.Context, st wizardState) string {
	if st.SaveAs == "" || strings.EqualFold(st.SaveAs, st.Using) {
		return ""
	}
	if len([]rune(st.SaveAs)) > 200 {
		return "The name is longer than 200 characters."
	}
	if _, err := a.models.FindImportProfile(c.Request.Context(), st.SaveAs); err == nil {
		return "A profile is named " + st.SaveAs + " already; choose another name, or change that profile on the Profiles page."
	}
	return ""
}
