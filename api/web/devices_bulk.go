package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// Bulk edit on the devices list (editors): the rows ticked, or every device the list's filter
// matches, get the fields chosen. A preview first says how many records change (the store does
// the whole edit and rolls it back); apply then runs it, each change version-checked and
// audited by the store as a single edit is.

// bulkFields are the fields a bulk edit may set, in the form's order: name, label.
var bulkFields = [][2]string{{"status", "Status"}, {"location", "Location"}, {"department", "Department"},
	{"assigned_to", "Assigned to"}, {"cost_centre", "Cost centre"}, {"budget_line_id", "Budget line (id)"}}

// bulkForm is what the list's bulk toolbar needs.
type bulkForm struct {
	Filter   string // the list's filter as a query string
	Total    int64
	Statuses []string
}

func newBulkForm(filter string, total int64) bulkForm {
	return bulkForm{Filter: filter, Total: total, Statuses: anyOf(models.DeviceStatuses)}
}

// bulkRequest is a posted bulk edit, parsed.
type bulkRequest struct {
	Sel    models.DeviceSelection
	Patch  models.DeviceUpdate
	Scope  string
	Filter string
	Posted url.Values // the fields to carry from the preview to apply
	Sets   [][2]string
}

// bulkPreview is the preview page's data.
type bulkPreview struct {
	Result  models.BulkResult
	Sets    [][2]string
	Hidden  url.Values
	BackURL string
	Scope   string
}

func (a *App) registerBulkRoutes(g *gin.RouterGroup) {
	g.POST("/devices/bulk", a.requireRole(models.RoleEditor), a.bulkEdit)
}

func (a *App) bulkEdit(c *gin.Context) {
	req, msg := parseBulk(c)
	back := "/devices"
	if req.Filter != "" {
		back += "?" + req.Filter
	}
	if msg != "" {
		a.flash(c, "error", msg)
		c.Redirect(http.StatusSeeOther, back)
		return
	}
	apply := c.PostForm("apply") == "1"
	res, err := a.store.BulkUpdateDevices(c.Request.Context(), req.Sel, req.Patch, !apply)
	if err != nil {
		if m := fieldMessage(err); m != "" || errors.Is(err, models.ErrStale) || errors.Is(err, models.ErrNotFound) {
			if m == "" {
				m = "a device changed or went away since the list was shown; look again and retry"
			}
			a.flash(c, "error", "Nothing was changed: "+m)
			c.Redirect(http.StatusSeeOther, back)
			return
		}
		a.fail(c, err)
		return
	}
	if apply {
		a.flash(c, "ok", "Changed "+strconv.Itoa(res.Changed)+" of "+strconv.Itoa(res.Matched)+" devices.")
		c.Redirect(http.StatusSeeOther, back)
		return
	}
	a.render(c, Page{Name: "bulk-preview", Title: "Bulk edit: preview", Nav: "devices",
		Data: bulkPreview{Result: res, Sets: req.Sets, Hidden: req.Posted, BackURL: back, Scope: req.Scope}})
}

// parseBulk reads the posted selection and fields; msg says what is wrong with it.
func parseBulk(c *gin.Context) (bulkRequest, string) {
	r := bulkRequest{Scope: c.PostForm("scope"), Filter: c.PostForm("filter"), Posted: url.Values{}}
	r.Posted.Set("scope", r.Scope)
	r.Posted.Set("filter", r.Filter)
	if r.Scope == "all" {
		f, err := models.ParseDeviceSelection(r.Filter)
		if err != nil {
			return r, "the list's filter is not valid: " + errMessage(err)
		}
		r.Sel.Filter = &f
	} else {
		r.Sel.Versions = map[int64]int64{}
		for _, v := range c.PostFormArray("id") {
			idText, verText, _ := strings.Cut(v, ":")
			id, err1 := strconv.ParseInt(idText, 10, 64)
			ver, err2 := strconv.ParseInt(verText, 10, 64)
			if err1 != nil || err2 != nil || id < 1 {
				return r, "a selected row is not a device"
			}
			r.Sel.IDs = append(r.Sel.IDs, id)
			r.Sel.Versions[id] = ver
			r.Posted.Add("id", v)
		}
		if len(r.Sel.IDs) == 0 {
			return r, "Tick the devices to change, or choose all devices matching the filter."
		}
	}
	clear := c.PostFormArray("clear")
	for _, f := range bulkFields {
		v := strings.TrimSpace(c.PostForm("set_" + f[0]))
		shown := v
		switch clearing := contains(clear, f[0]); {
		case clearing && f[0] == "status":
			return r, "A device always has a status: choose one instead of clearing it."
		case clearing && v != "":
			return r, f[1] + ": give a value or tick “Clear it”, not both."
		case clearing:
			r.Posted.Add("clear", f[0])
			shown = "(cleared)"
		case v == "":
			continue
		default:
			r.Posted.Set("set_"+f[0], v)
		}
		r.Sets = append(r.Sets, [2]string{f[1], shown})
		switch f[0] {
		case "status":
			r.Patch.Status = &v
		case "location":
			r.Patch.Location = &v
		case "department":
			r.Patch.Department = &v
		case "assigned_to":
			r.Patch.AssignedTo = &v
		case "cost_centre":
			r.Patch.CostCentre = &v
		case "budget_line_id":
			var id int64 // 0 clears the reference
			if v != "" {
				var err error
				if id, err = strconv.ParseInt(v, 10, 64); err != nil || id < 1 {
					return r, "The budget line is a budget line's number."
				}
			}
			r.Patch.BudgetLineID = &id
		}
	}
	if r.Patch.IsEmpty() {
		return r, "Choose at least one field to set."
	}
	return r, ""
}

// errMessage says an error in a person's words: a parameter or field error's message.
func errMessage(err error) string {
	var pe *models.ParamError
	if errors.As(err, &pe) {
		return pe.Param + " " + pe.Message
	}
	if m := fieldMessage(err); m != "" {
		return m
	}
	return "it cannot be read"
}
