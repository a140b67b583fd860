package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// deviceBulkStore is what the device bulk edit needs of the store.
type deviceBulkStore interface {
	BulkUpdateDevices(ctx context.Context, sel models.DeviceSelection, patch models.DeviceUpdate, preview bool) (models.BulkResult, error)
}

// DeviceBulkRequest is the body of POST /devices/bulk: the devices (ids, or filter: a device list
// query string such as "status=deployed&eol_before=2026-01-01", as the list's URL carries it),
// the fields to set, and preview to count the changes without making them. versions optionally
// maps an id to the version last read.
type DeviceBulkRequest struct {
	IDs      []int64          `json:"ids" validate:"max=10000,dive,gte=1"`
	Versions map[string]int64 `json:"versions"`
	Filter   *string          `json:"filter" validate:"omitnil,max=1000"`
	Set      DeviceBulkSet    `json:"set"`
	Preview  bool             `json:"preview"`
}

// DeviceBulkSet is the fields a bulk edit sets: those sent change; 0 clears a reference or
// the lifetime, "" clears the end of support date.
type DeviceBulkSet struct {
	Status         *string      `json:"status" validate:"omitnil,oneof=ordered in_stock deployed in_repair retired disposed lost"`
	Category       *string      `json:"category" validate:"omitnil,oneof=laptop desktop server network phone tablet monitor printer av peripheral other"`
	Model          *string      `json:"model" validate:"omitnil,max=200,nocontrol"`
	AssignedTo     *string      `json:"assigned_to" validate:"omitnil,max=200,nocontrol"`
	Department     *string      `json:"department" validate:"omitnil,max=200,nocontrol"`
	CostCentre     *string      `json:"cost_centre" validate:"omitnil,max=100,nocontrol"`
	Location       *string      `json:"location" validate:"omitnil,max=200,nocontrol"`
	ManufacturerID *int64       `json:"manufacturer_id" validate:"omitnil,gte=0"`
	SupplierID     *int64       `json:"supplier_id" validate:"omitnil,gte=0"`
	BudgetLineID   *int64       `json:"budget_line_id" validate:"omitnil,gte=0"`
	LifetimeMonths *int         `json:"lifetime_months" validate:"omitnil,gte=0,lte=600"`
	EOLDate        *models.Date `json:"eol_date"`
}

// BulkResponse says how many records a bulk edit matched and changed (or would change).
type BulkResponse struct {
	Matched    int     `json:"matched"`
	Changed    int     `json:"changed"`
	ChangedIDs []int64 `json:"changed_ids"`
	Preview    bool    `json:"preview"`
}

// registerDeviceBulkRoutes adds POST /devices/bulk.
func (s *Server) registerDeviceBulkRoutes(g *gin.RouterGroup) {
	var st deviceBulkStore = s.Store
	g = g.Group("", writeGuard())
	s.handle(g, op{Method: "POST", Path: "/devices/bulk", Summary: "Change fields of many devices (ids, or every device a list filter matches) " +
		"in one transaction, each change version-checked and audited; preview counts the changes and makes none",
		Role: models.RoleEditor, Request: DeviceBulkRequest{}, Response: BulkResponse{}}, limitBody(MaxJSONBody), func(c *gin.Context) {
		var req DeviceBulkRequest
		if err := bindJSON(c, &req); err != nil {
			writeError(c, err)
			return
		}
		sel := models.DeviceSelection{IDs: req.IDs, Versions: map[int64]int64{}}
		for k, v := range req.Versions {
			id, err := strconv.ParseInt(k, 10, 64)
			if err != nil || id < 1 {
				writeError(c, &models.FieldError{Fields: map[string]string{"versions": "keys must be device ids"}})
				return
			}
			sel.Versions[id] = v
		}
		if req.Filter != nil {
			f, err := bulkFilterOf(*req.Filter)
			if err != nil {
				writeError(c, err)
				return
			}
			sel.Filter = &f
		}
		res, err := st.BulkUpdateDevices(c.Request.Context(), sel, req.Set.update(), req.Preview)
		if err != nil {
			writeError(c, err)
			return
		}
		c.JSON(http.StatusOK, BulkResponse{Matched: res.Matched, Changed: res.Changed, ChangedIDs: res.ChangedIDs, Preview: res.Preview})
	})
}

// bulkFilterOf reads a device list query string with the list's own parameter parsing
// (models.ParseDeviceSelection), after the same checks every query parameter gets.
func bulkFilterOf(query string) (models.DeviceFilter, error) {
	values, err := url.ParseQuery(query)
	if err != nil {
		return models.DeviceFilter{}, &models.FieldError{Fields: map[string]string{"filter": "is not a query string"}}
	}
	for _, vs := range values {
		for _, v := range vs {
			if msg := badQueryValue(v); msg != "" {
				return models.DeviceFilter{}, &models.FieldError{Fields: map[string]string{"filter": msg}}
			}
		}
	}
	return models.ParseDeviceSelection(query)
}

func (s DeviceBulkSet) update() models.DeviceUpdate {
	return models.DeviceUpdate{Status: s.Status, Category: s.Category, Model: s.Model, AssignedTo: s.AssignedTo, Department: s.Department,
		CostCentre: s.CostCentre, Location: s.Location, ManufacturerID: s.ManufacturerID, SupplierID: s.SupplierID,
		BudgetLineID: s.BudgetLineID, LifetimeMonths: s.LifetimeMonths, EOLDate: s.EOLDate}
}
