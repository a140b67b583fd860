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
	Category   string       `json:"category" validate:"required,budget_category"`
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
	Category   *string       `json:"category" validate:"omitnil,budget_category"`
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

func (r *BudgetLineRequest) version() *int64 { return r.Version }

// apply sets the fields the patch carries. A JSON null allocated amount leaves it unchanged;
// to clear it, PUT the line without one.
func (p *BudgetLinePatch) apply(b *models.BudgetLine) {
	setIf(&b.Code, p.Code)
	setIf(&b.Name, p.Name)
	setIf(&b.FiscalYear, p.FiscalYear)
	setIf(&b.Category, p.Category)
	setIf(&b.CostCentre, p.CostCentre)
	setIf(&b.Owner, p.Owner)
	setIf(&b.Allocated, p.Allocated)
	setIf(&b.Notes, p.Notes)
}

func (p *BudgetLinePatch) version() *int64 { return p.Version }

func budgetLineResponse(b *models.BudgetLine) BudgetLineResponse {
	return BudgetLineResponse{
		ID: b.ID, Code: b.Code, Name: b.Name, FiscalYear: b.FiscalYear, Category: b.Category,
		CostCentre: b.CostCentre, Owner: b.Owner, Allocated: b.Allocated, Notes: b.Notes,
		Version: b.Version, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt,
	}
}

// registerBudgetLineRoutes serves /budget-lines: viewers read, editors write.
func (s *Server) registerBudgetLineRoutes(g *gin.RouterGroup) {
	h := budgetLineHandlers{s.Store}
	g = g.Group("", writeGuard())
	query := []string{"fiscal_year", "category", "q", "sort", "limit", "cursor"}
	s.handle(g, op{Method: "GET", Path: "/budget-lines", Role: models.RoleViewer, Summary: "List budget lines",
		Query: query, Response: ListResponse[BudgetLineResponse]{}}, h.list)
	s.handle(g, op{Method: "POST", Path: "/budget-lines", Role: models.RoleEditor, Summary: "Create a budget line",
		Request: BudgetLineRequest{}, Response: BudgetLineResponse{}, Status: http.StatusCreated},
		limitBody(MaxJSONBody), createHandler[BudgetLineRequest](h.st.CreateBudgetLine, respondBudgetLine))
	s.handle(g, op{Method: "GET", Path: "/budget-lines/:id", Role: models.RoleViewer, Summary: "Get a budget line",
		Response: BudgetLineResponse{}}, getHandler(h.st.GetBudgetLine, respondBudgetLine))
	s.handle(g, op{Method: "PUT", Path: "/budget-lines/:id", Role: models.RoleEditor, Summary: "Replace a budget line (needs its version)",
		Request: BudgetLineRequest{}, Response: BudgetLineResponse{}},
		limitBody(MaxJSONBody), updateHandler[BudgetLineRequest](h.st.UpdateBudgetLine, respondBudgetLine))
	s.handle(g, op{Method: "PATCH", Path: "/budget-lines/:id", Role: models.RoleEditor, Summary: "Change some fields of a budget line (needs its version)",
		Request: BudgetLinePatch{}, Response: BudgetLineResponse{}},
		limitBody(MaxJSONBody), updateHandler[BudgetLinePatch](h.st.UpdateBudgetLine, respondBudgetLine))
	s.handle(g, op{Method: "DELETE", Path: "/budget-lines/:id", Role: models.RoleEditor, Summary: "Delete a budget line nothing is charged to",
		Status: http.StatusNoContent}, deleteHandler(h.st.DeleteBudgetLine))
}

type budgetLineHandlers struct{ st budgetLineStore }

func (h budgetLineHandlers) list(c *gin.Context) {
	if res, ok := listBy(c, budgetLineFilterOf, h.st.ListBudgetLines); ok {
		c.JSON(http.StatusOK, listOf(res, budgetLineResponse))
	}
}

// budgetLineFilterOf reads the budget line list's query parameters.
func budgetLineFilterOf(c *gin.Context) (models.BudgetLineFilter, error) {
	return models.ParseBudgetLineFilter(c.Request.URL.Query())
}

// respondBudgetLine answers with one budget line and its version.
func respondBudgetLine(c *gin.Context, status int, b *models.BudgetLine) {
	writeOne(c, status, "/api/v1/budget-lines", b.ID, b.Version, budgetLineResponse(b))
}
