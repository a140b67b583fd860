package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// vendorStore is what the vendor handlers need of the store.
type vendorStore interface {
	ListVendors(ctx context.Context, f models.VendorFilter) (models.ListResult[models.Vendor], error)
	GetVendor(ctx context.Context, id int64) (*models.Vendor, error)
	CreateVendor(ctx context.Context, v *models.Vendor) error
	UpdateVendor(ctx context.Context, id, version int64, change func(*models.Vendor) error) (*models.Vendor, error)
	DeleteVendor(ctx context.Context, id int64, version *int64) error
}

// VendorRequest is the body of POST and PUT /vendors.
type VendorRequest struct {
	Name          string   `json:"name" validate:"required,max=200,nocontrol"`
	Roles         []string `json:"roles" validate:"max=4,dive,vendor_role"`
	Website       string   `json:"website" validate:"max=200,nocontrol"`
	SupportEmail  string   `json:"support_email" validate:"omitempty,max=200,email"`
	SupportPhone  string   `json:"support_phone" validate:"max=100,nocontrol"`
	AccountNumber string   `json:"account_number" validate:"max=100,nocontrol"`
	Notes         string   `json:"notes" validate:"max=10000"`
	Version       *int64   `json:"version"`
}

// VendorPatch is the body of PATCH /vendors/{id}: only the fields sent change.
type VendorPatch struct {
	Name          *string   `json:"name" validate:"omitempty,max=200,nocontrol"`
	Roles         *[]string `json:"roles" validate:"omitempty,max=4,dive,vendor_role"`
	Website       *string   `json:"website" validate:"omitempty,max=200,nocontrol"`
	SupportEmail  *string   `json:"support_email" validate:"omitempty,max=200"`
	SupportPhone  *string   `json:"support_phone" validate:"omitempty,max=100,nocontrol"`
	AccountNumber *string   `json:"account_number" validate:"omitempty,max=100,nocontrol"`
	Notes         *string   `json:"notes" validate:"omitempty,max=10000"`
	Version       *int64    `json:"version"`
}

// VendorResponse is a vendor as the API shows it.
type VendorResponse struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	Roles         []string  `json:"roles"`
	Website       string    `json:"website"`
	SupportEmail  string    `json:"support_email"`
	SupportPhone  string    `json:"support_phone"`
	AccountNumber string    `json:"account_number"`
	Notes         string    `json:"notes"`
	Version       int64     `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

func (r *VendorRequest) apply(v *models.Vendor) {
	v.Name, v.Roles, v.Website = r.Name, models.StringList(r.Roles), r.Website
	v.SupportEmail, v.SupportPhone, v.AccountNumber, v.Notes = r.SupportEmail, r.SupportPhone, r.AccountNumber, r.Notes
}

func (r *VendorRequest) version() *int64 { return r.Version }

// apply sets the fields the patch carries.
func (p *VendorPatch) apply(v *models.Vendor) {
	setIf(&v.Name, p.Name)
	if p.Roles != nil {
		v.Roles = models.StringList(*p.Roles)
	}
	setIf(&v.Website, p.Website)
	setIf(&v.SupportEmail, p.SupportEmail)
	setIf(&v.SupportPhone, p.SupportPhone)
	setIf(&v.AccountNumber, p.AccountNumber)
	setIf(&v.Notes, p.Notes)
}

func (p *VendorPatch) version() *int64 { return p.Version }

func vendorResponse(v *models.Vendor) VendorResponse {
	roles := []string(v.Roles)
	if roles == nil {
		roles = []string{}
	}
	return VendorResponse{
		ID: v.ID, Name: v.Name, Roles: roles, Website: v.Website, SupportEmail: v.SupportEmail,
		SupportPhone: v.SupportPhone, AccountNumber: v.AccountNumber, Notes: v.Notes,
		Version: v.Version, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt,
	}
}

// registerVendorRoutes serves /vendors: viewers read, editors write.
func (s *Server) registerVendorRoutes(g *gin.RouterGroup) {
	h := vendorHandlers{s.Store}
	g = g.Group("", writeGuard())
	query := []string{"role", "q", "sort", "limit", "cursor"}
	s.handle(g, op{Method: "GET", Path: "/vendors", Role: models.RoleViewer, Summary: "List vendors",
		Query: query, Response: ListResponse[VendorResponse]{}}, h.list)
	s.handle(g, op{Method: "POST", Path: "/vendors", Role: models.RoleEditor, Summary: "Create a vendor",
		Request: VendorRequest{}, Response: VendorResponse{}, Status: http.StatusCreated},
		limitBody(MaxJSONBody), createHandler[VendorRequest](h.st.CreateVendor, respondVendor))
	s.handle(g, op{Method: "GET", Path: "/vendors/:id", Role: models.RoleViewer, Summary: "Get a vendor",
		Response: VendorResponse{}}, getHandler(h.st.GetVendor, respondVendor))
	s.handle(g, op{Method: "PUT", Path: "/vendors/:id", Role: models.RoleEditor, Summary: "Replace a vendor (needs its version)",
		Request: VendorRequest{}, Response: VendorResponse{}},
		limitBody(MaxJSONBody), updateHandler[VendorRequest](h.st.UpdateVendor, respondVendor))
	s.handle(g, op{Method: "PATCH", Path: "/vendors/:id", Role: models.RoleEditor, Summary: "Change some fields of a vendor (needs its version)",
		Request: VendorPatch{}, Response: VendorResponse{}},
		limitBody(MaxJSONBody), updateHandler[VendorPatch](h.st.UpdateVendor, respondVendor))
	s.handle(g, op{Method: "DELETE", Path: "/vendors/:id", Role: models.RoleEditor, Summary: "Delete a vendor nothing uses",
		Status: http.StatusNoContent}, deleteHandler(h.st.DeleteVendor))
}

type vendorHandlers struct{ st vendorStore }

func (h vendorHandlers) list(c *gin.Context) {
	if res, ok := listBy(c, vendorFilterOf, h.st.ListVendors); ok {
		c.JSON(http.StatusOK, listOf(res, vendorResponse))
	}
}

// vendorFilterOf reads the vendor list's query parameters.
func vendorFilterOf(c *gin.Context) (models.VendorFilter, error) {
	return models.ParseVendorFilter(c.Request.URL.Query())
}

// respondVendor answers with one vendor and its version.
func respondVendor(c *gin.Context, status int, v *models.Vendor) {
	writeOne(c, status, "/api/v1/vendors", v.ID, v.Version, vendorResponse(v))
}
