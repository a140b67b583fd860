package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// deviceStore is what the device handlers need of the store.
type deviceStore interface {
	ListDevices(ctx context.Context, f models.DeviceFilter) (models.ListResult[models.Device], error)
	GetDevice(ctx context.Context, id int64) (*models.Device, error)
	CreateDevice(ctx context.Context, d *models.Device) error
	UpdateDevice(ctx context.Context, id, version int64, change func(*models.Device) error) (*models.Device, error)
	DeleteDevice(ctx context.Context, id int64, version *int64) error
	WarrantyStatus(ctx context.Context, deviceIDs []int64, on models.Date) (map[int64]models.WarrantyCover, error)
	LifetimeDefaults() map[string]int
	Today() models.Date
}

// DeviceRequest is the body of POST and PUT /devices. An empty asset tag or serial number
// means none; at least one of them is required. Status defaults to in_stock.
type DeviceRequest struct {
	AssetTag       string            `json:"asset_tag" validate:"max=100,nocontrol"`
	SerialNumber   string            `json:"serial_number" validate:"max=100,nocontrol"`
	Hostname       string            `json:"hostname" validate:"max=200,nocontrol"`
	Category       string            `json:"category" validate:"required,category"`
	ManufacturerID *int64            `json:"manufacturer_id" validate:"omitnil,gte=1"`
	Model          string            `json:"model" validate:"max=200,nocontrol"`
	Status         string            `json:"status" validate:"omitempty,device_status"`
	AssignedTo     string            `json:"assigned_to" validate:"max=200,nocontrol"`
	Department     string            `json:"department" validate:"max=200,nocontrol"`
	CostCentre     string            `json:"cost_centre" validate:"max=100,nocontrol"`
	Location       string            `json:"location" validate:"max=200,nocontrol"`
	PurchaseDate   models.Date       `json:"purchase_date"`
	PurchaseCost   models.Money      `json:"purchase_cost"`
	SupplierID     *int64            `json:"supplier_id" validate:"omitnil,gte=1"`
	OrderNumber    string            `json:"order_number" validate:"max=100,nocontrol"`
	InvoiceNumber  string            `json:"invoice_number" validate:"max=100,nocontrol"`
	BudgetLineID   *int64            `json:"budget_line_id" validate:"omitnil,gte=1"`
	LifetimeMonths *int              `json:"lifetime_months"`
	EOLDate        models.Date       `json:"eol_date"`
	CustomFields   map[string]string `json:"custom_fields" validate:"max=100"`
	Notes          string            `json:"notes" validate:"max=10000"`
	Version        *int64            `json:"version"`
}

// DevicePatch is the body of PATCH /devices/{id}: only the fields sent change. An empty
// string clears a text field or a date; 0 clears manufacturer_id, supplier_id or
// budget_line_id; custom_fields replaces the whole set. JSON null leaves a field unchanged,
// so clearing the purchase cost or the lifetime takes a PUT.
type DevicePatch struct {
	AssetTag       *string            `json:"asset_tag" validate:"omitnil,max=100,nocontrol"`
	SerialNumber   *string            `json:"serial_number" validate:"omitnil,max=100,nocontrol"`
	Hostname       *string            `json:"hostname" validate:"omitnil,max=200,nocontrol"`
	Category       *string            `json:"category" validate:"omitnil,category"`
	ManufacturerID *int64             `json:"manufacturer_id" validate:"omitnil,gte=0"`
	Model          *string            `json:"model" validate:"omitnil,max=200,nocontrol"`
	Status         *string            `json:"status" validate:"omitnil,device_status"`
	AssignedTo     *string            `json:"assigned_to" validate:"omitnil,max=200,nocontrol"`
	Department     *string            `json:"department" validate:"omitnil,max=200,nocontrol"`
	CostCentre     *string            `json:"cost_centre" validate:"omitnil,max=100,nocontrol"`
	Location       *string            `json:"location" validate:"omitnil,max=200,nocontrol"`
	PurchaseDate   *models.Date       `json:"purchase_date"`
	PurchaseCost   *models.Money      `json:"purchase_cost"`
	SupplierID     *int64             `json:"supplier_id" validate:"omitnil,gte=0"`
	OrderNumber    *string            `json:"order_number" validate:"omitnil,max=100,nocontrol"`
	InvoiceNumber  *string            `json:"invoice_number" validate:"omitnil,max=100,nocontrol"`
	BudgetLineID   *int64             `json:"budget_line_id" validate:"omitnil,gte=0"`
	LifetimeMonths *int               `json:"lifetime_months"`
	EOLDate        *models.Date       `json:"eol_date"`
	CustomFields   *map[string]string `json:"custom_fields" validate:"omitnil,max=100"`
	Notes          *string            `json:"notes" validate:"omitnil,max=10000"`
	Version        *int64             `json:"version"`
}

// DeviceResponse is a device as the API shows it: its fields, the names of what it refers to,
// and what itreg computes from them (end of life, effective lifetime, warranty cover today).
type DeviceResponse struct {
	ID                int64             `json:"id"`
	AssetTag          *string           `json:"asset_tag"`
	SerialNumber      *string           `json:"serial_number"`
	Hostname          string            `json:"hostname"`
	Category          string            `json:"category"`
	ManufacturerID    *int64            `json:"manufacturer_id"`
	Manufacturer      string            `json:"manufacturer"`
	Model             string            `json:"model"`
	Status            string            `json:"status"`
	AssignedTo        string            `json:"assigned_to"`
	Department        string            `json:"department"`
	CostCentre        string            `json:"cost_centre"`
	Location          string            `json:"location"`
	PurchaseDate      models.Date       `json:"purchase_date"`
	PurchaseCost      models.Money      `json:"purchase_cost"`
	SupplierID        *int64            `json:"supplier_id"`
	Supplier          string            `json:"supplier"`
	OrderNumber       string            `json:"order_number"`
	InvoiceNumber     string            `json:"invoice_number"`
	BudgetLineID      *int64            `json:"budget_line_id"`
	BudgetLine        string            `json:"budget_line"`
	LifetimeMonths    int               `json:"lifetime_months"`
	LifetimeDefaulted bool              `json:"lifetime_defaulted"`
	EOLDate           models.Date       `json:"eol_date"`
	EndOfLife         models.Date       `json:"end_of_life"`
	UnderWarranty     bool              `json:"under_warranty"`
	WarrantyEnd       models.Date       `json:"warranty_end"`
	CustomFields      map[string]string `json:"custom_fields"`
	Notes             string            `json:"notes"`
	Version           int64             `json:"version"`
	CreatedAt         time.Time         `json:"created_at"`
	UpdatedAt         time.Time         `json:"updated_at"`
}

func (r *DeviceRequest) apply(d *models.Device) {
	d.AssetTag, d.SerialNumber, d.Hostname, d.Category = models.StrPtr(r.AssetTag), models.StrPtr(r.SerialNumber), r.Hostname, r.Category
	d.ManufacturerID, d.Model, d.Status = r.ManufacturerID, r.Model, r.Status
	if d.Status == "" {
		d.Status = models.StatusInStock
	}
	d.AssignedTo, d.Department, d.CostCentre, d.Location = r.AssignedTo, r.Department, r.CostCentre, r.Location
	d.PurchaseDate, d.PurchaseCost, d.SupplierID = r.PurchaseDate, r.PurchaseCost, r.SupplierID
	d.OrderNumber, d.InvoiceNumber, d.BudgetLineID = r.OrderNumber, r.InvoiceNumber, r.BudgetLineID
	d.LifetimeMonths, d.EOLDate, d.CustomFields, d.Notes = r.LifetimeMonths, r.EOLDate, models.JSONMap(r.CustomFields), r.Notes
}

func (r *DeviceRequest) version() *int64 { return r.Version }

// apply sets the fields the patch carries.
func (p *DevicePatch) apply(d *models.Device) {
	if p.AssetTag != nil {
		d.AssetTag = models.StrPtr(*p.AssetTag)
	}
	if p.SerialNumber != nil {
		d.SerialNumber = models.StrPtr(*p.SerialNumber)
	}
	for dst, v := range map[*string]*string{
		&d.Hostname: p.Hostname, &d.Category: p.Category, &d.Model: p.Model, &d.Status: p.Status,
		&d.AssignedTo: p.AssignedTo, &d.Department: p.Department, &d.CostCentre: p.CostCentre,
		&d.Location: p.Location, &d.OrderNumber: p.OrderNumber, &d.InvoiceNumber: p.InvoiceNumber, &d.Notes: p.Notes,
	} {
		setIf(dst, v)
	}
	setRef(&d.ManufacturerID, p.ManufacturerID)
	setRef(&d.SupplierID, p.SupplierID)
	setRef(&d.BudgetLineID, p.BudgetLineID)
	setIf(&d.PurchaseDate, p.PurchaseDate)
	setIf(&d.PurchaseCost, p.PurchaseCost)
	setIf(&d.EOLDate, p.EOLDate)
	if p.LifetimeMonths != nil {
		d.LifetimeMonths = p.LifetimeMonths
	}
	if p.CustomFields != nil {
		d.CustomFields = models.JSONMap(*p.CustomFields)
	}
}

func (p *DevicePatch) version() *int64 { return p.Version }

// deviceConverter turns devices into responses; it carries what the computed fields need.
type deviceConverter struct {
	lifetimes map[string]int
	cover     map[int64]models.WarrantyCover
}

func (dc deviceConverter) response(d *models.Device) DeviceResponse {
	cover := dc.cover[d.ID]
	custom := map[string]string(d.CustomFields)
	if custom == nil {
		custom = map[string]string{}
	}
	return DeviceResponse{
		ID: d.ID, AssetTag: d.AssetTag, SerialNumber: d.SerialNumber, Hostname: d.Hostname, Category: d.Category,
		ManufacturerID: d.ManufacturerID, Manufacturer: vendorNameOf(d.Manufacturer), Model: d.Model, Status: d.Status, AssignedTo: d.AssignedTo,
		Department: d.Department, CostCentre: d.CostCentre, Location: d.Location, PurchaseDate: d.PurchaseDate,
		PurchaseCost: d.PurchaseCost, SupplierID: d.SupplierID, Supplier: vendorNameOf(d.Supplier), OrderNumber: d.OrderNumber,
		InvoiceNumber: d.InvoiceNumber, BudgetLineID: d.BudgetLineID, BudgetLine: budgetLineCodeOf(d.BudgetLine),
		LifetimeMonths: d.Lifetime(dc.lifetimes), LifetimeDefaulted: d.LifetimeMonths == nil,
		EOLDate: d.EOLDate, EndOfLife: d.EndOfLife(dc.lifetimes), UnderWarranty: cover.Covered, WarrantyEnd: cover.End,
		CustomFields: custom, Notes: d.Notes, Version: d.Version, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
	}
}

// registerDeviceRoutes serves /devices: viewers read, editors write.
func (s *Server) registerDeviceRoutes(g *gin.RouterGroup) {
	h := deviceHandlers{s.Store}
	g = g.Group("", writeGuard())
	query := []string{"status", "category", "department", "location", "assigned_to", "manufacturer_id", "supplier_id", "budget_line_id",
		"warranty_id", "q", "sort", "limit", "cursor"}
	query = append(query, deviceStateQuery...)
	s.handle(g, op{Method: "GET", Path: "/devices", Role: models.RoleViewer, Summary: "List devices",
		Query: query, Response: ListResponse[DeviceResponse]{}}, h.list)
	s.handle(g, op{Method: "POST", Path: "/devices", Role: models.RoleEditor, Summary: "Create a device",
		Request: DeviceRequest{}, Response: DeviceResponse{}, Status: http.StatusCreated},
		limitBody(MaxJSONBody), createHandler[DeviceRequest](h.st.CreateDevice, h.respond))
	s.handle(g, op{Method: "GET", Path: "/devices/:id", Role: models.RoleViewer, Summary: "Get a device",
		Response: DeviceResponse{}}, getHandler(h.st.GetDevice, h.respond))
	s.handle(g, op{Method: "PUT", Path: "/devices/:id", Role: models.RoleEditor, Summary: "Replace a device (needs its version)",
		Request: DeviceRequest{}, Response: DeviceResponse{}},
		limitBody(MaxJSONBody), updateHandler[DeviceRequest](h.st.UpdateDevice, h.respond))
	s.handle(g, op{Method: "PATCH", Path: "/devices/:id", Role: models.RoleEditor, Summary: "Change some fields of a device (needs its version)",
		Request: DevicePatch{}, Response: DeviceResponse{}},
		limitBody(MaxJSONBody), updateHandler[DevicePatch](h.st.UpdateDevice, h.respond))
	s.handle(g, op{Method: "DELETE", Path: "/devices/:id", Role: models.RoleEditor, Summary: "Delete a device that holds no licence seats",
		Status: http.StatusNoContent}, deleteHandler(h.st.DeleteDevice))
}

type deviceHandlers struct{ st deviceStore }

// converter loads the warranty cover today of the devices with these ids and returns their
// conversion.
func (h deviceHandlers) converter(ctx context.Context, ids ...int64) (func(*models.Device) DeviceResponse, error) {
	cover, err := h.st.WarrantyStatus(ctx, ids, h.st.Today())
	return deviceConverter{lifetimes: h.st.LifetimeDefaults(), cover: cover}.response, err
}

// respond answers with one device and its version.
func (h deviceHandlers) respond(c *gin.Context, status int, d *models.Device) {
	writeConverted(c, status, "/api/v1/devices", d, d.ID, d.Version, h.converter)
}

func (h deviceHandlers) list(c *gin.Context) {
	if res, ok := listBy(c, deviceFilterOf, h.st.ListDevices); ok {
		listConverted(c, res, func(d *models.Device) int64 { return d.ID }, h.converter)
	}
}

// deviceFilterOf reads the device list's query parameters.
func deviceFilterOf(c *gin.Context) (models.DeviceFilter, error) {
	return models.ParseDeviceFilter(c.Request.URL.Query())
}
