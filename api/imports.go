package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/importers"
	"itreg/models"
)

// maxFormValue caps the text of one option field of an upload (a mapping included).
const maxFormValue = 64 << 10

// importStore is what the import handlers need of the store.
type importStore interface {
	GetImportRun(ctx context.Context, id int64) (*models.ImportRun, error)
	ListImportRuns(ctx context.Context, f models.ImportRunFilter) (models.ListResult[models.ImportRun], error)
	ImportRunFile(ctx context.Context, id int64) ([]byte, error)
	SaveImportRunFile(ctx context.Context, id int64, file []byte) error
}

// ImportProgress says how far an import has got: rows done of rows seen so far.
type ImportProgress struct {
	Done  int64 `json:"done"`
	Total int64 `json:"total"`
}

// ImportResponse is one import as the API shows it: what importers.Import reports (status,
// counts, sheets, row errors), who ran it, a job's progress, how many row errors were not
// stored, and where to download the error workbook when rows failed.
type ImportResponse struct {
	importers.Result
	Actor         string         `json:"actor"`
	Progress      ImportProgress `json:"progress"`
	ErrorsOmitted int64          `json:"errors_omitted"`
	ErrorsURL     string         `json:"errors_url,omitempty"`
	// InterruptedAt is, for an interrupted run, its last sign of life.
	InterruptedAt *time.Time `json:"interrupted_at,omitempty"`
}

// ImportSummary is an import in a list: the response without sheets and row errors.
type ImportSummary struct {
	ID            int64            `json:"id"`
	Status        string           `json:"status"`
	FileName      string           `json:"file_name"`
	SHA256        string           `json:"sha256"`
	Kind          string           `json:"kind"`
	DryRun        bool             `json:"dry_run"`
	SkipInvalid   bool             `json:"skip_invalid"`
	Counts        importers.Counts `json:"counts"`
	Message       string           `json:"message"`
	Actor         string           `json:"actor"`
	Progress      ImportProgress   `json:"progress"`
	ErrorsOmitted int64            `json:"errors_omitted"`
	ErrorsURL     string           `json:"errors_url,omitempty"`
	CreatedAt     time.Time        `json:"created_at"`
	FinishedAt    *time.Time       `json:"finished_at"`
	// InterruptedAt is, for an interrupted run, its last sign of life.
	InterruptedAt *time.Time `json:"interrupted_at,omitempty"`
}

// importStatuses are the statuses a list may filter on.
var importStatuses = []string{models.ImportQueued, models.ImportRunning, models.ImportSucceeded,
	models.ImportInvalid, models.ImportFailed}

// registerImportRoutes serves uploads, their results and error workbooks, the import template
// and the whole-register export, to editors and admins.
func (s *Server) registerImportRoutes(g *gin.RouterGroup) {
	h := importHandlers{s: s, st: s.Store}
	g = g.Group("", requireRole(models.RoleEditor))
	s.handle(g, op{Method: "POST", Path: "/imports", Role: models.RoleEditor, Summary: importSummaryText,
		Form:     append([]string{"file"}, importParams...),
		Response: ImportResponse{}, Status: http.StatusCreated}, h.create)
	s.handle(g, op{Method: "GET", Path: "/imports", Role: models.RoleEditor, Summary: "List imports, newest first",
		Query: []string{"status", "sort", "limit", "cursor"}, Response: ListResponse[ImportSummary]{}}, h.list)
	s.handle(g, op{Method: "GET", Path: "/imports/template.xlsx", Role: models.RoleEditor,
		Summary: "Download the import template (headers, an example row, drop-down lists, a Read me sheet)", Produces: xlsxType}, h.template)
	s.handle(g, op{Method: "GET", Path: "/imports/:id", Role: models.RoleEditor, Summary: "Get an import: status, progress, counts and row errors",
		Response: ImportResponse{}}, h.get)
	s.handle(g, op{Method: "GET", Path: "/imports/:id/errors.xlsx", Role: models.RoleEditor,
		Summary: "Download the rows an import rejected, with an Errors column, to fix and upload again", Produces: xlsxType}, h.errorsWorkbook)
	s.handle(g, op{Method: "GET", Path: "/export.xlsx", Role: models.RoleEditor,
		Summary: "Export the whole register as one workbook that imports back unchanged (licence keys included)", Produces: xlsxType}, h.export)
}

// importSummaryText documents the upload: its fields and every answer it may give.
const importSummaryText = "Import a spreadsheet " +
	"(multipart/form-data: file, and optional kind, dry_run, skip_invalid, date_order, currency, mapping, keep_unknown, value_map, " +
	"sheet_mapping, match_by, empty_cells, profile). " +
	"201 when committed, 200 for a dry run or when rows are invalid (status \"invalid\", errors listed), 202 with Location for a large file run as a job; " +
	"400 bad option, 413 too large, 415 not multipart, 422 unreadable_file"

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

type importHandlers struct {
	s  *Server
	st importStore
}

// upload is a parsed import request; its file is spooled to disk (see spoolUpload).
type upload struct {
	name string
	file *os.File
	size int64
	opt  importers.Options
}

// limitUpload caps the request body at the upload limit (ITREG_MAX_UPLOAD_MB); a body
// declared larger is refused before it is read. It answers 413 itself and reports false.
func (h importHandlers) limitUpload(c *gin.Context) bool {
	limit := h.s.MaxUpload
	if limit <= 0 {
		return true
	}
	if c.Request.ContentLength > limit {
		writeError(c, errTooLarge(limit))
		return false
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	return true
}

func (h importHandlers) create(c *gin.Context) {
	leave, ok := h.s.uploads.enter(c)
	if !ok {
		return
	}
	defer leave()
	if !h.limitUpload(c) {
		return
	}
	up, err := h.readUpload(c)
	if up != nil {
		defer removeSpool(up.file)
	}
	if err != nil {
		writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	if jobBytes := h.s.ImportJobBytes; jobBytes > 0 && up.size > jobBytes {
		if !h.s.checkQueue(c, up.size) {
			return
		}
		// The job's file goes into the database for any replica's worker; the upload gate
		// bounds how many are in memory at once.
		data, err := readSpool(up)
		if err != nil {
			writeError(c, err)
			return
		}
		res, err := importers.Enqueue(ctx, h.s.Store, up.name, data, up.opt)
		if err != nil {
			writeError(c, err)
			return
		}
		c.Header("Location", importPath(res.ID))
		c.JSON(http.StatusAccepted, resultResponse(res, up.opt.Actor))
		return
	}
	res, err := importers.Import(ctx, h.s.Store, up.name, up.file, up.size, up.opt)
	if err != nil {
		writeError(c, err)
		return
	}
	if hasRowErrors(res.Errors) || res.DryRun {
		// Keep the file so its error workbook can be downloaded, or the dry run committed.
		data, err := readSpool(up)
		if err == nil {
			err = h.st.SaveImportRunFile(ctx, res.ID, data)
		}
		if err != nil {
			writeError(c, err)
			return
		}
	}
	c.Header("Location", importPath(res.ID))
	status := http.StatusOK
	if res.Status == models.ImportSucceeded && !res.DryRun {
		status = http.StatusCreated
	}
	c.JSON(status, resultResponse(res, up.opt.Actor))
}

// readUpload reads the multipart body: the file part, spooled to disk, and the option fields.
// Once it has begun it returns the upload even with an error, so the caller removes the spool.
func (h importHandlers) readUpload(c *gin.Context) (*upload, error) {
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, errMediaType("multipart/form-data with the spreadsheet in the field \"file\"")
	}
	up := &upload{opt: importers.Options{Currency: h.s.Currency, FiscalYearStart: h.s.FiscalYearStart, Actor: c.GetString(ctxActor)}}
	values := map[string]string{}
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
				return up, errBadRequest("send one file per import")
			}
			haveFile = true
			up.name = uploadName(part.FileName())
			if up.file, up.size, err = spoolUpload(part); err != nil {
				return up, multipartError(err)
			}
		case slices.Contains(importParams, name):
			b, err := io.ReadAll(io.LimitReader(part, maxFormValue+1))
			if err != nil {
				return up, multipartError(err)
			}
			if len(b) > maxFormValue {
				return up, &models.ParamError{Param: name, Message: fmt.Sprintf("is longer than %d bytes", maxFormValue)}
			}
			values[name] = strings.TrimSpace(string(b))
		default:
			return up, &models.ParamError{Param: name, Message: "is not an import option; send file, " + strings.Join(importParams, ", ")}
		}
		part.Close()
	}
	if !haveFile {
		return up, errBadRequest("send the spreadsheet as the multipart field \"file\"")
	}
	profile := values["profile"]
	delete(values, "profile")
	if up.opt, err = importers.ParseOptions(up.opt, values); err != nil {
		return up, err
	}
	if err := importers.UseProfiles(c.Request.Context(), h.s.Store, &up.opt, profile); err != nil {
		return up, err
	}
	return up, nil
}

// importParams are the option fields of an upload.
var importParams = []string{"kind", "dry_run", "skip_invalid", "date_order", "currency", "mapping", "keep_unknown", "value_map",
	"sheet_mapping", "match_by", "empty_cells", "profile"}

// multipartError explains a body that could not be read as multipart form data.
func multipartError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge(mbe.Limit)
	}
	return errBadRequest("the body is not valid multipart/form-data: " + err.Error())
}

// uploadName keeps the base name of an uploaded file, which the importer reads for the CSV
// delimiter (.tsv) and the error messages.
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

func importPath(id int64) string { return "/api/v1/imports/" + strconv.FormatInt(id, 10) }

// hasRowErrors reports whether any error names a row, so an error workbook has rows to show.
func hasRowErrors(errs []importers.RowError) bool {
	return slices.ContainsFunc(errs, func(e importers.RowError) bool { return e.Row > 0 })
}

// resultResponse shows the result of an import run within the request (or just queued).
func resultResponse(res *importers.Result, actor string) ImportResponse {
	out := ImportResponse{Result: *res, Actor: actor,
		ErrorsOmitted: int64(max(0, res.Counts.Failed-len(res.Errors)))}
	if res.Status != models.ImportQueued {
		out.Progress = ImportProgress{Done: int64(res.Counts.Rows), Total: int64(res.Counts.Rows)}
	}
	if hasRowErrors(res.Errors) {
		out.ErrorsURL = importPath(res.ID) + "/errors.xlsx"
	}
	return out
}

// progressOf is a run's progress; a finished run is done.
func progressOf(r *models.ImportRun) ImportProgress {
	switch r.Status {
	case models.ImportQueued, models.ImportRunning:
		return ImportProgress{Done: r.ProgressDone, Total: r.ProgressTotal}
	}
	return ImportProgress{Done: r.Rows, Total: r.Rows}
}

func (h importHandlers) get(c *gin.Context) {
	id, err := idParam(c, "id")
	if err != nil {
		writeError(c, err)
		return
	}
	run, err := h.st.GetImportRun(c.Request.Context(), id)
	if err != nil {
		writeError(c, err)
		return
	}
	res, err := importers.RunResult(run)
	if err != nil {
		writeError(c, err)
		return
	}
	out := ImportResponse{Result: *res, Actor: run.Actor, Progress: progressOf(run), ErrorsOmitted: run.ErrorsOmitted}
	out.Status, out.InterruptedAt = interruptedStatus(run)
	if hasRowErrors(res.Errors) {
		out.ErrorsURL = importPath(run.ID) + "/errors.xlsx"
	}
	c.JSON(http.StatusOK, out)
}

func (h importHandlers) list(c *gin.Context) {
	page, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	status, err := queryEnum(c, "status", importStatuses)
	if err != nil {
		writeError(c, err)
		return
	}
	res, err := h.st.ListImportRuns(c.Request.Context(), models.ImportRunFilter{Status: status, Page: page})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(res, importSummary))
}

func importSummary(r *models.ImportRun) ImportSummary {
	out := ImportSummary{ID: r.ID, Status: r.Status, FileName: r.FileName, SHA256: r.SHA256, Kind: r.Kind,
		DryRun: r.DryRun, SkipInvalid: r.SkipInvalid, Message: r.Message, Actor: r.Actor, Progress: progressOf(r),
		ErrorsOmitted: r.ErrorsOmitted, CreatedAt: r.CreatedAt, FinishedAt: r.FinishedAt,
		Counts: importers.Counts{Rows: int(r.Rows), Created: int(r.Created), Updated: int(r.Updated),
			Unchanged: int(r.Unchanged), Failed: int(r.Failed)}}
	out.Status, out.InterruptedAt = interruptedStatus(r)
	if r.Failed > 0 {
		out.ErrorsURL = importPath(r.ID) + "/errors.xlsx"
	}
	return out
}

func (h importHandlers) errorsWorkbook(c *gin.Context) {
	id, err := idParam(c, "id")
	if err != nil {
		writeError(c, err)
		return
	}
	ctx := c.Request.Context()
	run, err := h.st.GetImportRun(ctx, id)
	if err != nil {
		writeError(c, err)
		return
	}
	if run.Status == models.ImportQueued || run.Status == models.ImportRunning {
		writeError(c, &httpError{http.StatusConflict, "not_finished", "the import has not finished; poll " + importPath(id) + " until it has", nil})
		return
	}
	res, err := importers.RunResult(run)
	if err != nil {
		writeError(c, err)
		return
	}
	if !hasRowErrors(res.Errors) {
		writeError(c, errNotFound("this import rejected no rows, so it has no error workbook"))
		return
	}
	file, err := h.st.ImportRunFile(ctx, id)
	if err != nil {
		writeError(c, err)
		return
	}
	if len(file) == 0 {
		writeError(c, errNotFound("the file of this import was not kept; run the import again to get its error workbook"))
		return
	}
	opt, err := importers.OptionsOf(run)
	if err != nil {
		writeError(c, err)
		return
	}
	var buf bytes.Buffer
	if err := importers.WriteErrorWorkbook(&buf, run.FileName, bytes.NewReader(file), int64(len(file)), res, opt); err != nil {
		writeError(c, err)
		return
	}
	stem := strings.TrimSuffix(run.FileName, path.Ext(run.FileName))
	sendXLSX(c, stem+"-errors.xlsx", buf.Bytes())
}

// export streams the register straight to the client: at a million devices the workbook is
// not held a second time in a buffer. excelize writes the zip only once every sheet is built,
// so an error while reading the register still gets the one error shape.
func (h importHandlers) export(c *gin.Context) {
	c.Header("Content-Disposition", attachment("itreg-export-"+h.s.Store.Today().String()+".xlsx"))
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Type", xlsxType)
	if err := importers.Export(c.Request.Context(), h.s.Store, c.Writer, importers.ExportOptions{}); err != nil {
		if c.Writer.Written() {
			h.s.Log.ErrorContext(c.Request.Context(), "export failed while streaming", "err", err.Error())
			return
		}
		c.Writer.Header().Del("Content-Disposition")
		c.Writer.Header().Del("Content-Type")
		writeError(c, err)
	}
}

func (h importHandlers) template(c *gin.Context) {
	var buf bytes.Buffer
	if err := importers.WriteTemplate(&buf); err != nil {
		writeError(c, err)
		return
	}
	sendXLSX(c, "itreg-import-template.xlsx", buf.Bytes())
}

// sendXLSX answers with a workbook to download.
func sendXLSX(c *gin.Context, name string, data []byte) {
	c.Header("Content-Disposition", attachment(name))
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, xlsxType, data)
}
