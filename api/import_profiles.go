package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"itreg/importers"
	"itreg/models"
)

// registerImportProfileRoutes registers CRUD of import profiles for editors.
func (s *Server) registerImportProfileRoutes(g *gin.RouterGroup) {
	st := s.Store
	g = g.Group("", requireRole(models.RoleEditor))
	s.handle(g, op{Method: "GET", Path: "/import-profiles", Summary: "List import profiles by name", Role: models.RoleEditor,
		Response: ListResponse[importers.Profile]{}}, func(c *gin.Context) {
		list, err := importers.LoadProfiles(c.Request.Context(), st)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, ListResponse[importers.Profile]{Items: list, Total: int64(len(list))})
	})
	s.handle(g, op{Method: "POST", Path: "/import-profiles",
		Summary: "Save an import profile (columns, mapping, value_map, date_order, currency, keep_unknown); " +
			"409 when the name is taken, 422 naming a bad field or a value mapping to an unknown value", Role: models.RoleEditor,
		Request: importers.Profile{}, Response: importers.Profile{}, Status: http.StatusCreated}, func(c *gin.Context) {
		var p importers.Profile
		if err := bindJSON(c, &p); err != nil {
			writeError(c, err)
			return
		}
		rec, err := importers.ProfileRecord(p)
		if err == nil {
			err = st.CreateImportProfile(c.Request.Context(), rec)
		}
		respondProfile(c, http.StatusCreated, rec, err)
	})
	s.handle(g, op{Method: "GET", Path: "/import-profiles/:id", Summary: "Get an import profile", Role: models.RoleEditor,
		Response: importers.Profile{}}, func(c *gin.Context) {
		id, ok := pathID(c, "id")
		if !ok {
			return
		}
		rec, err := st.GetImportProfile(c.Request.Context(), id)
		respondProfile(c, http.StatusOK, rec, err)
	})
	s.handle(g, op{Method: "PUT", Path: "/import-profiles/:id",
		Summary: "Replace an import profile at the version last read (If-Match or version); 412 when stale",
		Role:    models.RoleEditor, Request: importers.Profile{}, Response: importers.Profile{}}, func(c *gin.Context) {
		id, ok := pathID(c, "id")
		if !ok {
			return
		}
		var p importers.Profile
		if err := bindJSON(c, &p); err != nil {
			writeError(c, err)
			return
		}
		var body *int64
		if p.Version != 0 {
			body = &p.Version
		}
		version, err := versionOf(c, body)
		if err != nil {
			writeError(c, err)
			return
		}
		rec, err := importers.ProfileRecord(p)
		if err != nil {
			writeError(c, err)
			return
		}
		out, err := st.UpdateImportProfile(c.Request.Context(), id, version, func(x *models.ImportProfile) error {
			x.Name, x.Kind, x.Columns, x.Options, x.Notes = rec.Name, rec.Kind, rec.Columns, rec.Options, rec.Notes
			return nil
		})
		respondProfile(c, http.StatusOK, out, err)
	})
	s.handle(g, op{Method: "DELETE", Path: "/import-profiles/:id", Summary: "Delete an import profile", Role: models.RoleEditor,
		Status: http.StatusNoContent}, func(c *gin.Context) {
		id, ok := pathID(c, "id")
		if !ok {
			return
		}
		if err := st.DeleteImportProfile(c.Request.Context(), id); err != nil {
			writeError(c, err)
			return
		}
		c.Status(http.StatusNoContent)
	})
}

// respondProfile answers with one profile, or the error.
func respondProfile(c *gin.Context, status int, rec *models.ImportProfile, err error) {
	if err != nil {
		writeError(c, err)
		return
	}
	p, err := importers.ProfileOf(*rec)
	if err != nil {
		writeError(c, err)
		return
	}
	writeOne(c, status, "/api/v1/import-profiles", p.ID, p.Version, p)
}
