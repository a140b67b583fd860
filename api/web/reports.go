package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
	"itreg/reports"
)

// reportsData is the reports page: every report with its parameters as a form.
type reportsData struct {
	Reports []reportView
}

// reportView is one report: its description, its parameters as inputs, and, on the report's
// own page, the first rows and the downloads.
type reportView struct {
	Name, Title, Description string
	Href                     string
	Params                   []paramInput
	Formats                  []tileLink
	Table                    *tableView
	TableTitle               string
	Notes                    []string
	Problem                  string
}

// paramInput is one report parameter as a form input.
type paramInput struct {
	Name, Label, Type, Value, Hint, Error string
	Options                               []Option
}

// reportPreviewRows is how many rows a report's page shows; the downloads have them all.
const reportPreviewRows = 50

// reportParamLabels are the report parameters as a person reads them, with a hint.
var reportParamLabels = map[string]struct{ label, typ, hint string }{
	"as_of":          {"As of", "date", "The day treated as today. Empty: today."},
	"within":         {"Within (days)", "number", "How far ahead to look. Empty: the report's default."},
	"fiscal_year":    {"Fiscal year", "number", "Named by the year it ends in. Empty: this fiscal year."},
	"department":     {"Department", "text", "Only this department. Empty: all."},
	"category":       {"Device category", "select", ""},
	"vendor_id":      {"Vendor id", "number", "Only this vendor's items. Empty: all."},
	"budget_line_id": {"Budget line id", "number", "Only this budget line. Empty: all."},
}

func (a *App) registerReportRoutes(g *gin.RouterGroup) {
	g.GET("/reports", a.reportsPage)
	g.GET("/reports/:name", a.reportPage)
	g.GET("/reports/:name/download", a.downloadReport)
}

func (a *App) reportsPage(c *gin.Context) {
	d := &reportsData{}
	categories := a.categoryNames()
	for _, r := range reports.All() {
		d.Reports = append(d.Reports, reportViewOf(r, url.Values{}, nil, categories))
	}
	a.render(c, Page{Name: "reports", Title: "Reports", Nav: "reports", Data: d})
}

// reportViewOf describes r with the form filled from q; perr names a parameter in error;
// categories are the category filter's choices ("" for all first, as categoryNames gives them).
func reportViewOf(r reports.Report, q url.Values, perr *models.ParamError, categories []string) reportView {
	v := reportView{Name: r.Name, Title: r.Title, Description: describe(r.Description), Href: "/reports/" + r.Name}
	for _, name := range r.Params {
		l := reportParamLabels[name]
		in := paramInput{Name: name, Label: l.label, Type: l.typ, Value: q.Get(name), Hint: l.hint}
		if name == "within" && r.DefaultWithin > 0 {
			in.Hint = "How far ahead to look. Empty: " + strconv.Itoa(r.DefaultWithin) + " days."
		}
		if name == "category" {
			for _, cat := range categories {
				label := cat
				if cat == "" {
					label = "All categories"
				}
				in.Options = append(in.Options, Option{Value: cat, Label: label, Selected: cat == in.Value})
			}
		}
		if perr != nil && perr.Param == name {
			in.Error = perr.Message
		}
		v.Params = append(v.Params, in)
	}
	return v
}

// reportQuery keeps the report's own parameters of q, those with a value.
func reportQuery(r reports.Report, q url.Values) url.Values { return pick(q, r.Params...) }

func (a *App) reportPage(c *gin.Context) {
	r, ok := reports.Lookup(c.Param("name"))
	if !ok {
		a.renderError(c, http.StatusNotFound, "There is no report by that name; the reports page lists them all.")
		return
	}
	q := reportQuery(r, c.Request.URL.Query())
	_, _, t, err := a.buildReportPreview(c.Request.Context(), r.Name, q, reportPreviewRows)
	var perr *models.ParamError
	if errors.As(err, &perr) {
		v := reportViewOf(r, q, perr, a.categoryNames())
		v.Problem = "The report could not be built: " + perr.Error()
		a.render(c, Page{Name: "report", Title: r.Title, Nav: "reports", Status: http.StatusBadRequest, Data: v})
		return
	}
	if err != nil {
		a.fail(c, err)
		return
	}
	v := reportViewOf(r, q, nil, a.categoryNames())
	v.TableTitle, v.Notes = t.Title, t.Notes
	for _, f := range r.Formats() {
		dq := reportQuery(r, q)
		dq.Set("format", f)
		v.Formats = append(v.Formats, tileLink{Label: strings.ToUpper(f), Href: "/reports/" + r.Name + "/download?" + dq.Encode()})
	}
	if v.Table, err = viewTable(t, reportPreviewRows, nil); err != nil {
		a.fail(c, err)
		return
	}
	a.render(c, Page{Name: "report", Title: r.Title, Nav: "reports", Data: v})
}

// downloadReport streams a report in a format with the person's session: the same parameters,
// builder and renderer as GET /api/v1/reports/{name}.
func (a *App) downloadReport(c *gin.Context) {
	r, ok := reports.Lookup(c.Param("name"))
	if !ok {
		a.renderError(c, http.StatusNotFound, "")
		return
	}
	format := c.DefaultQuery("format", "xlsx")
	if !slices.Contains(r.Formats(), format) {
		a.renderError(c, http.StatusBadRequest, "The "+r.Name+" report downloads as "+strings.Join(r.Formats(), ", ")+".")
		return
	}
	_, p, t, err := a.buildReport(c.Request.Context(), r.Name, reportQuery(r, c.Request.URL.Query()))
	if err != nil {
		a.failParam(c, err)
		return
	}
	c.Header("Content-Type", reports.ContentType(format))
	c.Header("Content-Disposition", `attachment; filename="`+reports.FileName(t, format, p.AsOf.String())+`"`)
	c.Status(http.StatusOK)
	if err := reports.Render(c.Writer, t, format); err != nil {
		a.log.Error("web: report download", "report", r.Name, "format", format, "err", err)
	}
}

// describe turns a report's description, written for the API (parameter names in backticks),
// into words for the page's form, whose inputs carry labels instead of names.
func describe(d string) string {
	d = strings.ReplaceAll(d, "within `within` days", "within the days chosen below")
	d = strings.ReplaceAll(d, "as_of + within days", "the as-of date + the days chosen below")
	d = strings.ReplaceAll(d, "as_of", "the as-of date")
	return strings.ReplaceAll(d, "`", "")
}
