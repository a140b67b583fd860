package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// seatStore is what the seat handlers need of the store.
type seatStore interface {
	ListSeats(ctx context.Context, licenceID int64, page models.Page) (models.ListResult[models.LicenceSeat], error)
	CreateSeat(ctx context.Context, seat *models.LicenceSeat) error
	UpdateSeat(ctx context.Context, licenceID, seatID, version int64, change func(*models.LicenceSeat) error) (*models.LicenceSeat, error)
	DeleteSeat(ctx context.Context, licenceID, seatID int64, version *int64) error
	Today() models.Date
}

// SeatRequest is the body of POST /licences/{id}/seats: a seat goes to a device, to a person,
// or to a person's device. assigned_on defaults to today.
type SeatRequest struct {
	DeviceID   *int64      `json:"device_id" validate:"omitnil,gte=1"`
	Assignee   string      `json:"assignee" validate:"max=200,nocontrol"`
	AssignedOn models.Date `json:"assigned_on"`
	Notes      string      `json:"notes" validate:"max=10000"`
}

// SeatPatch is the body of PATCH /licences/{id}/seats/{seat_id}: only the fields sent change.
type SeatPatch struct {
	AssignedOn *models.Date `json:"assigned_on"`
	Notes      *string      `json:"notes" validate:"omitnil,max=10000"`
	Version    *int64       `json:"version"`
}

// SeatResponse is a seat as the API shows it, with the device's asset tag and hostname.
type SeatResponse struct {
	ID         int64       `json:"id"`
	LicenceID  int64       `json:"licence_id"`
	DeviceID   *int64      `json:"device_id"`
	AssetTag   *string     `json:"asset_tag"`
	Hostname   string      `json:"hostname"`
	Assignee   string      `json:"assignee"`
	AssignedOn models.Date `json:"assigned_on"`
	Notes      string      `json:"notes"`
	Version    int64       `json:"version"`
	CreatedAt  time.Time   `json:"created_at"`
	UpdatedAt  time.Time   `json:"updated_at"`
}

func (r *SeatRequest) apply(s *models.LicenceSeat) {
	s.DeviceID, s.Assignee, s.AssignedOn, s.Notes = r.DeviceID, r.Assignee, r.AssignedOn, r.Notes
}

// apply sets the fields the patch carries.
func (p *SeatPatch) apply(s *models.LicenceSeat) {
	setIf(&s.AssignedOn, p.AssignedOn)
	setIf(&s.Notes, p.Notes)
}

func (p *SeatPatch) version() *int64 { return p.Version }

func seatResponse(s *models.LicenceSeat) SeatResponse {
	r := SeatResponse{
		ID: s.ID, LicenceID: s.LicenceID, DeviceID: s.DeviceID, Assignee: s.Assignee, AssignedOn: s.AssignedOn,
		Notes: s.Notes, Version: s.Version, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
	}
	if s.Device != nil {
		r.AssetTag, r.Hostname = s.Device.AssetTag, s.Device.Hostname
	}
	return r
}

// registerSeatRoutes serves a licence's seat assignments: viewers read, editors write.
func (s *Server) registerSeatRoutes(g *gin.RouterGroup) {
	h := seatHandlers{s.Store}
	g = g.Group("", writeGuard())
	s.handle(g, op{Method: "GET", Path: "/licences/:id/seats", Role: models.RoleViewer, Summary: "List a licence's seat assignments",
		Query: []string{"sort", "limit", "cursor"}, Response: ListResponse[SeatResponse]{}}, h.list)
	s.handle(g, op{Method: "POST", Path: "/licences/:id/seats", Role: models.RoleEditor,
		Summary: "Assign a seat to a device or a person (409 when every seat is taken)",
		Request: SeatRequest{}, Response: SeatResponse{}, Status: http.StatusCreated}, limitBody(MaxJSONBody), h.create)
	s.handle(g, op{Method: "PATCH", Path: "/licences/:id/seats/:seat_id", Role: models.RoleEditor, Summary: "Change a seat's date or notes (needs its version)",
		Request: SeatPatch{}, Response: SeatResponse{}}, limitBody(MaxJSONBody), h.patch)
	s.handle(g, op{Method: "DELETE", Path: "/licences/:id/seats/:seat_id", Role: models.RoleEditor, Summary: "Free a seat",
		Status: http.StatusNoContent}, h.delete)
}

type seatHandlers struct{ st seatStore }

func (h seatHandlers) list(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	list := func(ctx context.Context, page models.Page) (models.ListResult[models.LicenceSeat], error) {
		return h.st.ListSeats(ctx, id, page)
	}
	if res, ok := listBy(c, pageOf, list); ok {
		c.JSON(http.StatusOK, listOf(res, seatResponse))
	}
}

func (h seatHandlers) create(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	create := func(ctx context.Context, seat *models.LicenceSeat) error {
		seat.LicenceID = id
		if seat.AssignedOn.IsZero() {
			seat.AssignedOn = h.st.Today()
		}
		return h.st.CreateSeat(ctx, seat)
	}
	var req SeatRequest
	if seat, ok := createFrom(c, &req, create); ok {
		created(c, "/api/v1/licences/"+strconv.FormatInt(id, 10)+"/seats", seat.ID, seat.Version, seatResponse(seat))
	}
}

func (h seatHandlers) patch(c *gin.Context) {
	licenceID, ok := pathID(c, "id")
	if !ok {
		return
	}
	update := func(ctx context.Context, seatID, version int64, change func(*models.LicenceSeat) error) (*models.LicenceSeat, error) {
		return h.st.UpdateSeat(ctx, licenceID, seatID, version, change)
	}
	var req SeatPatch
	if seat, ok := updateByID(c, "seat_id", &req, update); ok {
		setETag(c, seat.Version)
		c.JSON(http.StatusOK, seatResponse(seat))
	}
}

func (h seatHandlers) delete(c *gin.Context) {
	licenceID, ok := pathID(c, "id")
	if !ok {
		return
	}
	deleteByID(c, "seat_id", func(ctx context.Context, seatID int64, version *int64) error {
		return h.st.DeleteSeat(ctx, licenceID, seatID, version)
	})
}
