package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// licenceStore is what the licence handlers need of the store.
type licenceStore interface {
	ListLicences(ctx context.Context, f models.LicenceFilter) (models.ListResult[models.Licence], error)
	GetLicence(ctx context.Context, id int64) (*models.Licence, error)
	CreateLicence(ctx context.Context, l *models.Licence) error
	UpdateLicence(ctx context.Context, id, version int64, change func(*models.Licence) error) (*models.Licence, error)
	DeleteLicence(ctx context.Context, id int64, version *int64) error
}

// LicenceRequest is the body of POST and PUT /licences. An empty reference means none; seats
// left out (or null) means unlimited.
type LicenceRequest struct {
	Product       string       `json:"product" validate:"required,max=200,nocontrol"`
	PublisherID   *int64       `json:"publisher_id" validate:"omitnil,gte=1"`
	SupplierID    *int64       `json:"supplier_id" validate:"omitnil,gte=1"`
	Reference     string       `json:"reference" validate:"max=100,nocontrol"`
	Type          string       `json:"type" validate:"required,licence_type"`
	Metric        string       `json:"metric" validate:"required,licence_metric"`
	Seats         *int64       `json:"seats" validate:"omitnil,gte=0"`
	Key           string       `json:"key" validate:"max=1000,nocontrol"`
	StartDate     models.Date  `json:"start_date"`
	EndDate       models.Date  `json:"end_date"`
	AutoRenew     bool         `json:"auto_renew"`
	NoticeDays    int          `json:"notice_days" validate:"gte=0,lte=3650"`
	Cost          models.Money `json:"cost"`
	BillingPeriod string       `json:"billing_period" validate:"omitempty,billing_period"`
	BudgetLineID  *int64       `json:"budget_line_id" validate:"omitnil,gte=1"`
	OrderNumber   string       `json:"order_number" validate:"max=100,nocontrol"`
	Notes         string       `json:"notes" validate:"max=10000"`
	Version       *int64       `json:"version"`
}

// LicencePatch is the body of PATCH /licences/{id}: only the fields sent change. An empty
// string clears a text field or a date; 0 clears publisher_id, supplier_id or budget_line_id;
// seats -1 makes the licence unlimited.
type LicencePatch struct {
	Product       *string       `json:"product" validate:"omitnil,min=1,max=200,nocontrol"`
	PublisherID   *int64        `json:"publisher_id" validate:"omitnil,gte=0"`
	SupplierID    *int64        `json:"supplier_id" validate:"omitnil,gte=0"`
	Reference     *string       `json:"reference" validate:"omitnil,max=100,nocontrol"`
	Type          *string       `json:"type" validate:"omitnil,licence_type"`
	Metric        *string       `json:"metric" validate:"omitnil,licence_metric"`
	Seats         *int64        `json:"seats" validate:"omitnil,gte=-1"`
	Key           *string       `json:"key" validate:"omitnil,max=1000,nocontrol"`
	StartDate     *models.Date  `json:"start_date"`
	EndDate       *models.Date  `json:"end_date"`
	AutoRenew     *bool         `json:"auto_renew"`
	NoticeDays    *int          `json:"notice_days" validate:"omitnil,gte=0,lte=3650"`
	Cost          *models.Money `json:"cost"`
	BillingPeriod *string       `json:"billing_period" validate:"omitnil,omitempty,billing_period"`
	BudgetLineID  *int64        `json:"budget_line_id" validate:"omitnil,gte=0"`
	OrderNumber   *string       `json:"order_number" validate:"omitnil,max=100,nocontrol"`
	Notes         *string       `json:"notes" validate:"omitnil,max=10000"`
	Version       *int64        `json:"version"`
}

// LicenceResponse is a licence as the API shows it: its fields, the names of what it refers
// to, its seat use and its notice deadline. seats and seats_available are null when the licence
// is unlimited; seats_available never goes below zero (over-assignment shows in the
// licence-compliance report). The key is masked for read-only roles.
type LicenceResponse struct {
	ID             int64        `json:"id"`
	Product        string       `json:"product"`
	PublisherID    *int64       `json:"publisher_id"`
	Publisher      string       `json:"publisher"`
	SupplierID     *int64       `json:"supplier_id"`
	Supplier       string       `json:"supplier"`
	Reference      *string      `json:"reference"`
	Type           string       `json:"type"`
	Metric         string       `json:"metric"`
	Seats          *int64       `json:"seats"`
	SeatsUsed      int64        `json:"seats_used"`
	SeatsAvailable *int64       `json:"seats_available"`
	Key            string       `json:"key"`
	StartDate      models.Date  `json:"start_date"`
	EndDate        models.Date  `json:"end_date"`
	AutoRenew      bool         `json:"auto_renew"`
	NoticeDays     int          `json:"notice_days"`
	NoticeDeadline models.Date  `json:"notice_deadline"`
	Cost           models.Money `json:"cost"`
	BillingPeriod  string       `json:"billing_period"`
	BudgetLineID   *int64       `json:"budget_line_id"`
	BudgetLine     string       `json:"budget_line"`
	OrderNumber    string       `json:"order_number"`
	Notes          string       `json:"notes"`
	Version        int64        `json:"version"`
	CreatedAt      time.Time    `json:"created_at"`
	UpdatedAt      time.Time    `json:"updated_at"`
}

func (r *LicenceRequest) apply(l *models.Licence) {
	l.Product, l.PublisherID, l.SupplierID, l.Reference = r.Product, r.PublisherID, r.SupplierID, models.StrPtr(r.Reference)
	l.Type, l.Metric, l.Seats, l.Key = r.Type, r.Metric, r.Seats, r.Key
	l.StartDate, l.EndDate, l.AutoRenew, l.NoticeDays = r.StartDate, r.EndDate, r.AutoRenew, r.NoticeDays
	l.Cost, l.BillingPeriod, l.BudgetLineID, l.OrderNumber, l.Notes = r.Cost, r.BillingPeriod, r.BudgetLineID, r.OrderNumber, r.Notes
}

func (r *LicenceRequest) version() *int64 { return r.Version }

// apply sets the fields the patch carries.
func (p *LicencePatch) apply(l *models.Licence) {
	for dst, v := range map[*string]*string{
		&l.Product: p.Product, &l.Type: p.Type, &l.Metric: p.Metric, &l.Key: p.Key,
		&l.BillingPeriod: p.BillingPeriod, &l.OrderNumber: p.OrderNumber, &l.Notes: p.Notes,
	} {
		setIf(dst, v)
	}
	if p.Reference != nil {
		l.Reference = models.StrPtr(*p.Reference)
	}
	setRef(&l.PublisherID, p.PublisherID)
	setRef(&l.SupplierID, p.SupplierID)
	setRef(&l.BudgetLineID, p.BudgetLineID)
	if p.Seats != nil {
		l.Seats = nil
		if *p.Seats >= 0 {
			n := *p.Seats
			l.Seats = &n
		}
	}
	setIf(&l.StartDate, p.StartDate)
	setIf(&l.EndDate, p.EndDate)
	setIf(&l.AutoRenew, p.AutoRenew)
	setIf(&l.NoticeDays, p.NoticeDays)
	setIf(&l.Cost, p.Cost)
}

func (p *LicencePatch) version() *int64 { return p.Version }

// licenceResponse converts a licence, its key masked for every role (read in clear only through
// POST /licences/{id}/key/reveal, which is audited).
func licenceResponse(l *models.Licence) LicenceResponse {
	r := LicenceResponse{
		ID: l.ID, Product: l.Product, PublisherID: l.PublisherID, Publisher: vendorNameOf(l.Publisher),
		SupplierID: l.SupplierID, Supplier: vendorNameOf(l.Supplier), Reference: l.Reference, Type: l.Type,
		Metric: l.Metric, Seats: l.Seats, SeatsUsed: l.SeatsUsed, Key: models.MaskKey(l.Key), StartDate: l.StartDate,
		EndDate: l.EndDate, AutoRenew: l.AutoRenew, NoticeDays: l.NoticeDays, NoticeDeadline: l.NoticeDeadline(),
		Cost: l.Cost, BillingPeriod: l.BillingPeriod, BudgetLineID: l.BudgetLineID, BudgetLine: budgetLineCodeOf(l.BudgetLine),
		OrderNumber: l.OrderNumber, Notes: l.Notes, Version: l.Version, CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt,
	}
	if l.Seats != nil {
		avail := max(*l.Seats-l.SeatsUsed, 0)
		r.SeatsAvailable = &avail
	}
	return r
}

// registerLicenceRoutes serves /licences: viewers read (keys masked), editors write. A write
// answers with the licence loaded again, so the response carries the names it refers to.
func (s *Server) registerLicenceRoutes(g *gin.RouterGroup) {
	h := licenceHandlers{s.Store}
	reload := reloaded(h.st.GetLicence, func(v *models.Licence) int64 { return v.ID }, h.respond)
	g = g.Group("", writeGuard())
	query := []string{"type", "metric", "publisher_id", "supplier_id", "budget_line_id", "ends_before", "q", "sort", "limit", "cursor"}
	query = append(append(query, renewalWindowQuery...), "over_assigned")
	s.handle(g, op{Method: "GET", Path: "/licences", Role: models.RoleViewer, Summary: "List licences (keys masked)",
		Query: query, Response: ListResponse[LicenceResponse]{}}, h.list)
	s.handle(g, op{Method: "POST", Path: "/licences", Role: models.RoleEditor, Summary: "Create a licence",
		Request: LicenceRequest{}, Response: LicenceResponse{}, Status: http.StatusCreated},
		limitBody(MaxJSONBody), createHandler[LicenceRequest](h.st.CreateLicence, reload))
	s.handle(g, op{Method: "GET", Path: "/licences/:id", Role: models.RoleViewer, Summary: "Get a licence (key masked)",
		Response: LicenceResponse{}}, getHandler(h.st.GetLicence, h.respond))
	s.handle(g, op{Method: "PUT", Path: "/licences/:id", Role: models.RoleEditor, Summary: "Replace a licence (needs its version)",
		Request: LicenceRequest{}, Response: LicenceResponse{}},
		limitBody(MaxJSONBody), updateHandler[LicenceRequest](h.st.UpdateLicence, reload))
	s.handle(g, op{Method: "PATCH", Path: "/licences/:id", Role: models.RoleEditor, Summary: "Change some fields of a licence (needs its version)",
		Request: LicencePatch{}, Response: LicenceResponse{}},
		limitBody(MaxJSONBody), updateHandler[LicencePatch](h.st.UpdateLicence, reload))
	s.handle(g, op{Method: "DELETE", Path: "/licences/:id", Role: models.RoleEditor, Summary: "Delete a licence and its seat assignments",
		Status: http.StatusNoContent}, deleteHandler(h.st.DeleteLicence))
	s.registerKeyReveal(g)
}

type licenceHandlers struct{ st licenceStore }

// respond answers with one licence and its version, its key masked.
func (h licenceHandlers) respond(c *gin.Context, status int, l *models.Licence) {
	writeOne(c, status, "/api/v1/licences", l.ID, l.Version, licenceResponse(l))
}

func (h licenceHandlers) list(c *gin.Context) {
	res, ok := listBy(c, licenceFilterOf, h.st.ListLicences)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, listOf(res, licenceResponse))
}

// licenceFilterOf reads the licence list's query parameters.
func licenceFilterOf(c *gin.Context) (models.LicenceFilter, error) {
	return models.ParseLicenceFilter(c.Request.URL.Query())
}
