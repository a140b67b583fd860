package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/importers"
	"itreg/models"
)

// importErrorsPerPage is how many row errors the import page lists at a time.
const importErrorsPerPage = 100

// importStatuses are the statuses the history may filter on.
var importStatuses = []string{models.ImportQueued, models.ImportRunning, models.ImportSucceeded, models.ImportInvalid, models.ImportFailed}

// importsPerPage is how many runs the history lists at a time.
const importsPerPage = 50

// importRow is one import run as the history and the import page show it.
type importRow struct {
	ID                                int64
	When, Actor, File, Kind, Status   string
	Message, SHA256                   string
	DryRun, Active, Clean             bool
	Rows, Created, Updated, Unchanged int64
	Failed, ErrorsOmitted             int64
	ProgressDone, ProgressTotal       int64
}

// importsData is the history page.
type importsData struct {
	Runs     []importRow
	Total    int64
	Next     string // the next page's cursor; "" on the last
	Status   string
	Statuses []string
}

// importData is one import's page.
type importData struct {
	Run        importRow
	Errors     []importers.RowError
	ErrorCount int
	Page, Last int
	PrevURL    string
	NextURL    string
	Workbook   bool // an error workbook can be downloaded
	CanCommit  bool // a clean dry run whose file is still kept
	Committed  bool // a clean dry run whose file was taken by its commit
	CanMap     bool // the person's own dry run whose file is kept: its columns and values may be mapped
}

func (a *App) registerImportRoutes(g *gin.RouterGroup) {
	// Profiles may be seen by everyone signed in and changed by editors (import_profiles.go).
	a.registerProfileRoutes(g)
	// Imports are the API's editor routes: a viewer gets 403 on every one of them.
	g = g.Group("", a.requireRole(models.RoleEditor))
	g.GET("/imports", a.importsPage)
	g.GET("/imports/new", a.uploadPage)
	g.POST("/imports/new", a.uploadDryRun)
	g.GET("/imports/:id", a.importPage)
	g.GET("/imports/:id/progress", a.importProgress)
	g.GET("/imports/:id/errors.xlsx", a.importErrorWorkbook)
	g.POST("/imports/:id/commit", a.commitImport)
	// The wizard's steps over the file an upload kept (import_wizard_state.go).
	g.GET("/imports/:id/mapping", a.wizardMapping)
	g.POST("/imports/:id/mapping", a.wizardMappingPost)
	g.POST("/imports/:id/values", a.wizardValuesPost)
}

func runRow(r *models.ImportRun) importRow {
	row := importRow{ID: r.ID, When: stamp(r.CreatedAt), Actor: actorName(r.Actor), File: r.FileName, Kind: r.Kind,
		Status: r.Status, Message: r.Message, SHA256: r.SHA256, DryRun: r.DryRun,
		Active: r.Status == models.ImportQueued || r.Status == models.ImportRunning,
		Rows:   r.Rows, Created: r.Created, Updated: r.Updated, Unchanged: r.Unchanged, Failed: r.Failed,
		ErrorsOmitted: r.ErrorsOmitted, ProgressDone: r.ProgressDone, ProgressTotal: r.ProgressTotal}
	row.Clean = r.Status == models.ImportSucceeded && r.Failed == 0
	return row
}

// actorName shows an audit actor ("user:ana@example.com", "token:ci (ana@...)") as a person
// reads it.
func actorName(actor string) string {
	if rest, ok := strings.CutPrefix(actor, "user:"); ok {
		return rest
	}
	if rest, ok := strings.CutPrefix(actor, "token:"); ok {
		return "API token " + rest
	}
	return actor
}

func (a *App) importsPage(c *gin.Context) {
	status := c.Query("status")
	if status != "" && !contains(importStatuses, status) {
		a.renderError(c, http.StatusBadRequest, "There is no import status “"+status+"”.")
		return
	}
	res, err := a.store.ListImportRuns(c.Request.Context(), models.ImportRunFilter{Status: status,
		Page: models.Page{Limit: importsPerPage, Cursor: c.Query("cursor")}})
	if err != nil {
		a.fail(c, err)
		return
	}
	d := importsData{Total: res.Total, Status: status, Statuses: importStatuses}
	if res.Next != "" {
		d.Next = "/imports?" + url.Values{"status": {status}, "cursor": {res.Next}}.Encode()
	}
	for i := range res.Items {
		d.Runs = append(d.Runs, runRow(&res.Items[i]))
	}
	a.render(c, Page{Name: "imports", Title: "Imports", Nav: "imports", Data: d})
}

// loadRun reads the :id run, answering 404 itself when there is none.
func (a *App) loadRun(c *gin.Context) (*models.ImportRun, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		a.renderError(c, http.StatusNotFound, "")
		return nil, false
	}
	run, err := a.store.GetImportRun(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return nil, false
	}
	return run, true
}

func (a *App) importPage(c *gin.Context) {
	run, ok := a.loadRun(c)
	if !ok {
		return
	}
	d, err := a.importView(c, run)
	if err != nil {
		a.fail(c, err)
		return
	}
	title := "Import #" + strconv.FormatInt(run.ID, 10)
	if run.DryRun {
		title = "Dry run #" + strconv.FormatInt(run.ID, 10)
	}
	a.render(c, Page{Name: "import", Title: title, Nav: "imports", Data: d})
}

// importView builds one import's page: its counts, one page of its row errors and what may be
// done next.
func (a *App) importView(c *gin.Context, run *models.ImportRun) (*importData, error) {
	res, err := importers.RunResult(run)
	if err != nil {
		return nil, err
	}
	d := &importData{Run: runRow(run), ErrorCount: len(res.Errors)}
	d.Last = max(1, (len(res.Errors)+importErrorsPerPage-1)/importErrorsPerPage)
	d.Page, _ = strconv.Atoi(c.Query("page"))
	d.Page = min(max(d.Page, 1), d.Last)
	from := (d.Page - 1) * importErrorsPerPage
	d.Errors = res.Errors[from:min(from+importErrorsPerPage, len(res.Errors))]
	base := "/imports/" + strconv.FormatInt(run.ID, 10)
	if d.Page > 1 {
		d.PrevURL = base + "?page=" + strconv.Itoa(d.Page-1) + "#errors"
	}
	if d.Page < d.Last {
		d.NextURL = base + "?page=" + strconv.Itoa(d.Page+1) + "#errors"
	}
	d.Workbook = !d.Run.Active && hasRowErrors(res.Errors)
	if run.DryRun && !d.Run.Active {
		kept, err := a.store.ImportRunHasFile(c.Request.Context(), run.ID)
		if err != nil {
			return nil, err
		}
		if d.Run.Clean && len(res.Errors) == 0 {
			d.CanCommit, d.Committed = kept, !kept
		}
		d.CanMap = kept && run.Actor != "" && run.Actor == actorOf(c)
	}
	return d, nil
}

// hasRowErrors reports whether any error names a row, so an error workbook has rows to show
// (the API's rule for offering errors.xlsx).
func hasRowErrors(errs []importers.RowError) bool {
	for _, e := range errs {
		if e.Row > 0 {
			return true
		}
	}
	return false
}

// importProgress is the fragment htmx polls every 2 s while a run is queued or running; once
// it has ended it asks htmx to reload the whole page, which then shows the result.
func (a *App) importProgress(c *gin.Context) {
	run, ok := a.loadRun(c)
	if !ok {
		return
	}
	row := runRow(run)
	if !row.Active {
		c.Header("HX-Refresh", "true")
	}
	a.renderPart(c, "import", "progress", row)
}

// renderPart executes one template of a page's set without the layout: a fragment for htmx.
func (a *App) renderPart(c *gin.Context, page, name string, data any) {
	t, ok := a.pages.lookup(page)
	if !ok {
		a.renderError(c, http.StatusInternalServerError, "")
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		a.log.Error("web: render part", "page", page, "part", name, "err", err)
		a.renderError(c, http.StatusInternalServerError, "")
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

// importErrorWorkbook sends the rejected rows with an Errors column: the same workbook as the
// API's errors.xlsx, made by the same function from the kept file.
func (a *App) importErrorWorkbook(c *gin.Context) {
	run, ok := a.loadRun(c)
	if !ok {
		return
	}
	if run.Status == models.ImportQueued || run.Status == models.ImportRunning {
		a.renderError(c, http.StatusConflict, "The import has not finished; its error workbook is ready when it has.")
		return
	}
	res, err := importers.RunResult(run)
	if err != nil {
		a.fail(c, err)
		return
	}
	if !hasRowErrors(res.Errors) {
		a.renderError(c, http.StatusNotFound, "This import rejected no rows, so it has no error workbook.")
		return
	}
	ctx := c.Request.Context()
	file, err := a.store.ImportRunFile(ctx, run.ID)
	if err != nil {
		a.fail(c, err)
		return
	}
	if len(file) == 0 {
		a.renderError(c, http.StatusNotFound, "The file of this import was not kept; upload it again to get its error workbook.")
		return
	}
	opt, err := importers.OptionsOf(run)
	if err != nil {
		a.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := importers.WriteErrorWorkbook(&buf, run.FileName, bytes.NewReader(file), int64(len(file)), res, opt); err != nil {
		a.fail(c, err)
		return
	}
	stem := strings.TrimSuffix(run.FileName, path.Ext(run.FileName))
	c.Header("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(stem+"-errors.xlsx"))
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

// errNoImporter is why uploads cannot run when the app was built over another Store.
var errNoImporter = errors.New("web: imports need the *models.Store")
