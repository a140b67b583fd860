package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// categoryStore is what the category handlers need of the store.
type categoryStore interface {
	ListCategories(ctx context.Context) ([]models.CategoryUse, error)
	GetCategory(ctx context.Context, id int64) (*models.Category, error)
	CreateCategory(ctx context.Context, c *models.Category) error
	UpdateCategory(ctx context.Context, id, version int64, change func(*models.Category) error) (*models.Category, error)
	DeleteCategory(ctx context.Context, id int64, version *int64) error
	LifetimeDefaults() map[string]int
}

// CategoryRequest is the body of POST and PUT /categories. Renaming a category renames it on
// its devices too, in the same transaction.
type CategoryRequest struct {
	Name           string `json:"name" validate:"required,category,nocontrol"`
	Class          string `json:"class" validate:"required,oneof=laptop desktop server network phone tablet monitor printer av peripheral other"`
	LifetimeMonths int    `json:"lifetime_months" validate:"min=1,max=600"`
	Notes          string `json:"notes" validate:"max=10000"`
	Version        *int64 `json:"version"`
}

// CategoryPatch is the body of PATCH /categories/{id}: only the fields sent change.
type CategoryPatch struct {
	Name           *string `json:"name" validate:"omitempty,category,nocontrol"`
	Class          *string `json:"class" validate:"omitempty,oneof=laptop desktop server network phone tablet monitor printer av peripheral other"`
	LifetimeMonths *int    `json:"lifetime_months" validate:"omitempty,min=1,max=600"`
	Notes          *string `json:"notes" validate:"omitempty,max=10000"`
	Version        *int64  `json:"version"`
}

// CategoryResponse is a category as the API shows it. Lifetime is the lifetime in force: the
// category's own, or the deployment's configured override for it.
type CategoryResponse struct {
	ID             int64     `json:"id"`
	Name           string    `json:"name"`
	Class          string    `json:"class"`
	LifetimeMonths int       `json:"lifetime_months"`
	Lifetime       int       `json:"lifetime"`
	Devices        *int64    `json:"devices,omitempty"`
	Notes          string    `json:"notes"`
	Version        int64     `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

func (r *CategoryRequest) apply(c *models.Category) {
	c.Name, c.Class, c.LifetimeMonths, c.Notes = r.Name, r.Class, r.LifetimeMonths, r.Notes
}

func (r *CategoryRequest) version() *int64 { return r.Version }

func (p *CategoryPatch) apply(c *models.Category) {
	setIf(&c.Name, p.Name)
	setIf(&c.Class, p.Class)
	setIf(&c.LifetimeMonths, p.LifetimeMonths)
	setIf(&c.Notes, p.Notes)
}

func (p *CategoryPatch) version() *int64 { return p.Version }

func categoryResponse(c *models.Category, lifetime int) CategoryResponse {
	return CategoryResponse{ID: c.ID, Name: c.Name, Class: c.Class, LifetimeMonths: c.LifetimeMonths, Lifetime: lifetime,
		Notes: c.Notes, Version: c.Version, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

// registerCategoryRoutes serves /categories: viewers read, editors write, as for vendors.
func (s *Server) registerCategoryRoutes(g *gin.RouterGroup) {
	h := categoryHandlers{s.Store}
	g = g.Group("", writeGuard())
	s.handle(g, op{Method: "GET", Path: "/categories", Role: models.RoleViewer, Summary: "List device categories, with their device counts",
		Response: ListResponse[CategoryResponse]{}}, h.list)
	s.handle(g, op{Method: "POST", Path: "/categories", Role: models.RoleEditor, Summary: "Create a device category",
		Request: CategoryRequest{}, Response: CategoryResponse{}, Status: http.StatusCreated},
		limitBody(MaxJSONBody), createHandler[CategoryRequest](h.st.CreateCategory, h.respond))
	s.handle(g, op{Method: "GET", Path: "/categories/:id", Role: models.RoleViewer, Summary: "Get a device category",
		Response: CategoryResponse{}}, getHandler(h.st.GetCategory, h.respond))
	s.handle(g, op{Method: "PUT", Path: "/categories/:id", Role: models.RoleEditor,
		Summary: "Replace a device category (needs its version); a new name is carried to its devices",
		Request: CategoryRequest{}, Response: CategoryResponse{}},
		limitBody(MaxJSONBody), updateHandler[CategoryRequest](h.st.UpdateCategory, h.respond))
	s.handle(g, op{Method: "PATCH", Path: "/categories/:id", Role: models.RoleEditor,
		Summary: "Change some fields of a device category (needs its version); a new name is carried to its devices",
		Request: CategoryPatch{}, Response: CategoryResponse{}},
		limitBody(MaxJSONBody), updateHandler[CategoryPatch](h.st.UpdateCategory, h.respond))
	s.handle(g, op{Method: "DELETE", Path: "/categories/:id", Role: models.RoleEditor, Summary: "Delete a device category no device uses",
		Status: http.StatusNoContent}, deleteHandler(h.st.DeleteCategory))
}

type categoryHandlers struct{ st categoryStore }

func (h categoryHandlers) list(c *gin.Context) {
	uses, err := h.st.ListCategories(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	out := ListResponse[CategoryResponse]{Items: make([]CategoryResponse, len(uses)), Total: int64(len(uses))}
	for i := range uses {
		out.Items[i] = categoryResponse(&uses[i].Category, uses[i].Lifetime)
		out.Items[i].Devices = &uses[i].Devices
	}
	c.JSON(http.StatusOK, out)
}

// respond answers with one category and its version.
func (h categoryHandlers) respond(c *gin.Context, status int, v *models.Category) {
	writeOne(c, status, "/api/v1/categories", v.ID, v.Version, categoryResponse(v, h.st.LifetimeDefaults()[v.Name]))
}
