package api

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"itreg/importers"
	"itreg/models"
)

// registerImportWizardRoutes registers the import wizard's routes: the preview of how a file
// will be read, before any dry run.
func (s *Server) registerImportWizardRoutes(g *gin.RouterGroup) {
	h := importHandlers{s: s, st: s.Store}
	g = g.Group("", requireRole(models.RoleEditor))
	s.handle(g, op{Method: "POST", Path: "/imports/preview", Role: models.RoleEditor, Response: importers.PreviewResult{},
		Form: append([]string{"file"}, importParams...),
		Summary: "Preview how a spreadsheet will be read, before any dry run (multipart/form-data like POST /imports): per sheet the header row, " +
			"kind and per column the field, confidence, reason, five samples and what parsing the whole column gives; required fields " +
			"with no column, fields two columns mean, unmapped columns, not-understood enum values with counts. Nothing is written. " +
			"400 bad option, 413 too large, 415 not multipart, 422 unreadable_file or a value_map to an unknown value"}, h.preview)
	s.handle(g, op{Method: "POST", Path: "/imports/:id/commit", Role: models.RoleEditor, Response: ImportResponse{}, Status: http.StatusCreated,
		Summary: "Commit a dry run: import its file with its options, for real. 409 when the dry run was committed already " +
			"(by anyone: the second of two commits is refused), 422 when the import is no clean dry run"}, h.commit)
	s.handle(g, op{Method: "POST", Path: "/imports/:id/undo", Role: models.RoleEditor, Response: models.UndoResult{},
		Summary: "Undo a committed import from the audit trail: the records it created are deleted, those it updated get their old values " +
			"back, audited. 409 naming the records when any changed since (nothing is changed), or when it was undone already; " +
			"422 for a dry run or an import that wrote nothing"}, h.undo)
}

// undo undoes a committed import.
func (h importHandlers) undo(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	res, err := h.s.Store.UndoImport(models.WithActor(c.Request.Context(), c.GetString(ctxActor)), id)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// commit imports a dry run's file for real, once.
func (h importHandlers) commit(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	ctx := c.Request.Context()
	actor := c.GetString(ctxActor)
	if err := h.s.Store.ClaimDryRunCommit(ctx, id, actor); err != nil {
		writeError(c, err)
		return
	}
	res, err := h.commitRun(c, id, actor)
	if err != nil {
		if rerr := h.s.Store.ReleaseDryRunCommit(ctx, id); rerr != nil {
			err = errors.Join(err, rerr)
		}
		writeError(c, err)
		return
	}
	// A commit that wrote nothing (the register changed since the dry run and rows are now
	// invalid) leaves the dry run free to commit once the cause is fixed.
	finish := h.s.Store.FinishDryRunCommit
	if res.Status != models.ImportSucceeded {
		finish = func(ctx context.Context, id, _ int64) error { return h.s.Store.ReleaseDryRunCommit(ctx, id) }
	}
	if err := finish(ctx, id, res.ID); err != nil {
		writeError(c, err)
		return
	}
	c.Header("Location", importPath(res.ID))
	status := http.StatusOK
	if res.Status == models.ImportSucceeded {
		status = http.StatusCreated
	}
	c.JSON(status, resultResponse(res, actor))
}

// commitRun imports the stored file of dry run id with the dry run's options.
func (h importHandlers) commitRun(c *gin.Context, id int64, actor string) (*importers.Result, error) {
	ctx := c.Request.Context()
	run, err := h.st.GetImportRun(ctx, id)
	if err != nil {
		return nil, err
	}
	file, err := h.st.ImportRunFile(ctx, id)
	if err != nil {
		return nil, err
	}
	if file == nil {
		return nil, &models.FieldError{Fields: map[string]string{"id": fmt.Sprintf("dry run #%d kept no file; upload the file again", id)}}
	}
	opt, err := importers.OptionsOf(run)
	if err != nil {
		return nil, err
	}
	opt.DryRun, opt.Actor, opt.Currency = false, actor, cmp.Or(opt.Currency, h.s.Currency)
	opt.FiscalYearStart = h.s.FiscalYearStart
	return importers.Import(ctx, h.s.Store, run.FileName, bytes.NewReader(file), int64(len(file)), opt)
}

// preview answers a multipart upload with importers.Preview: the same limits and errors as an import.
func (h importHandlers) preview(c *gin.Context) {
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
	if err := importers.UseCategories(c.Request.Context(), h.s.Store, &up.opt); err != nil {
		writeError(c, err)
		return
	}
	res, err := importers.Preview(c.Request.Context(), up.name, io.NewSectionReader(up.file, 0, up.size), up.size, up.opt)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}
