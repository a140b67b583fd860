package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// maxEmbeddedDevices caps the devices a warranty response lists; device_count gives the total
// (a support contract may cover thousands).
const maxEmbeddedDevices = 100

// warrantyStore is what the warranty handlers need of the store.
type warrantyStore interface {
	ListWarranties(ctx context.Context, f models.WarrantyFilter) (models.ListResult[models.Warranty], error)
	GetWarranty(ctx context.Context, id int64) (*models.Warranty, error)
	CreateWarranty(ctx context.Context, w *models.Warranty) error
	UpdateWarranty(ctx context.Context, id, version int64, change func(*models.Warranty) error) (*models.Warranty, error)
	DeleteWarranty(ctx context.Context, id int64, version *int64) error
	CoveredDevicesFor(ctx context.Context, ids []int64, limit int) (map[int64]models.CoveredDevices, error)
	Today() models.Date
}

// WarrantyRequest is the body of POST and PUT /warranties. device_ids lists the devices covered
// (duplicates collapse).
type WarrantyRequest struct {
	ProviderID   *int64       `json:"provider_id" validate:"omitnil,gte=1"`
	Kind         string       `json:"kind" validate:"required,warranty_kind"`
	Reference    string       `json:"reference" validate:"max=100,nocontrol"`
	ServiceLevel string       `json:"service_level" validate:"max=200,nocontrol"`
	StartDate    models.Date  `json:"start_date"`
	EndDate      models.Date  `json:"end_date"`
	Cost         models.Money `json:"cost"`
	BudgetLineID *int64       `json:"budget_line_id" validate:"omitnil,gte=1"`
	AutoRenew    bool         `json:"auto_renew"`
	NoticeDays   int          `json:"notice_days" validate:"gte=0,lte=3650"`
	DeviceIDs    []int64      `json:"device_ids" validate:"max=100000,dive,gte=1"`
	Notes        string       `json:"notes" validate:"max=10000"`
	Version      *int64       `json:"version"`
}

// WarrantyPatch is the body of PATCH /warranties/{id}: only the fields sent change. An empty
// string clears a text field or the start date; 0 clears provider_id or budget_line_id;
// device_ids replaces the whole list.
type WarrantyPatch struct {
	ProviderID   *int64        `json:"provider_id" validate:"omitnil,gte=0"`
	Kind         *string       `json:"kind" validate:"omitnil,warranty_kind"`
	Reference    *string       `json:"reference" validate:"omitnil,max=100,nocontrol"`
	ServiceLevel *string       `json:"service_level" validate:"omitnil,max=200,nocontrol"`
	StartDate    *models.Date  `json:"start_date"`
	EndDate      *models.Date  `json:"end_date"`
	Cost         *models.Money `json:"cost"`
	BudgetLineID *int64        `json:"budget_line_id" validate:"omitnil,gte=0"`
	AutoRenew    *bool         `json:"auto_renew"`
	NoticeDays   *int          `json:"notice_days" validate:"omitnil,gte=0,lte=3650"`
	DeviceIDs    *[]int64      `json:"device_ids" validate:"omitnil,max=100000,dive,gte=1"`
	Notes        *string       `json:"notes" validate:"omitnil,max=10000"`
	Version      *int64        `json:"version"`
}

// CoveredDeviceResponse names one device a warranty covers.
type CoveredDeviceResponse struct {
	ID           int64  `json:"id"`
	AssetTag     string `json:"asset_tag"`
	SerialNumber string `json:"serial_number"`
}

// WarrantyResponse is a warranty as the API shows it: its fields, the names of what it refers
// to, the devices it covers (the first 100 embedded, device_count in all, every one through
// devices_url, the device list filtered by the warranty, paged) and, as of today,
// whether it is active, the days left (negative once it has ended) and the notice deadline.
type WarrantyResponse struct {
	ID             int64                   `json:"id"`
	ProviderID     *int64                  `json:"provider_id"`
	Provider       string                  `json:"provider"`
	Kind           string                  `json:"kind"`
	Reference      *string                 `json:"reference"`
	ServiceLevel   string                  `json:"service_level"`
	StartDate      models.Date             `json:"start_date"`
	EndDate        models.Date             `json:"end_date"`
	Cost           models.Money            `json:"cost"`
	BudgetLineID   *int64                  `json:"budget_line_id"`
	BudgetLine     string                  `json:"budget_line"`
	AutoRenew      bool                    `json:"auto_renew"`
	NoticeDays     int                     `json:"notice_days"`
	NoticeDeadline models.Date             `json:"notice_deadline"`
	Active         bool                    `json:"active"`
	DaysLeft       int                     `json:"days_left"`
	Devices        []CoveredDeviceResponse `json:"devices"`
	DeviceCount    int64                   `json:"device_count"`
	DevicesURL     string                  `json:"devices_url"`
	Notes          string                  `json:"notes"`
	Version        int64                   `json:"version"`
	CreatedAt      time.Time               `json:"created_at"`
	UpdatedAt      time.Time               `json:"updated_at"`
}

func (r *WarrantyRequest) apply(w *models.Warranty) {
	w.ProviderID, w.Kind, w.Reference, w.ServiceLevel = r.ProviderID, r.Kind, models.StrPtr(r.Reference), r.ServiceLevel
	w.StartDate, w.EndDate, w.Cost, w.BudgetLineID = r.StartDate, r.EndDate, r.Cost, r.BudgetLineID
	w.AutoRenew, w.NoticeDays, w.DeviceIDs, w.Notes = r.AutoRenew, r.NoticeDays, r.DeviceIDs, r.Notes
}

func (r *WarrantyRequest) version() *int64 { return r.Version }

// apply sets the fields the patch carries.
func (p *WarrantyPatch) apply(w *models.Warranty) {
	setRef(&w.ProviderID, p.ProviderID)
	setRef(&w.BudgetLineID, p.BudgetLineID)
	setIf(&w.Kind, p.Kind)
	if p.Reference != nil {
		w.Reference = models.StrPtr(*p.Reference)
	}
	setIf(&w.ServiceLevel, p.ServiceLevel)
	setIf(&w.StartDate, p.StartDate)
	setIf(&w.EndDate, p.EndDate)
	setIf(&w.Cost, p.Cost)
	setIf(&w.AutoRenew, p.AutoRenew)
	setIf(&w.NoticeDays, p.NoticeDays)
	setIf(&w.DeviceIDs, p.DeviceIDs)
	setIf(&w.Notes, p.Notes)
}

func (p *WarrantyPatch) version() *int64 { return p.Version }

// warrantyConverter turns warranties into responses with their devices, as of today.
type warrantyConverter struct {
	today   models.Date
	covered map[int64]models.CoveredDevices
}

func (wc warrantyConverter) response(w *models.Warranty) WarrantyResponse {
	cov := wc.covered[w.ID]
	devices := make([]CoveredDeviceResponse, len(cov.Devices))
	for i, d := range cov.Devices {
		devices[i] = CoveredDeviceResponse{ID: d.ID, AssetTag: d.AssetTag, SerialNumber: d.SerialNumber}
	}
	return WarrantyResponse{
		ID: w.ID, ProviderID: w.ProviderID, Provider: vendorNameOf(w.Provider), Kind: w.Kind, Reference: w.Reference,
		ServiceLevel: w.ServiceLevel, StartDate: w.StartDate, EndDate: w.EndDate, Cost: w.Cost,
		BudgetLineID: w.BudgetLineID, BudgetLine: budgetLineCodeOf(w.BudgetLine), AutoRenew: w.AutoRenew,
		NoticeDays: w.NoticeDays, NoticeDeadline: w.NoticeDeadline(), Active: w.ActiveOn(wc.today),
		DaysLeft: wc.today.DaysUntil(w.EndDate), Devices: devices, DeviceCount: cov.Count,
		DevicesURL: "/api/v1/devices?warranty_id=" + strconv.FormatInt(w.ID, 10),
		Notes:      w.Notes, Version: w.Version, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt,
	}
}

// registerWarrantyRoutes serves /warranties: viewers read, editors write. A write answers with
// the warranty loaded again, so the response carries the devices and names it refers to.
func (s *Server) registerWarrantyRoutes(g *gin.RouterGroup) {
	h := warrantyHandlers{s.Store}
	reload := reloaded(h.st.GetWarranty, func(v *models.Warranty) int64 { return v.ID }, h.respond)
	g = g.Group("", writeGuard())
	query := []string{"kind", "provider_id", "budget_line_id", "device_id", "ends_before", "active_on", "q", "sort", "limit", "cursor"}
	query = append(append(query, renewalWindowQuery...), "renewable")
	s.handle(g, op{Method: "GET", Path: "/warranties", Role: models.RoleViewer, Summary: "List warranties and support contracts",
		Query: query, Response: ListResponse[WarrantyResponse]{}}, h.list)
	s.handle(g, op{Method: "POST", Path: "/warranties", Role: models.RoleEditor, Summary: "Create a warranty covering devices",
		Request: WarrantyRequest{}, Response: WarrantyResponse{}, Status: http.StatusCreated},
		limitBody(MaxJSONBody), createHandler[WarrantyRequest](h.st.CreateWarranty, reload))
	s.handle(g, op{Method: "GET", Path: "/warranties/:id", Role: models.RoleViewer, Summary: "Get a warranty",
		Response: WarrantyResponse{}}, getHandler(h.st.GetWarranty, h.respond))
	s.handle(g, op{Method: "PUT", Path: "/warranties/:id", Role: models.RoleEditor, Summary: "Replace a warranty (needs its version)",
		Request: WarrantyRequest{}, Response: WarrantyResponse{}},
		limitBody(MaxJSONBody), updateHandler[WarrantyRequest](h.st.UpdateWarranty, reload))
	s.handle(g, op{Method: "PATCH", Path: "/warranties/:id", Role: models.RoleEditor, Summary: "Change some fields of a warranty (needs its version)",
		Request: WarrantyPatch{}, Response: WarrantyResponse{}},
		limitBody(MaxJSONBody), updateHandler[WarrantyPatch](h.st.UpdateWarranty, reload))
	s.handle(g, op{Method: "DELETE", Path: "/warranties/:id", Role: models.RoleEditor, Summary: "Delete a warranty",
		Status: http.StatusNoContent}, deleteHandler(h.st.DeleteWarranty))
}

type warrantyHandlers struct{ st warrantyStore }

// converter loads the first covered devices of the warranties with these ids (for the whole
// page at once) and returns their conversion as of today.
func (h warrantyHandlers) converter(ctx context.Context, ids ...int64) (func(*models.Warranty) WarrantyResponse, error) {
	wc := warrantyConverter{today: h.st.Today()}
	var err error
	wc.covered, err = h.st.CoveredDevicesFor(ctx, ids, maxEmbeddedDevices)
	return wc.response, err
}

// respond answers with one warranty, its covered devices and its version.
func (h warrantyHandlers) respond(c *gin.Context, status int, w *models.Warranty) {
	writeConverted(c, status, "/api/v1/warranties", w, w.ID, w.Version, h.converter)
}

func (h warrantyHandlers) list(c *gin.Context) {
	if res, ok := listBy(c, warrantyFilterOf, h.st.ListWarranties); ok {
		listConverted(c, res, func(w *models.Warranty) int64 { return w.ID }, h.converter)
	}
}

// warrantyFilterOf reads the warranty list's query parameters.
func warrantyFilterOf(c *gin.Context) (models.WarrantyFilter, error) {
	return models.ParseWarrantyFilter(c.Request.URL.Query())
}
