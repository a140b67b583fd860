package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// savedViewStore is what the saved view handlers need of the store.
type savedViewStore interface {
	CreateSavedView(ctx context.Context, v *models.SavedView) error
	SetDefaultView(ctx context.Context, userID int64, page, query string, columns []string) (*models.SavedView, error)
	SavedViews(ctx context.Context, userID int64, page string) ([]models.SavedView, error)
	DeleteSavedView(ctx context.Context, userID, id int64) error
}

// SavedViewRequest is the body of POST /views: a named list state of one page.
type SavedViewRequest struct {
	Page    string   `json:"page" validate:"required,max=40"`
	Name    string   `json:"name" validate:"required,max=200,nocontrol"`
	Query   string   `json:"query" validate:"max=2000"`
	Columns []string `json:"columns" validate:"max=60"`
	Shared  bool     `json:"shared"`
}

// DefaultViewRequest is the body of PUT /views/default/{page}: the columns and query a person
// last chose on the page.
type DefaultViewRequest struct {
	Query   string   `json:"query" validate:"max=2000"`
	Columns []string `json:"columns" validate:"max=60"`
}

// SavedViewResponse is a saved view; mine says whether the caller owns it (and may delete it).
type SavedViewResponse struct {
	ID        int64     `json:"id"`
	Page      string    `json:"page"`
	Name      string    `json:"name"`
	Query     string    `json:"query"`
	Columns   []string  `json:"columns"`
	Shared    bool      `json:"shared"`
	Default   bool      `json:"default"`
	Mine      bool      `json:"mine"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// registerSavedViewRoutes adds /views: each person's saved views and default columns per page.
// Any role may keep views (they are the person's, not the register's); a token without an owner
// may not.
func (s *Server) registerSavedViewRoutes(g *gin.RouterGroup) {
	var st savedViewStore = s.Store
	g = g.Group("", s.requireUser)
	v := models.RoleViewer
	s.handle(g, op{Method: "GET", Path: "/views", Summary: "One's own saved views (default first) and those others share, for a page or all",
		Role: v, Query: []string{"page"}, Response: ListResponse[SavedViewResponse]{}}, func(c *gin.Context) {
		uid := caller(c).User.ID
		vs, err := st.SavedViews(c.Request.Context(), uid, c.Query("page"))
		if err != nil {
			writeError(c, err)
			return
		}
		out := ListResponse[SavedViewResponse]{Items: make([]SavedViewResponse, len(vs)), Total: int64(len(vs))}
		for i := range vs {
			out.Items[i] = savedViewResponse(&vs[i], uid)
		}
		c.JSON(http.StatusOK, out)
	})
	s.handle(g, op{Method: "POST", Path: "/views", Summary: "Save a named view of a page (query string and columns), private or shared",
		Role: v, Request: SavedViewRequest{}, Response: SavedViewResponse{}, Status: http.StatusCreated}, limitBody(MaxJSONBody), func(c *gin.Context) {
		var req SavedViewRequest
		if err := bindJSON(c, &req); err != nil {
			writeError(c, err)
			return
		}
		uid := caller(c).User.ID
		sv := &models.SavedView{UserID: uid, Page: req.Page, Name: req.Name, Query: req.Query, Columns: req.Columns, Shared: req.Shared}
		if err := st.CreateSavedView(c.Request.Context(), sv); err != nil {
			writeError(c, err)
			return
		}
		c.Header("Location", "/api/v1/views/"+strconv.FormatInt(sv.ID, 10))
		c.JSON(http.StatusCreated, savedViewResponse(sv, uid))
	})
	s.handle(g, op{Method: "PUT", Path: "/views/default/:page", Summary: "Keep one's columns and query for a page (the default view)",
		Role: v, Request: DefaultViewRequest{}, Response: SavedViewResponse{}}, limitBody(MaxJSONBody), func(c *gin.Context) {
		var req DefaultViewRequest
		if err := bindJSON(c, &req); err != nil {
			writeError(c, err)
			return
		}
		uid := caller(c).User.ID
		sv, err := st.SetDefaultView(c.Request.Context(), uid, c.Param("page"), req.Query, req.Columns)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, savedViewResponse(sv, uid))
	})
	s.handle(g, op{Method: "DELETE", Path: "/views/:id", Summary: "Delete one of one's own saved views", Role: v,
		Status: http.StatusNoContent}, func(c *gin.Context) {
		id, ok := pathID(c, "id")
		if !ok {
			return
		}
		if err := st.DeleteSavedView(c.Request.Context(), caller(c).User.ID, id); err != nil {
			writeError(c, err)
			return
		}
		c.Status(http.StatusNoContent)
	})
}

func savedViewResponse(v *models.SavedView, uid int64) SavedViewResponse {
	cols := []string(v.Columns)
	if cols == nil {
		cols = []string{}
	}
	return SavedViewResponse{ID: v.ID, Page: v.Page, Name: v.Name, Query: v.Query, Columns: cols, Shared: v.Shared,
		Default: v.IsDefault(), Mine: v.UserID == uid, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
}
