package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/importers"
	"itreg/importers/fields"
	"itreg/importers/sheet"
	"itreg/models"
)

// uploadFields are the option fields of the upload form, read with importers.ParseOptions
// like the API's. The wizard's later steps carry the mapping and value mapping.
var uploadFields = []string{"kind", "date_order", "currency", "skip_invalid", "keep_unknown"}

// maxUploadField caps one option field's text.
const maxUploadField = 64 << 10

// uploadData is the upload page.
type uploadData struct {
	Kind, DateOrder, Currency Field
	MaxUploadMB               int64
}

// upload is a parsed upload form.
type upload struct {
	name   string
	data   []byte
	values url.Values
}

// uploadView builds the upload form from what was sent (or the defaults).
func (a *App) uploadView(form *Form) *uploadData {
	kinds := []string{"", "Find out from each sheet"}
	for _, k := range fields.Kinds {
		kinds = append(kinds, k, strings.ReplaceAll(k, "_", " "))
	}
	if form.Value("currency") == "" {
		form.Values.Set("currency", a.cfg.Currency)
	}
	d := &uploadData{
		Kind:      form.Select("kind", "What the file holds", kinds...),
		DateOrder: form.Select("date_order", "Dates such as 03/05/2024 are", "dmy", "day/month/year", "mdy", "month/day/year", "ymd", "year/month/day"),
		Currency:  form.Field("currency", "Currency of amounts that name none", "text", "maxlength=3", "hint=An ISO 4217 code such as GBP."),
	}
	if a.cfg.MaxUpload > 0 {
		d.MaxUploadMB = max(1, a.cfg.MaxUpload>>20)
	}
	return d
}

func (a *App) renderUpload(c *gin.Context, status int, form *Form) {
	a.render(c, Page{Name: "import-new", Title: "Import a spreadsheet", Nav: "imports", Status: status, Form: form, Data: a.uploadView(form)})
}

func (a *App) uploadPage(c *gin.Context) {
	a.renderUpload(c, http.StatusOK, NewForm(url.Values{"date_order": {"dmy"}}))
}

// uploadDryRun reads the upload and always runs it as a dry run first: nothing is written
// but the run record, which keeps the file and its SHA-256 for the commit. A file past the
// job size is queued as the API's background job and its page shows the progress.
func (a *App) uploadDryRun(c *gin.Context) {
	if a.models == nil {
		a.fail(c, errNoImporter)
		return
	}
	if limit := a.cfg.MaxUpload; limit > 0 {
		if c.Request.ContentLength > limit {
			a.renderUpload(c, http.StatusRequestEntityTooLarge, uploadError(tooLarge(limit)))
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	}
	up, err := readUpload(c)
	if err != nil {
		a.renderUploadError(c, up, err)
		return
	}
	values := map[string]string{}
	for _, name := range uploadFields {
		values[name] = up.values.Get(name)
	}
	base := importers.Options{Currency: a.cfg.Currency, FiscalYearStart: a.cfg.FiscalYearStart, Actor: actorOf(c)}
	opt, err := importers.ParseOptions(base, values)
	if err != nil {
		a.renderUploadError(c, up, err)
		return
	}
	opt.DryRun = true
	ctx := c.Request.Context()
	// A profile whose columns the file has reads it, as the API's upload does.
	if err := importers.UseProfiles(ctx, a.models, &opt, ""); err != nil {
		a.fail(c, err)
		return
	}
	var res *importers.Result
	if job := a.cfg.ImportJobBytes; job > 0 && int64(len(up.data)) > job {
		res, err = importers.Enqueue(ctx, a.models, up.name, up.data, opt)
	} else {
		res, err = importers.Import(ctx, a.models, up.name, bytes.NewReader(up.data), int64(len(up.data)), opt)
		if err == nil {
			// Keep the file: for the error workbook when rows failed, for the commit when none did.
			err = a.store.SaveImportRunFile(ctx, res.ID, up.data)
		}
	}
	if err != nil {
		a.renderUploadError(c, up, err)
		return
	}
	// The wizard's next step: how the file is read, from the file the run keeps.
	c.Redirect(http.StatusSeeOther, "/imports/"+strconv.FormatInt(res.ID, 10)+"/mapping")
}

// commitImport imports for real the file of a clean dry run. The file is the one the dry run
// kept, taken from it in one transaction (so a second commit of the same dry run is refused)
// and checked against the dry run's SHA-256; the options are the dry run's.
func (a *App) commitImport(c *gin.Context) {
	if a.models == nil {
		a.fail(c, errNoImporter)
		return
	}
	run, ok := a.loadRun(c)
	if !ok {
		return
	}
	dry, err := importers.RunResult(run)
	if err != nil {
		a.fail(c, err)
		return
	}
	// A clean dry run: it succeeded, no row failed and no sheet had a problem.
	if !run.DryRun || run.Status != models.ImportSucceeded || run.Failed > 0 || len(dry.Errors) > 0 {
		a.renderError(c, http.StatusConflict, "Only a dry run without errors can be committed. Fix the file, upload it again, and commit its clean dry run.")
		return
	}
	ctx := c.Request.Context()
	file, err := a.store.TakeImportRunFile(ctx, run.ID)
	if err != nil {
		a.fail(c, err)
		return
	}
	sum := sha256.Sum256(file)
	if hex.EncodeToString(sum[:]) != run.SHA256 {
		a.renderError(c, http.StatusConflict, "The kept file is not the one the dry run checked. Upload the file again.")
		return
	}
	opt, err := importers.OptionsOf(run)
	if err != nil {
		a.fail(c, err)
		return
	}
	opt.DryRun, opt.Actor = false, actorOf(c)
	var res *importers.Result
	if job := a.cfg.ImportJobBytes; job > 0 && int64(len(file)) > job {
		res, err = importers.Enqueue(ctx, a.models, run.FileName, file, opt)
	} else {
		res, err = importers.Import(ctx, a.models, run.FileName, bytes.NewReader(file), int64(len(file)), opt)
		if err == nil && hasRowErrors(res.Errors) {
			// The register changed since the dry run and rows now fail: keep the file for
			// the error workbook.
			err = a.store.SaveImportRunFile(ctx, res.ID, file)
		}
	}
	if err != nil {
		// Give the file back to the dry run, so the person can try the commit again.
		if serr := a.store.SaveImportRunFile(ctx, run.ID, file); serr != nil {
			a.log.Error("web: give the file back to the dry run", "import", run.ID, "err", serr)
		}
		a.fail(c, err)
		return
	}
	switch {
	case res.Status == models.ImportQueued:
		a.flash(c, "ok", "The import is running in the background.")
	case res.Status == models.ImportSucceeded:
		a.flash(c, "ok", fmt.Sprintf("Imported: %d created, %d updated, %d unchanged.", res.Counts.Created, res.Counts.Updated, res.Counts.Unchanged))
	default:
		a.flash(c, "error", "The import found problems and wrote nothing: "+res.Message)
	}
	c.Redirect(http.StatusSeeOther, "/imports/"+strconv.FormatInt(res.ID, 10))
}

// actorOf names the person in the audit trail, as the API does ("user:ana@example.com").
func actorOf(c *gin.Context) string {
	if id, ok := auth.From(c.Request.Context()); ok {
		return id.Actor
	}
	return ""
}

// readUpload streams the multipart form: the file part and the option fields. It keeps the
// option values it read even on error, so the form shows them again.
func readUpload(c *gin.Context) (*upload, error) {
	up := &upload{values: url.Values{}}
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return up, &models.ParamError{Param: "file", Message: "the form must be sent as multipart/form-data with the spreadsheet in the field \"file\""}
	}
	haveFile := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return up, multipartError(err)
		}
		name := part.FormName()
		switch {
		case name == "file":
			if haveFile {
				return up, &models.ParamError{Param: "file", Message: "send one file per import"}
			}
			haveFile = true
			up.name = uploadName(part.FileName())
			if up.data, err = io.ReadAll(part); err != nil {
				return up, multipartError(err)
			}
		case contains(uploadFields, name):
			b, err := io.ReadAll(io.LimitReader(part, maxUploadField+1))
			if err != nil {
				return up, multipartError(err)
			}
			if len(b) > maxUploadField {
				return up, &models.ParamError{Param: name, Message: fmt.Sprintf("is longer than %d bytes", maxUploadField)}
			}
			up.values.Set(name, strings.TrimSpace(string(b)))
		default:
			return up, &models.ParamError{Param: name, Message: "is not an import option"}
		}
		part.Close()
	}
	if !haveFile || up.name == "upload" && len(up.data) == 0 {
		return up, &models.ParamError{Param: "file", Message: "choose the spreadsheet to import"}
	}
	return up, nil
}

// tooLargeError is an upload past the limit, worded as the API words it.
type tooLargeError struct{ limit int64 }

func (e tooLargeError) Error() string {
	return fmt.Sprintf("the request body is larger than %d bytes", e.limit)
}

func tooLarge(limit int64) error { return tooLargeError{limit} }

// multipartError explains a body that could not be read as multipart form data.
func multipartError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(mbe.Limit)
	}
	return &models.ParamError{Param: "file", Message: "the form could not be read: " + err.Error()}
}

// uploadName keeps the base name of an uploaded file, as the API does.
func uploadName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" || name == "" {
		return "upload"
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[len(r)-200:])
	}
	return name
}

// uploadError puts an upload's error on the form: a bad option next to its field, a file's
// problem (unreadable, too large) above the form in the API's words.
func uploadError(err error) *Form {
	form := NewForm(nil)
	var pe *models.ParamError
	if errors.As(err, &pe) && pe.Param != "file" {
		form.SetFieldError(pe.Param, pe.Message)
		form.Message = "Please correct the options marked below."
		return form
	}
	if errors.As(err, &pe) {
		form.Message = sentence("The file", pe.Message)
		return form
	}
	form.Message = sentence("The file", err.Error())
	return form
}

// renderUploadError answers the upload form again with the error and the options sent. Only a
// file's problems and bad options reach the person; anything else is a 500.
func (a *App) renderUploadError(c *gin.Context, up *upload, err error) {
	var pe *models.ParamError
	var tl tooLargeError
	var le *sheet.LimitError
	var fe *sheet.FileError
	status := http.StatusUnprocessableEntity
	switch {
	case errors.As(err, &tl), errors.Is(err, models.ErrTooLarge), errors.As(err, &le):
		status = http.StatusRequestEntityTooLarge
	case errors.Is(err, models.ErrUnreadable), errors.As(err, &fe):
	case errors.As(err, &pe):
		status = http.StatusBadRequest
	default:
		a.fail(c, err)
		return
	}
	form := uploadError(err)
	if up != nil {
		for k, v := range up.values {
			form.Values[k] = v
		}
	}
	a.renderUpload(c, status, form)
}
