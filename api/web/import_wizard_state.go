package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/importers"
	"itreg/models"
)

// The import wizard: upload (a first dry run that keeps the file), then the mapping step, the
// value mapping step and a dry run with those choices, which the import page commits. The
// file is never sent again: every step reads the one the upload's run keeps, checks its
// SHA-256 against the run's and that the person is the one who uploaded it.

// maxWizardForm caps the body of a wizard step's form (selects and hidden choices).
const maxWizardForm = 1 << 20

// wizardState is what the steps carry in hidden fields: the choices made so far. Mapping holds
// only the columns read otherwise than the importer would by itself, so it suits a later
// month's file; a workbook of several sheets has one per sheet (SheetMapping) instead.
type wizardState struct {
	SHA256       string
	Mapping      map[string]string
	SheetMapping map[string]map[string]string
	ValueMap     map[string]map[string]string
	DateOrder    string // dmy, mdy, ymd or ""
	Currency     string
	MatchBy      string // importers.MatchAssetTag or importers.MatchSerial
	EmptyCells   string // keep or clear
	SaveAs       string // "save these choices as a profile" name
	Using        string // the profile the first preview applied
}

// stateOfRun starts the wizard from what the upload's run was checked with.
func stateOfRun(run *models.ImportRun, opt importers.Options) wizardState {
	st := wizardState{SHA256: run.SHA256, Mapping: opt.Mapping, SheetMapping: opt.SheetMapping, ValueMap: opt.ValueMap, DateOrder: opt.DateOrder.String(),
		Currency: opt.Currency, MatchBy: opt.MatchBy, EmptyCells: "clear"}
	if opt.KeepBlank {
		st.EmptyCells = "keep"
	}
	return st
}

// withProfile takes the choices of the profile a preview applied.
func (st *wizardState) withProfile(p importers.Profile) {
	st.Using, st.Mapping, st.SheetMapping, st.ValueMap = p.Name, p.Mapping, p.SheetMapping, p.Values
	if p.DateOrder != "" {
		st.DateOrder = p.DateOrder
	}
	if p.Currency != "" {
		st.Currency = p.Currency
	}
	if p.MatchBy != "" {
		st.MatchBy = p.MatchBy
	}
	if p.KeepBlank {
		st.EmptyCells = "keep"
	}
}

// hasChoices reports whether the state maps anything itself.
func (st wizardState) hasChoices() bool {
	return len(st.Mapping) > 0 || len(st.SheetMapping) > 0 || len(st.ValueMap) > 0
}

// readState reads the choices a step's form sent; a hidden field that is not what the steps
// wrote is a *models.ParamError naming it.
func readState(c *gin.Context) (wizardState, error) {
	st := wizardState{SHA256: c.PostForm("sha256"), DateOrder: c.PostForm("date_order"), Currency: strings.TrimSpace(c.PostForm("currency")),
		MatchBy: c.PostForm("match_by"), EmptyCells: c.PostForm("empty_cells"), SaveAs: strings.TrimSpace(c.PostForm("save_as")),
		Using: c.PostForm("using")}
	if s := c.PostForm("mapping"); s != "" {
		if err := json.Unmarshal([]byte(s), &st.Mapping); err != nil {
			return st, &models.ParamError{Param: "mapping", Message: "is not the wizard's mapping"}
		}
	}
	if s := c.PostForm("sheet_mapping"); s != "" {
		if err := json.Unmarshal([]byte(s), &st.SheetMapping); err != nil {
			return st, &models.ParamError{Param: "sheet_mapping", Message: "is not the wizard's mapping"}
		}
	}
	if s := c.PostForm("value_map"); s != "" {
		if err := json.Unmarshal([]byte(s), &st.ValueMap); err != nil {
			return st, &models.ParamError{Param: "value_map", Message: "is not the wizard's value mapping"}
		}
	}
	return st, nil
}

// MappingJSON and ValueMapJSON are the hidden fields' texts.
func (st wizardState) MappingJSON() string      { return jsonText(st.Mapping) }
func (st wizardState) SheetMappingJSON() string { return jsonText(st.SheetMapping) }
func (st wizardState) ValueMapJSON() string     { return jsonText(st.ValueMap) }

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return ""
	}
	return string(b)
}

// options are the import options of the choices, read by importers.ParseOptions as the API's
// and the CLI's are, over what the upload's run was checked with (kind, skip invalid, keep
// unknown). A bad choice is a *models.ParamError or *models.FieldError naming it.
func (a *App) wizardOptions(c *gin.Context, run *models.ImportRun, st wizardState) (importers.Options, error) {
	first, err := importers.OptionsOf(run)
	if err != nil {
		return importers.Options{}, err
	}
	base := importers.Options{Currency: a.cfg.Currency, FiscalYearStart: a.cfg.FiscalYearStart, Actor: actorOf(c)}
	values := map[string]string{"kind": first.Kind, "skip_invalid": strconv.FormatBool(first.SkipInvalid),
		"keep_unknown": strconv.FormatBool(first.KeepUnknown), "date_order": st.DateOrder, "currency": st.Currency,
		"match_by": st.MatchBy, "empty_cells": st.EmptyCells, "mapping": st.MappingJSON(), "value_map": st.ValueMapJSON(),
		"sheet_mapping": st.SheetMappingJSON()}
	if first.FiscalYear != 0 {
		values["fiscal_year"] = strconv.Itoa(first.FiscalYear)
	}
	return importers.ParseOptions(base, values)
}

// wizardRun loads the :id run and its kept file for a wizard step: only the person who
// uploaded it may go on with it (anyone else gets 404, as for a run that does not exist), and
// the file must still be the one the run checked. It answers the request itself when not ok.
func (a *App) wizardRun(c *gin.Context) (*models.ImportRun, []byte, bool) {
	if a.models == nil {
		a.fail(c, errNoImporter)
		return nil, nil, false
	}
	run, ok := a.loadRun(c)
	if !ok {
		return nil, nil, false
	}
	if !run.DryRun || run.Actor == "" || run.Actor != actorOf(c) {
		a.renderError(c, http.StatusNotFound, "")
		return nil, nil, false
	}
	file, err := a.store.ImportRunFile(c.Request.Context(), run.ID)
	if err != nil {
		a.fail(c, err)
		return nil, nil, false
	}
	if len(file) == 0 {
		a.renderError(c, http.StatusGone, "The file of this upload is no longer kept (it was committed, or kept past its time). Upload it again.")
		return nil, nil, false
	}
	sum := sha256.Sum256(file)
	if hex.EncodeToString(sum[:]) != run.SHA256 {
		a.renderError(c, http.StatusConflict, "The kept file is not the one that was uploaded. Upload the file again.")
		return nil, nil, false
	}
	return run, file, true
}

// preview reads the kept file with opt.
func preview(ctx context.Context, run *models.ImportRun, file []byte, opt importers.Options) (*importers.PreviewResult, error) {
	return importers.Preview(ctx, run.FileName, bytes.NewReader(file), int64(len(file)), opt)
}

// limitForm caps a wizard step's form body before it is parsed.
func limitForm(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxWizardForm)
}
