package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// The list pages (devices, licences, warranties & contracts, vendors, budget lines) share one
// component: a listSpec says what a page lists, and the component serves it with paging on the
// store's cursors, whitelisted sorting, filters as a GET form, a column chooser and saved
// views kept on the server, and downloads of the rows and columns shown. The whole state
// lives in the URL, so a list is bookmarkable and a home tile's link opens the same list here
// as in the API.

// listColumn is one column a list can show.
type listColumn[T any] struct {
	Key, Title string
	Sort       string // the store's sort field; "" when the column cannot be sorted
	Num        bool   // right-aligned figures
	Hidden     bool   // left out until the person chooses it
	Value      func(*T) string
}

// listFilter is one filter of the GET form: a select when Options is set, else a text box.
type listFilter struct {
	Name, Label string
	Options     []string // values; the empty "any" option comes first
	// OptionsOf gives Options when the page is shown, for values that change (categories).
	OptionsOf func() []string
	Type      string // the input type of a text filter ("text" when empty, "date", "number")
}

// listSpec describes one list page over the store's list method for T with filter F.
type listSpec[T, F any] struct {
	Page    string // the saved-view page name (models.SavedViewPages)
	Path    string // "/devices"
	Title   string
	Nav     string
	Noun    string // "device", for "3 devices"
	Columns []listColumn[T]
	Filters []listFilter
	Parse   func(url.Values) (F, error)
	PageOf  func(*F) *models.Page
	List    func(ctx context.Context, f F) (models.ListResult[T], error)
	ID      func(*T) int64
	// Prepare runs once per page of rows before the cells are read (for what the cells need
	// loaded in one query, never one per row); nil when nothing is needed.
	Prepare func(ctx context.Context, rows []T) (func(*T) []string, error)
	// Version reads a record's version; set, the page offers bulk edit to editors (row
	// checkboxes carrying id and version, so each change is checked against what was seen).
	Version func(*T) int64
}

// listState is the list's URL state: the filter query (no paging), sort, limit, cursor, the
// previous pages' cursors and the chosen columns.
type listState struct {
	Filter url.Values
	Sort   string
	Limit  string
	Cursor string
	Back   []string // cursors of the pages before this one; "" is the first page
	Cols   []string
}

// maxBack bounds the previous-page trail carried in the URL.
const maxBack = 30

// listParamNames are the parameters the component itself reads (the rest are filters).
var listParamNames = []string{"sort", "limit", "cursor", "back", "col"}

func stateOf(q url.Values) listState {
	s := listState{Filter: url.Values{}, Sort: q.Get("sort"), Limit: q.Get("limit"), Cursor: q.Get("cursor"), Cols: q["col"]}
	if b := q.Get("back"); b != "" || q.Has("back") {
		s.Back = strings.Split(b, ".")
		if len(s.Back) > maxBack {
			s.Back = s.Back[len(s.Back)-maxBack:]
		}
	}
	for k, vs := range q {
		if !slices.Contains(listParamNames, k) {
			for _, v := range vs {
				if v != "" {
					s.Filter.Add(k, v)
				}
			}
		}
	}
	return s
}

// values returns the state as a query; with page false, without the cursor trail.
func (s listState) values(page bool) url.Values {
	v := url.Values{}
	for k, vs := range s.Filter {
		v[k] = slices.Clone(vs)
	}
	if s.Sort != "" {
		v.Set("sort", s.Sort)
	}
	if s.Limit != "" {
		v.Set("limit", s.Limit)
	}
	for _, c := range s.Cols {
		v.Add("col", c)
	}
	if page && s.Cursor != "" {
		v.Set("cursor", s.Cursor)
		v.Set("back", strings.Join(s.Back, "."))
	}
	return v
}

// listHead is one column heading as the template shows it.
type listHead struct {
	Key, Title string
	Num        bool
	SortHref   string // "" when not sortable
	Sorted     string // "ascending", "descending" or ""
	Shown      bool
}

// listRow is one row: its record page and its cells, in the shown columns' order.
type listRow struct {
	ID    int64
	Href  string
	Check string // the bulk checkbox's value: "id:version"
	Cells []listCell
}

// listCell is one cell with its column's title (the phone layout labels each cell).
type listCell struct {
	Title, Text string
	Num         bool
}

// listView is what the list template reads as .Data.
type listView struct {
	Title, Path, Noun, Page string
	Heads                   []listHead
	AllColumns              []listHead // every column, for the chooser
	Rows                    []listRow
	Total                   int64
	From, To                int64
	NextHref, PrevHref      string
	FirstHref               string
	Filters                 []filterView
	Query                   string // the filter and sort as a query string (no paging, no columns)
	StateQuery              string // filter, sort, limit and columns: a saved view's link
	Cols                    []string
	Limit                   string
	Sort                    string
	Views                   []savedViewLink
	CSVHref, XLSXHref       string
	Bulk                    bool
	BulkForm                bulkForm
}

// filterView is one filter input with its current value.
type filterView struct {
	Name, Label, Value, Type string
	Options                  []string
}

// savedViewLink is one saved view in the views menu.
type savedViewLink struct {
	ID     int64
	Name   string
	Href   string
	Shared bool
	Mine   bool
}

// registerList serves the list page, its downloads and its saved views.
func registerList[T, F any](a *App, g *gin.RouterGroup, s *listSpec[T, F]) {
	g.GET(s.Path, func(c *gin.Context) { serveList(a, c, s) })
	g.GET(s.Path+"/export.csv", func(c *gin.Context) { exportList(a, c, s, "csv") })
	g.GET(s.Path+"/export.xlsx", func(c *gin.Context) { exportList(a, c, s, "xlsx") })
	g.POST(s.Path+"/views", func(c *gin.Context) { a.saveView(c, s.Page, s.Path, s.columnKeys()) })
	g.POST(s.Path+"/views/columns", func(c *gin.Context) { a.saveColumns(c, s.Page, s.Path, s.columnKeys()) })
	g.POST(s.Path+"/views/:id/delete", func(c *gin.Context) { a.deleteView(c, s.Path) })
}

func (s *listSpec[T, F]) columnKeys() []string {
	keys := make([]string, len(s.Columns))
	for i, col := range s.Columns {
		keys[i] = col.Key
	}
	return keys
}

// shown returns the columns to show: those the URL names, else the person's default view's,
// else the page's defaults. Unknown names are dropped; none left means the defaults.
func (s *listSpec[T, F]) shown(names []string) []int {
	var idx []int
	for _, n := range names {
		for i, col := range s.Columns {
			if col.Key == n && !slices.Contains(idx, i) {
				idx = append(idx, i)
			}
		}
	}
	if len(idx) == 0 {
		for i, col := range s.Columns {
			if !col.Hidden {
				idx = append(idx, i)
			}
		}
	}
	return idx
}

// filterOf parses the state's filter, sort, limit and cursor with the API's parsing.
func (s *listSpec[T, F]) filterOf(st listState) (F, error) {
	return s.Parse(st.values(true))
}

func serveList[T, F any](a *App, c *gin.Context, s *listSpec[T, F]) {
	ctx := c.Request.Context()
	me := meFrom(c)
	st := stateOf(c.Request.URL.Query())
	views, err := a.store.SavedViews(ctx, me.UserID, s.Page)
	if err != nil {
		a.fail(c, err)
		return
	}
	if len(st.Cols) == 0 {
		for _, v := range views {
			if v.IsDefault() && v.UserID == me.UserID {
				st.Cols = v.Columns
			}
		}
	}
	f, err := s.filterOf(st)
	if err != nil {
		a.failList(c, err)
		return
	}
	res, err := s.List(ctx, f)
	if err != nil {
		a.failList(c, err)
		return
	}
	cells, err := s.cellsFor(ctx, res.Items)
	if err != nil {
		a.fail(c, err)
		return
	}
	shown := s.shown(st.Cols)
	v := listView{Title: s.Title, Path: s.Path, Noun: s.Noun, Page: s.Page, Total: res.Total, Limit: st.Limit, Sort: st.Sort,
		Bulk: s.Version != nil && me.CanWrite()}
	for _, i := range shown {
		v.Cols = append(v.Cols, s.Columns[i].Key)
	}
	v.Heads = s.heads(st, shown)
	for i, col := range s.Columns {
		v.AllColumns = append(v.AllColumns, listHead{Key: col.Key, Title: col.Title, Shown: slices.Contains(shown, i)})
	}
	for i := range res.Items {
		item := &res.Items[i]
		all := cells(item)
		row := listRow{ID: s.ID(item), Href: s.Path + "/" + strconv.FormatInt(s.ID(item), 10)}
		if s.Version != nil {
			row.Check = strconv.FormatInt(row.ID, 10) + ":" + strconv.FormatInt(s.Version(item), 10)
		}
		for _, j := range shown {
			row.Cells = append(row.Cells, listCell{Title: s.Columns[j].Title, Text: all[j], Num: s.Columns[j].Num})
		}
		v.Rows = append(v.Rows, row)
	}
	s.paging(&v, st, res, f)
	v.Filters = s.filterViews(st)
	plain := st
	plain.Cols = nil
	v.Query = plain.values(false).Encode()
	cols := st
	cols.Cols = v.Cols
	v.StateQuery = cols.values(false).Encode()
	v.CSVHref = s.Path + "/export.csv?" + v.StateQuery
	v.XLSXHref = s.Path + "/export.xlsx?" + v.StateQuery
	v.Views = viewLinks(views, me.UserID, s.Path)
	if v.Bulk {
		v.BulkForm = newBulkForm(v.Query, res.Total)
	}
	a.render(c, Page{Name: "list", Title: s.Title, Nav: s.Nav, Data: v})
}

// cellsFor returns how to read every column's text of a row of this page.
func (s *listSpec[T, F]) cellsFor(ctx context.Context, items []T) (func(*T) []string, error) {
	if s.Prepare != nil {
		return s.Prepare(ctx, items)
	}
	return func(item *T) []string {
		out := make([]string, len(s.Columns))
		for i, col := range s.Columns {
			out[i] = col.Value(item)
		}
		return out
	}, nil
}

// heads builds the column headings with their sort links: a click sorts ascending, a second
// click on the sorted column descending; the link starts again at the first page.
func (s *listSpec[T, F]) heads(st listState, shown []int) []listHead {
	heads := make([]listHead, 0, len(shown))
	for _, i := range shown {
		col := s.Columns[i]
		h := listHead{Key: col.Key, Title: col.Title, Num: col.Num, Shown: true}
		if col.Sort != "" {
			next := st
			next.Sort = col.Sort
			switch st.Sort {
			case col.Sort:
				h.Sorted, next.Sort = "ascending", "-"+col.Sort
			case "-" + col.Sort:
				h.Sorted = "descending"
			}
			h.SortHref = s.Path + "?" + next.values(false).Encode()
		}
		heads = append(heads, h)
	}
	return heads
}

// paging sets the row numbers and the first, previous and next links.
func (s *listSpec[T, F]) paging(v *listView, st listState, res models.ListResult[T], f F) {
	limit := int64(s.PageOf(&f).Limit)
	if limit == 0 {
		limit = models.DefaultLimit
	}
	depth := int64(len(st.Back))
	if st.Cursor == "" {
		depth = 0
	}
	if len(res.Items) > 0 {
		v.From = depth*limit + 1
		v.To = v.From + int64(len(res.Items)) - 1
	}
	first := st
	first.Cursor, first.Back = "", nil
	if st.Cursor != "" {
		v.FirstHref = s.Path + "?" + first.values(false).Encode()
		prev := st
		prev.Cursor, prev.Back = st.Back[len(st.Back)-1], st.Back[:len(st.Back)-1]
		if prev.Cursor == "" {
			prev.Back = nil
		}
		v.PrevHref = s.Path + "?" + prev.values(prev.Cursor != "").Encode()
	}
	if res.Next != "" {
		next := st
		next.Cursor = res.Next
		next.Back = append(slices.Clone(st.Back), st.Cursor)
		if st.Cursor == "" {
			next.Back = []string{""}
		}
		v.NextHref = s.Path + "?" + next.values(true).Encode()
	}
}

func (s *listSpec[T, F]) filterViews(st listState) []filterView {
	out := make([]filterView, len(s.Filters))
	for i, fl := range s.Filters {
		out[i] = filterView{Name: fl.Name, Label: fl.Label, Value: st.Filter.Get(fl.Name), Type: fl.Type, Options: fl.Options}
		if fl.OptionsOf != nil {
			out[i].Options = fl.OptionsOf()
		}
		switch {
		case fl.Name == "q":
			out[i].Type = "search"
		case out[i].Type == "":
			out[i].Type = "text"
		}
	}
	return out
}

func viewLinks(views []models.SavedView, userID int64, path string) []savedViewLink {
	var out []savedViewLink
	for _, v := range views {
		if v.IsDefault() {
			continue
		}
		q, _ := url.ParseQuery(v.Query)
		for _, c := range v.Columns {
			q.Add("col", c)
		}
		out = append(out, savedViewLink{ID: v.ID, Name: v.Name, Href: path + "?" + q.Encode(), Shared: v.Shared, Mine: v.UserID == userID})
	}
	return out
}

// listQuery reads a posted list query back, keeping only what a list may carry.
func listQuery(c *gin.Context) listState {
	q, err := url.ParseQuery(c.PostForm("query"))
	if err != nil {
		q = url.Values{}
	}
	st := stateOf(q)
	st.Cursor, st.Back = "", nil
	return st
}

// failList answers a bad list parameter (a *models.ParamError from the parsing or the store's
// sort and cursor checks) with a 400 page naming it; anything else as a.fail does.
func (a *App) failList(c *gin.Context, err error) {
	var pe *models.ParamError
	if errors.As(err, &pe) {
		a.renderError(c, http.StatusBadRequest, "This list cannot be shown: "+pe.Param+" "+pe.Message+".")
		return
	}
	a.fail(c, err)
}
