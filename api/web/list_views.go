package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// Saved views and the column chooser of the list pages, kept on the server per person
// (models.SavedView), so a person's choice follows them to another browser.

// chosenColumns reads the posted col values, keeping the page's own columns in its order.
func chosenColumns(c *gin.Context, keys []string) []string {
	posted := c.PostFormArray("col")
	var out []string
	for _, k := range keys {
		if slices.Contains(posted, k) {
			out = append(out, k)
		}
	}
	return out
}

// saveView stores a named view of the list as the form describes it: the filter and sort
// (query) and the columns shown, private unless shared is checked.
func (a *App) saveView(c *gin.Context, page, path string, keys []string) {
	st := listQuery(c)
	cols := st.Cols
	if posted := chosenColumns(c, keys); len(posted) > 0 {
		cols = posted
	}
	st.Cols = nil
	v := &models.SavedView{UserID: meFrom(c).UserID, Page: page, Name: c.PostForm("name"), Query: st.values(false).Encode(),
		Columns: cols, Shared: c.PostForm("shared") == "on"}
	if err := a.store.CreateSavedView(c.Request.Context(), v); err != nil {
		if msg := fieldMessage(err); msg != "" {
			a.flash(c, "error", "The view was not saved: "+msg)
			c.Redirect(http.StatusSeeOther, path+"?"+st.values(false).Encode())
			return
		}
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "Saved the view “"+v.Name+"”.")
	st.Cols = cols
	c.Redirect(http.StatusSeeOther, path+"?"+st.values(false).Encode())
}

// saveColumns makes the chosen columns the person's default for the page and shows them.
func (a *App) saveColumns(c *gin.Context, page, path string, keys []string) {
	st := listQuery(c)
	cols := chosenColumns(c, keys)
	st.Cols = nil
	if _, err := a.store.SetDefaultView(c.Request.Context(), meFrom(c).UserID, page, "", cols); err != nil {
		a.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, path+"?"+st.values(false).Encode())
}

// deleteView deletes one of the person's own views; another's is not found.
func (a *App) deleteView(c *gin.Context, path string) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		a.renderError(c, http.StatusNotFound, "")
		return
	}
	if err := a.store.DeleteSavedView(c.Request.Context(), meFrom(c).UserID, id); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "Deleted the view.")
	c.Redirect(http.StatusSeeOther, path)
}

// fieldMessage joins a *models.FieldError's messages ("name: is required"); "" for another error.
func fieldMessage(err error) string {
	var fe *models.FieldError
	if !errors.As(err, &fe) {
		return ""
	}
	keys := make([]string, 0, len(fe.Fields))
	for k := range fe.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	msg := ""
	for i, k := range keys {
		if i > 0 {
			msg += "; "
		}
		msg += k + " " + fe.Fields[k]
	}
	return msg
}
