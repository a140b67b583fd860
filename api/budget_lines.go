package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// budgetLineStore is what the budget line handlers need of the store.
type budgetLineStore interface {
	ListBudgetLines(ctx context.Context, f models.BudgetLineFilter) (models.ListResult[models.BudgetLine], error)
	GetBudgetLine(ctx context.Context, id int64) (*models.BudgetLine, error)
	CreateBudgetLine(ctx context.Context, b *models.BudgetLine) error
	UpdateBudgetLine(ctx context.Context, id, version int64, change func(*models.BudgetLine) error) (*models.BudgetLine, error)
	DeleteBudgetLine(ctx context.Context, id int64, version *int64) error
}

// BudgetLineRequest is the body of POST and PUT /budget-lines. The allocated amount is
// {"amount": "1234.50", "currency": "GBP"}.
type BudgetLineRequest struct {
	Code       string       `json:"code" validate:"required,max=100,nocontrol"`
	Name       string       `json:"name" validate:"required,max=200,nocontrol"`
	FiscalYear int          `json:"fiscal_year" validate:"required,gte=1900,lte=2200"`
	Category   string       `json:"category" validate:"required,oneof=capex opex"`
	CostCentre string       `json:"cost_centre" validate:"max=100,nocontrol"`
	Owner      string       `json:"owner" validate:"max=200,nocontrol"`
	Allocated  models.Money `json:"allocated"`
	Notes      string       `json:"notes" validate:"max=10000"`
	Version    *int64       `json:"version"`
}

// BudgetLinePatch is the body of PATCH /budget-lines/{id}: only the fields sent change.
type BudgetLinePatch struct {
	Code       *string       `json:"code" validate:"omitempty,max=100,nocontrol"`
	Name       *string       `json:"name" validate:"omitempty,max=200,nocontrol"`
	FiscalYear *int          `json:"fiscal_year" validate:"omitnil,gte=1900,lte=2200"`
	Category   *string       `json:"category" validate:"omitnil,oneof=capex opex"`
	CostCentre *string       `json:"cost_centre" validate:"omitnil,max=100,nocontrol"`
	Owner      *string       `json:"owner" validate:"omitnil,max=200,nocontrol"`
	Allocated  *models.Money `json:"allocated"`
	Notes      *string       `json:"notes" validate:"omitnil,max=10000"`
	Version    *int64        `json:"version"`
}

// BudgetLineResponse is a budget line as the API shows it.
type BudgetLineResponse struct {
	ID         int64        `json:"id"`
	Code       string       `json:"code"`
	Name       string       `json:"name"`
	FiscalYear int          `json:"fiscal_year"`
	Category   string       `json:"category"`
	CostCentre string       `json:"cost_centre"`
	Owner      string       `json:"owner"`
	Allocated  models.Money `json:"allocated"`
	Notes      string       `json:"notes"`
	Version    int64        `json:"version"`
	CreatedAt  time.Time    `json:"created_at"`
	UpdatedAt  time.Time    `json:"updated_at"`
}

func (r *BudgetLineRequest) apply(b *models.BudgetLine) {
	b.Code, b.Name, b.FiscalYear, b.Category = r.Code, r.Name, r.FiscalYear, r.Category
	b.CostCentre, b.Owner, b.Allocated, b.Notes = r.CostCentre, r.Owner, r.Allocated, r.Notes
}

// Apply sets the fields the patch carries. A JSON null allocated amount leaves it unchanged;
// to clear it, PUT the line without one.
func (p *BudgetLinePatch) Apply(b *models.BudgetLine) {
	setIf(&b.Code, p.Code)
	setIf(&b.Name, p.Name)
	setIf(&b.FiscalYear, p.FiscalYear)
	setIf(&b.Category, p.Category)
	setIf(&b.CostCentre, p.CostCentre)
	setIf(&b.Owner, p.Owner)
	setIf(&b.Allocated, p.Allocated)
	setIf(&b.Notes, p.Notes)
}

func budgetLineResponse(b *models.BudgetLine) BudgetLineResponse {
	return BudgetLineResponse{
		ID: b.ID, Code: b.Code, Name: b.Name, FiscalYear: b.FiscalYear, Category: b.Category,
		CostCentre: b.CostCentre, Owner: b.Owner, Allocated: b.Allocated, Notes: b.Notes,
		Version: b.Version, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt,
	}
}

func init() {
	routeSets = append(routeSets, func(s *Server, g *gin.RouterGroup) {
		h := budgetLineHandlers{s.Store}
		g = g.Group("", writeGuard())
		listQuery := []string{"fiscal_year", "category", "q", "sort", "limit", "cursor"}
		handle(g, op{Method: "GET", Path: "/budget-lines", Summary: "List budget lines", Role: models.RoleViewer, Query: listQuery, Response: ListResponse[BudgetLineResponse]{}}, h.list)
		handle(g, op{Method: "POST", Path: "/budget-lines", Summary: "Create a budget line", Role: models.RoleEditor, Request: BudgetLineRequest{}, Response: BudgetLineResponse{}, Status: http.StatusCreated}, limitBody(MaxJSONBody), h.create)
		handle(g, op{Method: "GET", Path: "/budget-lines/:id", Summary: "Get a budget line", Role: models.RoleViewer, Response: BudgetLineResponse{}}, h.get)
		handle(g, op{Method: "PUT", Path: "/budget-lines/:id", Summary: "Replace a budget line (needs its version)", Role: models.RoleEditor, Request: BudgetLineRequest{}, Response: BudgetLineResponse{}}, limitBody(MaxJSONBody), h.replace)
		handle(g, op{Method: "PATCH", Path: "/budget-lines/:id", Summary: "Change some fields of a budget line (needs its version)", Role: models.RoleEditor, Request: BudgetLinePatch{}, Response: BudgetLineResponse{}}, limitBody(MaxJSONBody), h.patch)
		handle(g, op{Method: "DELETE", Path: "/budget-lines/:id", Summary: "Delete a budget line nothing is charged to", Role: models.RoleEditor, Status: http.StatusNoContent}, deleteByID(h.st.DeleteBudgetLine))
	})
}

type budgetLineHandlers struct{ st budgetLineStore }

func (h budgetLineHandlers) list(c *gin.Context) {
	page, err := pageOf(c)
	if err != nil {
		writeError(c, err)
		return
	}
	category, err := queryEnum(c, "category", models.BudgetCategories)
	if err != nil {
		writeError(c, err)
		return
	}
	year, err := queryInt64(c, "fiscal_year")
	if err != nil || year > 9999 {
		writeError(c, &models.ParamError{Param: "fiscal_year", Message: "must be a year such as 2026"})
		return
	}
	res, err := h.st.ListBudgetLines(c.Request.Context(), models.BudgetLineFilter{FiscalYear: int(year), Category: category, Q: c.Query("q"), Page: page})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, listOf(res, budgetLineResponse))
}

func (h budgetLineHandlers) get(c *gin.Context) {
	if b, ok := getByID(c, h.st.GetBudgetLine); ok {
		setETag(c, b.Version)
		c.JSON(http.StatusOK, budgetLineResponse(b))
	}
}

func (h budgetLineHandlers) create(c *gin.Context) {
	var req BudgetLineRequest
	if err := bindJSON(c, &req); err != nil {
		writeError(c, err)
		return
	}
	var b models.BudgetLine
	req.apply(&b)
	if err := h.st.CreateBudgetLine(c.Request.Context(), &b); err != nil {
		writeError(c, err)
		return
	}
	created(c, "/api/v1/budget-lines", b.ID, b.Version, budgetLineResponse(&b))
}

func (h budgetLineHandlers) replace(c *gin.Context) {
	var req BudgetLineRequest
	h.update(c, &req, func() *int64 { return req.Version }, req.apply)
}

func (h budgetLineHandlers) patch(c *gin.Context) {
	var req BudgetLinePatch
	h.update(c, &req, func() *int64 { return req.Version }, req.Apply)
}

func (h budgetLineHandlers) update(c *gin.Context, req any, version func() *int64, apply func(*models.BudgetLine)) {
	if b, ok := updateByID(c, req, version, apply, h.st.UpdateBudgetLine); ok {
		setETag(c, b.Version)
		c.JSON(http.StatusOK, budgetLineResponse(b))
	}
}

// The steps every resource's handlers share. Each answers the error itself and reports
// whether the handler should go on.

// getByID loads the record the :id path parameter names.
func getByID[M any](c *gin.Context, get func(ctx context.Context, id int64) (*M, error)) (*M, bool) {
	id, err := idParam(c, "id")
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	v, err := get(c.Request.Context(), id)
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	return v, true
}

// updateByID binds a PUT or PATCH body into req, reads the version the client last saw
// (If-Match, else the body's) and applies the request to the :id record at that version.
func updateByID[M any](c *gin.Context, req any, version func() *int64, apply func(*M),
	update func(ctx context.Context, id, version int64, change func(*M) error) (*M, error)) (*M, bool) {
	id, err := idParam(c, "id")
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	if err := bindJSON(c, req); err != nil {
		writeError(c, err)
		return nil, false
	}
	ver, err := versionOf(c, version())
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	v, err := update(c.Request.Context(), id, ver, func(v *M) error { apply(v); return nil })
	if err != nil {
		writeError(c, err)
		return nil, false
	}
	return v, true
}

// deleteByID is the handler of DELETE /<resource>/{id}: an optional If-Match version, 204.
func deleteByID(del func(ctx context.Context, id int64, version *int64) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := idParam(c, "id")
		if err != nil {
			writeError(c, err)
			return
		}
		ver, err := optionalVersion(c)
		if err != nil {
			writeError(c, err)
			return
		}
		if err := del(c.Request.Context(), id, ver); err != nil {
			writeError(c, err)
			return
		}
		c.Status(http.StatusNoContent)
	}
}
