package api

import (
	"bytes"
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
	handle(g, op{Method: "POST", Path: "/imports/preview", Role: models.RoleEditor, Response: importers.PreviewResult{},
		Form: append([]string{"file"}, importParams...),
		Summary: "Preview how a spreadsheet will be read, before any dry run (multipart/form-data like POST /imports): per sheet the header row, " +
			"kind and per column the field, confidence, reason, five samples and what parsing the whole column gives; required fields " +
			"with no column, fields two columns mean, unmapped columns, not-understood enum values with counts. Nothing is written. " +
			"400 bad option, 413 too large, 415 not multipart, 422 unreadable_file or a value_map to an unknown value"}, h.preview)
}

// preview answers a multipart upload with importers.Preview: the same limits and errors as an import.
func (h importHandlers) preview(c *gin.Context) {
	limit := h.s.MaxUpload
	if limit <= 0 {
		limit = defaultMaxUpload
	}
	if c.Request.ContentLength > limit {
		writeError(c, errTooLarge(limit))
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	up, err := h.readUpload(c)
	if err != nil {
		writeError(c, err)
		return
	}
	res, err := importers.Preview(c.Request.Context(), up.name, bytes.NewReader(up.data), int64(len(up.data)), up.opt)
	if err != nil {
		writeError(c, importError(err))
		return
	}
	c.JSON(http.StatusOK, res)
}
